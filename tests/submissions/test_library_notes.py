"""A library's own notes (issue 21 item 6): written on a figure or a chapter by the
library's librarians, shown beside the same figure the next year, read by the library's
librarians and its methodologist, nobody else."""

import pytest
from django.urls import reverse

from catalogue.models import Indicator
from libraries.models import Role
from submissions.models import AuditEntry, LibraryNote
from submissions.selectors import field_id
from tests.factories import (
    LibraryFactory,
    RegionFactory,
    ReportingYearFactory,
    SubmissionFactory,
    librarian_of,
    regional_user,
)

NOTE = "Virtuālie apmeklējumi skaitīti pēc tīmekļvietnes statistikas, ne Facebook"


def _english(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def visits():
    return Indicator.objects.select_related("chapter").get(code="visits.total")


@pytest.fixture
def this_year(submission):
    """The library's 2022 report (open)."""
    return submission


@pytest.fixture
def earlier(library, last_year):
    """The library's 2021 report, accepted."""
    return SubmissionFactory(library=library, year=last_year, status="accepted")


def _figure_note_url(submission, indicator):
    return reverse("entry:figure_note", kwargs={
        "pk": submission.pk, "number": indicator.chapter.number, "code": indicator.code})


def _chapter_url(submission, number):
    return reverse("entry:chapter", kwargs={"pk": submission.pk, "number": number})


def _row(html: str, code: str) -> str:
    """The figure's two rows on the chapter page: the input and its details."""
    start = html.index(f'id="row-{field_id(code)}"')
    end = html.index("</tr>", html.index(f'id="{field_id(code)}-detail"'))
    return html[start:end]


def test_a_note_on_a_2021_figure_shows_beside_the_same_figure_in_2022(
        client_for, librarian, earlier, this_year, visits):
    client = _english(client_for(librarian))
    response = client.post(_figure_note_url(earlier, visits), {"text": NOTE})
    assert response.status_code == 302
    assert response["Location"].endswith(
        f"/chapter/{visits.chapter.number}/#row-{field_id('visits.total')}")

    html = client.get(_chapter_url(this_year, visits.chapter.number)).content.decode()
    row = _row(html, "visits.total")
    assert "Your note of 2021" in row
    assert NOTE in row
    # the details row holding it is shown, not hidden
    detail = html[html.index(f'id="{field_id("visits.total")}-detail"'):]
    assert detail[:detail.index(">")].count("hidden") == 0
    # not beside another figure
    assert NOTE not in _row(html, "visits.children")


def test_this_years_note_is_kept_apart_from_last_years(client_for, librarian, earlier,
                                                      this_year, visits):
    client = _english(client_for(librarian))
    client.post(_figure_note_url(earlier, visits), {"text": "2021: pēc skaitītāja"})
    client.post(_figure_note_url(this_year, visits), {"text": "2022: pēc vietnes"})

    html = client.get(_chapter_url(this_year, visits.chapter.number)).content.decode()
    row = _row(html, "visits.total")
    assert "Your note of 2021" in row and "2021: pēc skaitītāja" in row
    assert "Your note for 2022" in row and "2022: pēc vietnes" in row
    form = client.get(_figure_note_url(this_year, visits)).content.decode()
    assert "2022: pēc vietnes</textarea>" in form  # this year's note to change
    assert LibraryNote.objects.filter(library=this_year.library).count() == 2


def test_a_chapter_note_is_carried_to_next_year(client_for, librarian, earlier, this_year,
                                                visits):
    client = _english(client_for(librarian))
    number = visits.chapter.number
    url = reverse("entry:chapter_note", kwargs={"pk": earlier.pk, "number": number})
    assert client.post(url, {"text": "Nodaļa: dati no BIS"}).status_code == 302

    html = client.get(_chapter_url(this_year, number)).content.decode()
    block = html[html.index('id="chapter-note"'):html.index('id="chapter-form"')]
    assert "Your note of 2021" in block and "Nodaļa: dati no BIS" in block


def test_a_note_is_plain_text_audited_and_removed_when_emptied(client_for, librarian,
                                                              this_year, visits):
    client = _english(client_for(librarian))
    client.post(_figure_note_url(this_year, visits),
                {"text": "  <script>alert(1)</script> <b>treknrakstā</b>\x07\r\n"})
    note = LibraryNote.objects.get()
    assert note.text == "<script>alert(1)</script> <b>treknrakstā</b>"
    assert note.author == librarian
    html = client.get(_chapter_url(this_year, visits.chapter.number)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;treknrakstā&lt;/b&gt;" in html

    client.post(_figure_note_url(this_year, visits), {"text": "   "})
    assert not LibraryNote.objects.exists()
    audit = list(AuditEntry.objects.filter(submission=this_year, target="note:visits.total")
                 .order_by("pk").values_list("action", flat=True))
    assert audit == ["added", "deleted"]


def test_a_note_too_long_is_refused_with_the_reason(client_for, librarian, this_year, visits):
    client = _english(client_for(librarian))
    response = client.post(_figure_note_url(this_year, visits), {"text": "x" * 2001})
    assert response.status_code == 400
    assert "at most 2000 characters" in response.content.decode()
    assert not LibraryNote.objects.exists()


def test_a_note_on_a_derived_figure_or_another_chapters_figure_is_not_found(
        client_for, librarian, this_year, visits):
    client = client_for(librarian)
    derived = Indicator.objects.derived().select_related("chapter").first()
    assert client.get(_figure_note_url(this_year, derived)).status_code == 404
    other_chapter = visits.chapter.number + 1
    url = reverse("entry:figure_note", kwargs={
        "pk": this_year.pk, "number": other_chapter, "code": visits.code})
    assert client.get(url).status_code == 404


def test_the_methodologist_reads_the_notes_on_the_review_page(
        client_for, librarian, methodologist, earlier, this_year, visits):
    client = _english(client_for(librarian))
    client.post(_figure_note_url(earlier, visits), {"text": NOTE})
    client.post(reverse("entry:chapter_note", kwargs={
        "pk": this_year.pk, "number": visits.chapter.number}), {"text": "Nodaļas piezīme"})

    review = _english(client_for(methodologist)).get(
        reverse("review:submission", args=[this_year.pk])).content.decode()
    row = review[review.index('id="f-visits-total"'):]
    row = row[:row.index("</tr>")]
    assert "The library's note of 2021" in row and NOTE in row
    chapter = review[review.index(f'id="ch-{visits.chapter.number}"'):]
    chapter = chapter[:chapter.index("</table>")]
    assert "The library's note for 2022" in chapter and "Nodaļas piezīme" in chapter
    # and beside the figure on the chapter page too, without a way to write one
    html = _english(client_for(methodologist)).get(
        _chapter_url(this_year, visits.chapter.number)).content.decode()
    assert NOTE in _row(html, "visits.total")
    assert "Add a note" not in html


def test_only_the_librarians_of_the_library_write_a_note(
        client_for, librarian, other_librarian, methodologist, municipality, this_year,
        visits):
    url = _figure_note_url(this_year, visits)
    chapter_url = reverse("entry:chapter_note", kwargs={
        "pk": this_year.pk, "number": visits.chapter.number})
    anonymous = client_for(None).post(url, {"text": "x"})
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    other_region_methodologist = regional_user(RegionFactory(slug="vidzeme"),
                                               Role.METHODOLOGIST, "metodikis-vidzeme")
    for user in (other_librarian, methodologist, municipality, other_region_methodologist):
        client = client_for(user)
        assert client.get(url).status_code == 403, user
        assert client.post(url, {"text": "x"}).status_code == 403, user
        assert client.post(chapter_url, {"text": "x"}).status_code == 403, user
    assert not LibraryNote.objects.exists()
    assert client_for(librarian).get(url).status_code == 200


def test_another_library_or_region_never_reads_the_note(
        client_for, librarian, other_librarian, other_submission, earlier, this_year,
        visits):
    client_for(librarian).post(_figure_note_url(earlier, visits), {"text": NOTE})
    # the other library's librarian, on their own report's same chapter
    html = client_for(other_librarian).get(
        _chapter_url(other_submission, visits.chapter.number)).content.decode()
    assert NOTE not in html
    # nor on this library's pages
    assert client_for(other_librarian).get(
        _chapter_url(this_year, visits.chapter.number)).status_code == 403
    # another region's methodologist and librarian
    vidzeme = RegionFactory(slug="vidzeme")
    methodologist = regional_user(vidzeme, Role.METHODOLOGIST, "metodikis-vidzeme")
    assert client_for(methodologist).get(
        reverse("review:submission", args=[this_year.pk])).status_code == 403
    assert client_for(methodologist).get(
        _chapter_url(this_year, visits.chapter.number)).status_code == 403
    library = LibraryFactory(region=vidzeme, slug="cesu")
    their = SubmissionFactory(library=library,
                              year=ReportingYearFactory(region=vidzeme, year=2022))
    html = client_for(librarian_of(library, "bibl-cesu")).get(
        _chapter_url(their, visits.chapter.number)).content.decode()
    assert NOTE not in html
