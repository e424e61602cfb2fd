"""The practice API: published notes of every place, a place's notes for their writers, follows."""

import pytest

from coordination.api.scopes import known_scopes
from coordination.api.services import partner_key_create
from coordination.places.tenancy import place_scope, scopes_disabled
from coordination.practice.models import PracticeFollow, PracticeNote
from tests.support.practice import FIELDS, note


@pytest.fixture
def notes(sutton, coventry, people):
    with place_scope(sutton):
        published = note(sutton, people["sutton_officer"], title="Sutton published")
        draft = note(sutton, people["sutton_officer"], title="Sutton draft", publish=False)
    with place_scope(coventry):
        theirs = note(coventry, people["coventry_officer"], title="Coventry published")
    return {"published": published, "draft": draft, "coventry": theirs}


def titles(response):
    return {row["title"] for row in response.json()["results"]}


def test_every_place_list_is_public_and_published_only(api_as, notes):
    response = api_as().get("/api/v1/practice-notes/")
    assert response.status_code == 200
    assert titles(response) == {"Sutton published", "Coventry published"}
    only = api_as().get("/api/v1/practice-notes/", {"place": "coventry"})
    assert titles(only) == {"Coventry published"}


def test_a_places_list_shows_drafts_to_writers_only(api_as, sutton, people, notes):
    url = f"/api/v1/places/{sutton.slug}/practice-notes/"
    assert titles(api_as().get(url)) == {"Sutton published"}
    assert titles(api_as(people["sutton_leader"]).get(url)) == {"Sutton published"}
    assert titles(api_as(people["sutton_officer"]).get(url)) == {"Sutton published", "Sutton draft"}
    draft_url = f"{url}{notes['draft'].pk}/"
    assert api_as().get(draft_url).status_code == 404
    assert api_as(people["coventry_officer"]).get(draft_url).status_code == 404
    # Coventry's note is not there under Sutton's address.
    assert api_as().get(f"{url}{notes['coventry'].pk}/").status_code == 404


def test_writers_create_change_and_publish(api_as, sutton, coventry, people):
    url = f"/api/v1/places/{sutton.slug}/practice-notes/"
    body = {
        "title": "Street champions",
        **FIELDS,
        "theme": "food",
        "figures": [{"label": "Streets", "value": "12", "unit": "count", "period": "2026"}],
    }
    assert api_as(people["sutton_leader"]).post(url, body, format="json").status_code == 403
    assert api_as().post(url, body, format="json").status_code == 401
    writer = api_as(people["sutton_officer"])
    created = writer.post(url, body, format="json")
    assert created.status_code == 201, created.json()
    data = created.json()
    assert data["status"] == "draft" and data["theme"] == "food" and len(data["figures"]) == 1
    detail = f"{url}{data['id']}/"
    changed = writer.patch(detail, {"summary": "Changed.", "figures": []}, format="json")
    assert changed.status_code == 200 and changed.json()["figures"] == []
    published = writer.post(detail + "publish/")
    assert published.status_code == 200 and published.json()["status"] == "published"
    again = writer.post(detail + "publish/")
    assert again.status_code == 400
    too_long = writer.patch(detail, {"title": "x" * 201}, format="json")
    assert too_long.status_code == 400 and "title" in too_long.json()["error"]["fields"]


def test_follow_and_unfollow_by_people_not_partner_keys(api_as, sutton, coventry, people, notes):
    url = f"/api/v1/places/{sutton.slug}/practice-notes/{notes['published'].pk}/"
    person = api_as(people["coventry_officer"])
    refused = person.post(url + "follow/", {"place": "buckinghamshire"}, format="json")
    assert refused.status_code == 400 and "place" in refused.json()["error"]["fields"]
    followed = person.post(url + "follow/", {"place": "coventry", "how": "In Foleshill."})
    assert followed.status_code == 201
    assert followed.json()["place"] == "coventry"
    detail = api_as().get(url).json()
    assert detail["following"] == [
        {"place": "coventry", "place_name": "Coventry", "people": 1, "notes": ["In Foleshill."]}
    ]
    assert api_as().post(url + "follow/", {"place": "coventry"}).status_code == 401
    with place_scope(sutton):
        _row, key = partner_key_create(
            place=sutton, actor=people["sutton_officer"], name="CRM", scopes=known_scopes()
        )
    partner = api_as()
    partner.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert partner.post(url + "follow/", {"place": "sutton"}).status_code == 403
    assert partner.get(url).status_code == 200
    assert person.post(url + "unfollow/", {"place": "coventry"}).status_code == 204
    assert person.post(url + "unfollow/", {"place": "coventry"}).status_code == 400
    with scopes_disabled():
        assert not PracticeFollow.objects.exists()
        assert PracticeNote.objects.count() == 3
