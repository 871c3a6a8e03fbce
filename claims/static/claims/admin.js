/* The admin's autocomplete boxes (select2) are comboboxes named by their
   current value, so an empty one has no name for a screen reader (axe:
   aria-input-field-name). Name each (and the value shown inside it) by
   its field's label, also in inline rows added later. */
(function () {
  "use strict";

  function fieldName(select) {
    if (select.getAttribute("aria-label")) {
      return select.getAttribute("aria-label");
    }
    var label = select.id && document.querySelector('label[for="' + select.id + '"]');
    return label ? label.textContent.replace(/:\s*$/, "").trim() : select.name;
  }

  function nameComboboxes() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var container = select.nextElementSibling;
      if (!container || !container.classList.contains("select2")) {
        return;
      }
      var box = container.querySelector('[role="combobox"]');
      if (box && !box.getAttribute("aria-label")) {
        box.removeAttribute("aria-labelledby");
        box.setAttribute("aria-label", fieldName(select));
      }
      // the shown value is a read-only textbox inside it: named the same
      var shown = container.querySelector('[role="textbox"]');
      if (shown && !shown.getAttribute("aria-label")) {
        shown.setAttribute("aria-label", fieldName(select));
      }
    });
  }

  // select2 builds its box when Django's autocomplete script gets to it,
  // which may be before or after this script's load handler: name the boxes
  // whenever one appears, as well as on load and for inline rows added later
  var watching = new MutationObserver(function (mutations) {
    for (var i = 0; i < mutations.length; i++) {
      if (mutations[i].addedNodes.length) {
        nameComboboxes();
        return;
      }
    }
  });
  document.addEventListener("DOMContentLoaded", function () {
    watching.observe(document.body, { childList: true, subtree: true });
    nameComboboxes();
  });
  window.addEventListener("load", nameComboboxes);
  document.addEventListener("formset:added", function () {
    window.setTimeout(nameComboboxes, 0);
  });
})();
