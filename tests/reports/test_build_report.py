from datetime import date
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from figures.selectors import ALL_STATUSES
from libraries.models import Region
from reports.consolidated import (
    YesNoCount,
    YesNoSentence,
    build_report,
    report_from_dict,
    report_to_dict,
)
from reports.region_tables import build_region_tables
from submissions.models import Project, Submission, TrainingEvent, Value
from tests.reports.conftest import make_network


def _queries(region, year=2021):
    with CaptureQueriesContext(connection) as context:
        data = build_report(region, year)
    return len(context.captured_queries), data


def test_query_count_does_not_grow_with_the_network(db):
    small = Region.objects.create(name="Mazais", slug="small")
    large = Region.objects.create(name="Lielais", slug="large")
    make_network(small, 35)
    make_network(large, 350)
    small_count, small_data = _queries(small)
    large_count, large_data = _queries(large)
    assert small_count == large_count
    # ... with everything read: tables, lists, texts and the charts' per-library figures.
    for data, size in ((small_data, 35), (large_data, 350)):
        comparison = next(spec for spec in data.charts if spec.key == "comparison")
        assert len(comparison.labels) == size
        assert len(data.find_table("projects").rows) == size


def test_report_holds_the_chapters_in_template_order(region, network):
    data = build_report(region, 2021)
    assert [chapter.number for chapter in data.chapters] == list(range(13))
    assert data.find_table("main_indicators") in data.chapters[5].tables
    assert data.find_table("projects") in data.chapters[9].lists
    assert data.is_final


def test_training_events_merge_with_participants_added(region, network):
    data = build_report(region, 2021)
    training = data.find_table("training")
    assert len(training.rows) == 1
    assert training.rows[0][5] == Decimal(5)
    # Five attending libraries are more than the report names: it gives their number.
    assert training.rows[0][6] == "5 bibliotēkas"


def test_a_few_attending_libraries_are_named(region, network):
    TrainingEvent.objects.create(submission=network[0].submissions.get(year__year=2021),
                                 date_from=date(2021, 9, 2), date_to=date(2021, 11, 9),
                                 title="Vadītāju kursi", organiser="LNB KAC", hours=24,
                                 participants=1)
    row = next(row for row in build_report(region, 2021).find_table("training").rows
               if row[3] == "Vadītāju kursi")
    assert row[6] == network[0].name
    assert row[0] == "02.09.–09.11.2021."


def test_different_dates_are_different_events(region, network):
    submission = Submission.objects.filter(library__region=region, year__year=2021).first()
    TrainingEvent.objects.create(submission=submission, date_from=date(2021, 4, 1),
                                 title="Seminārs", organiser="LNB", hours=4, participants=2)
    rows = build_report(region, 2021).find_table("training").rows
    assert [row[5] for row in rows] == [Decimal(5), Decimal(2)]


def test_projects_name_their_library(region, network):
    rows = build_report(region, 2021).find_table("projects").rows
    assert len(rows) == 5
    assert {row[0] for row in rows} == {library.name for library in network}


def test_yes_no_counts_name_the_libraries(region, network):
    data = build_report(region, 2021)
    accessible = next(item for item in data.chapters[5].yes_no
                      if item.code == "access.reduced_mobility")
    assert accessible.count == 2
    assert accessible.answered == 5
    assert len(accessible.libraries) == 2


def test_unaccepted_submissions_only_on_request_and_marked(region, network):
    Submission.objects.filter(library=network[0], year__year=2021).update(status="submitted")
    final = build_report(region, 2021)
    assert final.is_final
    assert final.missing_libraries == (network[0].name,)
    assert len(final.find_table("projects").rows) == 4
    everything = build_report(region, 2021, ALL_STATUSES)
    assert not everything.is_final
    assert everything.missing_libraries == ()
    assert len(everything.find_table("projects").rows) == 5


def test_report_survives_the_json_round_trip(region, network):
    Project.objects.update(amount=Decimal("12.50"))
    data = build_report(region, 2021)
    assert report_from_dict(report_to_dict(data)) == data


def _yes_no(data, code):
    return next(item for chapter in data.chapters for item in chapter.yes_no
                if item.code == code)


def test_yes_no_names_the_fewer_libraries(region, network, client_for, methodologist):
    """Most said yes: the report names the exceptions; otherwise it names the yeses.
    Both lists stay in the report model."""
    Value.objects.filter(indicator__code="accredited", submission__year__year=2021).exclude(
        submission__library=network[0]).update(value=1)
    data = build_report(region, 2021)
    accredited = _yes_no(data, "accredited")  # 4 of 5 said yes
    assert accredited.libraries == tuple(library.name for library in network[1:])
    assert accredited.no_libraries == (network[0].name,)
    accessible = _yes_no(data, "access.reduced_mobility")  # 2 of 5 said yes
    assert len(accessible.libraries) == 2 and len(accessible.no_libraries) == 3
    with translation.override("lv"):
        assert accredited.sentence == YesNoSentence("4 no 5 bibliotēkām", "nav",
                                                    (network[0].name,))
        assert accessible.sentence == YesNoSentence("2 no 5 bibliotēkām", "jā",
                                                    accessible.libraries)
        html = client_for(methodologist).get(reverse("reports:report") + "?year=2021"
                                             ).content.decode()
        assert f"4 no 5 bibliotēkām; nav: {network[0].name}." in html
    with translation.override("en"):
        assert accredited.sentence.summary == "4 of 5 libraries"
        assert accredited.sentence.names_label == "no"
    # the Latvian plural forms: 1 → "bibliotēkas", 21 → "bibliotēkas", 35 → "bibliotēkām"
    with translation.override("lv"):
        for answered, noun in ((1, "bibliotēkas"), (21, "bibliotēkas"), (35, "bibliotēkām"),
                               (11, "bibliotēkām")):
            item = YesNoCount(code="x", label="X", count=0, answered=answered, libraries=())
            assert item.sentence.summary == f"0 no {answered} {noun}"


def test_yes_no_of_an_older_snapshot_still_names_the_yeses(region, network):
    """Snapshots published before the "no" list was kept load, and name the yeses."""
    snapshot = report_to_dict(build_report(region, 2021))
    for chapter in snapshot["chapters"]:
        for item in chapter["yes_no"]:
            del item["no_libraries"]
    loaded = _yes_no(report_from_dict(snapshot), "access.reduced_mobility")
    assert loaded.no_libraries == () and len(loaded.libraries) == 2
    old = YesNoCount(code="x", label="X", count=3, answered=4, libraries=("A", "B", "C"))
    assert old.sentence.names == ("A", "B", "C")
    everyone = YesNoCount(code="x", label="X", count=4, answered=4, libraries=("A",) * 4)
    assert everyone.sentence.names == ()


def test_of_which_rows_are_indented_only_under_their_own_total(region, network):
    tables = build_region_tables(region, 2021)
    alise = {row.code: row.level for row in tables.table("alise_usage").rows}
    # its total (authorised users, all) is in another table: not under "acquisition module"
    assert alise["ecatalogue.authorized_new"] == 0
    authorised = {row.code: row.level for row in tables.table("authorized_users").rows}
    assert authorised["ecatalogue.authorized_new"] == 1
    expenses = {row.code: row.level for row in tables.table("expenses").rows}
    assert expenses["finance.salaries"] == 1
