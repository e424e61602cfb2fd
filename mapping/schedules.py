"""When a service is open: weekly openings, as Open Referral UK / HSDS 3.0 schedules (freq WEEKLY,
one day each), optionally for a period (term time) and with a few words ("term time only").

Imported by mapping.models, so the model is ``mapping.models.ServiceSchedule``.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from coordination.dates import not_too_far_ahead
from coordination.places.tenancy import PlaceScoped, place_scoped_manager


class Weekday(models.IntegerChoices):
    """ISO 8601 days (Monday is 1), with the RFC 5545 code HSDS's ``byday`` uses."""

    MONDAY = 1, _("Monday")
    TUESDAY = 2, _("Tuesday")
    WEDNESDAY = 3, _("Wednesday")
    THURSDAY = 4, _("Thursday")
    FRIDAY = 5, _("Friday")
    SATURDAY = 6, _("Saturday")
    SUNDAY = 7, _("Sunday")

    @property
    def code(self):
        return BYDAY[self.value]


BYDAY = {1: "MO", 2: "TU", 3: "WE", 4: "TH", 5: "FR", 6: "SA", 7: "SU"}


class ServiceSchedule(PlaceScoped):
    """One weekly opening of a service: a day, from a time to a later time the same day."""

    service = models.ForeignKey(
        "mapping.Service", on_delete=models.CASCADE, related_name="schedules"
    )
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    opens_at = models.TimeField(_("opens at"))
    closes_at = models.TimeField(_("closes at"))
    valid_from = models.DateField(
        null=True,
        blank=True,
        validators=[not_too_far_ahead],
        help_text=_("The first day this opening applies (none: always)."),
    )
    valid_to = models.DateField(
        null=True,
        blank=True,
        validators=[not_too_far_ahead],
        help_text=_("The last day this opening applies (none: until further notice)."),
    )
    description = models.CharField(
        max_length=200, blank=True, help_text=_("A few words, like “term time only”.")
    )

    objects = place_scoped_manager()

    class Meta:
        ordering = ["weekday", "opens_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")),
                name="schedule_closes_after_opens",
                violation_error_message=_("The closing time must be after the opening time."),
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_to__gte=F("valid_from")),
                name="schedule_valid_to_not_before_from",
                violation_error_message=_("The last day must be on or after the first day."),
            ),
            models.CheckConstraint(
                condition=Q(weekday__gte=1, weekday__lte=7), name="schedule_weekday_iso"
            ),
        ]
        indexes = [models.Index(fields=["place", "service"], name="schedule_place_service")]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens_at:%H:%M}-{self.closes_at:%H:%M}"

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError(
                {"closes_at": _("The closing time must be after the opening time.")}
            )
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError(
                {"valid_to": _("The last day must be on or after the first day.")}
            )
        if self.service_id and self.service.place_id != self.place_id:
            raise ValidationError({"service": _("Choose a service of this place.")})
