"""A board paper on both storages, the filesystem and an S3-compatible bucket: its people get the
bytes back exactly, a person of another place gets a 404."""

import pytest
from django.test import Client
from django.urls import reverse

from boards import services
from boards.models import Position
from coordination.accounts.models import Role
from tests.support.boards import PDF_BYTES, board, meeting, pdf, seat

pytestmark = pytest.mark.django_db


def body_of(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_a_paper_comes_back_byte_for_byte_and_not_through_another_place(
    file_storage, in_bucks, people, sutton, make_member
):
    recovery = board(in_bucks)
    item = services.agenda_item_add(
        place=in_bucks, actor=None, meeting=meeting(in_bucks, recovery), title="Finance"
    )
    paper = services.paper_upload(
        place=in_bucks, actor=None, agenda_item=item, title="Budget", file=pdf()
    )
    seat(in_bucks, recovery, people["secretary"], Position.SECRETARY)
    client = Client()
    client.force_login(people["secretary"])
    url = reverse(
        "places:boards:paper_download", kwargs={"place_slug": in_bucks.slug, "pk": paper.pk}
    )
    response = client.get(url)
    assert response.status_code == 200
    assert body_of(response) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"

    client.force_login(make_member(sutton, Role.PLACE_ADMIN))
    other = reverse(
        "places:boards:paper_download", kwargs={"place_slug": sutton.slug, "pk": paper.pk}
    )
    assert client.get(other).status_code == 404
