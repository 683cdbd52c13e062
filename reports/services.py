"""Writes of the reports app: regional texts and events, publishing, PDF jobs."""

import json
import posixpath
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from catalogue.models import Indicator
from figures.published import record_published
from figures.selectors import ACCEPTED_ONLY, library_figures
from libraries.models import Library, Region
from reports.consolidated import build_report, report_to_dict
from reports.models import (
    DASHBOARD,
    NATIONAL,
    JobState,
    PdfJob,
    PublishedReport,
    RegionalEvent,
    RegionalText,
    job_language,
)
from reports.national import national_digest, national_pdf_job
from submissions.sanitize import QUOTE_TAGS, clean_html


def sanitise_html(html: str) -> str:
    """The librarians' text rules (submissions.sanitize) plus quotes of the libraries' texts."""
    return clean_html(html, extra_tags=QUOTE_TAGS)


@transaction.atomic
def regional_text_save(*, region, year: int, section, html: str, user) -> RegionalText:
    text, _created = RegionalText.objects.get_or_create(region=region, year=year,
                                                        section=section)
    text.html = sanitise_html(html)
    text.updated_by = user
    text.full_clean()
    text.save()
    return text


@transaction.atomic
def regional_event_save(*, event: RegionalEvent) -> RegionalEvent:
    event.full_clean()
    event.save()
    return event


@transaction.atomic
def regional_event_delete(*, event: RegionalEvent) -> None:
    event.delete()


def _number(value):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def report_snapshot(region, year: int, *, user=None) -> dict:
    """The frozen JSON of a published version: the whole report plus per-library figures."""
    data = build_report(region, year, ACCEPTED_ONLY, user=user)
    entered = set(Indicator.objects.entered().values_list("code", flat=True))
    figures = library_figures(region, data.years, ACCEPTED_ONLY)
    libraries = {}
    population = {slug: codes.get("population.total")
                  for year_figures in (figures[y] for y in data.years)
                  for slug, codes in year_figures.items()}
    for library in Library.objects.filter(region=region).values(
            "slug", "name", "kind", "closed_from", "merged_into__slug"):
        libraries[library["slug"]] = {"name": library["name"], "kind": library["kind"],
                                      "population": _number(population.get(library["slug"]))}
        if library["merged_into__slug"]:  # figures.sources.Merge
            libraries[library["slug"]].update(closed_from=library["closed_from"],
                                              merged_into=library["merged_into__slug"])
    frozen = {str(y): {slug: {code: _number(value) for code, value in codes.items()
                              if code in entered}
                       for slug, codes in figures[y].items()}
              for y in data.years}
    return {
        "report": report_to_dict(data),
        "figures": frozen,
        # The region's sums of those figures, so the national level need not add up
        # every library again (`reports.national`); derived from "figures".
        "sums": {year: _sums(by_library) for year, by_library in frozen.items()},
        "libraries": libraries,
    }


def _sums(by_library: dict) -> dict:
    sums: dict[str, Decimal] = {}
    for values in by_library.values():
        for code, value in values.items():
            if value is not None:
                sums[code] = sums.get(code, 0) + Decimal(str(value))
    return {code: _number(total) for code, total in sums.items()}


# What only records when and by whom a snapshot was built, not what the report says.
BUILD_ONLY_FIELDS = ("compiled_on", "compiled_by", "version", "published_on")


class NothingChanged(ValueError):
    """Publishing refused: the report is the same as its latest published version."""

    def __init__(self, version: int):
        super().__init__(f"nothing has changed since version {version}")
        self.version = version


def snapshot_content(snapshot: dict) -> str:
    """A snapshot's content as canonical JSON, without the fields that record its building.

    A picture's stored `path` is left out too: a published version keeps its own copy
    (`published_pictures_copy`), so the same picture has another path there.
    """
    data = json.loads(json.dumps(snapshot or {}, cls=DjangoJSONEncoder))
    data.pop("sums", None)  # derived from "figures"
    report = data.get("report")
    if isinstance(report, dict):
        for name in BUILD_ONLY_FIELDS:
            report.pop(name, None)
        for group in report.get("appendices") or ():
            for picture in group.get("pictures") or ():
                picture.pop("path", None)
    _drop_empty(data, "merges")
    return json.dumps(data, sort_keys=True, ensure_ascii=False)


def _drop_empty(data, key: str) -> None:
    """Remove `key` wherever it holds nothing: a field added to the snapshot later (the
    tables' `merges`) does not make a report published before it look changed."""
    if isinstance(data, dict):
        if key in data and not data[key]:
            del data[key]
        for value in data.values():
            _drop_empty(value, key)
    elif isinstance(data, list):
        for value in data:
            _drop_empty(value, key)


def published_picture_folder(region, year: int, version: int) -> str:
    return f"published/{region.slug}/{year}/v{version}"


