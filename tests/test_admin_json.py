"""JSON typed into the admin's JSON fields is bounded like the API's: deep nesting is a form error."""

from tests.support.factories import UserFactory


def test_deeply_nested_json_in_an_admin_form_is_a_form_error(client, bucks):
    staff = UserFactory(email="staff@example.org", is_staff=True, is_superuser=True)
    client.force_login(staff)
    deep = "[" * 50_000 + "]" * 50_000
    response = client.post("/admin/mapping/areaoutline/add/", {"place": bucks.pk, "geojson": deep})
    assert response.status_code == 200
    assert "JSON nested more than 64 levels deep is not accepted." in response.text
