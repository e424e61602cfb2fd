// Pickers (coordination/pickers): a text box that suggests a place's organisations or people as
// someone types, with GOV.UK's accessible autocomplete. Choosing a suggestion puts its id in the
// hidden "<name>_id" box; typing again clears it, so what is sent is always what is shown. Without
// this script the same text box still works: the server matches the name typed.
(function () {
  "use strict";
  if (!window.accessibleAutocomplete || !window.fetch) {
    return;
  }

  function debounce(wait, run) {
    var timer = null;
    return function () {
      var args = arguments;
      clearTimeout(timer);
      timer = setTimeout(function () { run.apply(null, args); }, wait);
    };
  }

  function enhance(input) {
    var form = input.form;
    var hidden = form && form.querySelector('input[type="hidden"][name="' + input.dataset.pickerId + '"]');
    if (!hidden) {
      return;
    }
    var url = input.dataset.pickerUrl;
    var describedBy = input.getAttribute("aria-describedby");
    var invalid = input.getAttribute("aria-invalid");
    var errorClass = input.classList.contains("govuk-input--error") ? " govuk-input--error" : "";
    var chosen = input.value;
    var wrapper = document.createElement("div");
    input.parentNode.insertBefore(wrapper, input);
    input.parentNode.removeChild(input);

    var lookUp = debounce(200, function (query, populate) {
      fetch(url + "?q=" + encodeURIComponent(query), {
        credentials: "same-origin",
        headers: { Accept: "application/json" }
      })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { populate(data.results || []); })
        .catch(function () { populate([]); });
    });

    window.accessibleAutocomplete({
      element: wrapper,
      id: input.id,
      name: input.name,
      defaultValue: input.value,
      minLength: 2,
      confirmOnBlur: false,
      showNoOptionsFound: true,
      inputClasses: "govuk-input" + errorClass,
      source: function (query, populate) { lookUp(query, populate); },
      templates: {
        inputValue: function (option) { return option ? option.label : ""; },
        suggestion: function (option) {
          if (!option) { return ""; }
          if (typeof option === "string") { return option; }
          var text = document.createElement("span");
          text.textContent = option.label + (option.hint ? " (" + option.hint + ")" : "");
          return text.innerHTML;
        }
      },
      tNoResults: function () { return "No matches"; },
      onConfirm: function (option) {
        if (option) {
          hidden.value = option.id;
          chosen = option.label;
        }
      }
    });

    var box = document.getElementById(input.id);
    if (!box) {
      return;
    }
    // The hint and any error stay linked to the new box, beside the autocomplete's own hint.
    function keepDescribed() {
      if (!describedBy) { return; }
      var ids = (box.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
      var missing = describedBy.split(" ").filter(function (id) { return ids.indexOf(id) === -1; });
      if (missing.length) {
        box.setAttribute("aria-describedby", ids.concat(missing).join(" "));
      }
    }
    keepDescribed();
    new MutationObserver(keepDescribed).observe(box, { attributes: true, attributeFilter: ["aria-describedby"] });
    if (invalid) {
      box.setAttribute("aria-invalid", invalid);
    }
    box.addEventListener("input", function () {
      if (box.value !== chosen) {
        hidden.value = "";
      }
    });
  }

  document.querySelectorAll("input[data-picker-url]").forEach(enhance);
})();
