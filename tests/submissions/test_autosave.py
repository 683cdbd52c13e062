"""The autosave endpoint behind entry.js: one figure or one text, with its base revision."""

from decimal import Decimal

import pytest
from django.urls import reverse

from submissions.models import ChapterText, Value
from tests.factories import set_values

pytestmark = pytest.mark.django_db


def autosave(client, submission, **data):
    return client.post(reverse("entry:autosave", kwargs={"pk": submission.pk}), data,
                       HTTP_ACCEPT="application/json")


def figure(code, value, revision=0, **extra):
    """What entry.js sends (the names of entry.forms.AutosaveForm)."""
    names = {"ex": "explanation"}
    return {"kind": "figure", "code": code, "value": value, "base_revision": revision,
            **{names.get(key, key): val for key, val in extra.items()}}


def test_saves_a_figure_and_returns_revision_problems_and_progress(
        client_for, submission, last_submission, librarian):
    client = client_for(librarian)
    client.cookies["django_language"] = "en"
    response = autosave(client, submission, **figure("visits.total", "3000"))
    assert response.status_code == 200
    data = response.json()
    assert data["ok"] and data["revision"] == 1
    assert data["change"] == "-50 %"
    assert [p["severity"] for p in data["problems"]] == ["warning"]
    assert "changed by -50%" in data["problems"][0]["message"]
    assert data["progress"]["chapter"]["filled"] == 1
    assert data["progress"]["overall"]["warnings"] == 1
    # explaining it clears the open warning
    data = autosave(client, submission, **figure("visits.total", "3000", 1,
                                                 ex="Closed for renovation.")).json()
    assert data["problems"][0]["explained"] is True
    assert data["progress"]["overall"]["warnings"] == 0


def test_hard_error_is_422_and_nothing_is_stored(client_for, submission, librarian):
    response = autosave(client_for(librarian), submission, **figure("users.active", "-4"))
    assert response.status_code == 422
    assert response.json()["errors"]
    assert not Value.objects.filter(submission=submission).exists()


def test_stale_save_is_409_with_both_values_and_nothing_lost(client_for, submission, librarian,
                                                            other_librarian):
    set_values(submission, **{"users.active": 400})
    value = Value.objects.get(submission=submission, indicator__code="users.active")
    # someone else saves first (revision goes up)
    Value.objects.filter(pk=value.pk).update(value=Decimal(410), revision=value.revision + 1,
                                             updated_by=other_librarian)
    client = client_for(librarian)
    response = autosave(client, submission, **figure("users.active", "420", value.revision))
    assert response.status_code == 409
    data = response.json()
    assert data["theirs"]["text"] == "410" and data["yours"] == "420"
    assert data["theirs"]["revision"] == value.revision + 1
    assert data["by"] == "other-librarian"
    assert Value.objects.get(pk=value.pk).value == 410  # theirs is kept
    # “overwrite with mine” sends their revision as the base
    response = autosave(client, submission, **figure("users.active", "420", value.revision + 1))
    assert response.status_code == 200
    assert Value.objects.get(pk=value.pk).value == 420


def test_saves_a_text_sanitised(client_for, submission, librarian):
    client = client_for(librarian)
    response = autosave(client, submission, kind="text", section="5-indicators",
                        html='<p>Good <a href="javascript:alert(1)">year</a></p>',
                        base_revision=0)
    assert response.status_code == 200
    assert response.json()["html"] == '<p>Good <a rel="noopener noreferrer">year</a></p>'
    text = ChapterText.objects.get(submission=submission, section__code="5-indicators")
    assert text.revision == 1
    # a stale text is refused with theirs
    response = autosave(client, submission, kind="text", section="5-indicators",
                        html="<p>Mine</p>", base_revision=0)
    assert response.status_code == 409
    assert response.json()["theirs"]["html"].startswith("<p>Good")


def test_unknown_indicator_is_404(client_for, submission, librarian):
    response = autosave(client_for(librarian), submission, **figure("no.such", "1"))
    assert response.status_code == 404


def test_anonymous_save_is_redirected_not_stored(client, submission):
    response = autosave(client, submission, **figure("users.active", "1"))
    assert response.status_code == 302
    assert not Value.objects.exists()


def test_locked_submission_answers_json_so_the_page_can_say_why(client_for, submission,
                                                                 librarian):
    from submissions.models import Submission

    Submission.objects.filter(pk=submission.pk).update(status="submitted")
    response = autosave(client_for(librarian), submission, **figure("users.active", "1"))
    assert response.status_code == 403
    assert response.json()["locked"] is True
    assert not Value.objects.exists()


