"""Attachments: documents sent with a bid, checked under the bid attachments upload policy
(content and size), added and removed only while the bid is a draft."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coordination.audit.services import audit_record
from coordination.errors import RuleViolation, full_clean
from coordination.uploads import BID_ATTACHMENTS

from .. import permissions
from ..models import BidAttachment, BidState
from ._common import locked_bid

MAX_ATTACHMENTS = 10


def max_attachment_bytes():
    return BID_ATTACHMENTS.limit()


def check_attachments(files, *, already=0):
    """The content type of each upload, in order; RuleViolation on ``attachments`` naming the file
    at fault when the policy refuses it, or when it is one too many."""
    files = list(files or [])
    if already + len(files) > MAX_ATTACHMENTS:
        raise RuleViolation(
            {
                "attachments": _(
                    "A bid can have at most %(max)d attachments; this one would have %(count)d."
                )
                % {"max": MAX_ATTACHMENTS, "count": already + len(files)}
            }
        )
    types = []
    for upload in files:
        name = (upload.name or _("the file")).rsplit("/", 1)[-1]
        try:
            types.append(BID_ATTACHMENTS.check(upload).mime)
        except ValidationError as exc:
            raise RuleViolation(
                {"attachments": [f"{name}: {message}" for message in exc.messages]}
            ) from exc
    return types


def save_attachments(place, actor, bid, files, types):
    """Store uploads on a bid, with the content types check_attachments gave them."""
    saved = []
    for upload, content_type in zip(files, types, strict=True):
        attachment = BidAttachment(
            place=place,
            bid=bid,
            original_name=(upload.name or "attachment").rsplit("/", 1)[-1][-200:],
            content_type=content_type,
            size=upload.size,
            uploaded_by=actor,
        )
        attachment.file = upload
        full_clean(attachment, exclude=["bid"])
        attachment.save()
        saved.append(attachment)
    return saved


def _check_draft_for_applicant(actor, place, bid, doing):
    if not permissions.can_act_as_applicant(actor, place, bid):
        raise RuleViolation(
            _("Only a leader of the applicant organisation can %(doing)s.") % {"doing": doing}
        )
    if bid.state != BidState.DRAFT:
        raise RuleViolation(
            _("Attachments can only change while the bid is a draft; this one is %(state)s.")
            % {"state": bid.get_state_display().lower()}
        )


@transaction.atomic
def attachment_add(*, place, actor, bid, files):
    """Add documents to a draft bid."""
    bid = locked_bid(place, bid)
    _check_draft_for_applicant(actor, place, bid, _("add attachments to this bid"))
    files = list(files or [])
    if not files:
        raise RuleViolation({"attachments": _("Choose a file to attach.")})
    types = check_attachments(
        files, already=BidAttachment.objects.for_place(place).filter(bid=bid).count()
    )
    saved = save_attachments(place, actor, bid, files, types)
    audit_record(
        place=place,
        actor=actor,
        action="funding.attachment.add",
        target=bid,
        changes={"attachments_added": [a.original_name for a in saved]},
    )
    return saved


@transaction.atomic
def attachment_remove(*, place, actor, attachment):
    """Take a document off a draft bid; the file goes once the removal is committed."""
    attachment = BidAttachment.objects.for_place(place).select_related("bid").get(pk=attachment.pk)
    bid = locked_bid(place, attachment.bid)
    _check_draft_for_applicant(actor, place, bid, _("remove attachments from this bid"))
    name, stored = attachment.original_name, attachment.file.name
    storage = attachment.file.storage
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(stored))
    audit_record(
        place=place,
        actor=actor,
        action="funding.attachment.remove",
        target=bid,
        changes={"attachment_removed": name},
    )
    return bid
