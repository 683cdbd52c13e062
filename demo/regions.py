"""Two synthetic regions and a national user, so the national view shows something at once.

The regions are named as synthetic ("… (sintētisks)"), as are their libraries. Their
2019–2021 figures are plausible because they are the Rēzekne demo libraries' figures
(`demo.seed.generate_figures`) scaled per library by a fixed factor: every
"of which" figure stays within its total, yes/no answers are kept. Their submissions
are accepted and each year's report is published (without queuing its PDF: it is made
on request). The Rēzekne region is not touched, so it keeps the 2021 report's figures.

`seed_demo_regions()` is idempotent like `seed_demo`: it updates what it made before.
"""

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.hashers import make_password

from catalogue.models import Indicator
from libraries.models import Library, Membership, Region, Role, User
from reports.selectors import latest_published
from reports.services import report_publish
from submissions.models import ReportingYear, StatusChange, Submission, Value

NATIONAL_USERNAME = "nacionalais"
PAST_YEARS = (2019, 2020, 2021)

# Made-up parish names (no real parish is meant).
PARISHES = ("Ābeļu", "Bērzu", "Ceriņu", "Dzērveņu", "Egļu", "Gobu", "Irbju", "Kļavu",
            "Liepu", "Mētru", "Ozolu", "Priežu", "Rudzu", "Saulrītu", "Vītolu", "Zīļu",
            "Ievu", "Niedru", "Lazdu", "Ošu")


@dataclass(frozen=True)
class SyntheticRegion:
    slug: str
    name: str
    main_library: str
    libraries: int  # how many
    scale: float  # of the Rēzekne figures
    methodologist: str
    municipality: str
    # Multipliers of whole indicator groups (the code's first part), so the regions differ
    # per inhabitant; a group's "of which" figures move with their total.
    profile: tuple[tuple[str, float], ...] = ()

    def library_slugs(self) -> list[str]:
        return [f"{self.slug}-{n + 1:02d}" for n in range(self.libraries)]

    def librarian(self, library_slug: str) -> str:
        return f"bibl-{library_slug}"

    def usernames(self) -> set[str]:
        return {self.methodologist, self.municipality} | {
            self.librarian(slug) for slug in self.library_slugs()}


# Both sort after "Rēzeknes novads", which stays the first region (administrators' default).
REGIONS = (
    SyntheticRegion("vidzemes-paraugnovads", "Vidzemes paraugnovads (sintētisks)",
                    "Vidzemes paraugnovada Centrālā bibliotēka (sintētiska)", 14, 0.9,
                    "metodikis-vidzeme", "pasvaldiba-vidzeme",
                    (("visits", 1.25), ("loans", 1.15), ("users", 1.1), ("finance", 0.9),
                     ("acquisition_funding", 0.85))),
    SyntheticRegion("zemgales-paraugnovads", "Zemgales paraugnovads (sintētisks)",
                    "Zemgales paraugnovada Centrālā bibliotēka (sintētiska)", 20, 1.2,
                    "metodikis-zemgale", "pasvaldiba-zemgale",
                    (("visits", 0.8), ("loans", 0.9), ("users", 0.92), ("finance", 1.15),
                     ("acquisition_funding", 1.2))),
)


def region_slugs() -> set[str]:
    return {region.slug for region in REGIONS}


def library_slugs() -> set[str]:
    return {slug for region in REGIONS for slug in region.library_slugs()}


def usernames() -> set[str]:
    return {NATIONAL_USERNAME} | {name for region in REGIONS for name in region.usernames()}


def _user(username: str, first_name: str, last_name: str, password_hash: str) -> User:
    user, _ = User.objects.update_or_create(username=username, defaults={
        "first_name": first_name, "last_name": last_name,
        "email": f"{username}@libreport.example", "password": password_hash,
        "is_superuser": False, "is_staff": False, "is_active": True})
    return user


def _scaled(value: Decimal | None, factor: Decimal, indicator: Indicator) -> Decimal | None:
    if value is None or indicator.is_bool:
        return value
    places = Decimal("0.01") if indicator.kind == Indicator.Kind.FTE else Decimal(1)
    return (value * factor).quantize(places, rounding=ROUND_HALF_UP)


