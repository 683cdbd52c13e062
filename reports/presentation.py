"""What the report's templates need beside the ReportData: drawn charts, picture URLs.

Charts are drawn from the chart data the builder put in the ReportData (for a
published version: its snapshot) by `figures.charts`, which draws every SVG of the
portal; nothing is computed here.
"""

from dataclasses import dataclass
from urllib.parse import quote

from django.urls import reverse

from figures import charts
from reports.consolidated import AppendixGroup, PictureData, ReportData

# Pictures in the PDF are read through the storage by `reports.pdf.safe_url_fetcher`.
STORAGE_SCHEME = "storage:"


@dataclass(frozen=True)
class ReportCharts:
    trends: tuple[charts.Chart, ...] = ()
    comparison: charts.Chart | None = None
    peers: tuple[charts.Chart, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.trends or self.comparison or self.peers)


def report_charts(data: ReportData, *, for_print: bool = False) -> ReportCharts:
    """The dashboard's charts of the report, drawn from the report's own chart data."""
    trends, comparison, peers = [], None, []
    for spec in data.charts:
        chart = spec.draw(compact=for_print)
        if spec.kind == charts.LINE_CHART:
            trends.append(chart)
        elif spec.key == "comparison":
            comparison = chart
        else:
            peers.append(chart)
    return ReportCharts(trends=tuple(trends), comparison=comparison, peers=tuple(peers))


def picture_url(picture: PictureData, *, for_print: bool, published=None) -> str:
    """Where a picture is read from: the storage (PDF) or an access-checked view (pages)."""
    if for_print:
        return STORAGE_SCHEME + quote(picture.path)
    if published is not None:
        return reverse("reports:published_picture",
                       kwargs={"pk": published.pk, "number": picture.number})
    if picture.picture_id is not None and picture.submission_id is not None:
        return reverse("entry:picture",
                       kwargs={"pk": picture.submission_id, "picture_pk": picture.picture_id})
    return ""


def _appendices(groups: tuple[AppendixGroup, ...], *, for_print: bool, published):
    return [(group, [(picture, picture_url(picture, for_print=for_print, published=published))
                     for picture in group.pictures])
            for group in groups]


def report_context(data: ReportData, *, for_print: bool = False, editable: bool = False,
                   breakdown_links: bool = False, published=None) -> dict:
    """`published`: the PublishedReport shown (its pictures are served from its snapshot)."""
    return {
        "data": data,
        "charts": report_charts(data, for_print=for_print),
        "appendices": _appendices(data.appendices, for_print=for_print, published=published),
        "print": for_print,
        "editable": editable,
        "breakdown_links": breakdown_links,
    }