def test_not_applicable_input_is_not_disabled_without_javascript(client_for, submission,
                                                                 librarian):
    Value.objects.create(submission=submission, indicator_id=Value._meta.get_field(
        "indicator").related_model.objects.get(code="visits.virtual").pk, not_applicable=True)
    content = client_for(librarian).get(reverse("entry:chapter", kwargs={
        "pk": submission.pk, "number": 5})).content.decode()
    start = content.index('id="f-visits-virtual"')
    assert "disabled" not in content[start - 200:start + 300]


# Issue 8, item 3: correct and cheap ----------------------------------------------------------

# session, user; then in one transaction: the locked submission (with, in the same query,
# whether the user is a librarian of its library, the version of the kept catalogue and
# the sections holding a text), the figures, the write, its audit entry (which is also
# when the report last changed: no write of the submission's updated_at).
# (The quality checks' inputs: the region's peer statistics, events and decisions per
# region and year, a library's last years per library, are kept in the process for a
# minute: submissions.selectors.KEEP_SECONDS.)
SAVE_QUERIES = 6


def save_queries(captured) -> int:
    """The queries of one save (bench/autosave.py counts with this too): the statements
    that open and close its transaction (BEGIN, SAVEPOINT, RELEASE, COMMIT) are not
    counted; in a test the save's transaction is a savepoint in the test's own."""
    return len([q for q in captured.captured_queries if not q["sql"].startswith(
        ("BEGIN", "SAVEPOINT", "RELEASE SAVEPOINT", "COMMIT"))])


def _queries_of_one_save(client, submission, code, value, revision=0):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = autosave(client, submission, **figure(code, value, revision))
    assert response.status_code == 200, response.content
    return save_queries(queries)


def test_a_save_takes_a_fixed_number_of_queries_whatever_the_submission_holds(
        client_for, submission, last_submission, librarian):
    from catalogue.models import Indicator

    client = client_for(librarian)
    autosave(client, submission, **figure("population.total", "2300"))  # session warm
    small = _queries_of_one_save(client, submission,
                                 "users.active", "470")
    codes = list(Indicator.objects.entered().filter(kind="count", parent=None)
                 .exclude(code__in=["users.active", "visits.total", "population.total"])
                 .values_list("code", flat=True)[:40])
    set_values(submission, **dict.fromkeys(codes, 5))
    large = _queries_of_one_save(client, submission,
                                 "visits.total", "6000")
    assert small == large
    assert small == SAVE_QUERIES


def _region_of(count, open_year, last_year):
    """`count` libraries of the test's region with last year's report and this year's
    peer figures; returns the librarian and draft of the first."""
    from tests.factories import LibraryFactory, SubmissionFactory, librarian_of

    first = None
    for n in range(count):
        library = LibraryFactory(region=open_year.region, slug=f"peer-{count}-{n}")
        last = SubmissionFactory(library=library, year=last_year, status="accepted")
        set_values(last, **{"population.total": 1000 + 50 * n, "visits.total": 9000 + n,
                            "loans.total": 12000 + n, "users.active": 400 + n})
        draft = SubmissionFactory(library=library, year=open_year)
        set_values(draft, **{"population.total": 1000 + 50 * n, "visits.total": 9100 + n,
                             "loans.total": 12100 + n, "users.active": 410 + n})
        if first is None:
            first = (librarian_of(library), draft)
    return first


@pytest.mark.parametrize("libraries", [3, 30])
def test_a_save_takes_the_same_queries_whatever_the_size_of_the_region(
        client_for, open_year, libraries):
    from catalogue.selectors import forget_catalogue
    from submissions.models import ReportingYear
    from submissions.selectors import forget_kept

    last_year = ReportingYear.objects.create(region=open_year.region,
                                             year=open_year.year - 1,
                                             deadline=open_year.deadline)
    user, draft = _region_of(libraries, open_year, last_year)
    forget_catalogue()
    forget_kept()
    client = client_for(user)
    revision = Value.objects.get(submission=draft, indicator__code="visits.total").revision
    first = _queries_of_one_save(client, draft, "visits.total", "9200", revision)
    # the first save in the process also loads the catalogue (indicators, chapters, their
    # sections, ratio limits, the regions' own thresholds); the first of a region and
    # library per minute reads the region's part of the quality checks (three queries)
    # and the library's last years
    assert first == SAVE_QUERIES + 5 + 4
    assert _queries_of_one_save(client, draft, "visits.total", "9300",
                                revision + 1) == SAVE_QUERIES


