/* Forms marked data-submit-once (the report's "Publish" form): the first submit disables
   the submit button and shows that the request is on its way, so a double or triple
   click sends one request.

   Progressive enhancement only: without JavaScript the server still refuses a version
   that is the same as the latest one (reports.services.report_publish). */
(function () {
  "use strict";

  var forms = document.querySelectorAll("form[data-submit-once]");
  Array.prototype.forEach.call(forms, function (form) {
    var sent = false;
    form.addEventListener("submit", function (event) {
      if (sent) {
        event.preventDefault();
        return;
      }
      sent = true;
      var buttons = form.querySelectorAll("button[type=submit], input[type=submit]");
      Array.prototype.forEach.call(buttons, function (button) {
        button.disabled = true;
        button.setAttribute("aria-disabled", "true");
        if (button.dataset.busyText) { button.textContent = button.dataset.busyText; }
      });
    });
    // Back from the next page (bfcache): the form can be used again.
    window.addEventListener("pageshow", function (event) {
      if (!event.persisted) { return; }
      sent = false;
      Array.prototype.forEach.call(form.querySelectorAll("[aria-disabled=true]"),
        function (button) {
          button.disabled = false;
          button.removeAttribute("aria-disabled");
          if (button.dataset.idleText) { button.textContent = button.dataset.idleText; }
        });
    });
  });
}());