def published_pictures_copy(snapshot: dict, *, folder: str) -> None:
    """Copy every appendix picture of the snapshot into `folder`; point the snapshot at it.

    A published version is self-contained: deleting or replacing a picture later (or the
    library's next upload) never changes what the version shows. A picture whose file is
    gone already is kept without a path (its caption still lists it).
    """
    for group in snapshot["report"].get("appendices") or ():
        for picture in group.get("pictures") or ():
            source = picture.get("path") or ""
            if not source:
                continue
            try:
                with default_storage.open(source, "rb") as handle:
                    content = handle.read()
            except (FileNotFoundError, OSError):
                picture["path"] = ""
                continue
            name = f"{picture['number']:03d}-{posixpath.basename(source)}"
            picture["path"] = default_storage.save(posixpath.join(folder, name),
                                                   ContentFile(content))


def report_publish(*, region, year: int, user, note: str = "",
                   make_pdf: bool = True) -> PublishedReport:
    """Freeze the year's report (accepted submissions) as a new version; queue its PDF.

    The snapshot is built before the transaction (reads only), so the write lock is
    held just long enough to number the version and insert two rows; the PDF job is
    enqueued once that transaction has committed and renders outside it.

    Raises `NothingChanged` when the snapshot's content (ignoring when and by whom it
    was compiled) equals the latest version's: a double click publishes one version.
    `make_pdf=False` (the demo seed) queues no PDF: the version's page offers to make it.
    The region's row is locked first, so two publishings of a region never interleave.
    """
    snapshot = report_snapshot(region, year, user=user)
    with transaction.atomic():
        Region.objects.select_for_update().filter(pk=region.pk).first()
        latest = (PublishedReport.objects.filter(region=region, year=year)
                  .order_by("-version").only("version", "snapshot").first())
        last = latest.version if latest else 0
        if latest is not None and snapshot_content(latest.snapshot) == snapshot_content(
                snapshot):
            raise NothingChanged(latest.version)
        snapshot["report"]["version"] = last + 1
        snapshot["report"]["published_on"] = timezone.localdate().strftime("%d.%m.%Y.")
        published_pictures_copy(snapshot, folder=published_picture_folder(region, year,
                                                                          last + 1))
        published = PublishedReport.objects.create(
            region=region, year=year, version=last + 1, published_by=user, note=note,
            snapshot=snapshot)
        record_published(published, snapshot)  # the flat figures, in the same transaction
        if make_pdf:
            pdf_job_start(region=region, year=year, scope="accepted", published=published,
                          user=user)
    return published


def pdf_job_start(*, region, year: int, scope: str, user, published=None,
                  language: str | None = None) -> PdfJob:
    """Queue a PDF rendering in `language` (default: the active one, lv or en).

    A published version's PDF is made once per language and then kept. The job row is
    written now; the task is enqueued when the surrounding transaction commits (at once
    outside a transaction), so a worker never sees an uncommitted job and no rendering
    happens while a write transaction is open.
    """
    language = job_language(language)
    if published is not None:
        existing = (published.pdf_jobs.filter(language=language)
                    .exclude(state=JobState.FAILED).order_by("-pk").first())
        if existing is not None:
            return existing
    return _job_create(region=region, year=year, published=published, user=user,
                       scope="all" if scope == "all" else "accepted", language=language)


def national_pdf_job_start(*, year: int, user, language: str | None = None) -> PdfJob:
    """Queue the national report's PDF of `year` in `language`, or reuse the one made.

    A job (finished, queued or running) is reused while the national data digest
    (`reports.national.national_digest`: the regions, their libraries and their latest
    published versions of the year) is unchanged; a region publishing makes a new one.
    """
    language = job_language(language)
    existing = national_pdf_job(year, language)
    if existing is not None:
        return existing
    return _job_create(region=None, year=year, published=None, user=user, scope=NATIONAL,
                       language=language, source_key=national_digest(year))


def dashboard_pdf_job_start(*, region, year: int, source: str, metric: str, user,
                            language: str | None = None) -> PdfJob:
    """Queue the PDF of `region`'s dashboard of `year` (its `source` of figures: published,
    current or all; its `metric`) in `language`. The caller has checked that the user may
    read those figures. A new job each time, like a live report's: the figures may have
    changed since."""
    return _job_create(region=region, year=year, published=None, user=user, scope=DASHBOARD,
                       language=job_language(language), source_key=f"{source}:{metric}"[:64])


def _job_create(*, user, **fields) -> PdfJob:
    with transaction.atomic():
        job = PdfJob.objects.create(requested_by=user, **fields)
        transaction.on_commit(lambda: _enqueue_pdf(job.pk))
    job.refresh_from_db()
    return job


def _enqueue_pdf(job_id: int) -> None:
    from reports.tasks import render_pdf_job

    result = render_pdf_job.enqueue(job_id)
    PdfJob.objects.filter(pk=job_id, task_id="").update(task_id=str(result.id)[:64])
