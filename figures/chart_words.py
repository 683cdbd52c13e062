"""The words of a frozen chart (a published report's), in the language chosen: titles,
legends and reference lines re-worded from the chart's keys; the numbers stay."""

import dataclasses
from collections.abc import Mapping

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from catalogue.models import Indicator
from figures.charts import BAR_CHART, LINE_CHART, ChartSpec
from figures.comparison import comparison_title, flag_words, group_label, group_title
from figures.tiles import DEFAULT_METRIC, METRICS, TRENDS, unit_text

# The words of a frozen chart ---------------------------------------------------------------
TREND_BY_KEY = {key: (title, codes) for key, title, codes in TRENDS}
# The names of the charts' reference lines (marked for translation where they are drawn).
REFERENCE_NAMES = ("Region", "Median", "Q1", "Q3")


def _in_every_language(msgid: str) -> set[str]:
    words = set()
    for code, _language in settings.LANGUAGES:
        with translation.override(code):
            words.add(_(msgid))
    return words


def _reference_name(name: str) -> str:
    """“Mediāna” or “Median”, whichever language it was written in, in the active one."""
    for msgid in REFERENCE_NAMES:
        if name in _in_every_language(msgid):
            return _(msgid)
    return name


def _group_bounds(title: str) -> tuple[int, int] | None:
    """The inhabitants' bounds a peer group's title names (“… — 2. grupa: 1 200–2 500
    iedzīvotāju” or “… — Group 2: 1,200–2,500 inhabitants”); populations are whole."""
    _metric, dash, label = title.rpartition(" — ")
    _number, colon, bounds = label.partition(":")
    low, en_dash, high = bounds.partition("–")
    digits = ["".join(char for char in part if char.isdigit()) for part in (low, high)]
    if not (dash and colon and en_dash and all(digits)):
        return None
    return int(digits[0]), int(digits[1])


def chart_spec_reworded(spec: ChartSpec, *, indicators: Mapping[str, Indicator], year: int,
                        metric: str = DEFAULT_METRIC) -> ChartSpec:
    """A frozen chart's words in the active language; its numbers, years and libraries stay.

    A published report keeps its charts' data (`ChartSpec`) with the words of the
    language it was published in. They are written again here from what the chart is
    (its key: a trend, the comparison or peer group N; the report's `year` and `metric`)
    and the catalogue (`indicators` by code, with `name` and `unit`), by the functions
    that wrote them in `build_dashboard`. The note is left empty but for the comparison's
    highlight note (the report adds the merges it names). A chart this does not
    know is returned as it was.
    """
    replace = dataclasses.replace
    if spec.kind == LINE_CHART and spec.key in TREND_BY_KEY:
        title, codes = TREND_BY_KEY[spec.key]
        present = [code for code in codes if code in indicators]
        if not present or len(present) != len(spec.series):
            return spec
        return replace(
            spec, title=str(title), unit=unit_text(indicators[present[0]].unit), note="",
            series=tuple(replace(series, name=indicators[code].name)
                         for series, code in zip(spec.series, present, strict=True)))
    is_group = spec.key.startswith("group-") and spec.key[6:].isdigit()
    indicator = indicators.get(metric)
    if spec.kind != BAR_CHART or indicator is None or not (
            spec.key == "comparison" or is_group):
        return spec
    higher_is_better = next((item.higher_is_better for item in METRICS if item.code == metric),
                            True)
    flag_label, flag_legend, flag_note = flag_words(higher_is_better)
    label = indicator.name
    spec = replace(
        spec, unit=unit_text(indicator.unit), value_header=label,
        highlight_label=flag_label, highlight_legend=flag_legend,
        reference_lines=tuple(replace(line, name=_reference_name(line.name))
                              for line in spec.reference_lines))
    if spec.key == "comparison":
        return replace(spec, title=comparison_title(label, year), note=flag_note)
    bounds = _group_bounds(spec.title)
    if bounds is None:
        return replace(spec, note="")
    return replace(spec, note="", title=group_title(
        label, year, group_label(int(spec.key[6:]), *bounds)))
