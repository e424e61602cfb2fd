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

  // The suggestions for what is typed, from the source's endpoint, a moment after typing stops.
  function suggestionsFrom(url) {
    return debounce(200, function (query, populate) {
      fetch(url + "?q=" + encodeURIComponent(query), {
        credentials: "same-origin",
        headers: { Accept: "application/json" }
      })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { populate(data.results || []); })
        .catch(function () { populate([]); });
    });
  }

  function suggestionText(option) {
    if (!option) { return ""; }
    if (typeof option === "string") { return option; }
    var text = document.createElement("span");
    text.textContent = option.label + (option.hint ? " (" + option.hint + ")" : "");
    return text.innerHTML;
  }

  // The hint and any error stay linked to the new box, beside the autocomplete's own hint.
  function keepLinked(box, describedBy, invalid) {
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

  // Put the autocomplete where the text box was; returns its settings to fill in.
  function replaceBox(input) {
    var wrapper = document.createElement("div");
    input.parentNode.insertBefore(wrapper, input);
    input.parentNode.removeChild(input);
    var errorClass = input.classList.contains("govuk-input--error") ? " govuk-input--error" : "";
    return {
      element: wrapper,
      id: input.id,
      name: input.name,
      defaultValue: input.value,
      minLength: 2,
      confirmOnBlur: false,
      showNoOptionsFound: true,
      inputClasses: "govuk-input" + errorClass,
      source: suggestionsFrom(input.dataset.pickerUrl)
    };
  }

  function enhance(input) {
    var form = input.form;
    var hidden = form && form.querySelector('input[type="hidden"][name="' + input.dataset.pickerId + '"]');
    if (!hidden) {
      return;
    }
    var describedBy = input.getAttribute("aria-describedby");
    var invalid = input.getAttribute("aria-invalid");
    var chosen = input.value;
    var settings = replaceBox(input);
    settings.templates = {
      inputValue: function (option) { return option ? option.label : ""; },
      suggestion: suggestionText
    };
    settings.tNoResults = function () { return "No matches"; };
    settings.onConfirm = function (option) {
      if (option) {
        hidden.value = option.id;
        chosen = option.label;
      }
    };
    window.accessibleAutocomplete(settings);

    var box = document.getElementById(input.id);
    if (!box) {
      return;
    }
    keepLinked(box, describedBy, invalid);
    box.addEventListener("input", function () {
      if (box.value !== chosen) {
        hidden.value = "";
      }
    });
  }

  function addChecked(words, option) {
    var list = document.getElementById(words.pickerList);
    var status = document.getElementById(words.pickerStatus);
    var none = document.getElementById(words.pickerNone);
    if (!list) {
      return;
    }
    var value = String(option.id);
    var existing = null;
    list.querySelectorAll('input[type="checkbox"]').forEach(function (box) {
      if (box.value === value) { existing = box; }
    });
    var message = words.pickerAdded;
    if (existing && existing.checked) {
      message = words.pickerAlready;
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
      box.name = words.pickerName;
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
    var describedBy = input.getAttribute("aria-describedby");
    var invalid = input.getAttribute("aria-invalid");
    var words = Object.assign({}, input.dataset);
    var settings = replaceBox(input);
    settings.templates = {
      // Once one is chosen the box empties, ready for the next.
      inputValue: function () { return ""; },
      suggestion: suggestionText
    };
    settings.tNoResults = function () { return words.pickerNoMatches || "No matches"; };
    settings.onConfirm = function (option) {
      if (option) {
        addChecked(words, option);
      }
    };
    window.accessibleAutocomplete(settings);

    var box = document.getElementById(input.id);
    if (box) {
      keepLinked(box, describedBy, invalid);
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