def test_a_retry_of_a_stored_save_is_not_a_conflict_with_oneself(client_for, submission,
                                                                  librarian):
    client = client_for(librarian)
    first = autosave(client, submission, **figure("users.active", "470"))
    assert first.status_code == 200
    # the reply was lost (e.g. the connection dropped after the commit): the page sends the
    # same value from the same base revision again
    again = autosave(client, submission, **figure("users.active", "470"))
    assert again.status_code == 200
    assert again.json()["revision"] == first.json()["revision"] == 1
    assert Value.objects.get(submission=submission).revision == 1
    # a different value from the old revision is still a conflict
    assert autosave(client, submission, **figure("users.active", "480")).status_code == 409


def test_a_save_that_races_with_a_submit_says_locked(client_for, submission, librarian,
                                                     monkeypatch):
    """Another tab submits after the page sent the save and before the save's transaction
    locks the report: the right to change it is checked on the locked row."""
    from entry import views
    from submissions.models import Submission

    original = views.AutosaveForm.is_valid

    def submitted_meanwhile(form):
        Submission.objects.filter(pk=submission.pk).update(status="submitted")
        return original(form)

    monkeypatch.setattr(views.AutosaveForm, "is_valid", submitted_meanwhile)
    response = autosave(client_for(librarian), submission, **figure("users.active", "1"))
    assert response.status_code == 403
    assert response.json()["locked"] is True
    assert not Value.objects.exists()


def test_a_librarian_of_another_library_cannot_save_here(client_for, submission,
                                                        other_librarian):
    response = autosave(client_for(other_librarian), submission, **figure("users.active", "1"))
    assert response.status_code == 403
    assert not Value.objects.exists()
    response = autosave(client_for(other_librarian), submission, kind="text",
                        section="5-indicators", html="<p>Not mine</p>", base_revision=0)
    assert response.status_code == 403
    assert not ChapterText.objects.exists()


def test_the_methodologist_hears_the_report_is_not_theirs_to_change(client_for, submission,
                                                                    methodologist):
    response = autosave(client_for(methodologist), submission, **figure("users.active", "1"))
    assert response.status_code == 403
    assert response.json()["locked"] is True  # they may read it: the page says why
    assert not Value.objects.exists()


def test_an_administrator_may_save_and_a_missing_report_is_404(client_for, submission,
                                                               admin_user):
    client = client_for(admin_user)
    assert autosave(client, submission, **figure("users.active", "470")).status_code == 200
    assert Value.objects.get(submission=submission).value == 470
    gone = type(submission)(pk=submission.pk + 1000)
    assert autosave(client, gone, **figure("users.active", "1")).status_code == 404


def test_nothing_after_the_commit_turns_a_stored_save_into_an_error(client_for, submission,
                                                                     librarian, monkeypatch):
    """The reply is built from what the save's transaction read: the database may go away
    right after the commit and the page still hears that its value is stored."""
    from django.db import OperationalError
    from django.db.backends.utils import CursorWrapper

    from entry import autosave as service

    original = service.figure_autosave

    def then_the_database_goes_away(**kwargs):
        saved = original(**kwargs)

        def gone(*args, **kw):
            raise OperationalError("server closed the connection unexpectedly")

        monkeypatch.setattr(CursorWrapper, "execute", gone)
        monkeypatch.setattr(CursorWrapper, "executemany", gone)
        return saved

    monkeypatch.setattr(service, "figure_autosave", then_the_database_goes_away)
    response = autosave(client_for(librarian), submission, **figure("users.active", "470"))
    monkeypatch.undo()
    assert response.status_code == 200
    assert response.json()["ok"] and response.json()["revision"] == 1
    assert Value.objects.get(submission=submission).value == 470


def test_a_threshold_changed_on_the_catalogue_page_is_used_by_the_next_save(
        client_for, submission, last_submission, librarian, methodologist):
    from catalogue.models import Indicator

    client = client_for(librarian)
    client.cookies["django_language"] = "en"
    data = autosave(client, submission, **figure("visits.total", "7000")).json()  # +16 %
    assert data["problems"] == []  # within the catalogue's ±30 %, and the catalogue is kept
    indicator = Indicator.objects.get(code="visits.total")
    client_for(methodologist).post(reverse("cycle:indicator_threshold", args=[indicator.pk]),
                                   {"change_threshold_pct": "10", "year": 2022})
    data = autosave(client, submission, **figure("visits.total", "7000", 1)).json()
    assert [p["severity"] for p in data["problems"]] == ["warning"]
    assert "more than ±10%" in data["problems"][0]["message"]


