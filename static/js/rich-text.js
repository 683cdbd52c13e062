/* A small rich-text editor (paragraphs, bold, italic, lists, links) over a <textarea>
 * of HTML: the librarian's chapter texts (entry.js) and the methodologist's regional
 * texts. Included through indicators/_rich_text.html, which also passes the translated
 * labels (#rich-text-strings).
 *
 * The textarea stays the form field: every edit writes the editor's HTML into it and
 * fires an "input" event on it; a script that changes the textarea itself (and fires
 * "input") is shown in the editor. A script inserting at the textarea's cursor with
 * setRangeText (regional-text.js, "Insert as a quote") inserts at the editor's cursor.
 * Pasted text is inserted as plain text (no styles from the source). The server
 * normalises the HTML in any case (indicators.sanitize). Without JavaScript the
 * textarea is shown as it is.
 */
(function () {
  "use strict";

  var stringsNode = document.getElementById("rich-text-strings");
  var S = stringsNode ? JSON.parse(stringsNode.textContent) : {};

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function attach(source) {
    if (source._richEditor) { return source._richEditor; }
    var toolbar = el("div", "rich-toolbar");
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", S.editorLabel || "");
    var editor = el("div", "rich-editor");
    editor.contentEditable = "true";
    editor.setAttribute("role", "textbox");
    editor.setAttribute("aria-multiline", "true");
    ["aria-labelledby", "aria-describedby"].forEach(function (attr) {
      if (source.getAttribute(attr)) { editor.setAttribute(attr, source.getAttribute(attr)); }
    });
    if (!editor.getAttribute("aria-labelledby") && source.id) {
      var label = document.querySelector('label[for="' + source.id + '"]');
      if (label) {
        if (!label.id) { label.id = source.id + "-label"; }
        editor.setAttribute("aria-labelledby", label.id);
        label.addEventListener("click", function (e) { e.preventDefault(); editor.focus(); });
      }
    }
    editor.id = (source.id || "rich") + "-editor";
    editor.innerHTML = source.value;

    var savedRange = null;   // the editor's last cursor / selection
    var writing = false;     // an "input" on the textarea that the editor caused

    function saveRange() {
      var selection = window.getSelection();
      if (selection && selection.rangeCount) {
        var range = selection.getRangeAt(0);
        if (editor.contains(range.commonAncestorContainer)) { savedRange = range.cloneRange(); }
      }
    }
    function restoreRange() {
      var selection = window.getSelection();
      var range = savedRange;
      if (!range) {
        range = document.createRange();
        range.selectNodeContents(editor);
        range.collapse(false);
      }
      selection.removeAllRanges();
      selection.addRange(range);
    }
    function sync() {
      source.value = editor.innerHTML;
      writing = true;
      source.dispatchEvent(new Event("input", { bubbles: true }));
      writing = false;
    }

    var buttons = [
      ["B", S.bold, "bold"], ["I", S.italic, "italic"],
      ["• ", S.bullets, "insertUnorderedList"], ["1.", S.numbers, "insertOrderedList"],
      [S.link, S.link, "createLink"]
    ];
    buttons.forEach(function (b) {
      var button = el("button", "");
      button.type = "button";
      button.title = b[1] || "";
      if (b[0] === b[1]) {
        button.textContent = b[0] || "";
      } else {
        var shown = el("span", "", b[0]);
        shown.setAttribute("aria-hidden", "true");
        button.appendChild(shown);
        button.appendChild(el("span", "visually-hidden", b[1]));
      }
      if (b[2] === "bold") { button.style.fontWeight = "700"; }
      if (b[2] === "italic") { button.style.fontStyle = "italic"; }
      button.addEventListener("mousedown", function (e) { e.preventDefault(); });
      button.addEventListener("click", function () {
        editor.focus();
        if (b[2] === "createLink") {
          var href = window.prompt(S.linkPrompt, "https://");
          if (!href || !/^(https?:\/\/|mailto:)/i.test(href)) { return; }
          document.execCommand("createLink", false, href);
        } else {
          document.execCommand(b[2], false, null);
        }
        sync();
      });
      toolbar.appendChild(button);
    });

    editor.addEventListener("input", sync);
    editor.addEventListener("focus", function () {
      try { document.execCommand("defaultParagraphSeparator", false, "p"); } catch (e) { /* old */ }
      // scripts that watch the textarea's focus (e.g. regional-text.js) see it as used
      source.dispatchEvent(new Event("focus"));
    });
    ["keyup", "mouseup", "blur"].forEach(function (name) {
      editor.addEventListener(name, saveRange);
    });
    document.addEventListener("selectionchange", function () {
      if (document.activeElement === editor) { saveRange(); }
    });
    editor.addEventListener("paste", function (event) {
      // plain text only: no fonts, colours or spans from a word processor or web page
      var data = event.clipboardData || window.clipboardData;
      if (!data) { return; }
      event.preventDefault();
      var text = data.getData("text/plain") || data.getData("Text") || "";
      if (!document.execCommand("insertText", false, text)) {
        var selection = window.getSelection();
        if (selection.rangeCount) {
          var range = selection.getRangeAt(0);
          range.deleteContents();
          range.insertNode(document.createTextNode(text));
          range.collapse(false);
        }
      }
      sync();
    });
    // a change made to the textarea by another script: show it
    source.addEventListener("input", function () {
      if (writing || source.value === editor.innerHTML) { return; }
      editor.innerHTML = source.value;
      savedRange = null;
    });
    // insertion "at the cursor" of the textarea goes to the editor's cursor
    source.focus = function () { editor.focus(); };
    source.setRangeText = function (text) {
      editor.focus();
      restoreRange();
      insertBlocks(String(text).replace(/^\s+|\s+$/g, ""));
      source.value = editor.innerHTML;
    };

    // Insert block HTML (e.g. a <blockquote>) at the cursor: the paragraph (or loose
    // text) holding the cursor is split there, and the blocks go between its two halves.
    function insertBlocks(html) {
      var selection = window.getSelection();
      var range = selection.rangeCount ? selection.getRangeAt(0) : null;
      if (!range || !editor.contains(range.startContainer)) {
        range = document.createRange();
        range.selectNodeContents(editor);
        range.collapse(false);
      }
      range.deleteContents();
      var template = document.createElement("template");
      template.innerHTML = html;
      var blocks = template.content;
      var last = blocks.lastChild;
      var reference = null;
      if (range.startContainer === editor) {
        reference = editor.childNodes[range.startOffset] || null;
      } else {
        var top = range.startContainer;
        while (top.parentNode !== editor) { top = top.parentNode; }
        var tail = document.createRange();
        tail.setStart(range.startContainer, range.startOffset);
        tail.setEndAfter(top);
        var after = tail.extractContents();
        reference = top.nextSibling;
        if (after.textContent.replace(/\s+/g, "")) {
          editor.insertBefore(after, reference);
          reference = top.nextSibling;
        }
      }
      editor.insertBefore(blocks, reference);
      if (last) {
        // Typing goes on in a paragraph after the quote, never inside its italic
        // attribution: use the next paragraph, or start an empty one.
        var next = last.nextSibling;
        if (!next || next.nodeType !== 1 || next.tagName !== "P") {
          next = document.createElement("p");
          next.appendChild(document.createElement("br"));
          editor.insertBefore(next, last.nextSibling);
        }
        var caret = document.createRange();
        caret.setStart(next, 0);
        caret.collapse(true);
        selection.removeAllRanges();
        selection.addRange(caret);
        savedRange = caret.cloneRange();
      }
    }

    source.hidden = true;
    source.parentNode.insertBefore(toolbar, source);
    source.parentNode.insertBefore(editor, source);
    source._richEditor = editor;
    return editor;
  }

  /* Show new HTML in the editor of `source` (e.g. restored or the other person's text). */
  function setHTML(source, html) {
    source.value = html;
    if (source._richEditor) { source._richEditor.innerHTML = html; }
  }

  window.RichText = { attach: attach, setHTML: setHTML };
  document.querySelectorAll("textarea.rich-source, [data-rich-text] textarea").forEach(attach);
})();
