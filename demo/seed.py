"""Demo data: the Rēzekne network, its people and 2019–2021 figures equal to the 2021 report.

`seed_demo()` is idempotent: it updates what it made before and duplicates nothing.
It also draws the 2021 appendix pictures (`demo.pictures`), writes a regional text in
every section (`demo.texts`) and publishes 2019–2021, so every login sees figures.
It refuses to run on a database holding anything it did not make, unless forced.
"""

import contextlib
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from catalogue.models import Chapter, Indicator, Section
from demo import lists as demo_lists
from demo import network
from demo import regions as demo_regions
from demo.pictures import seed_pictures
from demo.questions import seed_regional_questions
from demo.texts import seed_regional_texts
from libraries.models import Library, Membership, Region, Role, User
from submissions.models import (
    ChapterText,
    ImprovementWork,
    Project,
    ReportingYear,
    StatusChange,
    Submission,
    TrainingEvent,
    Value,
)
from submissions.validation import WARNING, Entry, check_figures

DEMO_PASSWORD = "demo-parole-2022"  # noqa: S105 - printed on purpose, demo only
PAST_YEARS = (2019, 2020, 2021)
OPEN_YEAR = 2022
METHODOLOGIST = "metodikis"
MUNICIPALITY = "pasvaldiba"
ADMIN = "admin"
LIBRARIAN = "bibliotekars"
LIBRARIAN_LIBRARIES = ("dricanu", "audrinu")


class NonDemoDataError(Exception):
    pass


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    where: str


def librarian_username(slug: str) -> str:
    return f"bibl-{slug}"


def demo_usernames() -> set[str]:
    return {METHODOLOGIST, MUNICIPALITY, ADMIN, LIBRARIAN} | {
        librarian_username(slug) for _n, slug, *_ in network.LIBRARIES} | demo_regions.usernames()


def foreign_data() -> list[str]:
    """What in the database the demo did not make (empty for a fresh or demo database)."""
    found = []
    users = User.objects.exclude(username__in=demo_usernames())
    if users.exists():
        found.append(f"users: {', '.join(users.values_list('username', flat=True)[:5])}")
    regions = Region.objects.exclude(slug__in=[network.REGION["slug"],
                                               *demo_regions.region_slugs()])
    if regions.exists():
        found.append(f"regions: {', '.join(regions.values_list('name', flat=True)[:5])}")
    libraries = Library.objects.exclude(slug__in=[row[1] for row in network.LIBRARIES]
                                        + sorted(demo_regions.library_slugs()))
    if libraries.exists():
        found.append(f"libraries: {', '.join(libraries.values_list('name', flat=True)[:5])}")
    years = ReportingYear.objects.exclude(year__in=(*PAST_YEARS, OPEN_YEAR))
    if years.exists():
        found.append(f"years: {', '.join(str(y) for y in years.values_list('year', flat=True))}")
    return found


# Spreading the region totals over the libraries -----------------------------------------

def apportion(total: int, weights: list[float], caps: list[int | None] | None = None) -> list[int]:
    """Split a whole number in proportion to weights (largest remainder), never above a cap."""
    count = len(weights)
    caps = caps or [None] * count
    result = [0] * count
    remaining = total
    active = [i for i in range(count) if weights[i] > 0 and (caps[i] is None or caps[i] > 0)]
    while remaining > 0 and active:
        weight_sum = sum(weights[i] for i in active)
        shares = {i: remaining * weights[i] / weight_sum for i in active}
        given = 0
        for i in active:
            room = remaining if caps[i] is None else caps[i] - result[i]
            step = min(int(shares[i]), room)
            result[i] += step
            given += step
        remaining -= given
        for i in sorted(active, key=lambda i: shares[i] - int(shares[i]), reverse=True):
            if remaining == 0:
                break
            if caps[i] is None or result[i] < caps[i]:
                result[i] += 1
                remaining -= 1
        active = [i for i in active if caps[i] is None or result[i] < caps[i]]
    if remaining:
        raise ValueError(f"Cannot spread {total}: the caps leave {remaining} over.")
    return result