def test_a_regions_own_threshold_is_used_by_its_next_save_only_with_fixed_queries(
        client_for, submission, last_submission, librarian, methodologist):
    """The region's methodologist sets its own 10 % for visits.total: the next save of a
    library of the region warns (the kept catalogue holds every region's thresholds and
    is read again when they change), a library of another region is not warned, and a
    save still takes SAVE_QUERIES."""
    from catalogue.models import Indicator
    from submissions.models import ReportingYear
    from tests.factories import LibraryFactory, RegionFactory, SubmissionFactory, librarian_of

    other_region = RegionFactory(name="Ludzas novads", slug="ludzas-novads")
    other_library = LibraryFactory(region=other_region, slug="cirmas")
    other_last = ReportingYear.objects.create(region=other_region, year=2021,
                                              deadline=last_submission.year.deadline)
    set_values(SubmissionFactory(library=other_library, year=other_last, status="accepted"),
               **{"visits.total": 6044})
    other_year = ReportingYear.objects.create(region=other_region, year=2022, is_open=True,
                                              deadline=submission.year.deadline)
    other_draft = SubmissionFactory(library=other_library, year=other_year)
    other_client = client_for(librarian_of(other_library))
    client = client_for(librarian)
    for c in (client, other_client):
        c.cookies["django_language"] = "en"
    assert autosave(client, submission, **figure("visits.total", "7000")).json()[
        "problems"] == []
    assert autosave(other_client, other_draft, **figure("visits.total", "7000")).json()[
        "problems"] == []
    indicator = Indicator.objects.get(code="visits.total")
    client_for(methodologist).post(reverse("cycle:indicator_threshold", args=[indicator.pk]),
                                   {"change_threshold_pct": "10", "year": 2022})
    indicator.refresh_from_db()
    assert indicator.change_threshold_pct == 30  # the national default stays
    data = autosave(client, submission, **figure("visits.total", "7000", 1)).json()
    assert "more than ±10%" in data["problems"][0]["message"]
    assert _queries_of_one_save(client, submission, "visits.total", "7001",
                                data["revision"]) == SAVE_QUERIES
    data = autosave(other_client, other_draft, **figure("visits.total", "7000", 1)).json()
    assert data["problems"] == []


def test_the_reply_s_progress_is_the_page_s(client_for, submission, last_submission,
                                            librarian):
    """The autosave checks only what its reply shows, and counts the rest: its progress
    must be what a fresh page load computes, figure by figure."""
    from catalogue import selectors as catalogue_selectors
    from submissions import selectors

    client = client_for(librarian)
    saves = [("visits.total", "3000"), ("visits.children", "9000"), ("users.active", "-1"),
             ("users.active", "470"), ("collection.stock", "10300")]
    revisions: dict[str, int] = {}
    for code, value in saves:
        response = autosave(client, submission, **figure(code, value, revisions.get(code, 0)))
        if response.status_code != 200:
            continue
        data = response.json()
        revisions[code] = data["revision"]
        state = selectors.submission_state(submission)
        per_chapter, total = selectors.progress(state, list(catalogue_selectors.entry_chapters()),
                                                selectors.written_sections(submission))
        assert data["progress"]["overall"] == total.as_json()
        assert data["progress"]["chapters"] == {
            str(p.chapter.number): p.as_json() for p in per_chapter}
        page = {p.code: [(p.severity, p.message) for p in state.problems.get(p.code, [])]
                for p in state.all_problems()}
        assert [(p["severity"], p["message"]) for p in data["problems"]] == page.get(code, [])
        for related, problems in data["related"].items():
            assert [(p["severity"], p["message"]) for p in problems] == page.get(related, [])


def test_the_kept_catalogue_names_a_figure_in_each_reader_s_language(
        client_for, submission, last_submission, librarian):
    """The checks read the kept catalogue's plain figures (`catalogue.selectors.Figure`),
    whose names are written when it is kept: one kept per language, so an English save
    after a Latvian one (and back) names the figure in the reader's language."""
    from catalogue.models import Indicator

    visits = Indicator.objects.get(code="visits.total")
    client = client_for(librarian)
    client.cookies["django_language"] = "lv"
    latvian = autosave(client, submission, **figure("visits.total", "3000")).json()
    client.cookies["django_language"] = "en"
    english = autosave(client, submission, **figure("visits.total", "3100", 1)).json()
    client.cookies["django_language"] = "lv"
    again = autosave(client, submission, **figure("visits.total", "3200", 2)).json()
    assert latvian["problems"][0]["message"].startswith(visits.name_lv)
    assert english["problems"][0]["message"].startswith(visits.name_en)
    assert again["problems"][0]["message"].startswith(visits.name_lv)
    assert visits.name_lv != visits.name_en
