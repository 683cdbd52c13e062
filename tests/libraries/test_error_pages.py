import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_a_refused_page_explains_itself_in_latvian(client_for, librarian):
    response = client_for(librarian).get(reverse("reports:region_tables"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "Jūs nevarat atvērt šo lapu" in page
    assert reverse("home") in page


@pytest.mark.django_db
def test_a_missing_page_keeps_the_portal_around_it(client_for, librarian):
    response = client_for(librarian).get("/entry/submission/999999/")
    assert response.status_code == 404
    assert "Šāda lapa nav" in response.content.decode()


def test_the_server_error_page_needs_no_context():
    from django.template.loader import render_to_string

    assert "Radās kļūda" in render_to_string("500.html")

