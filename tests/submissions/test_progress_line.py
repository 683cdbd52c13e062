"""The progress line of the pages and of the autosave's reply (entry.js replaces it),
written without a template: what a librarian reads, in Latvian and English."""

from django.utils import translation

from entry.templatetags.entry_tags import progress_line
from submissions.selectors import Progress


def _line(lang, progress, key="chapter"):
    with translation.override(lang):
        return str(progress_line(progress, key))


def test_a_chapter_half_done_reads_in_latvian_with_its_plural_forms():
    line = _line("lv", Progress(None, figures=21, filled=1, texts=3, texts_written=1,
                                warnings=2, missing=20))
    assert line == (
        '<span class="progress-line" data-progress="chapter">\n'
        '  <progress max="21" value="1" aria-hidden="true"></progress>\n'
        '  <span class="progress-text" data-n="1">aizpildīti 1 no 21 rādītāja</span>'
        '<span class="progress-texts" data-n="1">uzrakstīti 1 no 3 tekstiem</span>\n'
        '  <span class="badge badge-error" data-count="errors" hidden>0 kļūdu</span>\n'
        '  <span class="badge badge-warning" data-count="warnings">2 brīdinājumi '
        'jāpaskaidro</span>\n'
        '  <span class="badge badge-missing" data-count="missing">20 obligātie nav '
        'aizpildīti</span>\n'
        '  <span class="badge badge-ok" data-count="complete" hidden>pabeigts</span>\n'
        '</span>\n')


def test_a_chapter_of_texts_only_shows_no_figure_count():
    line = _line("en", Progress(None, texts=2, texts_written=2), key=4)
    assert 'data-progress="4"' in line
    assert "<progress" not in line and "figure" not in line
    assert '<span class="progress-texts" data-n="2">2 of 2 texts</span>' in line
    # no figures: never “complete” (as the pages have always shown it)
    assert '<span class="badge badge-ok" data-count="complete" hidden>complete</span>' in line


def test_a_finished_chapter_says_complete_and_hides_the_counts():
    line = _line("en", Progress(None, figures=1, filled=1))
    assert "1 of 1 figure</span>" in line
    assert '<span class="badge badge-ok" data-count="complete">complete</span>' in line
    for badge in ("errors", "warnings", "missing"):
        assert f'data-count="{badge}" hidden>' in line
