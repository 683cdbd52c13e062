"""Every chart of the portal, drawn on the server as inline SVG: pages and PDF use the same.

A chart is plain SVG markup built with string formatting (every text escaped): no
JavaScript, no external resources, the font "DejaVu Sans" (installed for WeasyPrint),
colours with at least 3:1 contrast on white for marks and 4.5:1 for text. It renders in
browsers and in WeasyPrint alike. Each chart carries its data as table headers and rows,
already formatted, for an accessible HTML table beside it and for CSV downloads.

    line_chart(title=..., categories=["2019", "2020"], series=[("Visits", [1.0, 2.0])])
    bar_chart(title=..., labels=[...], values=[...], reference_lines=[("Median", 2.5)])

A `ChartSpec` holds a chart's data without its drawing (titles, categories, series,
labels, values, reference lines): a consolidated report keeps its specs in its
snapshot, so a published version's charts are drawn from its own frozen numbers.
`spec.draw()` calls `line_chart` or `bar_chart`.

Numbers in labels and tables go through `catalogue.formatting.format_number` (rounded half
away from zero), so they follow the active language (Latvian: `6 441`, `2,50`).
"""

import dataclasses
import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from catalogue.derived import round_half_away
from catalogue.formatting import format_number

FONT = "DejaVu Sans, Verdana, sans-serif"
TEXT = "#1a1a1a"
MUTED = "#595959"  # 7:1 on white
GRID = "#d9d9d9"
AXIS = "#767676"  # 4.5:1 on white
BAR = "#2760a5"  # 6.2:1 on white
HIGHLIGHT = "#b5400b"  # 5.3:1 on white
REFERENCE = ("#1a1a1a", "#6b3fa0", "#0f6e5a", "#8a5a00")
# Series colours (all ≥ 4.5:1 on white) with a dash pattern and marker each, so a
# series is told apart without colour too.
SERIES = (
    ("#2760a5", "", "circle"),
    ("#b5400b", "6 3", "square"),
    ("#0f6e5a", "2 3", "diamond"),
    ("#6b3fa0", "8 3 2 3", "triangle"),
    ("#1a1a1a", "1 2", "circle"),
)
# A white outline under value labels keeps them readable where they cross a line. It is
# a white-stroked copy drawn first: WeasyPrint ignores `paint-order`, and a stroke painted
# over the fill would hide the text in the PDF.
HALO = 'fill="#ffffff" stroke="#ffffff" stroke-width="3" stroke-linejoin="round"'
CHAR_WIDTH = 6.6  # average advance of DejaVu Sans at 12 px, for layout estimates


@dataclass(frozen=True)
class Chart:
    title: str
    svg: SafeString
    table_headers: tuple[str, ...]
    table_rows: tuple[tuple[str, ...], ...]
    # The same rows with numbers unformatted (rounded as shown), for CSV downloads.
    data_rows: tuple[tuple, ...] = ()
    note: str = ""  # a sentence under the chart (what the highlight colour means)

    @property
    def slug(self) -> str:
        """A stable id for the chart on a page (anchors, CSV file names)."""
        return _chart_id(self.title, self.table_rows)


LINE_CHART, BAR_CHART = "line", "bar"  # ChartSpec.kind
PLOT_HEIGHT, COMPACT_PLOT_HEIGHT = 220.0, 150.0  # of line charts, in px


@dataclass(frozen=True)
class SeriesData:
    name: str
    values: tuple[Decimal | None, ...]


@dataclass(frozen=True)
class ReferenceLine:
    name: str
    value: Decimal | None


