"""User HTML (chapter texts) cleaned on the server with nh3, whatever the browser sends.

Allowed: paragraphs, line breaks, bulleted and numbered lists, bold, italic and links
(http, https and mailto only; every link gets rel="noopener noreferrer").
Everything else (scripts, styles, event handlers, other tags) is removed; the text
inside a removed tag is kept, except for <script> and <style> whose content goes too.
"""

import re

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
    """Plain text (typed without the editor): blank lines part paragraphs."""
    from django.utils.html import escape

    blocks = [block.strip() for block in re.split(r"\n\s*\n", text.replace("\r", ""))]
    return "".join("<p>" + escape(block).replace("\n", "<br>") + "</p>"
                   for block in blocks if block)


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "a" and attribute == "href":
        return value if _SAFE_HREF.match(value.strip()) else None
    return value


def clean_html(html: str | None) -> str:
    """The safe subset of `html`; an empty string when nothing but whitespace is left."""
    if not html or not html.strip():
        return ""
    if not _TAG.search(html):
        html = _paragraphs(html)
    # Browsers' contenteditable may write <div> for a paragraph: keep it a paragraph.
    html = _DIV_CLOSE.sub("</p>", _DIV_OPEN.sub("<p>", html))
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        attribute_filter=_attribute_filter,
    ).strip()
    return "" if _EMPTY.match(cleaned) else cleaned


def plain_text(html: str) -> str:
    """The text of sanitised HTML without tags (for the audit log's old → new)."""
    text = re.sub(r"<(br|/p|/li)\s*/?>", "\n", html or "", flags=re.IGNORECASE)
    text = re.sub(r"<[^>]+>", "", text)
    text = text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    return re.sub(r"\n{2,}", "\n", text).strip()
