"""The API's read answers for bids, from value rows (coordination.api.rows): what BidSerializer
gives for the same rows, built without it."""

from datetime import timedelta

from django.urls import reverse

from coordination.api.rows import current_zone, day, decimal_text, grouped, instant, text
from coordination.links import address_maker

from . import permissions
from .models import BidAttachment, BidEvent, BidState, Programme

_FEEDBACK = (
    "reasons",
    "strengths",
    "to_strengthen",
    "free_text",
    "due_on",
    "released_at",
    "helped",
    "helped_comment",
)

BID_ROWS = (
    "id",
    "programme_id",
    "applicant_id",
    "title",
    "summary",
    "amount_requested",
    "duration_months",
    "themes_slugs",
    "areas_slugs",
    "communities_slugs",
    "share_summary",
    "state",
    "submitted_at",
    "programme__deadline",
    "programme__decision_within_days",
    "programme__funder",
    "decided_at",
    "amount_awarded",
    "award_start",
    "award_end",
    "spend_by",
    "awarded_in_past",
    "created_at",
    "updated_at",
    "feedback__id",
    *(f"feedback__{name}" for name in _FEEDBACK),
)


def _decision_due_on(row, place):
    # Bid.decision_due_on, from the row's columns.
    if row["submitted_at"] is None:
        return None
    start = row["programme__deadline"] or row["submitted_at"].astimezone(place.tz).date()
    return start + timedelta(days=row["programme__decision_within_days"])


def _shown_feedback(rows, user, place):
    """Feedback id -> its row, for the declined bids whose feedback this person may read
    (selectors.feedback_for_applicant): the funder's members always, the applicant once
    released."""
    declined = [
        r for r in rows if r["state"] == BidState.DECLINED and r["feedback__id"] is not None
    ]
    if any(r["feedback__released_at"] is None for r in declined):
        funders = permissions.member_organisation_ids(user, place)
        declined = [
            r
            for r in declined
            if r["feedback__released_at"] is not None or r["programme__funder"] in funders
        ]
    return {r["feedback__id"]: r for r in declined}


def _download_address(request, place):
    """Attachment id -> the address of its file, as AttachmentSerializer gives it."""
    return address_maker(
        lambda pk: request.build_absolute_uri(
            reverse(
                "places:funding:attachment_download", kwargs={"place_slug": place.slug, "pk": pk}
            )
        )
    )


def bid_answers(rows, *, request, place, address):
    """``address``: id -> the bid's API address."""
    zone = current_zone()
    download = _download_address(request, place)
    ids = [row["id"] for row in rows]
    events = attachments = signposts = {}
    if ids:
        events = grouped(
            BidEvent.objects.for_place(place)
            .filter(bid_id__in=ids)
            .values("bid_id", "from_state", "to_state", "at"),
            "bid_id",
        )
        attachments = grouped(
            BidAttachment.objects.for_place(place)
            .filter(bid_id__in=ids)
            .order_by("uploaded_at", "pk")
            .values("bid_id", "id", "original_name", "content_type", "size", "uploaded_at"),
            "bid_id",
        )
    feedback = _shown_feedback(rows, request.user, place)
    if feedback:
        signposts = grouped(
            # In the order of the relation (Programme's own), as the serializer reads it.
            Programme.objects.filter(signposted_from__in=list(feedback)).values(
                "id", "signposted_from"
            ),
            "signposted_from",
        )

    def feedback_answer(row):
        if row["feedback__id"] not in feedback:
            return None
        return {
            "reasons": list(row["feedback__reasons"]),
            "strengths": text(row["feedback__strengths"]),
            "to_strengthen": text(row["feedback__to_strengthen"]),
            "signposts": [p["id"] for p in signposts.get(row["feedback__id"], ())],
            "free_text": text(row["feedback__free_text"]),
            "due_on": day(row["feedback__due_on"]),
            "released_at": instant(row["feedback__released_at"], zone),
            "helped": row["feedback__helped"],
            "helped_comment": text(row["feedback__helped_comment"]),
        }

    return [
        {
            "id": row["id"],
            "url": address(row["id"]),
            "programme": row["programme_id"],
            "applicant": row["applicant_id"],
            "title": text(row["title"]),
            "summary": text(row["summary"]),
            "amount_requested": decimal_text(row["amount_requested"], 2, 12),
            "duration_months": row["duration_months"],
            "themes": row["themes_slugs"],
            "areas": row["areas_slugs"],
            "communities": row["communities_slugs"],
            "share_summary": row["share_summary"],
            "state": text(row["state"]),
            "submitted_at": instant(row["submitted_at"], zone),
            "decision_due_on": day(_decision_due_on(row, place)),
            "decided_at": instant(row["decided_at"], zone),
            "amount_awarded": decimal_text(row["amount_awarded"], 2, 12),
            "award_start": day(row["award_start"]),
            "award_end": day(row["award_end"]),
            "spend_by": day(row["spend_by"]),
            "awarded_in_past": row["awarded_in_past"],
            "feedback": feedback_answer(row),
            "attachments": [
                {
                    "id": a["id"],
                    "name": text(a["original_name"]),
                    "content_type": text(a["content_type"]),
                    "size": a["size"],
                    "uploaded_at": instant(a["uploaded_at"], zone),
                    "download": download(a["id"]),
                }
                for a in attachments.get(row["id"], ())
            ],
            "events": [
                {
                    "from_state": text(e["from_state"]),
                    "to_state": text(e["to_state"]),
                    "at": instant(e["at"], zone),
                }
                for e in events.get(row["id"], ())
            ],
            "created_at": instant(row["created_at"], zone),
            "updated_at": instant(row["updated_at"], zone),
        }
        for row in rows
    ]