GROUPS = {
    "population": "population", "users": "users", "visits": "visits", "loans": "loans",
    "reference": "users", "ecatalogue": "ecatalogue", "ill": "ill", "databases": "databases",
    "finance": "finance", "acquisition_funding": "finance", "collection": "collection",
    "staff": "staff",
}


def _jitter(slug: str, year: int, group: str) -> float:
    return random.Random(f"{slug}/{year}/{group}").uniform(0.9, 1.1)  # noqa: S311


def generate_figures() -> dict[int, dict[str, dict[str, Decimal | None]]]:
    """{year: {library slug: {code: value}}} whose sums are the report's region totals."""
    slugs = [row[1] for row in network.LIBRARIES]
    sizes = [row[5] for row in network.LIBRARIES]
    index = {slug: i for i, slug in enumerate(slugs)}
    figures: dict[int, dict[str, dict[str, Decimal | None]]] = {}
    indicators = {ind.code: ind for ind in Indicator.objects.entered().select_related("parent")}
    previous_stock: list[int] | None = None

    for year in PAST_YEARS:
        totals = network.TOTALS[year]
        per_code: dict[str, list[int | None]] = {}

        def weights_for(code: str, year=year) -> list[float]:
            group = GROUPS[code.split(".")[0]]
            return [sizes[i] * _jitter(slug, year, group + code) for i, slug in enumerate(slugs)]

        def spread(code, total, weights, caps=None, pinned=None, per_code=per_code):
            pinned = pinned or {}
            if total is None:
                per_code[code] = [None] * len(slugs)
                return
            free_weights = [0 if slug in pinned else w for slug, w in zip(slugs, weights,
                                                                          strict=True)]
            rest = apportion(total - sum(pinned.values()), free_weights, caps)
            for slug, value in pinned.items():
                rest[index[slug]] = value
            per_code[code] = rest

        pinned_this_year = network.PINNED_2021 if year == 2021 else {}
        for code, indicator in indicators.items():
            if indicator.is_bool or (code in totals and code.startswith(("collection.stock",
                                                                         "staff."))):
                continue
            if code not in totals:
                continue
            total = totals[code]
            parent = indicator.parent.code if indicator.parent else None
            pinned = pinned_this_year.get(code)
            if code == "databases.letonika.sessions" and total is not None:
                weights = [sizes[i] if slug in network.LETONIKA_SESSION_LIBRARIES else 0
                           for i, slug in enumerate(slugs)]
                spread(code, total, weights, pinned=pinned)
                continue
            if code.startswith("databases."):
                no_access = network.BOOL_NO[year]["databases.available"]
                weights = [0 if slug in no_access else w
                           for slug, w in zip(slugs, weights_for(code), strict=True)]
                spread(code, total, weights, pinned=pinned)
                continue
            if code == "reference.queries":
                weights = [0 if slug in network.NO_REFERENCE_COUNT else w
                           for slug, w in zip(slugs, weights_for(code), strict=True)]
                spread(code, total, weights)
                per_code[code] = [None if slug in network.NO_REFERENCE_COUNT else value
                                  for slug, value in zip(slugs, per_code[code], strict=True)]
                continue
            if parent and per_code.get(parent) and per_code[parent][0] is not None:
                caps = per_code[parent]
                if code == "acquisition_funding.periodicals":
                    books = per_code["acquisition_funding.books"]
                    caps = [cap - book for cap, book in zip(caps, books, strict=True)]
                weights = [cap * _jitter(slug, year, code) for slug, cap in zip(slugs, caps,
                                                                                 strict=True)]
                spread(code, total, weights, caps=caps, pinned=pinned)
            else:
                spread(code, total, weights_for(code), pinned=pinned)

        # Stock: spread in the first year, then it flows from last year's stock.
        acquired, withdrawn = per_code["collection.acquired"], per_code["collection.withdrawn"]
        if previous_stock is None:
            spread("collection.stock", totals["collection.stock"], weights_for("collection"))
        else:
            flowed = [prev + acq - wd for prev, acq, wd in zip(previous_stock, acquired,
                                                              withdrawn, strict=True)]
            slug, _why = network.STOCK_DIFFERENCE[year]
            flowed[index[slug]] += totals["collection.stock"] - sum(flowed)
            per_code["collection.stock"] = flowed
        stock = per_code["collection.stock"]
        previous_stock = stock
        for code in ("collection.stock.books", "collection.stock.periodicals"):
            spread(code, totals[code], [s * _jitter(slug, year, code)
                                        for slug, s in zip(slugs, stock, strict=True)],
                   caps=stock)

        # Staff: everyone has one librarian; the larger libraries more.
        librarians = [1] * len(slugs)
        extra = apportion(totals["staff.librarians"] - len(slugs),
                          [max(size - 1.0, 0) for size in sizes])
        librarians = [one + more for one, more in zip(librarians, extra, strict=True)]
        per_code["staff.librarians"] = librarians
        full_time_weights = [0 if slug == "pusas" else n for slug, n in zip(slugs, librarians,
                                                                           strict=True)]
        per_code["staff.full_time"] = apportion(totals["staff.full_time"], full_time_weights,
                                                librarians)
        quarters = apportion(totals["staff.units_total"] * 4,
                             [n * 1.2 * _jitter(slug, year, "units")
                              for slug, n in zip(slugs, librarians, strict=True)])
        per_code["staff.units_total"] = quarters  # in quarter units, converted below
        for code in ("staff.education.library", "staff.education.other",
                     "staff.education.secondary"):
            per_code[code] = apportion(totals[code], [n * _jitter(slug, year, code)
                                                      for slug, n in zip(slugs, librarians,
                                                                         strict=True)],
                                       librarians)

        year_figures: dict[str, dict[str, Decimal | None]] = {}
        for i, slug in enumerate(slugs):
            library_values: dict[str, Decimal | None] = {}
            for code, values in per_code.items():
                value = values[i]
                if value is None:
                    library_values[code] = None
                elif code == "staff.units_total":
                    library_values[code] = Decimal(value) / 4
                else:
                    library_values[code] = Decimal(value)
            for code, indicator in indicators.items():
                if indicator.is_bool:
                    if code in network.BOOL_YES[year]:
                        answer = slug in network.BOOL_YES[year][code]
                    else:
                        answer = slug not in network.BOOL_NO[year].get(code, [])
                    library_values[code] = Decimal(int(answer))
            year_figures[slug] = library_values
        figures[year] = year_figures
    return figures


