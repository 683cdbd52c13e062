"""Any text a librarian or the methodologist types survives save → reload → save unchanged
and reads the same wherever it is shown (submissions.sanitize is the one cleaner)."""

import re
from html import escape, unescape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from submissions.sanitize import QUOTE_TAGS, clean_html, plain_text, repair_double_escaped

# What people type: the awkward characters of the issue, Latvian letters, emoji, spaces.
TYPED = st.lists(
    st.sampled_from([*"ab &<>\"'\u00a0\u202f\t;#āčēģīķļņšūžĀČĒĢĪĶĻŅŠŪŽ0123456789",
                     "😀", "👩‍💻", "&amp;", "&nbsp;", "  ", "„", "“", "—"]),
    max_size=40).map("".join)

WORD_PASTE = (
    '<p class=MsoNormal style="margin:0cm"><span lang=LV style="font-family:Calibri">'
    "Sadarbība ar skolu &amp; pagastu<o:p></o:p></span></p>"
    '<p class=MsoListParagraph style="mso-list:l0 level1 lfo1"><![if !supportLists]>'
    "<span>·<span>&nbsp;&nbsp; </span></span><![endif]><b>treknais</b> <i>slīpais</i></p>"
    "<!--[if gte mso 9]><xml><w:WordDocument></w:WordDocument></xml><![endif]-->")

FRAGMENTS = st.sampled_from([
    "<p>", "</p>", "<br>", "<ul>", "</ul>", "<ol>", "</ol>", "<li>", "</li>", "<b>", "</b>",
    "<strong>", "</strong>", "<em>", "</em>", "<i>", "</i>", '<a href="https://lnb.lv">',
    '<a href="javascript:x">', "</a>", "<div>", "</div>", "<span style='x'>", "</span>",
    "<blockquote>", "</blockquote>", "<script>x</script>", "<h1>", "</h1>", "\n", "\n\n",
    "<!-- c -->", "&amp;", "&nbsp;", "&lt;", WORD_PASTE,
])
HTMLISH = st.lists(st.one_of(FRAGMENTS, TYPED), max_size=12).map("".join)


def editor_html(typed: str) -> str:
    """What the editor sends for a paragraph typed as `typed` (ProseMirror's getHTML:
    &, <, > and NBSP escaped, quotes left as they are)."""
    return "<p>" + escape(typed, quote=False).replace("\u00a0", "&nbsp;") + "</p>"


def reads(html_or_text: str) -> str:
    """What a reader sees: tags gone, entities read, runs of spaces shown as one."""
    return re.sub(r"[ \t\n]+", " ", unescape(re.sub(r"<[^>]+>", " ", html_or_text))).strip()


@settings(max_examples=300, deadline=None)
@given(HTMLISH)
def test_cleaning_is_idempotent(html):
    once = clean_html(html)
    assert clean_html(once) == once
    quoted = clean_html(html, extra_tags=QUOTE_TAGS)
    assert clean_html(quoted, extra_tags=QUOTE_TAGS) == quoted


@settings(max_examples=300, deadline=None)
@given(TYPED)
def test_typed_text_survives_save_reload_save(typed):
    saved = clean_html(editor_html(typed))
    # reload: the editor shows the stored HTML and sends it back unchanged
    assert clean_html(saved) == saved
    assert reads(saved) == reads(escape(typed, quote=False))
    assert plain_text(saved).strip() == plain_text(editor_html(typed)).strip()


@settings(max_examples=200, deadline=None)
@given(TYPED)
def test_a_bare_line_without_tags_is_one_paragraph_not_escaped_twice(typed):
    line = escape(typed, quote=False).strip()
    saved = clean_html(line)
    if reads(line):
        assert saved.startswith("<p>")
    assert clean_html(saved) == saved
    assert reads(saved) == reads(line)


def test_the_issue_sentence_is_stored_once_escaped_and_stays_so():
    typed = "Sadarbība ar skolu & pagastu  turpinājās"
    sent = "Sadarbība ar skolu &amp; pagastu&nbsp; turpinājās"  # the old editor, no <p>
    saved = clean_html(sent)
    assert saved == "<p>Sadarbība ar skolu &amp; pagastu\u00a0 turpinājās</p>"
    for _ in range(3):
        saved = clean_html(saved)
    assert saved == "<p>Sadarbība ar skolu &amp; pagastu\u00a0 turpinājās</p>"
    assert clean_html(typed) == "<p>Sadarbība ar skolu &amp; pagastu  turpinājās</p>"


def test_word_paste_keeps_bold_italic_and_text_only():
    saved = clean_html(WORD_PASTE)
    assert saved == clean_html(saved)
    assert "<b>treknais</b>" in saved and "<i>slīpais</i>" in saved
    assert "Sadarbība ar skolu &amp; pagastu" in saved
    assert "mso" not in saved and "style" not in saved and "WordDocument" not in saved


@pytest.mark.parametrize(("stored", "repaired"), [
    ("<p>skolu &amp;amp; pagastu&amp;nbsp; turpinājās</p>",
     "<p>skolu &amp; pagastu\u00a0 turpinājās</p>"),
    ("<p>a &amp;amp;amp;amp; b &amp;lt;c&amp;gt;</p>", "<p>a &amp; b &lt;c&gt;</p>"),
    ("<p>skolu &amp; pagastu</p>", "<p>skolu &amp; pagastu</p>"),
    ("<p>Rēzekne &amp;#8211; Malta</p>", "<p>Rēzekne – Malta</p>"),
    ("", ""),
])
def test_repair_double_escaped(stored, repaired):
    assert repair_double_escaped(stored) == repaired


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TYPED)
def test_repair_leaves_sound_texts_alone(typed):
    saved = clean_html(editor_html(typed))
    if re.search(r"&(amp|lt|gt|quot|apos|nbsp|#)", typed):
        return  # someone typing an escape itself: the repair reads it as meant
    assert repair_double_escaped(saved) == saved
