from decimal import Decimal

from indicators.models import Section, Submission, Value
from reports.consolidated import report_from_dict
from reports.models import JobState, PdfJob, RegionalText
from reports.services import (
    pdf_job_start,
    regional_text_save,
    report_publish,
    sanitise_html,
)
from tests.factories import set_values


def test_sanitising_removes_scripts_and_handlers():
    html = sanitise_html('<p onclick="x()">Labi<script>alert(1)</script></p>'
                         '<a href="javascript:alert(1)">x</a><a href="https://lnb.lv">LNB</a>')
    assert "script" not in html
    assert "onclick" not in html
    assert "javascript" not in html
    assert '<a href="https://lnb.lv"' in html
    assert html.startswith("<p>Labi")


def test_regional_text_is_saved_sanitised(region, methodologist, network):
    section = Section.objects.get(code="0-priorities")
    regional_text_save(region=region, year=2021, section=section,
                       html="<p>Prioritātes<script>x</script></p>", user=methodologist)
    regional_text_save(region=region, year=2021, section=section,
                       html="<p>Prioritātes</p><ul><li>a</li></ul>", user=methodologist)
    text = RegionalText.objects.get()
    assert text.html == "<p>Prioritātes</p><ul><li>a</li></ul>"
    assert text.updated_by == methodologist


def _users_2021(published) -> Decimal:
    data = report_from_dict(published.snapshot["report"])
    row = next(r for r in data.find_table("main_indicators").rows if r.code == "users.active")
    return row.values[-1]


def test_publishing_freezes_the_figures(region, methodologist, network):
    first = report_publish(region=region, year=2021, user=methodologist)
    before = _users_2021(first)
    submission = Submission.objects.get(library=network[0], year__year=2021)
    set_values(submission, **{"users.active": 1000})
    first.refresh_from_db()
    assert _users_2021(first) == before
    second = report_publish(region=region, year=2021, user=methodologist)
    assert second.version == first.version + 1
    assert _users_2021(second) == before - Decimal(10) + Decimal(1000)


def test_snapshot_holds_per_library_figures(region, methodologist, network):
    published = report_publish(region=region, year=2021, user=methodologist)
    library = network[1]
    assert published.snapshot["figures"]["2021"][library.slug]["users.active"] == 11
    assert published.snapshot["libraries"][library.slug] == {
        "name": library.name, "kind": "parish", "population": 11}
    assert set(published.snapshot["figures"]) == {"2019", "2020", "2021"}
    Value.objects.all().delete()
    assert published.snapshot["figures"]["2021"][library.slug]["users.active"] == 11


def test_a_published_versions_pdf_is_made_once(region, methodologist, network):
    published = report_publish(region=region, year=2021, user=methodologist)
    job = published.pdf_job
    assert job.state == JobState.DONE
    assert job.file.read(4) == b"%PDF"
    again = pdf_job_start(region=region, year=2021, scope="accepted", published=published,
                          user=methodologist)
    assert again.pk == job.pk
    assert PdfJob.objects.count() == 1
