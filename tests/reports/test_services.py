import datetime
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.urls import reverse

from catalogue.models import Section
from reports.consolidated import report_from_dict
from reports.models import JobState, PdfJob, PublishedReport, RegionalText
from reports.services import (
    NothingChanged,
    pdf_job_start,
    regional_text_save,
    report_publish,
    sanitise_html,
    snapshot_content,
)
from submissions.models import Submission, Value
from tests.factories import set_values
from tests.reports.conftest import add_picture


def test_sanitising_removes_scripts_and_handlers():
    html = sanitise_html('<p onclick="x()">Labi<script>alert(1)</script></p>'
                         '<a href="javascript:alert(1)">x</a><a href="https://lnb.lv">LNB</a>')
    assert "script" not in html
    assert "onclick" not in html
    assert "javascript" not in html
    assert '<a href="https://lnb.lv"' in html
    assert html.startswith("<p>Labi")


def test_regional_text_is_saved_sanitised(region, methodologist, network):
    section = Section.objects.get(code="0-priorities")
    regional_text_save(region=region, year=2021, section=section,
                       html="<p>Prioritātes<script>x</script></p>", user=methodologist)
    regional_text_save(region=region, year=2021, section=section,
                       html="<p>Prioritātes</p><ul><li>a</li></ul>", user=methodologist)
    text = RegionalText.objects.get()
    assert text.html == "<p>Prioritātes</p><ul><li>a</li></ul>"
    assert text.updated_by == methodologist


def _users_2021(published) -> Decimal:
    data = report_from_dict(published.snapshot["report"])
    row = next(r for r in data.find_table("main_indicators").rows if r.code == "users.active")
    return row.values[-1]


def test_publishing_freezes_the_figures(region, methodologist, network):
    first = report_publish(region=region, year=2021, user=methodologist)
    before = _users_2021(first)
    submission = Submission.objects.get(library=network[0], year__year=2021)
    set_values(submission, **{"users.active": 1000})
    first.refresh_from_db()
    assert _users_2021(first) == before
    second = report_publish(region=region, year=2021, user=methodologist)
    assert second.version == first.version + 1
    assert _users_2021(second) == before - Decimal(10) + Decimal(1000)


def test_snapshot_holds_per_library_figures(region, methodologist, network):
    published = report_publish(region=region, year=2021, user=methodologist)
    library = network[1]
    assert published.snapshot["figures"]["2021"][library.slug]["users.active"] == 11
    assert published.snapshot["libraries"][library.slug] == {
        "name": library.name, "kind": "parish", "population": 11}
    assert set(published.snapshot["figures"]) == {"2019", "2020", "2021"}
    Value.objects.all().delete()
    assert published.snapshot["figures"]["2021"][library.slug]["users.active"] == 11