def _library_figures(region: SyntheticRegion, figures, indicators) -> dict[str, dict]:
    """{year: {library slug: {code: value}}}: a Rēzekne library's figures, scaled."""
    sources = sorted(next(iter(figures.values())))
    result: dict[int, dict[str, dict]] = {year: {} for year in PAST_YEARS}
    for index, slug in enumerate(region.library_slugs()):
        source = sources[(index * 7) % len(sources)]
        jitter = random.Random(slug).uniform(0.85, 1.15)  # noqa: S311 - demo data
        factor = region.scale * jitter
        profile = dict(region.profile)
        for year in PAST_YEARS:
            result[year][slug] = {
                code: _scaled(value, Decimal(str(round(
                    factor * profile.get(code.split(".")[0], 1), 3))), indicators[code])
                for code, value in figures[year][source].items() if code in indicators}
    return result


def _write_region(region: SyntheticRegion, figures, indicators, password_hash):
    place, _ = Region.objects.update_or_create(slug=region.slug, defaults={
        "name": region.name, "main_library": region.main_library})
    years = {year: ReportingYear.objects.update_or_create(
        region=place, year=year,
        defaults={"deadline": date(year + 1, 2, 9), "is_open": False})[0]
        for year in PAST_YEARS}
    libraries = {}
    for index, slug in enumerate(region.library_slugs()):
        parish = PARISHES[index % len(PARISHES)]
        suffix = f" {index // len(PARISHES) + 1}" if index >= len(PARISHES) else ""
        libraries[slug], _ = Library.objects.update_or_create(slug=slug, defaults={
            "region": place, "name": f"{parish}{suffix} pagasta bibliotēka (sintētiska)",
            "parish": f"{parish}{suffix} pagasts", "kind": Library.Kind.PARISH,
            "active": True, "email": f"{slug}@biblioteka.example"})
    methodologist = _user(region.methodologist, "Metodiķis", f"({region.name})", password_hash)
    Membership.objects.get_or_create(user=methodologist, role=Role.METHODOLOGIST, region=place)
    municipality = _user(region.municipality, "Pašvaldība", f"({region.name})", password_hash)
    Membership.objects.get_or_create(user=municipality, role=Role.MUNICIPALITY, region=place)
    for slug, library in libraries.items():
        librarian = _user(region.librarian(slug), "Bibliotekārs", f"({library.name})",
                          password_hash)
        Membership.objects.get_or_create(user=librarian, role=Role.LIBRARIAN, region=place,
                                         library=library)
    scaled = _library_figures(region, figures, indicators)
    for year in PAST_YEARS:
        accepted_at = datetime(year + 1, 2, 20, 12, 0, tzinfo=UTC)
        submissions = []
        for slug, library in libraries.items():
            submission, _ = Submission.objects.update_or_create(
                library=library, year=years[year],
                defaults={"status": Submission.Status.ACCEPTED, "version": 1,
                          "submitted_at": datetime(year + 1, 2, 1, 10, 0, tzinfo=UTC),
                          "accepted_at": accepted_at})
            submissions.append((slug, submission))
        Value.objects.filter(submission__in=[s for _slug, s in submissions]).delete()
        Value.objects.bulk_create(
            [Value(submission=submission, indicator=indicators[code], value=value)
             for slug, submission in submissions
             for code, value in scaled[year][slug].items() if value is not None],
            batch_size=1000)
        StatusChange.objects.filter(submission__in=[s for _slug, s in submissions]).delete()
        StatusChange.objects.bulk_create(
            [StatusChange(submission=submission, from_status=Submission.Status.SUBMITTED,
                          to_status=Submission.Status.ACCEPTED, user=methodologist)
             for _slug, submission in submissions])
    for year in PAST_YEARS:
        if latest_published(place, year) is None:
            report_publish(region=place, year=year, user=methodologist, make_pdf=False)
    return [(methodologist.username, "methodologist", region.name),
            (municipality.username, "municipality", region.name),
            *((region.librarian(slug), "librarian", library.name)
              for slug, library in libraries.items())]


def seed_demo_regions(*, figures, password: str):
    """The synthetic regions, their people, accepted and published 2019–2021, and the
    national user. Returns (username, role, where) of the logins it made."""
    password_hash = make_password(password)
    indicators = {ind.code: ind for ind in Indicator.objects.entered()}
    logins = []
    for region in REGIONS:
        logins += _write_region(region, figures, indicators, password_hash)
    national = _user(NATIONAL_USERNAME, "Nacionālā metodiķe", "Demo", password_hash)
    Membership.objects.get_or_create(user=national, role=Role.NATIONAL, region=None)
    logins.append((national.username, "national methodologist", "Latvija"))
    return logins
