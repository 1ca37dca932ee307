// Stepwise UI: every request that changes something carries the session's CSRF token (the page's
// <meta name="csrf-token">): htmx requests as the X-CSRF-Token header, plain form posts as the
// _csrf field. The server refuses such requests without it (io.stepwise.web.page.CsrfToken).
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="csrf-token"]');
  var token = meta ? meta.getAttribute("content") : "";
  if (!token) return;

  document.addEventListener("htmx:configRequest", function (evt) {
    evt.detail.headers["X-CSRF-Token"] = token;
  });

  // Capture phase: the field is in place before any other submit handler or htmx sees the form.
  document.addEventListener("submit", function (evt) {
    var form = evt.target;
    if (!form || (form.getAttribute("method") || "").toLowerCase() !== "post") return;
    var field = form.querySelector('input[name="_csrf"]');
    if (!field) {
      field = document.createElement("input");
      field.type = "hidden";
      field.name = "_csrf";
      form.appendChild(field);
    }
    field.value = token;
  }, true);
})();
