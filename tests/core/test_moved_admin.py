"""Issue 18 keeps every address: the administrator's bookmarks of the models that left the
`indicators` app (`/admin/indicators/<model>/…`) lead to the same screens in their new apps."""

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize(("old", "new"), [
    ("/admin/indicators/indicator/", "/admin/catalogue/indicator/"),
    ("/admin/indicators/submission/12/change/", "/admin/submissions/submission/12/change/"),
    ("/admin/indicators/chapter/?q=x", "/admin/catalogue/chapter/?q=x"),
])
def test_an_old_admin_address_leads_to_the_models_new_app(client, admin_user, old, new):
    client.force_login(admin_user)
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new
    assert client.get(new.split("?")[0]).status_code in (200, 302)


@pytest.mark.django_db
def test_an_unknown_model_or_one_without_a_screen_is_not_found(client, admin_user):
    client.force_login(admin_user)
    assert client.get("/admin/indicators/nothing/").status_code == 404
    assert client.get("/admin/indicators/reviewcomment/").status_code == 404
