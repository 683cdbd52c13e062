"""The dashboard's charts in the consolidated report: built from the report's own figures,
kept in the published snapshot, drawn by figures.charts in the pages and the PDF."""

from decimal import Decimal

from django.urls import reverse

from figures.charts import BAR, BAR_CHART, LINE_CHART, ChartSpec
from reports.consolidated import build_report, report_from_dict, report_to_dict
from reports.presentation import report_charts
from reports.services import report_publish
from submissions.models import Submission
from tests.factories import set_values


def _spec(data, key) -> ChartSpec:
    return next(spec for spec in data.charts if spec.key == key)


def test_the_report_holds_the_dashboards_chart_data(region, network):
    data = build_report(region, 2021)
    keys = [spec.key for spec in data.charts]
    assert keys[0] == "visits-per-inhabitant"
    assert {"users", "visits", "loans", "comparison", "group-1"} <= set(keys)
    trend = _spec(data, "visits-per-inhabitant")
    assert trend.kind == LINE_CHART
    assert trend.categories == ("2019", "2020", "2021")
    # visits and population are both 10 + n in every library: one visit per inhabitant.
    assert trend.series[0].values == (Decimal("1.00"),) * 3
    comparison = _spec(data, "comparison")
    assert comparison.kind == BAR_CHART
    assert sorted(comparison.labels) == sorted(library.name for library in network)
    assert {line.name for line in comparison.reference_lines} == {"Reģions", "Mediāna"}


def test_chart_data_survives_the_json_round_trip(region, network):
    data = build_report(region, 2021)
    again = report_from_dict(report_to_dict(data))
    assert again.charts == data.charts
    assert isinstance(_spec(again, "comparison").values[0], Decimal)


def test_a_year_without_figures_has_no_charts(region, network):
    assert build_report(region, 2024).charts == ()


def test_drawn_charts_use_the_chart_colours(region, network):
    charts = report_charts(build_report(region, 2021))
    assert len(charts.trends) >= 4
    assert f'fill="{BAR}"' in charts.comparison.svg
    assert "paint-order" not in charts.comparison.svg  # WeasyPrint would hide the labels


def test_the_report_page_shows_the_charts(client_for, methodologist, network):
    response = client_for(methodologist).get(reverse("reports:report") + "?year=2021")
    html = response.content.decode()
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg"') >= 6
    assert "&lt;svg" not in html
    assert "Apmeklējums uz vienu iedzīvotāju pa bibliotēkām, 2021" in html
    assert 'href="#comparison"' in html


def test_a_published_versions_charts_come_from_its_snapshot(client_for, region, methodologist,
                                                           municipality, network):
    published = report_publish(region=region, year=2021, user=methodologist)
    submission = Submission.objects.get(library=network[0], year__year=2021)
    set_values(submission, **{"visits.total": 1000})  # 100 visits per inhabitant now

    frozen = client_for(municipality).get(
        reverse("reports:published_detail", kwargs={"pk": published.pk}))
    rows = dict(row[:2] for row in frozen.context["charts"].comparison.table_rows)
    assert rows[network[0].name] == "1,00"

    live = client_for(methodologist).get(reverse("reports:report") + "?year=2021")
    rows = dict(row[:2] for row in live.context["charts"].comparison.table_rows)
    assert rows[network[0].name] == "100,00"