@dataclass(frozen=True)
class ChartSpec:
    """The data of one chart, ready to draw: plain values, JSON-friendly (no SVG)."""

    key: str
    kind: str  # LINE_CHART or BAR_CHART
    title: str
    unit: str = ""
    decimals: int | None = None
    categories: tuple[str, ...] = ()  # line charts
    series: tuple[SeriesData, ...] = ()  # line charts
    labels: tuple[str, ...] = ()  # bar charts
    values: tuple[Decimal | None, ...] = ()  # bar charts
    highlight: tuple[int, ...] = ()
    highlight_label: str = ""
    reference_lines: tuple[ReferenceLine, ...] = ()
    value_header: str = ""
    highlight_legend: str = ""  # the legend's words for the highlight colour
    note: str = ""

    @classmethod
    def line(cls, *, key: str, title: str, categories: Sequence[str],
             series: Sequence[tuple[str, Sequence]], unit: str = "",
             decimals: int | None = None) -> "ChartSpec":
        return cls(key=key, kind=LINE_CHART, title=str(title), unit=str(unit), decimals=decimals,
                   categories=tuple(str(category) for category in categories),
                   series=tuple(SeriesData(name=str(name),
                                           values=tuple(_decimal(value) for value in values))
                                for name, values in series))

    @classmethod
    def bar(cls, *, key: str, title: str, labels: Sequence[str], values: Sequence,
            unit: str = "", decimals: int | None = None, highlight=(),
            highlight_label: str = "", reference_lines: Sequence[tuple[str, object]] = (),
            value_header: str = "", highlight_legend: str = "",
            note: str = "") -> "ChartSpec":
        return cls(key=key, kind=BAR_CHART, title=str(title), unit=str(unit), decimals=decimals,
                   labels=tuple(str(label) for label in labels),
                   values=tuple(_decimal(value) for value in values),
                   highlight=tuple(sorted(highlight)), highlight_label=str(highlight_label),
                   reference_lines=tuple(ReferenceLine(name=str(name), value=_decimal(value))
                                         for name, value in reference_lines),
                   value_header=str(value_header), highlight_legend=str(highlight_legend),
                   note=str(note))

    def draw(self, *, compact: bool = False) -> "Chart":
        """The chart; `compact` draws line charts lower (four fit on an A4 page)."""
        if self.kind == BAR_CHART:
            return bar_chart(
                title=self.title, labels=list(self.labels), values=list(self.values),
                unit=self.unit, highlight=set(self.highlight),
                reference_lines=[(line.name, line.value) for line in self.reference_lines],
                decimals=self.decimals, value_header=self.value_header or None,
                highlight_label=self.highlight_label,
                highlight_legend=self.highlight_legend, note=self.note)
        chart = line_chart(title=self.title, categories=list(self.categories),
                           series=[(s.name, list(s.values)) for s in self.series],
                           unit=self.unit, decimals=self.decimals,
                           plot_height=COMPACT_PLOT_HEIGHT if compact else PLOT_HEIGHT)
        return dataclasses.replace(chart, note=self.note) if self.note else chart


def _decimal(value) -> Decimal | None:
    if value is None or isinstance(value, Decimal):
        return value
    return Decimal(str(value))


# Numbers ---------------------------------------------------------------------------
def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round axis ticks (1, 2, 2.5 or 5 × 10ⁿ apart) covering low…high, about `count` of them."""
    if low > high:
        low, high = high, low
    if low == high:
        if low == 0:
            return [0.0, 1.0]
        low, high = (0.0, high) if low > 0 else (low, 0.0)
    raw_step = (high - low) / max(count - 1, 1)
    magnitude = 10 ** math.floor(math.log10(raw_step))
    for factor in (1, 2, 2.5, 5, 10):
        step = factor * magnitude
        if step >= raw_step:
            break
    start = math.floor(low / step + 1e-9) * step
    stop = math.ceil(high / step - 1e-9) * step
    ticks = []
    index = 0
    while True:
        tick = start + index * step
        if tick > stop + step * 1e-9:
            break
        ticks.append(round(tick, 10) + 0.0)
        index += 1
    return ticks


def tick_decimals(ticks: Sequence[float]) -> int:
    """Decimals needed to write every tick exactly (0 for 0, 50, 100; 1 for 2.5 steps...)."""
    decimals = 0
    for tick in ticks:
        while decimals < 4 and abs(round(tick, decimals) - tick) > 1e-9:
            decimals += 1
    return decimals


def value_decimals(values: Sequence[float | Decimal | None]) -> int:
    """Decimals to show for a set of values: none for whole numbers, 2 for small ratios."""
    present = [abs(float(value)) for value in values if value is not None]
    if not present or all(value == int(value) for value in present):
        return 0
    largest = max(present)
    if largest >= 100:
        return 0
    if largest >= 10:
        return 1
    return 2


def _rounded(value, decimals: int) -> Decimal | None:
    """A value as the chart shows it, still a number (for CSV)."""
    if value is None:
        return None
    return round_half_away(Decimal(str(value)), decimals)


def _num(value: float) -> str:
    """An SVG coordinate."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _chart_id(title: str, rows) -> str:
    digest = hashlib.sha1(repr((title, rows)).encode(), usedforsecurity=False).hexdigest()
    return f"chart-{digest[:10]}"


