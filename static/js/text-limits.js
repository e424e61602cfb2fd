// Holds back a form whose text is over a box's limit, so nothing typed is lost to a refused request.
// Every textarea with a limit sits in GOV.UK Frontend's character count
// (data-module="govuk-character-count" data-maxlength="N", from coordination/forms_renderer.py).
// When a form is sent with one over its limit, the form is not sent: it gets GOV.UK's error summary
// and each such box its error message, the text stays where it is, and focus moves to the summary.
// Without JavaScript the server refuses the text with the same message and shows it back.
// A file on purpose (no inline script: Content Security Policy); counts characters as GOV.UK's
// count does.
(function () {
  "use strict";
  var MARK = "data-text-limits";

  function number(value) {
    return value.toLocaleString("en-GB");
  }

  function labelOf(textarea) {
    var label = document.querySelector('label[for="' + textarea.id + '"]');
    var text = label ? label.textContent.trim() : "This box";
    return text.replace(/\s*\(optional\)$/, "");
  }

  function overLimit(form) {
    var found = [];
    form.querySelectorAll('[data-module="govuk-character-count"][data-maxlength]').forEach(function (group) {
      var textarea = group.querySelector("textarea");
      var limit = parseInt(group.getAttribute("data-maxlength"), 10);
      if (textarea && limit && textarea.value.length > limit) {
        found.push({ group: group, textarea: textarea, limit: limit });
      }
    });
    return found;
  }

  function clearMarks(form) {
    form.querySelectorAll("[" + MARK + "]").forEach(function (element) {
      if (element.getAttribute(MARK) === "group") {
        element.classList.remove("govuk-form-group--error");
        element.removeAttribute(MARK);
      } else if (element.getAttribute(MARK) === "described") {
        var ids = (element.getAttribute("aria-describedby") || "").split(" ");
        var kept = ids.filter(function (id) { return id && id.slice(-12) !== "-limit-error"; });
        element.setAttribute("aria-describedby", kept.join(" "));
        element.removeAttribute(MARK);
      } else {
        element.remove();
      }
    });
  }

  function errorMessage(problem) {
    var id = problem.textarea.id + "-limit-error";
    var text = labelOf(problem.textarea) + " must be " + number(problem.limit) +
      " characters or fewer: it has " + number(problem.textarea.value.length);
    var message = document.createElement("p");
    message.className = "govuk-error-message";
    message.id = id;
    message.setAttribute(MARK, "message");
    var prefix = document.createElement("span");
    prefix.className = "govuk-visually-hidden";
    prefix.textContent = "Error:";
    message.appendChild(prefix);
    message.appendChild(document.createTextNode(" " + text));
    problem.textarea.parentNode.insertBefore(message, problem.textarea);
    if (!problem.group.classList.contains("govuk-form-group--error")) {
      problem.group.classList.add("govuk-form-group--error");
      problem.group.setAttribute(MARK, "group");
    }
    var described = (problem.textarea.getAttribute("aria-describedby") || "").trim();
    problem.textarea.setAttribute("aria-describedby", (described + " " + id).trim());
    problem.textarea.setAttribute(MARK, "described");
    return text;
  }

  function summary(form, problems) {
    var box = document.createElement("div");
    box.className = "govuk-error-summary";
    box.setAttribute(MARK, "summary");
    box.setAttribute("tabindex", "-1");
    var alert = document.createElement("div");
    alert.setAttribute("role", "alert");
    var title = document.createElement("h2");
    title.className = "govuk-error-summary__title";
    title.textContent = "There is a problem";
    var body = document.createElement("div");
    body.className = "govuk-error-summary__body";
    var list = document.createElement("ul");
    list.className = "govuk-list govuk-error-summary__list";
    problems.forEach(function (problem) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = "#" + problem.textarea.id;
      link.textContent = problem.text;
      link.addEventListener("click", function (event) {
        event.preventDefault();
        problem.textarea.focus();
        problem.group.scrollIntoView();
      });
      item.appendChild(link);
      list.appendChild(item);
    });
    body.appendChild(list);
    alert.appendChild(title);
    alert.appendChild(body);
    box.appendChild(alert);
    form.insertBefore(box, form.firstChild);
    return box;
  }

  // Capture, so a form htmx sends is held too: the event never reaches htmx's handler.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    clearMarks(form);
    var problems = overLimit(form);
    if (!problems.length) return;
    event.preventDefault();
    event.stopPropagation();
    problems.forEach(function (problem) { problem.text = errorMessage(problem); });
    if (document.title.indexOf("Error: ") !== 0) document.title = "Error: " + document.title;
    summary(form, problems).focus();
  }, true);
})();
