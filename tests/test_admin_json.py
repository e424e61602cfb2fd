"""JSON typed into the admin's JSON fields is bounded like the API's: deep nesting is a form error."""

from tests.support.factories import UserFactory


def test_deeply_nested_json_in_an_admin_form_is_a_form_error(client, bucks):
    staff = UserFactory(email="staff@example.org", is_staff=True, is_superuser=True)
    client.force_login(staff)
    deep = "[" * 50_000 + "]" * 50_000
    response = client.post("/admin/mapping/areaoutline/add/", {"place": bucks.pk, "geojson": deep})
    assert response.status_code == 200
    assert "JSON nested more than 64 levels deep is not accepted." in response.text


def test_admin_text_boxes_keep_the_browsers_limit_and_point_at_nothing_missing(client, bucks):
    # The admin draws its own fields: no GOV.UK count message, so no aria-describedby naming one,
    # and the browser's maxlength stands in for the count.
    staff = UserFactory(email="staff@example.org", is_staff=True, is_superuser=True)
    client.force_login(staff)
    page = client.get("/admin/boards/board/add/").text
    remit = page.split('name="remit"')[0].rsplit("<textarea", 1)[1] + page.split('name="remit"')[1]
    remit = remit.split(">", 1)[0]
    assert 'maxlength="5000"' in remit
    assert "-info" not in remit
