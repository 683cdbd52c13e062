"""factory_boy factories for the tests (no JSON fixtures)."""

from datetime import date
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from catalogue.models import Indicator
from libraries.models import Library, Membership, Region, Role, User
from submissions.models import ReportingYear, Submission, Value


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Reģions {n}")
    slug = factory.Sequence(lambda n: f"region-{n}")


class LibraryFactory(DjangoModelFactory):
    class Meta:
        model = Library

    region = factory.SubFactory(RegionFactory)
    name = factory.Sequence(lambda n: f"Bibliotēka {n:03d}")
    slug = factory.Sequence(lambda n: f"library-{n}")
    parish = factory.Sequence(lambda n: f"Pagasts {n}")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.test")
    password = factory.django.Password("test-password")


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.LIBRARIAN
    library = factory.SubFactory(LibraryFactory)
    region = factory.LazyAttribute(lambda membership: membership.library.region
                                   if membership.library else RegionFactory())


def librarian_of(library, username=None) -> User:
    user = UserFactory(**({"username": username} if username else {}))
    Membership.objects.create(user=user, role=Role.LIBRARIAN, region=library.region,
                              library=library)
    return user


def regional_user(region, role, username=None) -> User:
    user = UserFactory(**({"username": username} if username else {}))
    Membership.objects.create(user=user, role=role, region=region)
    return user


def _first_region():
    """A test's one region (most tests have one), else a new one."""
    return Region.objects.order_by("pk").first() or RegionFactory()


class ReportingYearFactory(DjangoModelFactory):
    """A region's reporting year; pass region= when the test has several regions."""

    class Meta:
        model = ReportingYear
        django_get_or_create = ("region", "year")

    region = factory.LazyFunction(_first_region)
    year = 2022
    deadline = factory.LazyAttribute(lambda y: date(y.year + 1, 2, 9))
    is_open = True


class SubmissionFactory(DjangoModelFactory):
    class Meta:
        model = Submission

    library = factory.SubFactory(LibraryFactory)
    year = factory.LazyAttribute(
        lambda submission: ReportingYearFactory(region=submission.library.region))


def set_values(submission, **values_by_code):
    """Store figures on a submission: set_values(s, **{"users.active": 10})."""
    indicators = Indicator.objects.in_bulk(list(values_by_code), field_name="code")
    for code, value in values_by_code.items():
        Value.objects.update_or_create(
            submission=submission, indicator=indicators[code],
            defaults={"value": None if value is None else Decimal(str(value))})


def accepted_visits(region, visits_by_year):
    """Closed years of `region` with an accepted report per library: `visits_by_year` is
    {year: {library: visits}}; every report has 1000 inhabitants and 100 active users."""
    for year, by_library in visits_by_year.items():
        reporting_year = ReportingYearFactory(region=region, year=year, is_open=False)
        for library, visits in by_library.items():
            submission = SubmissionFactory(library=library, year=reporting_year,
                                           status="accepted")
            set_values(submission, **{"visits.total": visits, "population.total": 1000,
                                      "users.active": 100})
