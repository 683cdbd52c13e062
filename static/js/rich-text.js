/* The rich-text editor of every chapter text (entry.js) and regional text
 * (regional-text.js): Tiptap/ProseMirror as bundled by django-prose-editor, served by the
 * portal itself (static/django_prose_editor/editor.js, imported by a relative URL: no
 * import map, nothing inline, so it runs under a CSP of script-src 'self').
 *
 * Paragraphs, bulleted and numbered lists, bold, italic, links, line breaks; undo and
 * redo; keyboard shortcuts (Ctrl/⌘+B, I, K for a link, Z, Shift+Z, Shift+7 / Shift+8 for
 * lists). Pasting from Word or LibreOffice keeps those and drops the rest (the editor's
 * schema has nothing else; the server cleans again in submissions.sanitize). In a regional
 * text (textarea[data-quotes]) quotes are allowed too, and `insertQuote` puts a library's
 * quote with its attribution at the cursor as one step that one undo reverses.
 *
 * The textarea stays the form field: every change writes the editor's HTML into it and
 * fires "input" on it. Without JavaScript (or without module support) the textarea is
 * shown as it is.
 */
import {
  Blockquote, Bold, BulletList, Document, Dropcursor, Editor, Extension, Gapcursor,
  HardBreak, History, Italic, Link, ListItem, OrderedList, Paragraph, Text, pm,
} from "../django_prose_editor/editor.js";

const stringsNode = document.getElementById("rich-text-strings");
const S = stringsNode ? JSON.parse(stringsNode.textContent) : {};

/* The methodologist's "insert quote with attribution": one history event of its own. */
const Quote = Extension.create({
  name: "libreportQuote",
  addCommands() {
    return {
      insertQuote: (html) => ({ tr, commands }) => {
        pm.history.closeHistory(tr);
        return commands.insertContent(html);
      },
    };
  },
});

const PARSE = { preserveWhitespace: true };

function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) { node.className = cls; }
  if (text !== undefined) { node.textContent = text; }
  return node;
}

function empty(html) {
  return /^<p>\s*<\/p>$/i.test(html) ? "" : html;
}

function attach(source) {
  if (source._richEditor) { return source._richEditor; }
  const quotes = source.hasAttribute("data-quotes") || !!source.closest("[data-regional-text]");
  const box = el("div", "rich-text");
  const toolbar = el("div", "rich-toolbar");
  toolbar.setAttribute("role", "toolbar");
  toolbar.setAttribute("aria-label", S.editorLabel || "");
  const area = el("div", "rich-area");
  box.append(toolbar, area);
  source.before(box);

  const editor = new Editor({
    element: area,
    injectCSS: false,
    extensions: [
      Document, Paragraph, Text, HardBreak, Bold, Italic, BulletList, OrderedList, ListItem,
      Link.configure({ openOnClick: false, autolink: true, defaultProtocol: "https",
                       protocols: ["mailto"] }),
      History, Dropcursor, Gapcursor, ...(quotes ? [Blockquote, Quote] : []),
    ],
    content: source.value,
    // what was typed is what is stored: two spaces stay two when the text is loaded again
    parseOptions: PARSE,
    editorProps: {
      attributes: {
        class: "rich-editor", role: "textbox", "aria-multiline": "true",
        id: (source.id || "rich") + "-editor",
      },
    },
    onUpdate({ editor: ed }) {
      source.value = empty(ed.getHTML());
      source.dispatchEvent(new Event("input", { bubbles: true }));
    },
  });
  const dom = editor.view.dom;
  ["aria-labelledby", "aria-describedby"].forEach((attr) => {
    if (source.getAttribute(attr)) { dom.setAttribute(attr, source.getAttribute(attr)); }
  });
  if (!dom.getAttribute("aria-labelledby") && source.id) {
    const label = document.querySelector('label[for="' + source.id + '"]');
    if (label) {
      if (!label.id) { label.id = source.id + "-label"; }
      dom.setAttribute("aria-labelledby", label.id);
      label.addEventListener("click", (e) => { e.preventDefault(); editor.commands.focus(); });
    }
  }

  const buttons = [
    ["B", S.bold, "bold", () => editor.chain().focus().toggleBold().run()],
    ["I", S.italic, "italic", () => editor.chain().focus().toggleItalic().run()],
    ["•", S.bullets, "bulletList", () => editor.chain().focus().toggleBulletList().run()],
    ["1.", S.numbers, "orderedList", () => editor.chain().focus().toggleOrderedList().run()],
    [S.link, S.link, "link", () => {
      const current = editor.getAttributes("link").href || "https://";
      const href = window.prompt(S.linkPrompt, current);
      if (href === null) { return; }
      if (!href.trim() || href.trim() === "https://") {
        editor.chain().focus().extendMarkRange("link").unsetLink().run();
      } else if (/^(https?:\/\/|mailto:)/i.test(href.trim())) {
        editor.chain().focus().extendMarkRange("link").setLink({ href: href.trim() }).run();
      }
    }],
    ["↶", S.undo, null, () => editor.chain().focus().undo().run()],
    ["↷", S.redo, null, () => editor.chain().focus().redo().run()],
  ];
  const pressed = [];
  buttons.forEach(([shown, label, mark, action]) => {
    const button = el("button", "rich-" + (mark || (shown === "↶" ? "undo" : "redo")));
    button.type = "button";
    button.title = label || "";
    if (shown === label) {
      button.textContent = label || "";
    } else {
      const glyph = el("span", "", shown);
      glyph.setAttribute("aria-hidden", "true");
      button.append(glyph, el("span", "visually-hidden", label || ""));
    }
    if (mark) { button.setAttribute("aria-pressed", "false"); pressed.push([button, mark]); }
    button.addEventListener("mousedown", (e) => e.preventDefault());
    button.addEventListener("click", action);
    toolbar.append(button);
  });
  const refresh = () => pressed.forEach(([button, mark]) => {
    button.setAttribute("aria-pressed", editor.isActive(mark) ? "true" : "false");
  });
  editor.on("selectionUpdate", refresh);
  editor.on("transaction", refresh);
  editor.on("focus", () => source.dispatchEvent(new Event("focus")));

  // a change made to the textarea by another script (restored, "keep theirs"): show it
  source.addEventListener("input", () => {
    if (source.value !== empty(editor.getHTML())) {
      editor.commands.setContent(source.value, { emitUpdate: false, parseOptions: PARSE });
    }
  });
  source.hidden = true;
  box.editor = editor;
  source._richEditor = box;
  return box;
}

/* Show new HTML in the editor of `source` (restored, or the other person's text). */
function setHTML(source, html) {
  source.value = html;
  if (source._richEditor) {
    source._richEditor.editor.commands.setContent(html, { emitUpdate: false,
                                                          parseOptions: PARSE });
  }
}

/* Insert a quote (block HTML) at the cursor of the editor of `source`; undo removes it. */
function insertQuote(source, html) {
  const box = source._richEditor;
  if (!box) { return false; }
  return box.editor.chain().focus().insertQuote(html).run();
}

window.RichText = { attach, setHTML, insertQuote };
document.querySelectorAll("textarea.rich-source, [data-rich-text] textarea").forEach(attach);
document.dispatchEvent(new CustomEvent("richtext:ready"));
