"""Rules that must always hold live in the database."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from catalogue.models import Indicator
from libraries.models import Membership, Role
from submissions.models import Submission, Value
from tests.factories import SubmissionFactory, UserFactory


def _indicator(code="users.active"):
    return Indicator.objects.get(code=code)


@pytest.mark.django_db
class TestValueConstraints:
    def test_one_value_per_submission_and_indicator(self, submission):
        Value.objects.create(submission=submission, indicator=_indicator(), value=10)
        with pytest.raises(IntegrityError), transaction.atomic():
            Value.objects.create(submission=submission, indicator=_indicator(), value=11)

    def test_figures_cannot_be_negative(self, submission):
        with pytest.raises(IntegrityError), transaction.atomic():
            Value.objects.create(submission=submission, indicator=_indicator(), value=-1)

    def test_not_applicable_is_distinct_from_zero_and_holds_no_number(self, submission):
        zero = Value.objects.create(submission=submission, indicator=_indicator(), value=0)
        not_applicable = Value.objects.create(
            submission=submission, indicator=_indicator("visits.total"), not_applicable=True)
        assert zero.value == Decimal(0) and not zero.not_applicable
        assert not_applicable.value is None and not_applicable.not_applicable
        with pytest.raises(IntegrityError), transaction.atomic():
            Value.objects.create(submission=submission, indicator=_indicator("loans.total"),
                                 value=5, not_applicable=True)

    def test_estimate_flag_is_kept(self, submission):
        value = Value.objects.create(submission=submission, indicator=_indicator(), value=120,
                                     is_estimate=True)
        value.refresh_from_db()
        assert value.is_estimate


@pytest.mark.django_db
def test_one_submission_per_library_and_year(submission):
    with pytest.raises(IntegrityError), transaction.atomic():
        SubmissionFactory(library=submission.library, year=submission.year)


@pytest.mark.django_db
def test_a_new_submission_is_a_draft_at_version_one(submission):
    assert submission.status == Submission.Status.DRAFT
    assert submission.version == 1
    assert submission.is_editable


@pytest.mark.django_db
class TestMembershipConstraints:
    def test_a_librarian_belongs_to_a_library(self, region):
        with pytest.raises(IntegrityError), transaction.atomic():
            Membership.objects.create(user=UserFactory(), role=Role.LIBRARIAN, region=region)

    def test_regional_roles_have_no_library(self, library):
        with pytest.raises(IntegrityError), transaction.atomic():
            Membership.objects.create(user=UserFactory(), role=Role.METHODOLOGIST,
                                      region=library.region, library=library)

    def test_a_librarian_may_belong_to_several_libraries(self, library, other_library):
        user = UserFactory()
        for each in (library, other_library):
            Membership.objects.create(user=user, role=Role.LIBRARIAN, region=each.region,
                                      library=each)
        assert user.memberships.count() == 2


@pytest.mark.django_db
class TestCatalogue:
    def test_the_starting_catalogue_holds_every_code_of_indicators_md(self):
        codes = set(Indicator.objects.values_list("code", flat=True))
        for code in ("population.total", "users.active.children", "loans.periodicals",
                     "ecatalogue.authorized_new", "acquisition_funding.children_books",
                     "collection.stock.periodicals", "staff.education.secondary",
                     "improvements.done", "derived.coverage_pct", "derived.cost_per_visit",
                     "acquisition_funding.total"):
            assert code in codes

    def test_of_which_rows_point_at_their_total(self):
        assert _indicator("loans.books").parent.code == "loans.total"
        assert (_indicator("acquisition_funding.children_books").parent.code
                == "acquisition_funding.books")

    def test_only_derived_indicators_carry_a_formula(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            Indicator.objects.create(code="x.y", name_lv="x", name_en="x", kind="count",
                                     chapter=_indicator().chapter, formula="a / b")

    def test_years_in_force(self):
        indicator = _indicator()
        indicator.valid_from, indicator.valid_to = 2020, 2022
        assert not indicator.in_force(2019)
        assert indicator.in_force(2021)
        assert not indicator.in_force(2023)
        indicator.save()
        assert indicator in Indicator.objects.in_force(2021)
        assert indicator not in Indicator.objects.in_force(2023)

    def test_names_follow_the_active_language(self):
        from django.utils import translation

        indicator = _indicator()
        with translation.override("en"):
            assert indicator.name == "Active users"
        with translation.override("lv"):
            assert indicator.name == "Aktīvo lietotāju skaits"