def _truncate(text: str, max_chars: int) -> str:
    return text if len(text) <= max_chars else text[: max_chars - 1].rstrip() + "…"


def _svg(*, chart_id: str, width: float, height: float, title: str, desc: str,
         body: list[str]) -> SafeString:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" role="img" '
        f'viewBox="0 0 {_num(width)} {_num(height)}" width="{_num(width)}" '
        f'height="{_num(height)}" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'font-family="{FONT}" font-size="12" fill="{TEXT}">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>'
        f'<rect x="0" y="0" width="{_num(width)}" height="{_num(height)}" fill="#ffffff"/>'
    )
    return mark_safe(head + "".join(body) + "</svg>")  # every text is escaped


def _value_label(x: float, y: float, text: str, anchor: str = "start") -> str:
    """A value label (font size 11) over its white outline."""
    place = (f'x="{_num(x)}" y="{_num(y)}" font-size="11"'
             + (f' text-anchor="{anchor}"' if anchor != "start" else ""))
    return (f'<text {place} {HALO} aria-hidden="true">{escape(text)}</text>'
            f'<text {place} fill="{TEXT}">{escape(text)}</text>')


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "square":
        return (f'<rect x="{_num(x - 3.5)}" y="{_num(y - 3.5)}" width="7" height="7" '
                f'fill="{colour}"/>')
    if shape == "diamond":
        return (f'<polygon points="{_num(x)},{_num(y - 5)} {_num(x + 5)},{_num(y)} '
                f'{_num(x)},{_num(y + 5)} {_num(x - 5)},{_num(y)}" fill="{colour}"/>')
    if shape == "triangle":
        return (f'<polygon points="{_num(x)},{_num(y - 5)} {_num(x + 5)},{_num(y + 4)} '
                f'{_num(x - 5)},{_num(y + 4)}" fill="{colour}"/>')
    return f'<circle cx="{_num(x)}" cy="{_num(y)}" r="4" fill="{colour}"/>'


