"""What a meeting records besides its minutes text: who attended, and the decisions taken.

A decision follows the board's rule: it belongs to a meeting with a quorum of members present,
and is taken by consensus or by a vote of the members present (see Decision.clean)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from coordination import text_limits
from coordination.places.tenancy import PlaceScoped

from .meetings import AgendaItem, Meeting


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    APOLOGIES = "apologies", _("Sent apologies")
    ABSENT = "absent", _("Absent")


class Attendance(PlaceScoped):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=16, choices=AttendanceStatus.choices)

    class Meta:
        ordering = ["meeting", "user__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["place", "meeting", "user"], name="attendance_once_per_meeting"
            )
        ]

    def __str__(self):
        return f"{self.user}: {self.get_status_display()}"


def present_member_ids(meeting):
    """The ids of the people recorded as present at a meeting."""
    return set(
        Attendance.objects.for_place(meeting.place_id)
        .filter(meeting_id=meeting.pk, status=AttendanceStatus.PRESENT)
        .values_list("user_id", flat=True)
    )


class DecisionMethod(models.TextChoices):
    CONSENSUS = "consensus", _("By consensus")
    VOTES = "votes", _("By a vote")


class Decision(PlaceScoped):
    """A decision taken at a meeting, by consensus or by a vote of the members present."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="decisions")
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    text = text_limits.BoundedTextField(max_length=text_limits.TEXT)
    method = models.CharField(
        _("how the board decided"),
        max_length=12,
        choices=DecisionMethod.choices,
        default=DecisionMethod.CONSENSUS,
    )
    votes_for = models.PositiveSmallIntegerField(_("votes for"), default=0)
    votes_against = models.PositiveSmallIntegerField(_("votes against"), default=0)
    votes_abstain = models.PositiveSmallIntegerField(_("abstentions"), default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["meeting", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(method="votes") | Q(votes_for=0, votes_against=0, votes_abstain=0),
                name="decision_by_consensus_counts_no_votes",
                violation_error_message=_("A decision by consensus records no votes."),
            ),
            models.CheckConstraint(
                condition=Q(method="consensus") | Q(votes_for__gt=0) | Q(votes_against__gt=0),
                name="decision_by_vote_has_votes",
                violation_error_message=_("A vote of 0 for and 0 against decides nothing."),
            ),
        ]

    def __str__(self):
        return self.text[:80]

    @property
    def counts(self):
        return {"for": self.votes_for, "against": self.votes_against, "abstain": self.votes_abstain}

    def clean(self):
        super().clean()
        if not self.meeting_id:
            return
        meeting = self.meeting
        if self.agenda_item_id and self.agenda_item.meeting_id != meeting.pk:
            raise ValidationError({"agenda_item": _("Choose an item on this meeting’s agenda.")})
        if self.withdrawn_at is not None:
            return  # withdrawing keeps the record as it was
        errors = {}
        present = present_member_ids(meeting)
        quorum = meeting.board.quorum
        if len(present) < quorum:
            errors["meeting"] = ngettext(
                "%(board)s decides with %(quorum)d member present; %(present)d recorded as "
                "present. Record the attendance first.",
                "%(board)s decides with at least %(quorum)d members present; %(present)d "
                "recorded as present. Record the attendance first.",
                quorum,
            ) % {"board": meeting.board.name, "quorum": quorum, "present": len(present)}
        counts = (self.votes_for or 0, self.votes_against or 0, self.votes_abstain or 0)
        if self.method == DecisionMethod.CONSENSUS and any(counts):
            errors["method"] = _(
                "A decision by consensus records no votes: choose “by a vote”, or leave the "
                "counts at 0."
            )
        elif self.method == DecisionMethod.VOTES:
            vote_errors = self._vote_errors(present, counts)
            if vote_errors:
                errors["votes_for"] = vote_errors
        if errors:
            raise ValidationError(errors)

    def _vote_errors(self, present, counts):
        from .interests import DeclarationOfInterest, Vote

        if not (counts[0] or counts[1]):
            return _(
                "A vote of 0 for and 0 against decides nothing: record the votes cast, or "
                "record the decision as by consensus."
            )
        if self.agenda_item_id:
            recorded = Vote.objects.for_place(self.place_id).filter(
                agenda_item_id=self.agenda_item_id, withdrawn_at__isnull=True
            )
            tally = {c: 0 for c in ("for", "against", "abstain")}
            for choice in recorded.values_list("choice", flat=True):
                tally[choice] += 1
            if any(tally.values()):
                if counts != (tally["for"], tally["against"], tally["abstain"]):
                    return (
                        _(
                            "The counts must match the votes recorded on this item: %(for)d for, "
                            "%(against)d against, %(abstain)d abstaining."
                        )
                        % tally
                    )
                return None
            declared = set(
                DeclarationOfInterest.objects.for_place(self.place_id)
                .filter(agenda_item_id=self.agenda_item_id, withdrawn_at__isnull=True)
                .values_list("member_id", flat=True)
            )
            present = present - declared
        if sum(counts) > len(present):
            return _(
                "Only the members present vote (%(eligible)d, less any who declared an interest "
                "in the item): the counts add up to %(total)d."
            ) % {"eligible": len(present), "total": sum(counts)}
        return None
