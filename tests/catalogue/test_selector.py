"""The catalogue read one way (`catalogue.selectors.catalogue`) and the copy the autosave
keeps while the catalogue's version stays the same."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue.models import Indicator, RatioLimit, RegionThreshold
from catalogue.selectors import cached_catalogue, catalogue, catalogue_version

pytestmark = pytest.mark.django_db


def test_the_catalogue_is_one_query_in_the_reports_order_with_chapters_and_totals():
    with CaptureQueriesContext(connection) as queries:
        indicators = catalogue()
        labels = [indicator.label for indicator in indicators.values()]
        chapters = [indicator.chapter.number for indicator in indicators.values()]
    assert len(queries) == 1
    assert chapters == sorted(chapters)
    assert len(labels) == Indicator.objects.count()


def test_a_year_leaves_out_what_is_not_in_force_and_entered_leaves_out_the_derived():
    retired = Indicator.objects.entered().first()
    retired.valid_to = 2020
    retired.save()
    assert retired.code in catalogue(2020)
    assert retired.code not in catalogue(2021)
    entered = catalogue(entered=True)
    assert entered and not any(indicator.is_derived for indicator in entered.values())
    assert any(indicator.is_derived for indicator in catalogue().values())


def test_the_kept_catalogue_is_read_again_after_any_change_of_it(region):
    first = cached_catalogue()
    with CaptureQueriesContext(connection) as queries:
        assert cached_catalogue(catalogue_version()) is first
    assert len(queries) == 1  # the version only

    indicator = Indicator.objects.entered().first()
    RegionThreshold.objects.create(region=region, indicator=indicator, change_threshold_pct=7)
    second = cached_catalogue()
    assert second is not first
    assert second.thresholds[region.pk][indicator.code] == 7

    limit = RatioLimit.objects.first()
    limit.high = (limit.high or Decimal(1)) + 1
    limit.save()
    third = cached_catalogue()
    assert third is not second
    assert [item.high for item in third.limits if item.name == limit.name] == [limit.high]
