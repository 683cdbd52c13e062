import pytest

from indicators.sanitize import clean_html, plain_text


@pytest.mark.parametrize(("dirty", "clean"), [
    ("<p>Hello<script>alert(1)</script></p>", "<p>Hello</p>"),
    ('<p onclick="steal()">Hi</p>', "<p>Hi</p>"),
    ('<p style="color:red">Hi</p>', "<p>Hi</p>"),
    ('<a href="javascript:alert(1)">x</a>', '<a rel="noopener noreferrer">x</a>'),
    ('<a href="https://lnb.lv" target="_blank">LNB</a>',
     '<a href="https://lnb.lv" rel="noopener noreferrer">LNB</a>'),
    ('<a href="mailto:a@b.lv">a</a>', '<a href="mailto:a@b.lv" rel="noopener noreferrer">a</a>'),
    ('<a href="/relative">r</a>', '<a rel="noopener noreferrer">r</a>'),
    ("<ul><li><b>B</b> <i>I</i> <strong>S</strong> <em>E</em></li></ul><ol><li>1</li></ol>",
     "<ul><li><b>B</b> <i>I</i> <strong>S</strong> <em>E</em></li></ul><ol><li>1</li></ol>"),
    ("<h1>Title</h1><img src=x onerror=alert(1)><iframe src=x></iframe>", "Title"),
    ("<style>p{}</style><p>x</p>", "<p>x</p>"),
    ("<div>one</div><div>two</div>", "<p>one</p><p>two</p>"),
    ("<p><br></p>", ""),
    ("   ", ""),
    ("First line\nsecond\n\nNew paragraph & more",
     "<p>First line<br>second</p><p>New paragraph &amp; more</p>"),
])
def test_clean_html(dirty, clean):
    assert clean_html(dirty) == clean


def test_plain_text():
    assert plain_text("<p>One &amp; <b>two</b></p><ul><li>a</li><li>b</li></ul>") == \
        "One & two\na\nb"
