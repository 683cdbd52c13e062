/* The regional-text editor: "Insert as a quote" puts the library's text, with its
   attribution, at the cursor in the editor without reloading the page, as one editor
   step (rich-text.js `insertQuote`): one undo takes it out again.

   Progressive enhancement only: without JavaScript the button posts the form and the
   server appends the same quote (reports.views.regional_text). The quote's HTML comes
   ready (sanitised, attributed) in the button's data-quote attribute. */
(function () {
  "use strict";

  var form = document.querySelector("form[data-regional-text]");
  if (!form) { return; }
  var source = form.querySelector("textarea[name=html]");
  var status = form.querySelector("[data-quote-status]");
  if (!source) { return; }

  form.addEventListener("click", function (event) {
    var button = event.target.closest("button[name=quote][data-quote], button[name=fact][data-quote]");
    if (!button || !window.RichText || !source._richEditor) { return; }
    event.preventDefault();
    window.RichText.insertQuote(source, button.getAttribute("data-quote"));
    if (status) { status.textContent = button.getAttribute("data-inserted") || ""; }
  });
})();
