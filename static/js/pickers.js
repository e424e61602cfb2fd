// Pickers (coordination/pickers): a text box that suggests a place's organisations or people as
// someone types, with GOV.UK's accessible autocomplete. Choosing a suggestion puts its id in the
// hidden "<name>_id" box; typing again clears it, so what is sent is always what is shown. Without
// this script the same text box still works: the server matches the name typed.
// A picker that takes several (data-picker-list) adds each suggestion chosen to its list of ticked
// checkboxes at once, says so politely to screen readers, and empties the box for the next one.
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

  function addChecked(input, option) {
    var list = document.getElementById(input.dataset.pickerList);
    var status = document.getElementById(input.dataset.pickerStatus);
    var none = document.getElementById(input.dataset.pickerNone);
    if (!list) {
      return;
    }
    var value = String(option.id);
    var existing = null;
    list.querySelectorAll('input[type="checkbox"]').forEach(function (box) {
      if (box.value === value) { existing = box; }
    });
    var message = input.dataset.pickerAdded;
    if (existing && existing.checked) {
      message = input.dataset.pickerAlready;
    } else if (existing) {
      existing.checked = true;
    } else {
      var id = list.id.replace(/_picked$/, "") + "_" + value;
      var item = document.createElement("div");
      item.className = "govuk-checkboxes__item";
      var box = document.createElement("input");
      box.className = "govuk-checkboxes__input";
      box.type = "checkbox";
      box.id = id;
      box.name = input.dataset.pickerName;
      box.value = value;
      box.checked = true;
      var label = document.createElement("label");
      label.className = "govuk-label govuk-checkboxes__label";
      label.htmlFor = id;
      label.textContent = option.label + (option.hint ? " (" + option.hint + ")" : "");
      item.appendChild(box);
      item.appendChild(label);
      list.appendChild(item);
    }
    if (none) {
      none.hidden = true;
    }
    if (status) {
      // Emptied first, so the same words said twice are still read out.
      status.textContent = "";
      window.setTimeout(function () {
        status.textContent = (message || "").replace("{name}", option.label);
      }, 50);
    }
  }

  function enhanceMany(input) {
    var url = input.dataset.pickerUrl;
    var describedBy = input.getAttribute("aria-describedby");
    var invalid = input.getAttribute("aria-invalid");
    var errorClass = input.classList.contains("govuk-input--error") ? " govuk-input--error" : "";
    var noMatches = input.dataset.pickerNoMatches || "No matches";
    var settings = Object.assign({}, input.dataset);
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
        // Once one is chosen the box empties, ready for the next.
        inputValue: function () { return ""; },
        suggestion: function (option) {
          if (!option) { return ""; }
          if (typeof option === "string") { return option; }
          var text = document.createElement("span");
          text.textContent = option.label + (option.hint ? " (" + option.hint + ")" : "");
          return text.innerHTML;
        }
      },
      tNoResults: function () { return noMatches; },
      onConfirm: function (option) {
        if (option) {
          addChecked({ dataset: settings }, option);
        }
      }
    });

    var box = document.getElementById(input.id);
    if (!box) {
      return;
    }
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
  }

  document.querySelectorAll("input[data-picker-url]").forEach(function (input) {
    if (input.dataset.pickerList) {
      enhanceMany(input);
    } else {
      enhance(input);
    }
  });
})();
