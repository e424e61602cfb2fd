"""Declarations of interest at meetings and members' votes on agenda items: a declaration on
an item bars the member's vote on it. Both are permanent records (see records.py): nothing
deletes them; they are corrected or withdrawn by amendment."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coordination import text_limits
from coordination.places.tenancy import PlaceScoped

from .meetings import AgendaItem, Meeting
from .records import MemberOnRecord


class InterestKind(models.TextChoices):
    FINANCIAL = "financial", _("Financial")
    PERSONAL = "personal", _("Personal (family, friends, close associates)")
    ORGANISATIONAL = "organisational", _("An organisation I run, work for or volunteer with")


class DeclarationOfInterest(MemberOnRecord, PlaceScoped):
    """A member's declared interest at a meeting, on one item or on the meeting's business as a
    whole. It goes in the minutes and on the member's register; on an item, it bars their vote."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="declarations")
    agenda_item = models.ForeignKey(
        AgendaItem,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="declarations",
        help_text=_("Leave empty for an interest in the meeting's business as a whole."),
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="declared_interests",
    )
    kind = models.CharField(_("kind of interest"), max_length=16, choices=InterestKind.choices)
    nature = text_limits.BoundedTextField(_("nature of the interest"), max_length=text_limits.NOTE)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["meeting", "created_at", "pk"]
        verbose_name = "declaration of interest"
        verbose_name_plural = "declarations of interest"
        constraints = [
            models.UniqueConstraint(
                fields=["place", "agenda_item", "member"],
                condition=Q(agenda_item__isnull=False, withdrawn_at__isnull=True),
                name="declaration_once_per_item_and_member",
                violation_error_message=_("This member has declared an interest in this item."),
            )
        ]

    def __str__(self):
        return f"{self.member_label}: {self.nature[:60]}"

    def record_board_id(self):
        return self.meeting.board_id

    def clean(self):
        super().clean()
        if (
            self.agenda_item_id
            and self.meeting_id
            and self.agenda_item.meeting_id != self.meeting_id
        ):
            raise ValidationError({"agenda_item": _("Choose an item on this meeting’s agenda.")})


class VoteChoice(models.TextChoices):
    FOR = "for", _("For")
    AGAINST = "against", _("Against")
    ABSTAIN = "abstain", _("Abstain")


class Vote(MemberOnRecord, PlaceScoped):
    """A member's vote on an agenda item, as the minutes record it. Only members recorded as
    present vote, and not on an item they declared an interest in."""

    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="votes")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    choice = models.CharField(max_length=8, choices=VoteChoice.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["agenda_item", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["place", "agenda_item", "member"],
                condition=Q(withdrawn_at__isnull=True),
                name="vote_once_per_item_and_member",
                violation_error_message=_("This member has already voted on this item."),
            )
        ]

    def __str__(self):
        return f"{self.member_label}: {self.get_choice_display()}"

    def record_board_id(self):
        return self.agenda_item.meeting.board_id

    def clean(self):
        super().clean()
        if self.withdrawn_at is not None or not (self.agenda_item_id and self.member_id):
            return
        from .minutes import present_member_ids

        item = self.agenda_item
        name = self.member_name or self.member.name
        if self.member_id not in present_member_ids(item.meeting):
            raise ValidationError(
                {
                    "member": _(
                        "%(person)s is not recorded as present at this meeting: only the "
                        "members present vote. Record the attendance first."
                    )
                    % {"person": name}
                }
            )
        declared = DeclarationOfInterest.objects.for_place(self.place_id).filter(
            agenda_item=item, member_id=self.member_id, withdrawn_at__isnull=True
        )
        if declared.exists():
            raise ValidationError(
                {
                    "member": _(
                        "%(person)s declared an interest in “%(item)s” and cannot vote on it."
                    )
                    % {"person": name, "item": item.title}
                }
            )