# Writing the demo -------------------------------------------------------------------------

def _ensure_network() -> tuple[Region, dict[str, Library]]:
    region, _ = Region.objects.update_or_create(
        slug=network.REGION["slug"],
        defaults={"name": network.REGION["name"], "main_library": network.REGION["main_library"]})
    libraries = {}
    for name, slug, parish, kind, service_points, _size in network.LIBRARIES:
        libraries[slug], _ = Library.objects.update_or_create(
            slug=slug, defaults={"region": region, "name": name, "parish": parish, "kind": kind,
                                 "external_service_points": service_points, "active": True,
                                 "email": f"{slug}@biblioteka.example",
                                 "address": network.address(slug),
                                 "opening_note": network.opening_note(slug, kind),
                                 "website": f"https://{slug}.biblioteka.example/"})
    return region, libraries


def _ensure_user(username, *, first_name, last_name, password_hash, superuser=False) -> User:
    """Create or refresh a demo user; every demo user gets the printed demo password."""
    user, _ = User.objects.update_or_create(username=username, defaults={
        "first_name": first_name, "last_name": last_name,
        "email": f"{username}@libreport.example", "password": password_hash,
        "is_superuser": superuser, "is_staff": superuser, "is_active": True})
    return user


CATALOGUE_KEEPER_PERMISSIONS = {
    "catalogue": ["indicator", "section", "chapter"],
    "submissions": ["reportingyear"],
    "libraries": ["library", "membership", "user"],
}


def _catalogue_keepers() -> Group:
    """The group that lets the methodologist keep the catalogue and the network in the admin."""
    group, _ = Group.objects.get_or_create(name="Metodiķi")
    models = Q()
    for app_label, names in CATALOGUE_KEEPER_PERMISSIONS.items():
        models |= Q(content_type__app_label=app_label, content_type__model__in=names)
    permissions = Permission.objects.filter(models).exclude(codename__startswith="delete_")
    group.permissions.set(permissions)
    return group