# Line chart ------------------------------------------------------------------------
def line_chart(*, title: str, categories: list[str],
               series: list[tuple[str, list[float | None]]], unit: str = "",
               decimals: int | None = None, category_label: str | None = None,
               plot_height: float = PLOT_HEIGHT) -> Chart:
    """Lines over categories (usually years); a None value leaves a gap in its line."""
    all_values = [value for _name, values in series for value in values if value is not None]
    if decimals is None:
        decimals = value_decimals(all_values)
    headers = (category_label or _("Year"),
               *(f"{name} ({unit})" if unit else name for name, _values in series))
    rows = tuple(
        (str(category), *(format_number(values[index] if index < len(values) else None, decimals)
                          for _name, values in series))
        for index, category in enumerate(categories))
    data_rows = tuple(
        (str(category), *(_rounded(values[index] if index < len(values) else None, decimals)
                          for _name, values in series))
        for index, category in enumerate(categories))
    chart_id = _chart_id(title, rows)

    legend_rows = math.ceil(len(series) / 2) if len(series) > 1 else 0
    width = 640.0
    top = 16.0 + legend_rows * 20
    floats = [float(value) for value in all_values]
    ticks = nice_ticks(min([0.0, *floats]), max([0.0, *floats]) if floats else 1.0)
    label_decimals = max(tick_decimals(ticks), 0)
    tick_labels = [format_number(tick, label_decimals) for tick in ticks]
    left = 16.0 + max(len(label) for label in tick_labels) * CHAR_WIDTH + (
        18 if unit else 0)
    right = 24.0
    bottom = 36.0
    height = top + plot_height + bottom
    plot_width = width - left - right
    low, high = ticks[0], ticks[-1]

    def y_of(value: float) -> float:
        return top + plot_height - (value - low) / (high - low) * plot_height

    inset = 24.0  # keeps the first and last points (and their labels) off the axes
    step = (plot_width - 2 * inset) / max(len(categories) - 1, 1)

    def x_of(index: int) -> float:
        if len(categories) == 1:
            return left + plot_width / 2
        return left + inset + index * step

    body: list[str] = []
    for tick, label in zip(ticks, tick_labels, strict=True):
        y = y_of(tick)
        body.append(f'<line x1="{_num(left)}" y1="{_num(y)}" x2="{_num(width - right)}" '
                    f'y2="{_num(y)}" stroke="{AXIS if tick == 0 else GRID}" stroke-width="1"/>')
        body.append(f'<text x="{_num(left - 6)}" y="{_num(y + 4)}" text-anchor="end" '
                    f'fill="{MUTED}">{escape(label)}</text>')
    if unit:
        body.append(f'<text x="12" y="{_num(top + plot_height / 2)}" text-anchor="middle" '
                    f'fill="{MUTED}" transform="rotate(-90 12 {_num(top + plot_height / 2)})">'
                    f'{escape(unit)}</text>')
    label_every = max(1, math.ceil(len(categories) * 40 / plot_width))
    for index, category in enumerate(categories):
        if index % label_every and index != len(categories) - 1:
            continue
        body.append(f'<text x="{_num(x_of(index))}" y="{_num(top + plot_height + 20)}" '
                    f'text-anchor="middle" fill="{MUTED}">{escape(category)}</text>')

    for number, (name, values) in enumerate(series):
        colour, dash, shape = SERIES[number % len(SERIES)]
        segments: list[list[tuple[float, float]]] = [[]]
        points: list[tuple[float, float, float | Decimal]] = []
        for index, value in enumerate(values[: len(categories)]):
            if value is None:
                segments.append([])
                continue
            point = (x_of(index), y_of(float(value)))
            segments[-1].append(point)
            points.append((*point, value))
        body.append('<g class="series">')
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        for segment in segments:
            if len(segment) > 1:
                path = " ".join(f"{_num(x)},{_num(y)}" for x, y in segment)
                body.append(f'<polyline points="{path}" fill="none" stroke="{colour}" '
                            f'stroke-width="2.5"{dash_attr}/>')
        for x, y, _value in points:
            body.append(_marker(shape, x, y, colour))
        if len(series) == 1 and len(categories) <= 12:
            for x, y, value in points:
                body.append(_value_label(x, y - 9, format_number(value, decimals), "middle"))
        body.append("</g>")
        if legend_rows:
            lx = 16 + (number % 2) * (width / 2)
            ly = 16 + (number // 2) * 20
            body.append(f'<line x1="{_num(lx)}" y1="{_num(ly)}" x2="{_num(lx + 28)}" '
                        f'y2="{_num(ly)}" stroke="{colour}" stroke-width="2.5"{dash_attr}/>')
            body.append(_marker(shape, lx + 14, ly, colour))
            body.append(f'<text x="{_num(lx + 36)}" y="{_num(ly + 4)}">'
                        f'{escape(_truncate(name, 40))}</text>')

    summary = "; ".join(
        _series_summary(name, categories, values, decimals) for name, values in series)
    desc = _("Line chart. %(summary)s") % {"summary": summary}
    svg = _svg(chart_id=chart_id, width=width, height=height, title=title, desc=desc,
               body=body)
    return Chart(title=title, svg=svg, table_headers=headers, table_rows=rows,
                 data_rows=data_rows)


def _series_summary(name: str, categories: Sequence[str], values: Sequence, decimals: int) -> str:
    present = [(categories[index], value) for index, value in enumerate(values[: len(categories)])
               if value is not None]
    if not present:
        return _("%(name)s: no data") % {"name": name}
    (first_cat, first), (last_cat, last) = present[0], present[-1]
    return _("%(name)s from %(first)s (%(first_cat)s) to %(last)s (%(last_cat)s)") % {
        "name": name, "first": format_number(first, decimals), "first_cat": first_cat,
        "last": format_number(last, decimals), "last_cat": last_cat}


# Bar chart -------------------------------------------------------------------------
def bar_chart(*, title: str, labels: list[str], values: list[float | None], unit: str = "",
              highlight: set[int] | None = None,
              reference_lines: Sequence[tuple[str, float]] = (),
              decimals: int | None = None, label_header: str | None = None,
              value_header: str | None = None, highlight_label: str = "",
              highlight_legend: str = "", note: str = "") -> Chart:
    """Horizontal bars, one per label (suits 35 library names), in the order given.

    `highlight` holds indexes of bars drawn in the accent colour (and, when
    `highlight_label` is given, marked in the data table; the legend says
    `highlight_legend`, or the label); `reference_lines` are vertical lines such as
    the median and quartiles. A None value draws no bar and shows “–” in its place.
    The values are written in a column of their own right of the plot, so no
    reference line ever crosses them.
    """
    highlight = highlight or set()
    if decimals is None:
        decimals = value_decimals([*values, *(value for _label, value in reference_lines)])
    value_title = value_header or (f"{title} ({unit})" if unit else title)
    headers: tuple[str, ...] = (label_header or _("Library"), value_title)
    if highlight_label:
        headers = (*headers, highlight_label)
    rows_list = []
    data_list = []
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        row: tuple[str, ...] = (str(label), format_number(value, decimals))
        data: tuple = (str(label), _rounded(value, decimals))
        if highlight_label:
            row = (*row, _("yes") if index in highlight else "")
            data = (*data, _("yes") if index in highlight else "")
        rows_list.append(row)
        data_list.append(data)
    for name, value in reference_lines:
        row = (str(name), format_number(value, decimals))
        data = (str(name), _rounded(value, decimals))
        rows_list.append((*row, "") if highlight_label else row)
        data_list.append((*data, "") if highlight_label else data)
    rows = tuple(rows_list)
    chart_id = _chart_id(title, rows)

    floats = [float(value) for value in values if value is not None]
    floats += [float(value) for _name, value in reference_lines if value is not None]
    ticks = nice_ticks(min([0.0, *floats]), max([0.0, *floats]) if floats else 1.0)
    low, high = ticks[0], ticks[-1]
    label_decimals = tick_decimals(ticks)

    width = 640.0
    max_label_chars = 40
    bold = 1.12 if highlight else 1.0  # highlighted labels are bold, hence wider
    label_width = min(max((len(str(label)) for label in labels), default=4),
                      max_label_chars) * CHAR_WIDTH * bold + 12
    value_width = max((len(format_number(value, decimals)) for value in values), default=1)
    value_width *= CHAR_WIDTH * bold
    row_height, bar_height = 20.0, 13.0
    legend = bool(reference_lines) or bool(highlight and highlight_label)
    top = 28.0 + (20.0 if legend else 0.0)
    left = label_width + 8
    right = value_width + 20  # the value column, clear of the plot and its lines
    plot_width = width - left - right
    plot_height = row_height * max(len(labels), 1)
    height = top + plot_height + 30

    def x_of(value: float) -> float:
        return left + (value - low) / (high - low) * plot_width

    body: list[str] = []
    for tick in ticks:
        x = x_of(tick)
        body.append(f'<line x1="{_num(x)}" y1="{_num(top - 4)}" x2="{_num(x)}" '
                    f'y2="{_num(top + plot_height)}" stroke="{AXIS if tick == 0 else GRID}" '
                    f'stroke-width="1"/>')
        body.append(f'<text x="{_num(x)}" y="{_num(top + plot_height + 16)}" '
                    f'text-anchor="middle" fill="{MUTED}">'
                    f'{escape(format_number(tick, label_decimals))}</text>')
    if unit:
        body.append(f'<text x="{_num(left + plot_width / 2)}" y="{_num(height - 2)}" '
                    f'text-anchor="middle" fill="{MUTED}">{escape(unit)}</text>')
    zero = x_of(max(low, 0.0))
    value_labels: list[str] = []  # in the value column right of the plot
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = top + index * row_height
        text = str(label)
        short = _truncate(text, max_label_chars)
        weight = ' font-weight="bold"' if index in highlight else ""
        baseline = y + row_height / 2 + 4
        body.append(f'<text x="{_num(label_width)}" y="{_num(baseline)}" '
                    f'text-anchor="end"{weight}>{escape(short)}</text>')
        value_labels.append(f'<text x="{_num(width - 6)}" y="{_num(baseline)}" '
                            f'text-anchor="end" font-size="11"{weight}'
                            + (f' fill="{MUTED}"' if value is None else "")
                            + f'>{escape(format_number(value, decimals))}</text>')
        if value is None:
            continue
        x = x_of(float(value))
        bar_x, bar_w = min(x, zero), abs(x - zero)
        colour = HIGHLIGHT if index in highlight else BAR
        body.append(f'<rect x="{_num(bar_x)}" y="{_num(y + (row_height - bar_height) / 2)}" '
                    f'width="{_num(max(bar_w, 0.5))}" height="{_num(bar_height)}" '
                    f'fill="{colour}"/>')

    legend_x = 8.0
    for number, (name, value) in enumerate(reference_lines):
        if value is None:
            continue
        colour = REFERENCE[number % len(REFERENCE)]
        dash = ("", "6 3", "2 3", "8 3 2 3")[number % 4]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        x = x_of(float(value))
        body.append(f'<line x1="{_num(x)}" y1="{_num(top - 6)}" x2="{_num(x)}" '
                    f'y2="{_num(top + plot_height)}" stroke="{colour}" stroke-width="2"'
                    f'{dash_attr}/>')
        caption = f"{name}: {format_number(value, decimals)}"
        body.append(f'<line x1="{_num(legend_x)}" y1="14" x2="{_num(legend_x + 24)}" y2="14" '
                    f'stroke="{colour}" stroke-width="2"{dash_attr}/>')
        body.append(f'<text x="{_num(legend_x + 30)}" y="18">{escape(caption)}</text>')
        legend_x += 30 + len(caption) * CHAR_WIDTH + 16
    body.extend(value_labels)
    if highlight and highlight_label:
        legend_y = 14.0 if not reference_lines else 34.0
        body.append(f'<rect x="8" y="{_num(legend_y - 6)}" width="24" height="12" '
                    f'fill="{HIGHLIGHT}"/>')
        body.append(f'<text x="38" y="{_num(legend_y + 4)}">'
                    f'{escape(highlight_legend or highlight_label)}</text>')

    present = [(label, value) for label, value in zip(labels, values, strict=True)
               if value is not None]
    if present:
        smallest = min(present, key=lambda item: item[1])
        largest = max(present, key=lambda item: item[1])
        desc = _("Bar chart of %(count)s values, from %(low)s (%(low_label)s) "
                 "to %(high)s (%(high_label)s).") % {
            "count": len(present), "low": format_number(smallest[1], decimals),
            "low_label": smallest[0], "high": format_number(largest[1], decimals),
            "high_label": largest[0]}
    else:
        desc = _("Bar chart without data.")
    if reference_lines:
        desc += " " + "; ".join(f"{name}: {format_number(value, decimals)}"
                                for name, value in reference_lines)
    if highlight and note:
        desc += " " + note
    svg = _svg(chart_id=chart_id, width=width, height=height, title=title, desc=desc,
               body=body)
    return Chart(title=title, svg=svg, table_headers=headers, table_rows=rows,
                 data_rows=tuple(data_list), note=note if highlight else "")
