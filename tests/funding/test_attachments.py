"""A bid's attachments: several, judged by content and size, served only to who may see the bid."""

from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from coordination.audit.models import AuditEntry
from coordination.errors import RuleViolation
from funding import services
from funding.models import Bid, BidAttachment
from tests.support import upload_files as files
from tests.support.funding import EXE, PDF, PNG

pytestmark = pytest.mark.django_db


def pdf(name="budget.pdf", body=PDF):
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def png(name="photo.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def url(name, place, **kwargs):
    return reverse(f"places:funding:{name}", kwargs={"place_slug": place.slug, **kwargs})


def attachments_of(bid):
    return list(
        BidAttachment.objects.for_place(bid.place).filter(bid=bid).order_by("uploaded_at", "pk")
    )


def test_a_bid_carries_several_attachments_checked_by_content(make_bid, bucks):
    bid = make_bid(attachments=[pdf(), png()])
    saved = attachments_of(bid)
    assert [(a.original_name, a.content_type) for a in saved] == [
        ("budget.pdf", "application/pdf"),
        ("photo.png", "image/png"),
    ]
    assert saved[0].size == len(PDF)
    # Stored under a random name, never the applicant's own.
    assert "budget" not in saved[0].file.name
    assert Path(saved[0].file.path).read_bytes() == PDF
    entry = AuditEntry.objects.for_place(bucks).get(action="funding.bid.create")
    assert entry.changes["attachments"] == ["budget.pdf", "photo.png"]


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (lambda: pdf("budget.pdf", EXE), "this file is a Windows program."),
        (lambda: pdf("notes.pdf", b"just some words"), "this file is a text file."),
        (lambda: pdf("budget.png"), "this file is named .png but is a PDF."),
        (lambda: pdf("empty.pdf", b""), "this file is empty."),
    ],
)
def test_a_bad_attachment_is_refused_and_nothing_is_saved(make_bid, upload, message, bucks):
    with pytest.raises(RuleViolation) as refused:
        make_bid(title="Refused bid", attachments=[pdf("fine.pdf"), upload()])
    errors = refused.value.message_dict["attachments"]
    assert message in errors[0]
    assert errors[0].split(":")[0] in {"budget.pdf", "notes.pdf", "budget.png", "empty.pdf"}
    assert not Bid.objects.for_place(bucks).filter(title="Refused bid").exists()
    assert not BidAttachment.objects.for_place(bucks).exists()


def test_too_big_or_too_many_attachments_are_refused(make_bid, settings, leader, bucks):
    settings.FUNDING_MAX_ATTACHMENT_BYTES = 20
    with pytest.raises(RuleViolation) as refused:
        make_bid(attachments=[pdf("big.pdf", PDF + b"x" * 40)])
    message = refused.value.messages[0].replace("\xa0", " ")
    assert message == (
        "big.pdf: Bid attachments must be PDF, Word, Excel, PowerPoint, OpenDocument, PNG or JPEG,"
        " up to 20 bytes; this file is 71 bytes."
    )
    settings.FUNDING_MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
    bid = make_bid(attachments=[pdf(f"part{i}.pdf") for i in range(services.MAX_ATTACHMENTS)])
    with pytest.raises(RuleViolation) as refused:
        services.attachment_add(place=bucks, actor=leader, bid=bid, files=[pdf("one-more.pdf")])
    assert "at most 10 attachments" in refused.value.messages[0]
    assert len(attachments_of(bid)) == services.MAX_ATTACHMENTS


