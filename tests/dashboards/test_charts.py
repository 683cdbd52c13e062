"""The SVG chart module: valid XML, escaped labels, gaps for None, nice ticks, Latvian numbers."""

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from figures.charts import Chart, bar_chart, line_chart, nice_ticks, tick_decimals

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def latvian():
    with translation.override("lv"):
        yield


def parse(chart: Chart) -> ET.Element:
    return ET.fromstring(str(chart.svg))  # noqa: S314 - our own markup


def texts(root: ET.Element) -> list[str]:
    return [element.text or "" for element in root.iter(f"{SVG}text")]


def test_line_chart_is_valid_accessible_svg():
    chart = line_chart(title="Apmeklējums", categories=["2019", "2020", "2021"],
                       series=[("Visits", [Decimal(93120), Decimal(88830), Decimal(77282)])])
    root = parse(chart)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("viewBox").startswith("0 0 ")
    assert root.find(f"{SVG}title").text == "Apmeklējums"
    assert root.find(f"{SVG}desc").text
    assert "DejaVu Sans" in root.get("font-family")
    assert "<script" not in chart.svg and "href" not in chart.svg
    assert chart.table_headers == ("Gads", "Visits")
    assert chart.table_rows[2] == ("2021", "77\xa0282")


def test_labels_are_escaped():
    evil = '<script>alert("x")</script> & Co'
    chart = bar_chart(title=evil, labels=[evil, "B"], values=[1, 2],
                      reference_lines=[(evil, 1.5)])
    assert "<script>" not in chart.svg
    root = parse(chart)  # still well-formed XML
    assert root.find(f"{SVG}title").text == evil
    assert evil in texts(root)
    line = line_chart(title="t", categories=[evil], series=[(evil, [1.0])])
    assert "<script>" not in line.svg
    parse(line)


def test_none_values_are_skipped():
    chart = line_chart(title="t", categories=["2019", "2020", "2021", "2022"],
                       series=[("A", [1.0, None, 3.0, 4.0])])
    root = parse(chart)
    polylines = list(root.iter(f"{SVG}polyline"))
    assert len(polylines) == 1  # the gap leaves 2019 alone, 2021–2022 joined
    assert polylines[0].get("points").count(",") == 2
    assert chart.table_rows[1] == ("2020", "–")

    bars = bar_chart(title="t", labels=["A", "B", "C"], values=[1.0, None, 2.0])
    root = parse(bars)
    bar_rects = [rect for rect in root.iter(f"{SVG}rect") if rect.get("height") == "13"]
    assert len(bar_rects) == 2
    assert bars.table_rows[1] == ("B", "–")


def test_all_none_still_draws():
    parse(line_chart(title="t", categories=["2021"], series=[("A", [None])]))
    parse(bar_chart(title="t", labels=["A"], values=[None]))
    parse(bar_chart(title="t", labels=[], values=[]))


@pytest.mark.parametrize(("low", "high", "expected"), [
    (0, 77282, [0, 20000, 40000, 60000, 80000]),
    (0, 2.81, [0, 1, 2, 3]),
    (0, 0.4, [0, 0.1, 0.2, 0.3, 0.4]),
    (0, 100, [0, 25, 50, 75, 100]),
    (0, 0, [0, 1]),
    (-12, 8, [-15, -10, -5, 0, 5, 10]),
    (5, 5, [0, 2, 4, 6]),
])
def test_nice_ticks(low, high, expected):
    assert nice_ticks(low, high) == expected


def test_tick_decimals():
    assert tick_decimals([0, 0.5, 1.0]) == 1
    assert tick_decimals([0, 25, 50]) == 0
    assert tick_decimals([0, 0.25]) == 2


def test_latvian_number_format_in_labels():
    chart = bar_chart(title="Apmeklējums uz iedzīvotāju",
                      labels=["Audriņu", "Maltas"], values=[Decimal("2.4959"), Decimal("12.5")],
                      reference_lines=[("Mediāna", Decimal("2.5"))], decimals=2)
    labels = texts(parse(chart))
    assert "2,50" in labels and "12,50" in labels
    assert "Mediāna: 2,50" in labels
    assert ("Mediāna", "2,50") in chart.table_rows
    big = bar_chart(title="t", labels=["A"], values=[Decimal(1234567)])
    assert "1\xa0234\xa0567" in texts(parse(big))


