"""Issue 22, item 9: a published version's charts are drawn in the reader's language.

The snapshot keeps the charts' data (`ChartSpec`) with the words of the language it was
published in; `reports.consolidated.localised` writes them again from the charts' keys,
so an English reader of a version published in Latvian gets English titles, legends,
units, headers and “Median” on the page, in the PDF and in the DOCX. The numbers stay
the snapshot's own.
"""

import json
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from catalogue.models import Indicator
from figures.chart_words import chart_spec_reworded
from figures.charts import ChartSpec
from figures.comparison import group_label, group_title
from figures.tiles import DEFAULT_METRIC
from reports.consolidated import build_report, localised, report_from_dict, report_to_dict
from reports.models import PdfJob
from reports.presentation import report_charts
from reports.services import report_publish
from submissions.models import Submission
from tests.factories import set_values
from tests.reports.conftest import png_bytes
from tests.reports.test_merge_report import merged, third  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

# Latvian words of the report's charts (their English twins below).
LATVIAN_CHART_WORDS = ("Mediāna", "Reģions", "kvartile", "grupa", "iedzīvotāj",
                       "Oranžās joslas", "zem ", "pa bibliotēkām", "Gads", "Bibliotēka\u200b")
ENGLISH_CHART_WORDS = ("Median", "Region", "Q1", "Visits per inhabitant by library, 2021",
                       "Group 1: ", "Orange bars", "below peers")


@pytest.fixture(autouse=True)
def _latvian_afterwards():
    yield
    translation.activate(settings.LANGUAGE_CODE)


def english(client):
    client.cookies["django_language"] = "en"
    return client


def _chart_text(charts) -> str:
    """Every word the drawn charts show: captions, SVG, data tables and notes."""
    parts = []
    for chart in (*charts.trends, charts.comparison, *charts.peers):
        parts += [chart.title, str(chart.svg), chart.note, *chart.table_headers,
                  *(cell for row in chart.table_rows for cell in row)]
    return "\n".join(parts)


def _latvian_names():
    return [name for name in Indicator.objects.values_list("name_lv", flat=True)
            if name and name not in Indicator.objects.values_list("name_en", flat=True)]


def _assert_english(text: str) -> None:
    for word in LATVIAN_CHART_WORDS:
        assert word not in text, word
    for name in _latvian_names():
        assert name not in text, name
    for word in ENGLISH_CHART_WORDS:
        assert word in text, word


@pytest.fixture
def published(region, methodologist, network):
    """Published in Latvian; one library far under its peers (highlighted, with a note)."""
    set_values(Submission.objects.get(library=network[0], year__year=2021),
               **{"visits.total": 1})
    return report_publish(region=region, year=2021, user=methodologist, make_pdf=False)


def test_the_published_page_in_english_draws_english_charts(client_for, municipality,
                                                            published, network):
    # the numbers stay the version's own, whatever the submissions say now
    set_values(Submission.objects.get(library=network[0], year__year=2021),
               **{"visits.total": 1000})
    response = english(client_for(municipality)).get(
        reverse("reports:published_detail", kwargs={"pk": published.pk}))
    charts = response.context["charts"]
    _assert_english(_chart_text(charts))
    page = response.content.decode()
    assert "Mediāna" not in page and "Median: " in page
    assert "Apmeklējums uz vienu iedzīvotāju" not in page
    rows = dict(row[:2] for row in charts.comparison.table_rows)
    assert rows[network[0].name] == "0.10"  # as published: 1 visit, 10 inhabitants


def test_latvian_readers_still_get_the_latvian_charts(client_for, municipality, published):
    response = client_for(municipality).get(
        reverse("reports:published_detail", kwargs={"pk": published.pk}))
    text = _chart_text(response.context["charts"])
    assert "Mediāna" in text and "Apmeklējums uz vienu iedzīvotāju pa bibliotēkām, 2021" in text
    assert "Median" not in text


def test_a_version_published_in_english_reads_latvian_for_latvian_readers(region, network):
    with translation.override("en"):
        snapshot = json.loads(json.dumps(report_to_dict(build_report(region, 2021))))
    with translation.override("lv"):
        latvian = report_charts(localised(report_from_dict(snapshot)))
        built = report_charts(build_report(region, 2021))
    # worded again, the charts are exactly the ones built in Latvian
    assert latvian == built


def test_the_english_pdf_job_draws_english_charts(client_for, municipality, published,
                                                  rendered,
                                                  django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        english(client_for(municipality)).post(reverse("reports:pdf_start"),
                                               {"published": published.pk})
    job = PdfJob.objects.get()
    assert job.language == "en" and job.published == published
    html = rendered[0]
    assert "Mediāna" not in html and "Reģions" not in html
    assert "Apmeklējums uz vienu iedzīvotāju" not in html
    assert "Visits per inhabitant by library, 2021" in html and "Median: " in html


def test_the_english_docx_draws_english_charts(client_for, municipality, published,
                                               monkeypatch):
    drawn = []
    png = png_bytes()
    monkeypatch.setattr("reports.docx.chart_png", lambda svg: drawn.append(svg) or png)
    response = english(client_for(municipality)).get(
        reverse("reports:docx") + f"?published={published.pk}")
    assert response.status_code == 200
    svg = "\n".join(drawn)
    assert drawn and "Mediāna" not in svg and "Reģions" not in svg
    assert "Median: " in svg and "Visits per inhabitant" in svg


def test_a_chart_it_does_not_know_stays_as_published(region, network):
    snapshot = report_to_dict(build_report(region, 2021))
    snapshot["charts"][0]["key"] = "something-else"
    with translation.override("en"):
        data = localised(report_from_dict(snapshot))
    assert data.charts[0].title == snapshot["charts"][0]["title"]


def test_a_snapshot_without_charts_shows_none(client_for, municipality, published):
    published.snapshot["report"].pop("charts")
    published.save(update_fields=["snapshot"])
    response = english(client_for(municipality)).get(
        reverse("reports:published_detail", kwargs={"pk": published.pk}))
    assert response.status_code == 200
    assert not response.context["charts"]


@pytest.mark.usefixtures("merged")
def test_the_merge_notes_under_the_charts_follow_the_reader(region):
    """Published in Latvian with a merge: an English reader gets every chart as it would
    be built in English, the merge notes under them included."""
    with translation.override("lv"):
        snapshot = json.loads(json.dumps(report_to_dict(build_report(region, 2023))))
    with translation.override("en"):
        charts = localised(report_from_dict(snapshot)).charts
        built = build_report(region, 2023).charts
    assert charts == built
    assert any("Merged from 2023" in spec.note for spec in charts)


def test_a_peer_groups_bounds_survive_the_thousands_separators():
    """The group's inhabitants are read back from its title, written with the separators
    of the language it was published in (“1 200–25 000” or “1,200–25,000”)."""
    catalogue = {indicator.code: indicator for indicator in Indicator.objects.all()}
    for source, target in (("lv", "en"), ("en", "lv")):
        with translation.override(source):
            spec = ChartSpec.bar(key="group-2", title=group_title(
                "x", 2021, group_label(2, Decimal(1200), Decimal(25000))), labels=["A"],
                values=[1], reference_lines=[(gettext("Median"), 1)])
        with translation.override(target):
            reworded = chart_spec_reworded(spec, indicators=catalogue, year=2021)
            metric = catalogue[DEFAULT_METRIC].name
            assert reworded.title == group_title(
                metric, 2021, group_label(2, Decimal(1200), Decimal(25000)))
            assert reworded.reference_lines[0].name == gettext("Median")
