/* The regional-text editor: "Insert as a quote" puts the library's text, with its
   attribution, at the cursor in the editor without reloading the page.

   Progressive enhancement only: without JavaScript the button posts the form and the
   server appends the same quote (reports.views.regional_text). The quote's HTML comes
   ready (sanitised, attributed) in the button's data-quote attribute. */
(function () {
  "use strict";

  var form = document.querySelector("form[data-regional-text]");
  if (!form) { return; }
  var editor = form.querySelector("textarea[name=html]");
  var status = form.querySelector("[data-quote-status]");
  if (!editor || typeof editor.setRangeText !== "function") { return; }

  // Until the editor has been used, a quote goes at the end (as without JavaScript).
  var touched = false;
  editor.addEventListener("focus", function () { touched = true; });

  form.addEventListener("click", function (event) {
    var button = event.target.closest("button[name=quote][data-quote]");
    if (!button) { return; }
    event.preventDefault();
    var quote = button.getAttribute("data-quote");
    var start = touched ? editor.selectionStart : editor.value.length;
    var end = touched ? editor.selectionEnd : editor.value.length;
    var before = editor.value.slice(0, start);
    var after = editor.value.slice(end);
    var text = (before && before.slice(-1) !== "\n" ? "\n" : "") + quote +
      (after && after.charAt(0) !== "\n" ? "\n" : "");
    editor.focus();
    editor.setRangeText(text, start, end, "end");
    touched = true;
    editor.dispatchEvent(new Event("input", { bubbles: true }));
    if (status) { status.textContent = button.getAttribute("data-inserted") || ""; }
  });
})();
