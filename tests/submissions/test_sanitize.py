import pytest

from submissions.sanitize import clean_html, plain_text


@pytest.mark.parametrize(("dirty", "clean"), [
    ("<p>Hello<script>alert(1)</script></p>", "<p>Hello</p>"),
    ('<p onclick="steal()">Hi</p>', "<p>Hi</p>"),
    ('<p style="color:red">Hi</p>', "<p>Hi</p>"),
    ('<a href="javascript:alert(1)">x</a>', '<p><a rel="noopener noreferrer">x</a></p>'),
    ('<a href="https://lnb.lv" target="_blank">LNB</a>',
     '<p><a href="https://lnb.lv" rel="noopener noreferrer">LNB</a></p>'),
    ('<a href="mailto:a@b.lv">a</a>',
     '<p><a href="mailto:a@b.lv" rel="noopener noreferrer">a</a></p>'),
    ('<a href="/relative">r</a>', '<p><a rel="noopener noreferrer">r</a></p>'),
    ("<ul><li><b>B</b> <i>I</i> <strong>S</strong> <em>E</em></li></ul><ol><li>1</li></ol>",
     "<ul><li><b>B</b> <i>I</i> <strong>S</strong> <em>E</em></li></ul><ol><li>1</li></ol>"),
    ("<h1>Title</h1><img src=x onerror=alert(1)><iframe src=x></iframe>", "<p>Title</p>"),
    ("<style>p{}</style><p>x</p>", "<p>x</p>"),
    ("<div>one</div><div>two</div>", "<p>one</p><p>two</p>"),
    ("<p><br></p>", ""),
    ("   ", ""),
    ("First line\nsecond\n\nNew paragraph & more",
     "<p>First line<br>second</p><p>New paragraph &amp; more</p>"),
])
def test_clean_html(dirty, clean):
    assert clean_html(dirty) == clean


@pytest.mark.parametrize(("dirty", "clean"), [
    # a list the editor put inside a paragraph stands on its own
    ("<p><ul><li>a</li><li>b</li></ul></p>", "<ul><li>a</li><li>b</li></ul>"),
    ("<p>Intro<ol><li>1</li></ol>after</p>", "<p>Intro</p><ol><li>1</li></ol><p>after</p>"),
    # empty paragraphs (also with only a line break or spaces) go
    ("<p>One</p><p></p><p><br></p><p> &nbsp;</p><p>Two</p>", "<p>One</p><p>Two</p>"),
    # the first line typed before any paragraph is wrapped in one
    ("First line<p>Second</p>", "<p>First line</p><p>Second</p>"),
    ("<b>Bold</b> start<br><ul><li>x</li></ul>tail",
     "<p><b>Bold</b> start</p><ul><li>x</li></ul><p>tail</p>"),
    # trailing line breaks in a paragraph go, the ones inside stay
    ("<p>a<br>b<br></p>", "<p>a<br>b</p>"),
    # list items outside a list get one
    ("<li>a</li><li>b</li>", "<ul><li>a</li><li>b</li></ul>"),
    ("<ul><li>a</li></ul><ul></ul>", "<ul><li>a</li></ul>"),
    # text stays escaped
    ("<p>1 &lt; 2 &amp; 3</p>", "<p>1 &lt; 2 &amp; 3</p>"),
])
def test_clean_html_normalises_blocks(dirty, clean):
    assert clean_html(dirty) == clean


def test_clean_html_is_stable():
    once = clean_html("x<p><ul><li>a</li></ul></p><p></p>y <i>z</i>")
    assert clean_html(once) == once


def test_plain_text():
    assert plain_text("<p>One &amp; <b>two</b></p><ul><li>a</li><li>b</li></ul>") == \
        "One & two\na\nb"