def _ensure_people(region, libraries, password) -> list[DemoLogin]:
    logins = []
    password = make_password(password)  # hashed once: hashing is slow on purpose
    admin = _ensure_user(ADMIN, first_name="Administrators", last_name="", password_hash=password,
                         superuser=True)
    logins.append(DemoLogin(admin.username, "administrator", region.name))
    methodologist = _ensure_user(METHODOLOGIST, first_name="Metodiķe", last_name="Demo",
                                 password_hash=password)
    Membership.objects.get_or_create(user=methodologist, role=Role.METHODOLOGIST, region=region)
    methodologist.is_staff = True  # keeps the catalogue, the years and the network in the admin
    methodologist.save(update_fields=["is_staff"])
    methodologist.groups.add(_catalogue_keepers())
    logins.append(DemoLogin(methodologist.username, "methodologist", region.name))
    municipality = _ensure_user(MUNICIPALITY, first_name="Pašvaldība", last_name="Demo",
                                password_hash=password)
    Membership.objects.get_or_create(user=municipality, role=Role.MUNICIPALITY, region=region)
    logins.append(DemoLogin(municipality.username, "municipality", region.name))
    librarian = _ensure_user(LIBRARIAN, first_name="Bibliotekāre", last_name="Demo",
                             password_hash=password)
    for slug in LIBRARIAN_LIBRARIES:
        Membership.objects.get_or_create(user=librarian, role=Role.LIBRARIAN, region=region,
                                         library=libraries[slug])
    logins.append(DemoLogin(librarian.username, "librarian",
                            ", ".join(libraries[slug].name for slug in LIBRARIAN_LIBRARIES)))
    for slug, library in libraries.items():
        user = _ensure_user(librarian_username(slug), first_name="Bibliotekārs",
                            last_name=f"({library.name})", password_hash=password)
        Membership.objects.get_or_create(user=user, role=Role.LIBRARIAN, region=region,
                                         library=library)
        logins.append(DemoLogin(user.username, "librarian", library.name))
    return logins


def _ensure_years(region, today: date) -> dict[int, ReportingYear]:
    years = {}
    for year in PAST_YEARS:
        years[year], _ = ReportingYear.objects.update_or_create(
            region=region, year=year,
            defaults={"deadline": date(year + 1, 2, 9), "is_open": False})
    years[OPEN_YEAR], _created = ReportingYear.objects.get_or_create(
        region=region, year=OPEN_YEAR,
        defaults={"deadline": today + timedelta(days=45), "is_open": True})
    return years


PANDEMIC_NOTE = {
    2020: "Covid-19 ierobežojumu dēļ bibliotēka vairākus mēnešus bija slēgta apmeklētājiem; "
          "pakalpojumi tika sniegti attālināti un bezkontakta veidā.",
    2021: "Epidemioloģiskie ierobežojumi turpinājās; daļa pakalpojumu notika attālināti.",
}


def _explanations(year, figures, slug, indicators) -> dict[str, str]:
    """The librarian's explanations of the warnings an accepted demo submission raised."""
    if year - 1 not in figures:
        return {}
    entries = {code: Entry(value) for code, value in figures[year][slug].items()}
    problems = check_figures(indicators, entries, figures[year - 1][slug], year)
    return {problem.code: PANDEMIC_NOTE[year] for problem in problems
            if problem.severity == WARNING}


