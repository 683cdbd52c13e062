"""The open-data package of a published year: CSV files and a Frictionless `datapackage.json`.

One ZIP per year and region, or for every region that has published the year. The CSV
files are written by the project's one CSV writer (`core.csv_export`: ";" between
cells, decimal comma, UTF-8 with a byte order mark), and `datapackage.json` says so
(`dialect`, `decimalChar`), so Frictionless tools and a Latvian Excel both read them.
Only published figures go in (`opendata.selectors`); nothing here computes a figure.
"""

import csv
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass

from catalogue.selectors import EVERY, catalogue
from core.csv_export import BOM, DELIMITER, csv_cell, csv_text

from . import selectors

LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
# `scope` (added last, so earlier columns keep their places): “national” for the national
# template's indicators, “regional” for a region's own questions (`scope_region` names the
# region in the catalogue).
VALUE_HEADER = ("region", "library", "year", "code", "value", "scope")
INDICATOR_HEADER = ("code", "name_lv", "name_en", "kind", "unit", "parent", "chapter",
                    "formula", "decimals", "valid_from", "valid_to", "scope", "scope_region")
LIBRARY_HEADER = ("region", "library", "name", "kind", "parish")
CSV_DIALECT = {"delimiter": ";", "header": True}


class NotPublished(LookupError):
    """No region (or not the one asked for) has published figures for the year."""


@dataclass(frozen=True)
class Package:
    filename: str
    content: bytes


def value_table(rows) -> list[tuple]:
    """The values as CSV rows with the header: the API's CSV and the package's values.csv."""
    return [VALUE_HEADER, *((row.region, row.library, row.year, row.code, row.value,
                             row.scope) for row in rows)]


