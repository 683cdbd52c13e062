"""The page after choosing a password through an emailed link (an invitation or a reset):
it says the password is set, not "password reset complete" to someone who never had one."""

import pytest
from django.test import Client

from cycle.people import set_password_link
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_an_invited_person_who_sets_a_password_reads_password_set():
    person = UserFactory(username="ilze.kalnina@example.test")
    person.set_unusable_password()
    person.save()
    client = Client()
    path = "/" + set_password_link(person).split("://", 1)[1].split("/", 1)[1]
    form_page = client.get(path, follow=True)
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": "Rēzekne-bibl-2023!",
                                 "new_password2": "Rēzekne-bibl-2023!"}, follow=True)
    html = done.content.decode()
    assert "<title>Parole iestatīta · libreport</title>" in html
    assert "<h1>Parole iestatīta</h1>" in html
    assert "atiestatīšana" not in html.lower() and "password reset" not in html.lower()
