"""The open data API, version 1: read-only, published figures only (django-ninja).

Mounted at /api/v1/ with its OpenAPI 3 schema at /api/v1/openapi.json and its documentation
at /api/v1/docs (`opendata.docs`: the schema rendered on the server in the portal's frame).
Every operation reads through `opendata.selectors` and `opendata.packages`; access and
rate limits are in `opendata.access`; ETag and Last-Modified are added around every view in
`opendata.urls`.
"""

from datetime import datetime
from decimal import Decimal
from itertools import islice
from typing import Any, Literal
from urllib.parse import urlencode

from django.conf import settings
from django.http import FileResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils.http import quote_etag
from ninja import NinjaAPI, Path, Query, Schema
from ninja.errors import HttpError
from pydantic import Field

from catalogue.selectors import EVERY, catalogue
from core.csv_export import CONTENT_TYPE as CSV_CONTENT_TYPE
from core.csv_export import csv_response

from . import packages, selectors, services
from .access import AnonymousRate, ApiToken, anonymous_unless_token_required
from .docs import ApiReference

DESCRIPTION = """\
Published figures of the annual reports of Latvian public libraries, by region, library,
year and indicator. Only published report versions are served, frozen as published: a
correction made later appears here only when the region publishes a new version.

- `GET /api/v1/indicators`: the catalogue (codes, Latvian and English names, units,
  formulas of derived indicators, years in force).
- `GET /api/v1/values?indicator=derived.visits_per_inhabitant&year_from=2019&year_to=2021\
&format=csv`: visits per inhabitant of every library, 2019–2021, as CSV (";" between cells, decimal
  comma, UTF-8 with BOM — what a Latvian Excel opens).
- `GET /api/v1/packages/2021.zip`: the year's open-data package (CSV files and a
  Frictionless `datapackage.json`), licence CC BY 4.0.

Anonymous clients are rate limited (HTTP 429 with `Retry-After`). Responses carry `ETag`
and `Last-Modified`; send `If-None-Match` to get 304 when nothing changed.

In words, with every package to download: [the open data page](/data/).
"""

