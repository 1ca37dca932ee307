// Stepwise UI: what every form needs, in one file the pages load from this origin (the Content
// Security Policy runs no inline script or handler).
// - Every request that changes something carries the session's CSRF token (the page's
//   <meta name="csrf-token">): htmx requests as the X-CSRF-Token header, plain form posts as the
//   _csrf field. The server refuses such requests without it (io.stepwise.web.page.CsrfToken).
// - A form with data-confirm="question" is sent only when the person confirms.
// - A checkbox with data-select-all="form-id" ticks or clears every execution box of that form.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="csrf-token"]');
  var token = meta ? meta.getAttribute("content") : "";

  document.addEventListener("htmx:configRequest", function (evt) {
    if (token) evt.detail.headers["X-CSRF-Token"] = token;
  });

  // Capture phase: runs before any other submit handler or htmx sees the form.
  document.addEventListener("submit", function (evt) {
    var form = evt.target;
    if (!form || !form.getAttribute) return;
    var question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      evt.preventDefault();
      evt.stopImmediatePropagation();
      return;
    }
    if (!token || (form.getAttribute("method") || "").toLowerCase() !== "post") return;
    var field = form.querySelector('input[name="_csrf"]');
    if (!field) {
      field = document.createElement("input");
      field.type = "hidden";
      field.name = "_csrf";
      form.appendChild(field);
    }
    field.value = token;
  }, true);

  document.addEventListener("change", function (evt) {
    var all = evt.target;
    var formId = all && all.getAttribute && all.getAttribute("data-select-all");
    if (!formId) return;
    var boxes = document.querySelectorAll('input[type="checkbox"][form="' + formId + '"]');
    for (var i = 0; i < boxes.length; i++) boxes[i].checked = all.checked;
  });
})();
