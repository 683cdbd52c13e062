"""Only the methodologist of the region and administrators review; everyone else: 403."""

import pytest
from django.urls import reverse

from review.models import Reminder, ReviewComment
from submissions.models import StatusChange, Submission

Status = Submission.Status


@pytest.fixture
def pages(submitted):
    comment = ReviewComment.objects.create(submission=submitted, text="x")
    pk = submitted.pk
    return {
        "board": ("get", reverse("review:board"), {}),
        "submission": ("get", reverse("review:submission", args=[pk]), {}),
        # the open comment above needs the explicit confirmation
        "accept": ("post", reverse("review:accept", args=[pk]),
                   {"reason": "ok", "confirm_unresolved": "on"}),
        "return": ("post", reverse("review:return", args=[pk]), {"reason": "labot"}),
        "reopen": ("post", reverse("review:reopen", args=[pk]), {"reason": "labot"}),
        "comment": ("post", reverse("review:comment", args=[pk]), {"text": "x"}),
        "comment_resolve": ("post", reverse("review:comment_resolve", args=[pk, comment.pk]),
                            {}),
        "remind": ("post", reverse("review:remind"), {"year": 2022, "everyone": "1"}),
    }


PAGES = ["board", "submission", "accept", "return", "reopen", "comment", "comment_resolve",
         "remind"]


def _call(client, page):
    method, url, data = page
    return getattr(client, method)(url, data)


def _nothing_changed(submitted):
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED
    assert not StatusChange.objects.filter(submission=submitted).exclude(
        to_status=Status.SUBMITTED).exists()
    assert ReviewComment.objects.count() == 1
    assert ReviewComment.objects.get().resolved_at is None
    assert not Reminder.objects.exists()


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_is_sent_to_login(client_for, pages, submitted, name):
    response = _call(client_for(None), pages[name])
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    _nothing_changed(submitted)


SUBMISSION_PAGES = [name for name in PAGES if name not in ("board", "remind")]


@pytest.mark.parametrize(("who", "name"), [
    *((who, name) for who in ("librarian", "other_librarian", "municipality")
      for name in PAGES),
    # a methodologist of another region has a board of their own, but not our submissions
    *(("foreign_methodologist", name) for name in SUBMISSION_PAGES),
])
def test_others_are_refused(client_for, pages, submitted, name, who, request):
    user = request.getfixturevalue(who)
    response = _call(client_for(user), pages[name])
    assert response.status_code == 403
    _nothing_changed(submitted)


@pytest.mark.parametrize("name", ["board", "submission"])
@pytest.mark.parametrize("who", ["methodologist", "admin_user"])
def test_reviewers_may_read(client_for, pages, name, who, request):
    user = request.getfixturevalue(who)
    assert _call(client_for(user), pages[name]).status_code == 200


@pytest.mark.parametrize("name", ["accept", "return", "comment", "comment_resolve", "remind"])
@pytest.mark.parametrize("who", ["methodologist", "admin_user"])
def test_reviewers_may_act(client_for, pages, name, who, request):
    user = request.getfixturevalue(who)
    assert _call(client_for(user), pages[name]).status_code == 302


def test_reviewer_may_reopen(client_for, pages, submitted, methodologist):
    client = client_for(methodologist)
    _call(client, pages["accept"])
    assert _call(client, pages["reopen"]).status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Status.RETURNED


def test_foreign_methodologist_cannot_open_the_region_by_slug(
        client_for, foreign_methodologist, region, submitted):
    response = client_for(foreign_methodologist).get(reverse("review:board"),
                                                     {"region": region.slug})
    assert response.status_code == 403


def test_foreign_methodologist_reminds_only_their_region(
        client_for, foreign_methodologist, pages, submitted, other_draft, other_librarian):
    response = _call(client_for(foreign_methodologist), pages["remind"])
    assert response.status_code == 302
    assert not Reminder.objects.filter(library__region=submitted.library.region).exists()


def test_foreign_methodologist_sees_only_their_region(client_for, foreign_methodologist,
                                                      submitted):
    response = client_for(foreign_methodologist).get(reverse("review:board"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Cirmas pagasta bibliotēka" in html and "Audriņu" not in html


def test_get_on_actions_is_not_allowed(client_for, methodologist, submitted):
    response = client_for(methodologist).get(reverse("review:accept", args=[submitted.pk]))
    assert response.status_code == 405


def test_unknown_submission_is_404(client_for, methodologist, submitted):
    response = client_for(methodologist).get(reverse("review:submission", args=[999999]))
    assert response.status_code == 404