def test_a_published_versions_pdf_is_made_once(region, methodologist, network,
                                               django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        published = report_publish(region=region, year=2021, user=methodologist)
    job = published.pdf_job
    assert job.state == JobState.DONE
    assert job.file.read(4) == b"%PDF"
    again = pdf_job_start(region=region, year=2021, scope="accepted", published=published,
                          user=methodologist)
    assert again.pk == job.pk
    assert PdfJob.objects.count() == 1


def test_publishing_twice_in_a_row_works(region, methodologist, network, monkeypatch,
                                         django_capture_on_commit_callbacks):
    """Publishing again while the first version's PDF is pending: no lock is held while a
    PDF renders, the PDF job is enqueued only after the publishing transaction committed."""
    outer_depth = len(connection.atomic_blocks)  # the test's own transaction
    depths = []

    def stub_pdf(html):
        depths.append(len(connection.atomic_blocks))
        return b"%PDF-1.4 stub"

    monkeypatch.setattr("reports.tasks.html_to_pdf", stub_pdf)
    with django_capture_on_commit_callbacks() as callbacks:
        first = report_publish(region=region, year=2021, user=methodologist)
    # Not enqueued inside the transaction: the job (and the open-data packages' build,
    # opendata.receivers) waits for the commit.
    assert len(callbacks) == 2
    assert first.pdf_job.state == JobState.QUEUED and not depths
    set_values(Submission.objects.get(library=network[0], year__year=2021),
               **{"users.active": 1000})  # a correction: the second version differs
    with django_capture_on_commit_callbacks(execute=True):
        second = report_publish(region=region, year=2021, user=methodologist)
    assert (first.version, second.version) == (1, 2)
    assert second.pdf_job.state == JobState.DONE
    assert depths == [outer_depth]  # rendered outside any transaction of the service
    for callback in callbacks:  # the first version's job, run late, still completes
        callback()
    first.refresh_from_db()
    assert first.pdf_job.state == JobState.DONE
    assert PdfJob.objects.filter(state=JobState.DONE).count() == 2
    assert {job.file.name.rsplit("/", 1)[-1].rsplit("-", 1)[0] for job in PdfJob.objects.all()
            } == {"rezeknes-novads-2021-v1", "rezeknes-novads-2021-v2"}


def test_publishing_again_without_changes_is_refused(region, methodologist, network):
    first = report_publish(region=region, year=2021, user=methodologist)
    with pytest.raises(NothingChanged) as refusal:
        report_publish(region=region, year=2021, user=methodologist)
    assert refusal.value.version == first.version
    assert PublishedReport.objects.filter(region=region, year=2021).count() == 1
    assert PdfJob.objects.count() == 1


def test_nothing_changed_ignores_when_and_by_whom_it_was_compiled(
        region, methodologist, admin_user, network, monkeypatch):
    report_publish(region=region, year=2021, user=methodologist)
    monkeypatch.setattr("django.utils.timezone.localdate",
                        lambda *args: datetime.date(2030, 1, 2))
    with pytest.raises(NothingChanged):
        report_publish(region=region, year=2021, user=admin_user)


def test_a_change_in_between_gives_a_new_version(region, methodologist, network):
    first = report_publish(region=region, year=2021, user=methodologist)
    set_values(Submission.objects.get(library=network[0], year__year=2021),
               **{"users.active": 1000})
    second = report_publish(region=region, year=2021, user=methodologist)
    assert (first.version, second.version) == (1, 2)
    with pytest.raises(NothingChanged) as refusal:
        report_publish(region=region, year=2021, user=methodologist)
    assert refusal.value.version == 2


def test_snapshot_content_ignores_build_fields_only():
    base = {"report": {"compiled_on": "01.01.2030.", "compiled_by": "A", "version": 1,
                       "published_on": "01.01.2030.", "year": 2021},
            "figures": {"2021": {"a": {"x": 1}}}}
    other = {"report": {"compiled_on": "02.02.2031.", "compiled_by": "B", "version": 2,
                        "published_on": "", "year": 2021},
             "figures": {"2021": {"a": {"x": 1}}}}
    assert snapshot_content(base) == snapshot_content(other)
    other["figures"]["2021"]["a"]["x"] = 2
    assert snapshot_content(base) != snapshot_content(other)


def _published_picture_bytes(client, published, number=1) -> bytes:
    response = client.get(reverse("reports:published_picture",
                                  kwargs={"pk": published.pk, "number": number}))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_a_published_version_keeps_its_own_copy_of_each_picture(
        region, methodologist, municipality, network, client_for):
    """Deleting or replacing a picture later never changes a published version."""
    submission = Submission.objects.get(library=network[0], year__year=2021)
    picture = add_picture(submission, caption="Aptauja")
    original = picture.image.read()
    picture.image.close()
    published = report_publish(region=region, year=2021, user=methodologist)
    stored = report_from_dict(published.snapshot["report"]).appendices[0].pictures[0]
    assert stored.path != picture.image.name
    assert stored.path.startswith(f"published/{region.slug}/2021/v1/")
    client = client_for(municipality)
    assert _published_picture_bytes(client, published) == original

    # the library replaces the file's content, then deletes the picture altogether
    with default_storage.open(picture.image.name, "wb") as handle:
        handle.write(b"\x89PNG\r\n\x1a\nreplaced")
    assert _published_picture_bytes(client, published) == original
    default_storage.delete(picture.image.name)
    picture.delete()
    published.refresh_from_db()
    assert _published_picture_bytes(client, published) == original
    # ... and a new version without the picture is a change, not "nothing changed"
    second = report_publish(region=region, year=2021, user=methodologist)
    assert report_from_dict(second.snapshot["report"]).appendices == ()
    assert _published_picture_bytes(client, published) == original


def test_publishing_the_same_pictures_again_is_nothing_changed(region, methodologist,
                                                                network):
    submission = Submission.objects.get(library=network[0], year__year=2021)
    add_picture(submission, caption="Aptauja")
    report_publish(region=region, year=2021, user=methodologist)
    with pytest.raises(NothingChanged):
        report_publish(region=region, year=2021, user=methodologist)


def test_a_snapshot_published_before_merge_notes_existed_is_not_taken_for_changed(
        region, methodologist, network):
    """The tables gained `merges` later: a version published before it, with no merge since,
    still counts as the same report (publishing again is refused, not a version 2)."""
    first = report_publish(region=region, year=2021, user=methodologist)

    def without_merges(data):
        if isinstance(data, dict):
            return {k: without_merges(v) for k, v in data.items() if k != "merges"}
        return [without_merges(v) for v in data] if isinstance(data, list) else data

    older = without_merges(first.snapshot)
    assert older != first.snapshot  # the current snapshot does carry the (empty) field
    PublishedReport.objects.filter(pk=first.pk).update(snapshot=older)
    with pytest.raises(NothingChanged):
        report_publish(region=region, year=2021, user=methodologist)
