"""Download your data: what the zip holds (the person's own rows in every app, nobody else's), the
page, the link only its person can use, and its expiry."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from coordination.accounts.models import Role
from coordination.notifications.models import OutboxEmail
from coordination.personal_data import services
from coordination.personal_data.export import JSON_NAME, write_export
from coordination.personal_data.models import DataRequest, Status
from coordination.personal_data.retention import apply_retention
from tests.support.isolation import build_world
from tests.support.personal_data import an_idea, read_zip, sections, stored_zip

pytestmark = pytest.mark.django_db


def export_of(user):
    target = io.BytesIO()
    write_export(user, target)
    return read_zip(target.getvalue())


def test_a_person_with_rows_in_every_app_gets_them_all_and_nothing_of_another_place():
    world = build_world()
    person = world["a_person"]
    files = export_of(person)
    data = sections(files)
    filled = {name.split(".")[0] for name, rows in data.items() if rows}
    assert {"accounts", "audit", "boards", "funding", "commissioning", "mapping"} <= filled
    assert data["accounts.profile"][0]["email"] == person.email
    # Rows picked by a user link name the person in at least one of them.
    for name, rows in data.items():
        for row in rows:
            flags = [value for key, value in row.items() if key.startswith("you_")]
            assert not flags or any(flags), (name, row)
    # Nothing of Sutton's (renamed "Wombat") nor its person, in any file.
    everything = b"".join(files.values()).decode()
    assert "Wombat" not in everything
    assert "wombat" not in everything.lower()
    assert world["b_person"].email not in everything
    assert world["b_person"].name not in everything


def test_only_their_own_comments_on_a_thread(bucks, make_member):
    proposer = make_member(bucks, Role.RESIDENT, name="Pat Proposer")
    neighbour = make_member(bucks, Role.RESIDENT, name="Nia Neighbour")
    an_idea(bucks, proposer, commenter=neighbour)
    proposer_data = sections(export_of(proposer))
    assert [row["title"] for row in proposer_data["boards.ideas"]] == [
        "A safer crossing by the school"
    ]
    assert proposer_data["boards.comments"] == []
    neighbour_data = sections(export_of(neighbour))
    assert neighbour_data["boards.ideas"] == []
    assert [row["text"] for row in neighbour_data["boards.comments"]] == [
        "Yes, please, it is dangerous."
    ]
    assert "Pat Proposer" not in json.dumps(neighbour_data)


def test_the_zip_holds_one_json_and_a_csv_per_kind_of_row(bucks, make_member):
    person = make_member(bucks, Role.RESIDENT, name="=Formula Person")
    files = export_of(person)
    assert JSON_NAME in files and "README.txt" in files
    rows = list(csv.DictReader(io.StringIO(files["accounts.profile.csv"].decode())))
    assert rows[0]["email"] == person.email
    assert rows[0]["name"] == "'=Formula Person"  # a spreadsheet would run it otherwise
    assert rows[0]["id"] == str(person.pk)
    assert (
        list(csv.DictReader(io.StringIO(files["accounts.memberships.csv"].decode())))[0]["role"]
        == Role.RESIDENT
    )
    assert files["boards.ideas.csv"] == b""  # nothing of that kind: an empty file


def test_api_tokens_are_listed_without_their_secret(bucks, make_member):
    from tests.support.factories import api_token

    person = make_member(bucks, Role.RESIDENT)
    token = api_token(person)
    files = export_of(person)
    assert token.split("_")[-1] not in b"".join(files.values()).decode()
    assert len(sections(files)["accounts.api_tokens"]) == 1
    assert "key_hash" not in sections(files)["accounts.api_tokens"][0]


def test_asking_builds_a_download_only_its_person_can_use_until_it_expires(
    client, bucks, make_member, django_capture_on_commit_callbacks
):
    person = make_member(bucks, Role.RESIDENT)
    other = make_member(bucks, Role.RESIDENT)
    client.force_login(person)
    page = client.get(reverse("account_data"))
    assert page.status_code == 200 and "Ask for your data" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(reverse("account_data"))
    assert response.status_code == 302
    request = DataRequest.objects.get(user=person)
    assert request.status == Status.QUEUED
    assert "Being prepared" in client.get(reverse("account_data")).content.decode()
    # Asking again while it is prepared queues nothing more.
    client.post(reverse("account_data"))
    assert DataRequest.objects.filter(user=person).count() == 1

    services.export_build(request_id=request.pk)
    services.export_build(request_id=request.pk)  # a second run changes nothing
    request.refresh_from_db()
    assert request.status == Status.READY
    assert request.expires_at > timezone.now() + timedelta(days=6)
    # They are emailed once, however often the task runs, with the page to download from.
    (ready,) = OutboxEmail.objects.for_place(bucks).filter(kind="data_export_ready")
    assert ready.to_email == person.reach_email
    assert ready.subject == "Your InPlace data is ready to download"
    assert reverse("account_data") in ready.text_body
    assert request.token not in ready.text_body  # the link itself needs their sign-in
    assert sections(stored_zip(request))["accounts.profile"][0]["email"] == person.email
    url = reverse("account_data_download", kwargs={"token": request.token})
    assert url in client.get(reverse("account_data")).content.decode()

    download = client.get(url)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    assert download["Cache-Control"] == "private, no-store"
    assert "attachment" in download["Content-Disposition"]
    assert sections(read_zip(b"".join(download.streaming_content)))["accounts.profile"]

    # Anyone else: not found, as a token that exists nowhere.
    client.force_login(other)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to sign in

    # After the expiry the link is gone, and the retention run deletes the file.
    client.force_login(person)
    DataRequest.objects.filter(pk=request.pk).update(expires_at=timezone.now())
    assert client.get(url).status_code == 410
    assert default_storage.exists(request.file_path)
    with django_capture_on_commit_callbacks(execute=True):
        apply_retention()
    assert not default_storage.exists(request.file_path)
    request.refresh_from_db()
    assert request.status == Status.EXPIRED and request.file_path == ""
    assert client.get(url).status_code == 410
    assert "Expired" in client.get(reverse("account_data")).content.decode()