def test_bar_chart_highlight_and_reference_lines():
    chart = bar_chart(title="t", labels=["A", "B", "C"], values=[1, 2, 3], highlight={0},
                      reference_lines=[("Median", 2), ("Q1", 1.5)], highlight_label="Below")
    root = parse(chart)
    fills = [rect.get("fill") for rect in root.iter(f"{SVG}rect") if rect.get("height") == "13"]
    assert fills[0] != fills[1] == fills[2]
    assert chart.table_headers[-1] == "Below"
    assert chart.table_rows[0][-1] and not chart.table_rows[1][-1]
    dashed = [line for line in root.iter(f"{SVG}line") if line.get("stroke-width") == "2"]
    assert len(dashed) >= 2


def test_multi_series_line_chart_has_legend():
    chart = line_chart(title="t", categories=["2020", "2021"],
                       series=[("Users", [10, 20]), ("Children", [3, 4])], unit="skaits")
    labels = texts(parse(chart))
    assert "Users" in labels and "Children" in labels
    assert chart.table_headers == ("Gads", "Users (skaits)", "Children (skaits)")


def test_chart_include_renders_figure_with_table_and_csv_link():
    chart = bar_chart(title="Apmeklējums", labels=["A & B"], values=[1])
    html = render_to_string("dashboards/chart.html", {"chart": chart, "csv_url": "/x.csv"})
    assert "<figure" in html and "<figcaption" in html and "<details" in html
    assert "<svg" in html and "A &amp; B" in html
    assert 'href="/x.csv"' in html
    assert 'href="/x.csv"' not in render_to_string("dashboards/chart.html", {"chart": chart})


def test_reference_lines_never_cross_the_value_labels():
    """Values sit in their own column right of the plot; the region, median and quartile
    lines end at the plot, so even a value equal to a line stays readable."""
    values = [Decimal("2.89"), Decimal("2.44"), Decimal("2.39"), Decimal("2.09"), None]
    chart = bar_chart(title="Apmeklējums", labels=["A", "B", "C", "D", "E"], values=values,
                      highlight={2, 3}, highlight_label="zem līdzīgajām",
                      highlight_legend="oranžs: zem savas lieluma grupas 1. kvartiles (Q1)",
                      note="Oranžās joslas: …",
                      reference_lines=[("Reģions", Decimal("2.50")),
                                       ("Mediāna", Decimal("2.44"))])
    root = parse(chart)
    width = float(root.get("width"))
    lines = [element for element in root.iter(f"{SVG}line")
             if element.get("stroke-width") == "2" and element.get("x1") == element.get("x2")
             and float(element.get("y2")) > 30]
    assert len(lines) == 2
    line_right = max(float(line.get("x1")) for line in lines)
    bars = [element for element in root.iter(f"{SVG}rect") if element.get("height") == "13"]
    plot_right = max(float(bar.get("x")) + float(bar.get("width")) for bar in bars)
    labels = [element for element in root.iter(f"{SVG}text")
              if element.text in ("2,89", "2,44", "2,39", "2,09", "–")
              and element.get("text-anchor") == "end"]
    assert len(labels) == 5
    for label in labels:
        right = float(label.get("x"))
        left = right - len(label.text) * 7  # 11 px digits are narrower than 7 px
        assert left > max(line_right, plot_right) + 4
        assert right <= width
    # the legend explains the orange bars, and the chart carries the note for its caption
    assert "oranžs: zem savas lieluma grupas 1. kvartiles (Q1)" in texts(root)
    assert chart.note == "Oranžās joslas: …"
    assert "Oranžās joslas" in root.find(f"{SVG}desc").text
    assert chart.data_rows[2] == ("C", Decimal("2.39"), "jā")


def test_comparison_chart_explains_its_colours(client_for, region, network, methodologist):
    from submissions.models import Value

    network(region, libraries=12, years=[2021])
    for index, slug in enumerate(["lib-0000", "lib-0001", "lib-0002", "lib-0003"]):
        Value.objects.filter(submission__library__slug=slug,
                             indicator__code="visits.total").update(value=100 * (index + 1))
    html = client_for(methodologist).get("/dashboards/", {"source": "current"}
                                         ).content.decode()
    comparison = html.split('id="comparison"', 1)[1]
    assert "oranžs: zem savas lieluma grupas 1. kvartiles (Q1)" in comparison
    assert '<p class="chart-note">Oranžās joslas:' in comparison
