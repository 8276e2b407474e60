// Dozor's own script, loaded with defer beside htmx (the CSP allows no
// inline script). A form marked data-warn-unsaved that was changed and is
// not being submitted asks before the page is left; a form marked
// data-reset-on-success is cleared after its htmx request succeeds. The
// activity form shows only the chosen kind's own fields (without the
// script, all are shown and the server keeps the chosen kind's).
(function () {
  "use strict";
  var changed = new Set();
  var submitting = false;
  function mark(e) {
    var form = e.target && e.target.form;
    if (form && form.hasAttribute("data-warn-unsaved")) changed.add(form);
  }
  document.addEventListener("input", mark);
  document.addEventListener("change", mark);
  document.addEventListener("submit", function (e) {
    if (e.target.hasAttribute("data-warn-unsaved")) submitting = true;
  });
  window.addEventListener("beforeunload", function (e) {
    if (submitting || changed.size === 0) return;
    e.preventDefault();
    e.returnValue = "";
  });
  function showKind(select) {
    var form = select.form;
    if (!form) return;
    form.querySelectorAll("fieldset[data-kind]").forEach(function (f) {
      f.hidden = f.getAttribute("data-kind") !== select.value;
    });
  }
  document.addEventListener("change", function (e) {
    if (e.target.matches && e.target.matches("select[data-kind-switch]")) showKind(e.target);
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("select[data-kind-switch]").forEach(showKind);
  });
  document.addEventListener("htmx:afterRequest", function (e) {
    var form = e.detail && e.detail.elt;
    if (form && form.matches && form.matches("form[data-reset-on-success]") && e.detail.successful) {
      form.reset();
    }
  });
})();
// An element marked data-swap-errors shows the server's 409 or 422 answer
// (a partial that says what was refused) instead of ignoring it, as htmx does
// with error statuses by default.
document.addEventListener("htmx:beforeSwap", function (e) {
  var elt = e.detail && e.detail.elt;
  var st = e.detail.xhr.status;
  if ((st === 409 || st === 422) && elt && elt.closest && elt.closest("[data-swap-errors]")) {
    e.detail.shouldSwap = true;
    e.detail.isError = false;
  }
});