def _write_past_year(year, reporting_year, libraries, figures, indicators, methodologist):
    accepted_at = datetime(year + 1, 2, 20, 12, 0, tzinfo=UTC)
    submissions = {}
    for index, (slug, library) in enumerate(libraries.items()):
        # Handed in over the last three weeks before the deadline (9 February).
        submitted_at = datetime(year + 1, 1, 19, 10, 0, tzinfo=UTC) + timedelta(
            hours=13 * index)
        submission, _ = Submission.objects.update_or_create(
            library=library, year=reporting_year,
            defaults={"status": Submission.Status.ACCEPTED, "version": 1,
                      "submitted_at": submitted_at, "accepted_at": accepted_at})
        submissions[slug] = submission
    # The demo's past reports were last changed when they were accepted, not today.
    Submission.objects.filter(pk__in=[s.pk for s in submissions.values()]).update(
        updated_at=accepted_at)
    Value.objects.filter(submission__in=submissions.values()).delete()
    stock_slug, stock_why = network.STOCK_DIFFERENCE.get(year, (None, ""))
    rows = []
    for slug, submission in submissions.items():
        explained = _explanations(year, figures, slug, indicators)
        if slug == stock_slug:
            explained["collection.stock"] = stock_why
        for code, value in figures[year][slug].items():
            if value is None:
                continue
            rows.append(Value(submission=submission, indicator=indicators[code], value=value,
                              explanation=explained.get(code, "")))
    Value.objects.bulk_create(rows, batch_size=1000)
    StatusChange.objects.filter(submission__in=submissions.values()).delete()
    StatusChange.objects.bulk_create(
        [StatusChange(submission=s, from_status=Submission.Status.SUBMITTED,
                      to_status=Submission.Status.ACCEPTED, user=methodologist)
         for s in submissions.values()])
    return submissions


def _write_lists_2021(submissions):
    for model in (TrainingEvent, Project, ImprovementWork, ChapterText):
        model.objects.filter(submission__in=submissions.values()).delete()
    slugs = list(submissions)
    events, turn = [], 0
    for date_from, date_to, place, organiser, title, hours, participants in (
            demo_lists.TRAINING_2021):
        for _ in range(participants):
            slug = slugs[turn % len(slugs)]
            turn += 1
            events.append(TrainingEvent(
                submission=submissions[slug], date_from=date.fromisoformat(date_from),
                date_to=date.fromisoformat(date_to) if date_to else None, place=place,
                organiser=organiser, title=title, hours=Decimal(hours), participants=1))
    TrainingEvent.objects.bulk_create(events)
    for slug, projects in demo_lists.PROJECTS_2021.items():
        for title, funders, amount, description, support in projects:
            Project.objects.create(submission=submissions[slug], title=title, funders=funders,
                                   amount=Decimal(amount), description=description,
                                   support=support)
    for slug, description in demo_lists.IMPROVEMENTS_2021.items():
        ImprovementWork.objects.create(submission=submissions[slug], description=description)
    sections = {section.code: section for section in Section.objects.all()}
    for (slug, code), html in demo_lists.TEXTS_2021.items():
        ChapterText.objects.create(submission=submissions[slug], section=sections[code],
                                   html=html)


@transaction.atomic
def seed_demo(*, force: bool = False, password: str = DEMO_PASSWORD,
              today: date | None = None) -> list[DemoLogin]:
    """Create or refresh the demo network, people and figures; return the demo logins."""
    found = foreign_data()
    if found and not force:
        raise NonDemoDataError("; ".join(found))
    if not Chapter.objects.exists():
        raise RuntimeError("The indicator catalogue is missing: run migrate first.")
    today = today or timezone.localdate()
    region, libraries = _ensure_network()
    logins = _ensure_people(region, libraries, password)
    years = _ensure_years(region, today)
    methodologist = User.objects.get(username=METHODOLOGIST)
    indicators = {ind.code: ind for ind in Indicator.objects.all()}
    figures = generate_figures()
    for year in PAST_YEARS:
        submissions = _write_past_year(year, years[year], libraries, figures, indicators,
                                       methodologist)
        if year == 2021:
            _write_lists_2021(submissions)
            seed_pictures(submissions)
    seed_regional_texts(region)
    for library in libraries.values():
        Submission.objects.get_or_create(library=library, year=years[OPEN_YEAR])
    _publish_past_years(region, methodologist)
    logins += [DemoLogin(*login) for login in demo_regions.seed_demo_regions(
        figures=figures, password=password)]
    seed_regional_questions()
    return logins


def _publish_past_years(region, methodologist) -> None:
    """Publish 2019–2021 (once: an unchanged report is not published again).

    So the municipality's dashboard and published reports have figures at first login.
    No PDF is queued; a version's page makes it on request.
    """
    from reports.services import NothingChanged, report_publish

    for year in PAST_YEARS:
        with contextlib.suppress(NothingChanged):
            report_publish(region=region, year=year, user=methodologist,
                           note="Demo", make_pdf=False)