def test_attachments_change_only_on_a_draft_and_only_by_its_leader(
    make_bid, leader, funder, bucks, django_capture_on_commit_callbacks
):
    bid = make_bid(attachments=[pdf()])
    with pytest.raises(RuleViolation):
        services.attachment_add(place=bucks, actor=funder, bid=bid, files=[png()])
    services.attachment_add(place=bucks, actor=leader, bid=bid, files=[png()])
    first, second = attachments_of(bid)
    stored = Path(first.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        services.attachment_remove(place=bucks, actor=leader, attachment=first)
    assert attachments_of(bid) == [second]
    assert not stored.exists()
    services.bid_submit(place=bucks, actor=leader, bid=bid)
    with pytest.raises(RuleViolation, match="only change while the bid is a draft"):
        services.attachment_add(place=bucks, actor=leader, bid=bid, files=[pdf()])
    with pytest.raises(RuleViolation, match="only change while the bid is a draft"):
        services.attachment_remove(place=bucks, actor=leader, attachment=second)
    assert attachments_of(bid) == [second]
    actions = set(AuditEntry.objects.for_place(bucks).values_list("action", flat=True))
    assert {"funding.attachment.add", "funding.attachment.remove"} <= actions


SEES_ATTACHMENT = {"applicant leader", "applicant partner", "programme funder"}


@pytest.mark.parametrize(
    "who",
    [
        "applicant leader",
        "applicant partner",
        "programme funder",
        "other funder",
        "place admin",
        "council officer",
        "other charity leader",
        "resident",
        "anonymous",
    ],
)
def test_who_downloads_an_attachment(who, people, client, make_bid, bucks):
    bid = make_bid(submit=True, attachments=[pdf()])
    (attachment,) = attachments_of(bid)
    if people[who] is not None:
        client.force_login(people[who])
    response = client.get(url("attachment_download", bucks, pk=attachment.pk))
    if who in SEES_ATTACHMENT:
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert 'attachment; filename="budget.pdf"' in response["Content-Disposition"]
        assert response["Cache-Control"] == "private, no-store"
    else:
        assert response.status_code == 404


def test_an_attachment_is_not_found_through_another_place(
    make_bid, client, leader, sutton, make_member
):
    bid = make_bid(attachments=[pdf()])
    (attachment,) = attachments_of(bid)
    client.force_login(leader)
    assert client.get(url("attachment_download", sutton, pk=attachment.pk)).status_code == 404
    assert client.post(url("attachment_remove", sutton, pk=attachment.pk)).status_code == 404
    assert attachments_of(bid) == [attachment]


def test_the_form_takes_several_files_and_shows_field_errors(
    client, leader, charity_org, programme, bucks
):
    client.force_login(leader)
    form = {
        "applicant": charity_org.pk,
        "title": "Hot meals",
        "summary": "Daily hot meals.",
        "amount_requested": "20000",
        "duration_months": "24",
    }
    refused = client.post(
        url("bid_create", bucks, pk=programme.pk),
        {**form, "attachments": [pdf(), pdf("setup.pdf", EXE)]},
    )
    assert refused.status_code == 200
    assert "setup.pdf: Bid attachments must be" in refused.context["form"].errors["attachments"][0]
    assert "this file is a Windows program" in refused.context["form"].errors["attachments"][0]
    assert not Bid.objects.for_place(bucks).exists()
    made = client.post(
        url("bid_create", bucks, pk=programme.pk), {**form, "attachments": [pdf(), png()]}
    )
    bid = Bid.objects.for_place(bucks).get()
    assert made.url == bid.get_absolute_url()
    page = client.get(bid.get_absolute_url()).content.decode()
    first, second = attachments_of(bid)
    assert url("attachment_download", bucks, pk=first.pk) in page
    assert "photo.png" in page
    # More through the edit form; then one removed from the draft's page.
    client.post(
        url("bid_update", bucks, pk=bid.pk),
        {k: v for k, v in form.items() if k != "applicant"} | {"attachments": [pdf("plan.pdf")]},
    )
    assert [a.original_name for a in attachments_of(bid)] == ["budget.pdf", "photo.png", "plan.pdf"]
    client.post(url("attachment_remove", bucks, pk=second.pk))
    assert [a.original_name for a in attachments_of(bid)] == ["budget.pdf", "plan.pdf"]


def test_the_api_lists_adds_and_removes_attachments(make_bid, leader, funder, bucks):
    cache.clear()
    bid = make_bid(attachments=[pdf()])
    base = f"/api/v1/places/{bucks.slug}/funding/bids/{bid.pk}/"
    client = APIClient()
    client.force_authenticate(leader)
    body = client.get(base).json()
    assert [(a["name"], a["content_type"], a["size"]) for a in body["attachments"]] == [
        ("budget.pdf", "application/pdf", len(PDF))
    ]
    assert body["attachments"][0]["download"].endswith(
        url("attachment_download", bucks, pk=body["attachments"][0]["id"])
    )
    added = client.post(
        base + "attachments/", {"attachments": [png(), pdf("plan.pdf")]}, format="multipart"
    )
    assert added.status_code == 200, added.content
    assert [a["name"] for a in added.json()["attachments"]] == [
        "budget.pdf",
        "photo.png",
        "plan.pdf",
    ]
    refused = client.post(
        base + "attachments/", {"attachments": [pdf("x.pdf", EXE)]}, format="multipart"
    )
    assert refused.status_code == 400
    assert "x.pdf: Bid attachments must be" in str(refused.json())
    assert "this file is a Windows program" in str(refused.json())
    assert "attachments" in str(refused.json())
    missing = client.post(base + "attachments/", {}, format="multipart")
    assert missing.status_code == 400
    removed = client.post(
        base + "remove-attachment/", {"attachment": added.json()["attachments"][1]["id"]}
    )
    assert [a["name"] for a in removed.json()["attachments"]] == ["budget.pdf", "plan.pdf"]
    # The funder cannot change the applicant's attachments.
    other = APIClient()
    other.force_authenticate(funder)
    assert other.post(
        base + "attachments/", {"attachments": [pdf()]}, format="multipart"
    ).status_code in (403, 404)
    cache.clear()


@pytest.mark.parametrize("bad", sorted(files.BAD_FILES))
def test_the_api_refuses_each_crafted_file(bad, make_bid, leader, bucks):
    cache.clear()
    bid = make_bid()
    name, data, reason = files.BAD_FILES[bad]
    client = APIClient()
    client.force_authenticate(leader)
    refused = client.post(
        f"/api/v1/places/{bucks.slug}/funding/bids/{bid.pk}/attachments/",
        {"attachments": [files.upload(name, data, "application/pdf")]},
        format="multipart",
    )
    assert refused.status_code == 400
    body = str(refused.json())
    assert f"{name}: Bid attachments must be PDF, Word" in body
    assert reason in body
    assert not BidAttachment.objects.for_place(bucks).exists()
    cache.clear()


def test_the_form_refuses_an_office_file_holding_a_program(client, leader, make_bid, bucks):
    bid = make_bid()
    client.force_login(leader)
    refused = client.post(
        url("bid_update", bucks, pk=bid.pk),
        {
            "title": bid.title,
            "summary": bid.summary,
            "amount_requested": "20000",
            "duration_months": "24",
            "attachments": [files.upload("plan.docx", files.DOCX_WITH_EXE)],
        },
    )
    assert refused.status_code == 200
    (error,) = refused.context["form"].errors["attachments"]
    assert error.endswith("this file is a Word document with a program inside it.")
    assert not BidAttachment.objects.for_place(bucks).exists()