class OpenDataAPI(NinjaAPI):
    """The schema says what is true: a token is optional unless the site requires one."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        if not getattr(settings, "OPENDATA_REQUIRE_TOKEN", False):
            for operations in schema["paths"].values():
                for operation in operations.values():
                    if operation.get("security"):
                        operation["security"] = [*operation["security"], {}]
        return schema


api = OpenDataAPI(
    title="libreport open data",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api_v1",
    auth=[ApiToken(), anonymous_unless_token_required],
    throttle=[AnonymousRate()],
    docs=ApiReference(),
)

DEFAULT_LIMIT = 1000
MAX_LIMIT = 10000
YEAR = Field(ge=1990, le=2100)


class Error(Schema):
    detail: Any


ERRORS: dict[int, Any] = {401: Error, 422: Error, 429: Error}


class IndicatorOut(Schema):
    code: str
    name_lv: str
    name_en: str
    kind: str = Field(description="count, eur, fte, bool (1 yes, 0 no) or derived")
    unit: str
    parent: str | None = Field(description="“Of which” parent indicator's code")
    chapter: int
    formula: str | None = Field(description="Derived indicators only")
    decimals: int
    valid_from: int | None = Field(description="First year in force (null: always)")
    valid_to: int | None = Field(description="Last year in force (null: still in force)")
    definition_lv: str = Field("", description="What a derived indicator means, in Latvian")
    definition_en: str = Field("", description="What a derived indicator means, in English")
    scope: str = Field("national", description="national: the template every region asks; "
                       "regional: a region's own question, asked only of its libraries")
    scope_region: str | None = Field(None, description="The region asking its own question "
                                     "(null: national)")


class RegionOut(Schema):
    slug: str
    name: str
    main_library: str
    years: list[int] = Field(description="Years with published figures")


class LibraryOut(Schema):
    slug: str
    name: str
    region: str
    kind: str = Field(description="parish or town")
    parish: str
    active: bool = Field(description="Active and not merged into another library, "
                         "as published")
    years: list[int] = Field(description="Years with published figures of this library")


class VersionOut(Schema):
    region: str
    year: int
    version: int
    published_at: datetime
    latest: bool = Field(description="The newest version of the region's year: served")


class ValueOut(Schema):
    region: str
    library: str
    year: int
    code: str
    value: int | float | None
    scope: str = Field("national", description="national or regional (a region's own "
                       "question, see /indicators)")


class ValuesPage(Schema):
    next: str | None = Field(description="The next page's URL; null on the last page")
    previous: str | None
    results: list[ValueOut]


class PackageOut(Schema):
    year: int
    region: str | None = Field(description="null: every region that published the year")
    url: str


class ValuesQuery(Schema):
    indicator: str = Field(
        None, description="Indicator code, or several separated by commas (default: all); "
        "an unknown code answers 404", pattern=r"^[a-z][a-z0-9_.]*(,[a-z][a-z0-9_.]*)*$",
        examples=["visits.total", "derived.visits_per_inhabitant"])
    region: str = Field(None, description="Region slug", examples=["rezeknes-novads"])
    library: str = Field(None, description="Library slug", examples=["maltas"])
    year: int = Field(None, ge=1990, le=2100, description="One year")
    year_from: int = Field(None, ge=1990, le=2100, description="First year")
    year_to: int = Field(None, ge=1990, le=2100, description="Last year")
    limit: int = Field(None, ge=1, le=MAX_LIMIT,
                              description=f"Rows per page (JSON: default {DEFAULT_LIMIT}; "
                                          "CSV: every row unless given)")
    offset: int = Field(0, ge=0, le=10_000_000)
    format: Literal["json", "csv"] = "json"


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _page_url(request, offset: int | None, limit: int) -> str | None:
    if offset is None:
        return None
    params = request.GET.copy()
    params["offset"] = str(offset)
    params["limit"] = str(limit)
    return request.build_absolute_uri(f"{request.path}?{urlencode(sorted(params.items()))}")


CSV_AND_JSON = {
    "responses": {200: {"content": {
        "text/csv": {"schema": {"type": "string"}},
    }}},
}


@api.get("/indicators", response={200: list[IndicatorOut], **ERRORS}, tags=["catalogue"],
         summary="The indicator catalogue")
def indicators(request):
    return [IndicatorOut(
        code=i.code, name_lv=i.name_lv, name_en=i.name_en, kind=i.kind, unit=i.unit,
        parent=i.parent.code if i.parent_id else None, chapter=i.chapter.number,
        formula=i.formula or None, decimals=i.decimals, valid_from=i.valid_from,
        valid_to=i.valid_to, definition_lv=i.definition_lv, definition_en=i.definition_en,
        scope=packages.scope_of(i), scope_region=i.region.slug if i.region_id else None)
        for i in list(catalogue(region=EVERY).values())]


@api.get("/regions", response={200: list[RegionOut], **ERRORS}, tags=["network"],
         summary="Regions")
def regions(request):
    years: dict[str, list[int]] = {}
    for slug, year in selectors.published_years():
        years.setdefault(slug, []).append(year)
    return [RegionOut(slug=r.slug, name=r.name, main_library=r.main_library,
                      years=years.get(r.slug, [])) for r in selectors.regions()]


@api.get("/libraries", response={200: list[LibraryOut], **ERRORS}, tags=["network"],
         summary="Libraries")
def libraries(request, region: str = Query(None, description="Region slug")):
    """The libraries with published figures, as the newest published version serving
    their figures named them (a later rename shows when a new version is published)."""
    return [LibraryOut(slug=library.slug, name=library.name, region=library.region,
                       kind=library.kind, parish=library.parish, active=library.active,
                       years=list(library.years))
            for library in selectors.libraries(region=region)]


@api.get("/reports", response={200: list[VersionOut], **ERRORS}, tags=["reports"],
         summary="Published report versions")
def reports(request, region: str = Query(None, description="Region slug"),
            year: int = Query(None, ge=1990, le=2100)):
    result, seen = [], set()
    for version in selectors.versions(region=region, year=year):
        key = (version.region.slug, version.year)
        result.append(VersionOut(region=version.region.slug, year=version.year,
                                 version=version.version, published_at=version.published_at,
                                 latest=key not in seen))
        seen.add(key)
    return result


@api.get("/values", response={200: ValuesPage, 404: Error, **ERRORS}, tags=["values"],
         summary="Published values", openapi_extra=CSV_AND_JSON)
def values(request, filters: Query[ValuesQuery]):
    """Every library's published value per year and indicator, in a stable order (region,
    library, year, catalogue order). `format=csv` gives the same rows as CSV."""
    year_from = filters.year if filters.year is not None else filters.year_from
    year_to = filters.year if filters.year is not None else filters.year_to
    codes = [code.strip() for code in (filters.indicator or "").split(",") if code.strip()]
    every = list(catalogue(region=EVERY).values())
    try:
        rows = selectors.published_values(codes=codes, region=filters.region,
                                          library=filters.library, year_from=year_from,
                                          year_to=year_to, every=every)
    except selectors.UnknownIndicator as error:
        raise HttpError(404, str(error)) from error
    name = "-".join(["values", *(codes[:3] or ["all"]),
                     *([str(year_from)] if year_from else []),
                     *([str(year_to)] if year_to and year_to != year_from else [])])
    if filters.format == "csv" and filters.limit is None:  # the whole download, streamed
        response = StreamingHttpResponse(
            packages.value_csv_lines(islice(rows, filters.offset, None)),
            content_type=CSV_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        # What the rows depend on: the query, the published versions, the catalogue.
        response["ETag"] = quote_etag(selectors.values_fingerprint(
            request.get_full_path(), every))
        return response
    else:
        limit = filters.limit or DEFAULT_LIMIT
        page = list(islice(rows, filters.offset, filters.offset + limit + 1))
        more = len(page) > limit
        page = page[:limit]
    next_url = _page_url(request, filters.offset + limit, limit) if more else None
    previous_url = (_page_url(request, max(filters.offset - limit, 0), limit)
                    if filters.offset and limit else None)
    if filters.format == "csv":
        response = csv_response(packages.value_table(page), f"{name}.csv")
        links = [f'<{url}>; rel="{rel}"' for rel, url in (("next", next_url),
                                                          ("prev", previous_url)) if url]
        if links:
            response["Link"] = ", ".join(links)
        return response
    return ValuesPage(
        next=next_url, previous=previous_url,
        results=[ValueOut(region=row.region, library=row.library, year=row.year,
                          code=row.code, value=_number(row.value), scope=row.scope)
                 for row in page])


@api.get("/packages", response={200: list[PackageOut], **ERRORS}, tags=["packages"],
         summary="Open-data packages")
def package_list(request):
    result = []
    for year, region in packages.available():
        url = reverse("api_v1:package", kwargs={"year": year})
        if region is not None:
            url += "?" + urlencode({"region": region})
        result.append(PackageOut(year=year, region=region, url=request.build_absolute_uri(url)))
    return result


ZIP = {"responses": {200: {"description": "A ZIP file", "content": {
    "application/zip": {"schema": {"type": "string", "format": "binary"}}}}}}


@api.get("/packages/{year}.zip", response={200: None, 404: Error, **ERRORS},
         tags=["packages"], summary="A year's open-data package (ZIP)", openapi_extra=ZIP,
         url_name="package")
def package(request, year: int = Path(..., ge=1990, le=2100, examples=[2021]),
            region: str = Query(None, description="Region slug")):
    """CSV files (values, indicators, libraries) and a Frictionless `datapackage.json`, of one
    region or of every region that published the year."""
    try:  # built once per published state, then the stored file (opendata.services)
        stored = services.package_store(year=year, region=region)
    except packages.NotPublished as error:
        raise HttpError(404, "nothing published for this year and region") from error
    response = FileResponse(stored.file.open("rb"), content_type="application/zip",
                            as_attachment=True, filename=stored.filename)
    response["ETag"] = quote_etag(stored.key)
    return response
