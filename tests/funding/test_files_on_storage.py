"""Uploads and built files on both storages: the filesystem and an S3-compatible bucket (moto's
server on loopback). Each journey gets back exactly the bytes it put in, and a person of another
place (or anyone without the right) gets a 404."""

import base64
import json

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coordination.accounts.models import Role
from coordination.organisations import services as organisation_services
from coordination.organisations.models import DocumentKind
from coordination.personal_data import services as personal_data
from coordination.personal_data.models import DataRequest
from coordination.places.models import Place
from coordination.places.tenancy import scopes_disabled
from coordination.places.transfer import export_place, import_place
from funding.models import BidAttachment
from tests.support.funding import PDF, PNG
from tests.support.s3 import keys_in

pytestmark = pytest.mark.django_db


def body_of(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def pdf(name="budget.pdf", data=PDF):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def test_a_bid_attachment_comes_back_byte_for_byte_and_only_to_who_may_see_it(
    file_storage, make_bid, people, client, bucks, sutton, make_member
):
    backend, bucket = file_storage
    bid = make_bid(submit=True, attachments=[pdf()])
    (attachment,) = BidAttachment.objects.for_place(bucks).filter(bid=bid)
    if backend == "s3":
        assert keys_in(default_storage.endpoint_url, bucket) == [f"media/{attachment.file.name}"]
    url = reverse(
        "places:funding:attachment_download",
        kwargs={"place_slug": bucks.slug, "pk": attachment.pk},
    )
    client.force_login(people["programme funder"])
    response = client.get(url)
    assert response.status_code == 200
    assert body_of(response) == PDF
    assert response["Cache-Control"] == "private, no-store"

    client.force_login(people["other funder"])
    assert client.get(url).status_code == 404
    client.force_login(make_member(sutton, Role.PLACE_ADMIN))
    other_place = reverse(
        "places:funding:attachment_download",
        kwargs={"place_slug": sutton.slug, "pk": attachment.pk},
    )
    assert client.get(other_place).status_code == 404


def test_an_organisation_document_comes_back_to_its_own_people_only(
    file_storage, leader, charity_org, people, client, bucks, sutton, make_member
):
    document = organisation_services.document_add(
        place=bucks,
        actor=leader,
        organisation=charity_org,
        kind=DocumentKind.LATEST_ACCOUNTS,
        title="Accounts 2026",
        file=SimpleUploadedFile("accounts.png", PNG, content_type="image/png"),
    )
    url = reverse(
        "places:organisation_document_download",
        kwargs={"place_slug": bucks.slug, "pk": document.pk},
    )
    client.force_login(leader)
    response = client.get(url)
    assert response.status_code == 200
    assert body_of(response) == PNG
    assert response["Content-Type"] == "image/png"
    client.force_login(people["other charity leader"])
    assert client.get(url).status_code == 404
    client.force_login(make_member(sutton, Role.PLACE_ADMIN))
    assert (
        client.get(
            reverse(
                "places:organisation_document_download",
                kwargs={"place_slug": sutton.slug, "pk": document.pk},
            )
        ).status_code
        == 404
    )


def test_a_removed_file_is_a_404_not_an_error(file_storage, make_bid, people, client, bucks):
    bid = make_bid(submit=True, attachments=[pdf()])
    (attachment,) = BidAttachment.objects.for_place(bucks).filter(bid=bid)
    default_storage.delete(attachment.file.name)
    client.force_login(people["programme funder"])
    url = reverse(
        "places:funding:attachment_download",
        kwargs={"place_slug": bucks.slug, "pk": attachment.pk},
    )
    assert client.get(url).status_code == 404


def test_a_persons_data_download_is_stored_and_served_only_to_them(
    file_storage, bucks, make_member, client, django_capture_on_commit_callbacks
):
    person = make_member(bucks, Role.RESIDENT, name="Robin Resident")
    other = make_member(bucks, Role.RESIDENT)
    with django_capture_on_commit_callbacks(execute=False):
        request = personal_data.export_request(user=person)
    personal_data.export_build(request_id=request.pk)
    request = DataRequest.objects.get(pk=request.pk)
    with default_storage.open(request.file_path, "rb") as handle:
        stored = handle.read()
    assert stored.startswith(b"PK")
    url = reverse("account_data_download", kwargs={"token": request.token})
    client.force_login(person)
    response = client.get(url)
    assert response.status_code == 200
    assert body_of(response) == stored
    client.force_login(other)
    assert client.get(url).status_code == 404


def test_a_place_export_carries_its_files_and_an_import_stores_them_again(
    file_storage, make_bid, bucks
):
    make_bid(submit=True, attachments=[pdf()])
    data = json.loads(json.dumps(export_place(bucks), default=str))
    assert [base64.b64decode(v) for v in data["files"].values()] == [PDF]
    copy = import_place(data, slug="bucks-copy", name="Bucks copy")
    with scopes_disabled():
        (copied,) = BidAttachment.objects.filter(place=copy)
    with copied.file.open("rb") as handle:
        assert handle.read() == PDF
    assert Place.objects.filter(slug="bucks-copy").exists()


def test_an_award_rebuilds_the_360giving_file_with_a_new_etag(
    file_storage, make_bid, award, client, bucks, sutton
):
    first = make_bid(submit=True, title="Hot meals")
    award(first)
    url = reverse("places:funding:grants_csv", kwargs={"place_slug": bucks.slug})
    before = client.get(url)
    assert before.status_code == 200
    assert "Hot meals" in body_of(before).decode()
    assert client.get(url, headers={"If-None-Match": before["ETag"]}).status_code == 304

    award(make_bid(submit=True, title="Warm spaces"))
    after = client.get(url, headers={"If-None-Match": before["ETag"]})
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    text = body_of(after).decode()
    assert "Hot meals" in text and "Warm spaces" in text
    # Sutton's file holds none of Buckinghamshire's grants.
    other = client.get(reverse("places:funding:grants_csv", kwargs={"place_slug": sutton.slug}))
    assert "Hot meals" not in body_of(other).decode()
