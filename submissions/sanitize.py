"""User HTML (chapter texts) cleaned on the server with nh3, whatever the browser sends.

Allowed: paragraphs, line breaks, bulleted and numbered lists, bold, italic and links
(http, https and mailto only; every link gets rel="noopener noreferrer").
Everything else (scripts, styles, event handlers, other tags) is removed; the text
inside a removed tag is kept, except for <script> and <style> whose content goes too.

The result is then normalised (`normalise_blocks`), so what the browser's editor writes
is stored the same way whatever the browser: a list is never inside a paragraph, empty
paragraphs go, and text outside any paragraph or list is wrapped in a paragraph.

`clean_html` is idempotent: cleaning its own output changes nothing. Input without any
tag (typed without the editor, or an editor that sent a bare line) is read as HTML text
too: blank lines part paragraphs and “&amp;” stays one “&” — it is never escaped a second
time, so a text does not grow “&amp;amp;” with every save. `repair_double_escaped` undoes
that growth in texts stored before (data migration indicators 0004).
"""

import re
from html import escape as _escape
from html import unescape as _unescape
from html.parser import HTMLParser

import nh3

ALLOWED_TAGS = {"p", "br", "ul", "ol", "li", "strong", "b", "em", "i", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}
_SAFE_HREF = re.compile(r"^(https?://|mailto:)", re.IGNORECASE)
_DIV_OPEN = re.compile(r"<div(\s[^>]*)?>", re.IGNORECASE)
_DIV_CLOSE = re.compile(r"</div\s*>", re.IGNORECASE)
_EMPTY = re.compile(r"^(\s|<br\s*/?>|<p>\s*(<br\s*/?>)?\s*</p>)*$", re.IGNORECASE)


_TAG = re.compile(r"<[a-zA-Z/!]")


def _paragraphs(text: str) -> str:
    """Text without tags: blank lines part paragraphs, a single line break stays one.

    The text is HTML text: a character reference (“&amp;”, “&nbsp;”) is read as the one
    character it stands for and a lone “&” or “<” as itself (the HTML parser in nh3 does
    both), so nothing is escaped twice.
    """
    blocks = [block.strip() for block in re.split(r"\n\s*\n", text.replace("\r", ""))]
    return "".join("<p>" + block.replace("\n", "<br>") + "</p>" for block in blocks if block)


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "a" and attribute == "href":
        return value if _SAFE_HREF.match(value.strip()) else None
    return value


QUOTE_TAGS = frozenset({"blockquote"})  # the methodologist's regional texts quote libraries


def clean_html(html: str | None, extra_tags: frozenset[str] = frozenset()) -> str:
    """The safe subset of `html`; an empty string when nothing but whitespace is left.

    `extra_tags` widens the allowed tags for a caller that needs more (QUOTE_TAGS).
    """
    if not html or not html.strip():
        return ""
    if not _TAG.search(html):
        html = _paragraphs(html)
    # Browsers' contenteditable may write <div> for a paragraph: keep it a paragraph.
    html = _DIV_CLOSE.sub("</p>", _DIV_OPEN.sub("<p>", html))
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS | extra_tags,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        attribute_filter=_attribute_filter,
    ).strip()
    cleaned = normalise_blocks(cleaned)
    return "" if _EMPTY.match(cleaned) else cleaned


# Normalising the block structure ------------------------------------------------------------

BLOCK_TAGS = {"p", "ul", "ol", "blockquote"}
VOID_TAGS = {"br"}


class _Node:
    __slots__ = ("attrs", "children", "loose", "tag")

    def __init__(self, tag, attrs=()):
        self.tag = tag
        self.attrs = list(attrs)
        self.children = []
        self.loose = False


class _TreeBuilder(HTMLParser):
    """A tree of well-formed, already sanitised HTML (nh3's output)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = _Node(None)
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = _Node(tag, attrs)
        self.stack[-1].children.append(node)
        if tag not in VOID_TAGS:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(_Node(tag, attrs))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def _is_blank(nodes) -> bool:
    """Nothing but whitespace and line breaks."""
    for node in nodes:
        if isinstance(node, str):
            if node.strip():
                return False
        elif node.tag != "br" and not _is_blank(node.children):
            return False
    return True


def _is_filler(node) -> bool:
    if isinstance(node, str):
        return not node.strip()
    return node.tag == "br"


def _trim_breaks(nodes: list) -> list:
    """A paragraph's content without leading or trailing line breaks and whitespace."""
    nodes = list(nodes)
    while nodes and _is_filler(nodes[0]):
        nodes.pop(0)
    while nodes and _is_filler(nodes[-1]):
        nodes.pop()
    return nodes


