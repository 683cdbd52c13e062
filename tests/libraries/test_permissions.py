"""The one permission layer: who may see and change what."""

import pytest
from django.urls import reverse

from libraries.models import Role
from libraries.permissions import ANONYMOUS, access_for_user
from submissions.models import Submission
from tests.factories import RegionFactory, regional_user


@pytest.mark.django_db
class TestAccess:
    def test_anonymous_may_do_nothing(self, submission):
        assert not ANONYMOUS.can_view_submission(submission)
        assert not ANONYMOUS.can_edit_submission(submission)
        assert not ANONYMOUS.can_view_region_figures(submission.library.region_id)

    def test_librarian_edits_own_draft_only(self, librarian, submission, other_submission):
        access = access_for_user(librarian)
        assert access.can_view_submission(submission)
        assert access.can_edit_submission(submission)
        assert not access.can_view_submission(other_submission)
        assert not access.can_edit_submission(other_submission)
        assert not access.can_review_region(submission.library.region_id)
        assert not access.can_view_region_figures(submission.library.region_id)

    def test_librarian_cannot_edit_after_submitting(self, librarian, submission):
        submission.status = Submission.Status.SUBMITTED
        assert not access_for_user(librarian).can_edit_submission(submission)
        submission.status = Submission.Status.RETURNED
        assert access_for_user(librarian).can_edit_submission(submission)

    def test_librarian_cannot_edit_a_closed_year(self, librarian, submission):
        submission.year.is_open = False
        assert not access_for_user(librarian).can_edit_submission(submission)

    def test_methodologist_reviews_the_region_but_does_not_type_figures(
            self, methodologist, submission):
        access = access_for_user(methodologist)
        assert access.can_view_submission(submission)
        assert access.can_review_region(submission.library.region_id)
        assert not access.can_edit_submission(submission)

    def test_methodologist_of_another_region_sees_nothing(self, submission):
        stranger = regional_user(RegionFactory(), Role.METHODOLOGIST)
        access = access_for_user(stranger)
        assert not access.can_view_submission(submission)
        assert not access.can_review_region(submission.library.region_id)

    def test_municipality_reads_region_figures_only(self, municipality, submission):
        access = access_for_user(municipality)
        assert access.can_view_region_figures(submission.library.region_id)
        assert access.can_view_published(submission.library.region_id)
        assert not access.can_view_unaccepted(submission.library.region_id)
        assert not access.can_view_submission(submission)
        assert not access.can_edit_submission(submission)

    def test_administrator_may_do_everything(self, admin_user, submission):
        access = access_for_user(admin_user)
        assert access.can_review_region(submission.library.region_id)
        assert access.can_view_submission(submission)
        assert access.can_edit_submission(submission)


@pytest.mark.django_db
class TestRegionTablesPageAccess:
    url = reverse("reports:region_tables")

    def test_anonymous_is_sent_to_login(self, client_for, region):
        response = client_for(None).get(self.url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))

    def test_librarian_is_refused(self, client_for, librarian):
        assert client_for(librarian).get(self.url).status_code == 403

    def test_methodologist_and_administrator_see_it(self, client_for, methodologist, admin_user):
        assert client_for(methodologist).get(self.url).status_code == 200
        assert client_for(admin_user).get(self.url).status_code == 200


@pytest.mark.django_db
class TestHomePage:
    def test_anonymous_is_sent_to_login(self, client_for):
        response = client_for(None).get(reverse("home"))
        assert response.status_code == 302

    def test_librarian_sees_own_library_and_not_the_others(
            self, client_for, librarian, submission, other_submission):
        page = client_for(librarian).get(reverse("home")).content.decode()
        assert submission.library.name in page
        assert other_submission.library.name not in page

    def test_methodologist_is_offered_the_region_tables(self, client_for, methodologist):
        page = client_for(methodologist).get(reverse("home")).content.decode()
        assert reverse("reports:region_tables") in page

    def test_a_user_without_role_is_told_what_to_do(self, client_for, db):
        from tests.factories import UserFactory

        page = client_for(UserFactory()).get(reverse("home"))
        assert page.status_code == 200
        assert "metodiķ" in page.content.decode()