def value_csv_lines(rows, *, lines_per_chunk: int = 2000):
    """The values as CSV text in chunks (header first, after the byte order mark): the
    API's whole download, streamed. The same text as `csv_text(value_table(rows))`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=DELIMITER)
    buffer.write(BOM)
    writer.writerow(VALUE_HEADER)
    cells: dict = {}  # slugs, years and codes repeat: each goes through csv_cell once

    def cell(value):
        text = cells.get(value)
        if text is None:
            text = cells[value] = csv_cell(value)
        return text

    for number, row in enumerate(rows, start=1):
        writer.writerow((cell(row.region), cell(row.library), cell(row.year),
                         cell(row.code), csv_cell(row.value), cell(row.scope)))
        if number % lines_per_chunk == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def indicator_table(indicators) -> list[tuple]:
    return [INDICATOR_HEADER, *(
        (i.code, i.name_lv, i.name_en, i.kind, i.unit, i.parent.code if i.parent_id else None,
         i.chapter.number, i.formula or None, i.decimals, i.valid_from, i.valid_to,
         scope_of(i), i.region.slug if i.region_id else None)
        for i in indicators)]


def scope_of(indicator) -> str:
    """“national” (the template every region asks) or “regional” (a region's own)."""
    return "regional" if indicator.region_id else "national"


def _field(name, kind, description, **extra):
    return {"name": name, "type": kind, "description": description, **extra}


def _resource(name, title, fields, **schema):
    return {
        "name": name, "path": f"{name}.csv", "title": title, "profile": "tabular-data-resource",
        "format": "csv", "mediatype": "text/csv", "encoding": "utf-8", "dialect": CSV_DIALECT,
        "schema": {"fields": fields, **schema},
    }


def datapackage(*, name: str, title: str, origins) -> dict:
    """The Frictionless Data descriptor of a package (tabular data package)."""
    return {
        "profile": "tabular-data-package",
        "name": name,
        "title": title,
        "description": (
            "Published figures of Latvian public libraries from the frozen published "
            "versions of the regional annual reports. One row per library, year and "
            "indicator; derived indicators are computed per library from the published "
            "figures and rounded half away from zero to the indicator's decimals. The unit "
            "of each value is its indicator's `unit` in indicators.csv."),
        "licenses": [LICENCE],
        "sources": [
            {"title": f"{origin.region}: {origin.report_year} report, version "
                      f"{origin.version}, published {origin.published_at:%Y-%m-%d}"}
            for origin in origins],
        "resources": [
            _resource("values", "Published values", [
                _field("region", "string", "Region slug (see libraries.csv)"),
                _field("library", "string", "Library slug (see libraries.csv)"),
                _field("year", "year", "Reporting year"),
                _field("code", "string", "Indicator code (see indicators.csv)"),
                _field("value", "number", "The value, in the indicator's unit; empty when "
                       "missing or not computable", decimalChar=",", groupChar=""),
                _field("scope", "string", "national: an indicator every region asks; "
                       "regional: one of the region's own questions",
                       constraints={"enum": ["national", "regional"]}),
            ], primaryKey=["region", "library", "year", "code"], foreignKeys=[
                {"fields": ["code"], "reference": {"resource": "indicators",
                                                   "fields": ["code"]}},
                {"fields": ["region", "library"],
                 "reference": {"resource": "libraries", "fields": ["region", "library"]}},
            ]),
            _resource("indicators", "Indicator catalogue", [
                _field("code", "string", "Stable indicator code, never reused"),
                _field("name_lv", "string", "Name in Latvian"),
                _field("name_en", "string", "Name in English"),
                _field("kind", "string", "count, eur, fte, bool (1 yes, 0 no) or derived",
                       constraints={"enum": ["count", "eur", "fte", "bool", "derived"]}),
                _field("unit", "string", "Unit of the values: number, eur, fte, yesno, "
                       "percent, ratio, eur_per_person, eur_per_visit, per_person, "
                       "libraries"),
                _field("parent", "string", "“Of which” parent indicator"),
                _field("chapter", "integer", "Chapter of the report template"),
                _field("formula", "string", "Formula of a derived indicator"),
                _field("decimals", "integer", "Decimal places shown"),
                _field("valid_from", "integer", "First year in force (empty: always)"),
                _field("valid_to", "integer", "Last year in force (empty: still)"),
                _field("scope", "string", "national: the template every region asks; "
                       "regional: a region's own question",
                       constraints={"enum": ["national", "regional"]}),
                _field("scope_region", "string", "The region asking its own question "
                       "(empty: national)"),
            ], primaryKey=["code"]),
            _resource("libraries", "Libraries", [
                _field("region", "string", "Region slug"),
                _field("library", "string", "Library slug"),
                _field("name", "string", "Library name"),
                _field("kind", "string", "parish or town",
                       constraints={"enum": ["parish", "town"]}),
                _field("parish", "string", "Parish or town served"),
            ], primaryKey=["region", "library"]),
        ],
    }


def package_key(*, year: int, region: str | None, chosen: dict, every) -> str:
    """A digest of everything a package is made of: the published years it takes (each
    frozen), the catalogue as indicators.csv writes it, the region's name in its title.
    The stored package is served while the digest holds (and is its ETag)."""
    catalogue_state = indicator_table(every)
    state = repr((year, region, sorted(origin.pk for origin in chosen.values()),
                  catalogue_state, selectors.region_name(region) if region else None))
    return hashlib.sha256(state.encode()).hexdigest()[:40]


def year_package(*, year: int, region: str | None = None, chosen: dict | None = None,
                 every=None) -> Package:
    """The ZIP of a published year, of one region (by slug) or of every region.

    `chosen` and `every` (the chosen years and the catalogue) when already read.
    Raises `NotPublished` when no figures of that year (and region) are published.
    """
    if chosen is None:
        chosen = selectors.published_years(region=region, year_from=year, year_to=year)
    origins = list(chosen.values())
    if not origins:
        raise NotPublished(year)
    every = list(catalogue(region=EVERY).values()) if every is None else every
    rows = selectors.value_rows(indicators=every, formulas=selectors.formulas(every),
                                origins=chosen, region=region, year_from=year, year_to=year,
                                every=every)
    in_package = {(row.region, row.library) for row in rows}
    # The network as the year's versions published it, not as it is named today.
    libraries = selectors.network(chosen, present=in_package)
    name = f"libreport-{region or 'all-regions'}-{year}"
    region_name = (selectors.region_name(region) or region) if region else None
    title = f"Public library statistics {year}: {region_name or 'all regions'}"
    files = {
        "values.csv": "".join(value_csv_lines(rows)),
        "indicators.csv": csv_text(indicator_table(every)),
        "libraries.csv": csv_text([LIBRARY_HEADER, *(
            (library.region, library.slug, library.name, library.kind, library.parish)
            for library in libraries)]),
        "datapackage.json": json.dumps(datapackage(name=name, title=title, origins=origins),
                                       ensure_ascii=False, indent=2),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for filename, text in files.items():
            info = zipfile.ZipInfo(f"{name}/{filename}", date_time=(year + 1, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16  # unpacked readable by all, as any download
            archive.writestr(info, text.encode("utf-8"))
    return Package(filename=f"{name}.zip", content=buffer.getvalue())


def available() -> list[tuple[int, str | None]]:
    """(year, region slug) of every package, and (year, None) for all regions; 1 query."""
    published = selectors.published_years()
    result = []
    for year in sorted({year for _slug, year in published}, reverse=True):
        result.append((year, None))
        result.extend((year, slug) for slug, of_year in published if of_year == year)
    return result