def _has_block(nodes) -> bool:
    return any(not isinstance(node, str)
               and (node.tag in BLOCK_TAGS or node.tag == "li" or _has_block(node.children))
               for node in nodes)


def _unwrap_inline_around_blocks(nodes) -> list:
    """An inline element holding a block (“<b><p>a</p></b>”) gives way to its content."""
    result = []
    for node in nodes:
        if (not isinstance(node, str) and node.tag not in BLOCK_TAGS and node.tag != "li"
                and _has_block(node.children)):
            result.extend(_unwrap_inline_around_blocks(node.children))
        else:
            result.append(node)
    return result


def _item_content(nodes) -> list:
    """A list item's content: inline text as it is, or blocks when it holds any (a nested
    list, the editor's paragraphs); nothing when blank."""
    if _is_blank(nodes):
        return []
    if _has_block(nodes):
        return _blocks(nodes)
    return _trim_breaks(nodes)


def _blocks(nodes) -> list:
    """Block-level content: inline runs wrapped in <p>, blocks nested in <p> lifted out,
    empty paragraphs dropped."""
    result, run = [], []
    nodes = _unwrap_inline_around_blocks(nodes)

    def flush():
        content = _trim_breaks(run)
        if content and not _is_blank(content):
            paragraph = _Node("p")
            paragraph.children = content
            result.append(paragraph)
        run.clear()

    for node in nodes:
        if not isinstance(node, str) and node.tag == "li":
            # a list item outside any list: it joins the list before it, or starts one
            flush()
            node.children = _item_content(node.children)
            if not node.children:
                continue
            if not (result and result[-1].tag == "ul" and getattr(result[-1], "loose", False)):
                wrapper = _Node("ul")
                wrapper.loose = True
                result.append(wrapper)
            result[-1].children.append(node)
            continue
        if isinstance(node, str) or node.tag not in BLOCK_TAGS:
            run.append(node)
            continue
        if node.tag == "p":
            # a paragraph's inline content is a run; any block inside it stands on its own
            flush()
            for part in _blocks(node.children):
                result.append(part)
            continue
        flush()
        if node.tag in ("ul", "ol"):
            items = []
            for child in node.children:
                if isinstance(child, str):
                    continue
                if child.tag != "li":  # anything else in a list is an item of its own
                    item = _Node("li")
                    item.children = [child]
                    child = item
                child.children = _item_content(child.children)
                if child.children:
                    items.append(child)
            if not items:
                continue
            node.children = items
        elif node.tag == "blockquote":
            node.children = _blocks(node.children)
            if not node.children:
                continue
        result.append(node)
    flush()
    return result


def _serialise(nodes) -> str:
    out = []
    for node in nodes:
        if isinstance(node, str):
            out.append(_escape(node, quote=False))
            continue
        attrs = "".join(f' {name}="{_escape(value or "", quote=True)}"'
                        for name, value in node.attrs)
        out.append(f"<{node.tag}{attrs}>")
        if node.tag not in VOID_TAGS:
            out.append(_serialise(node.children))
            out.append(f"</{node.tag}>")
    return "".join(out)


def normalise_blocks(html: str) -> str:
    """Sanitised HTML with a clean block structure (see the module's docstring)."""
    if not html:
        return ""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return _serialise(_blocks(builder.root.children))


_DOUBLE_ESCAPED = re.compile(r"&amp;((?:amp|lt|gt|quot|apos|nbsp|#\d{1,7}|#x[0-9a-f]{1,6});)",
                             re.IGNORECASE)


def repair_double_escaped(html: str, extra_tags: frozenset[str] = frozenset()) -> str:
    """A text stored escaped twice or more (“skolu &amp;amp; pagastu&amp;nbsp; …”) as it
    was meant (“skolu &amp; pagastu&nbsp; …”), cleaned; a sound text comes back unchanged
    when it is already clean.

    Only a character reference escaped again is undone: a text about “&amp;amp;” itself
    does not exist among the libraries' reports.
    """
    if not html:
        return html or ""
    previous = None
    while previous != html:
        previous, html = html, _DOUBLE_ESCAPED.sub(r"&\1", html)
    return clean_html(html, extra_tags)


def plain_text(html: str) -> str:
    """The text of sanitised HTML without tags (for the audit log's old → new)."""
    text = re.sub(r"<(br|/p|/li|/blockquote)\s*/?>", "\n", html or "", flags=re.IGNORECASE)
    text = _unescape(re.sub(r"<[^>]+>", "", text))
    return re.sub(r"\n{2,}", "\n", text).strip()
