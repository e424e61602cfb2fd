"""Reminders about programmes and bids: a programme's deadline in 7 days, to leaders of
organisations it matches that have not bid yet; feedback on a declined bid and a decision on a live
one, due in 7 days and overdue, to the funder."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.accounts.models import Membership, Role
from coordination.accounts.selectors import people_acting_for
from coordination.notifications.registry import Due

from ..models import LIVE_STATES, Bid, Feedback, Programme
from .common import day_text, matches, organisation_themes, organisations_with_areas_here

DEADLINE_KIND = "funding_deadline_soon"
FEEDBACK_KIND = "funding_feedback_due"
DECISION_KIND = "funding_decision_due"


def deadlines_soon(place, now, lead_time):
    today = timezone.localdate(now, place.tz)
    programmes = list(
        Programme.objects.filter(
            places=place, deadline__gte=today, deadline__lte=today + lead_time, opens_on__lte=today
        )
        .select_related("funder")
        .prefetch_related("themes")
        .order_by("deadline", "pk")
    )
    if not programmes:
        return []
    leaders = people_acting_for(
        place,
        Membership.objects.for_place(place)
        .filter(role=Role.CHARITY_LEADER)
        .values("organisation_id"),
        roles=(Role.CHARITY_LEADER,),
    )
    themes_of, local = organisation_themes(place), organisations_with_areas_here(place)
    already = set(
        Bid.objects.for_place(place)
        .filter(programme__in=programmes)
        .exclude(state="draft")
        .values_list("programme_id", "applicant_id")
    )
    dues = []
    for programme in programmes:
        url = reverse(
            "places:funding:programme_detail", kwargs={"place_slug": place.slug, "pk": programme.pk}
        )
        theme_ids = {t.pk for t in programme.themes.all()}
        subject = _("%(programme)s closes on %(day)s") % {
            "programme": programme.title,
            "day": day_text(programme.deadline),
        }
        text = _(
            "%(programme)s from %(funder)s closes to bids on %(day)s. It matches your "
            "organisation's work in %(place)s. Grants of £%(min)s to £%(max)s."
        ) % {
            "funder": programme.funder.name,
            "programme": programme.title,
            "day": day_text(programme.deadline),
            "place": place.name,
            "min": f"{programme.amount_min:,.0f}",
            "max": f"{programme.amount_max:,.0f}",
        }
        for organisation_id, people in leaders.items():
            if (programme.pk, organisation_id) in already:
                continue
            if not matches(theme_ids, organisation_id, themes_of, local):
                continue
            for person in people:
                dues.append(
                    Due(
                        recipient=person,
                        object_key=f"programme:{programme.pk}:{programme.deadline.isoformat()}",
                        subject=subject,
                        text=text,
                        url=url,
                    )
                )
    return dues


def feedback_due(place, now, lead_time):
    """Unreleased feedback due within ``lead_time`` (7 days before) or past due (a day after)."""
    today = timezone.localdate(now, place.tz)
    feedback = Feedback.objects.for_place(place).filter(
        released_at__isnull=True, due_on__lte=today + lead_time
    )
    if lead_time > timedelta(0):
        # Before it falls due only: an overdue one is the after-reminder's, told once, not twice.
        feedback = feedback.filter(due_on__gte=today)
    feedback = list(
        feedback.select_related("bid", "bid__programme", "bid__applicant").order_by("due_on", "pk")
    )
    funders = people_acting_for(
        place, {f.bid.programme.funder_id for f in feedback}, roles=(Role.FUNDER,)
    )
    dues = []
    for item in feedback:
        bid = item.bid
        overdue = item.due_on < today
        values = {"title": bid.title, "applicant": bid.applicant.name, "day": day_text(item.due_on)}
        if overdue:
            subject = _("Feedback on %(title)s is overdue") % values
            text = (
                _(
                    "You promised %(applicant)s feedback on %(title)s by %(day)s. It has not been "
                    "released yet: they cannot learn from a decline without it."
                )
                % values
            )
        else:
            subject = _("Feedback on %(title)s is due by %(day)s") % values
            text = (
                _(
                    "Feedback on %(title)s, the declined bid from %(applicant)s, is due by %(day)s. Check it "
                    "and release it to them."
                )
                % values
            )
        for person in funders.get(bid.programme.funder_id, []):
            dues.append(
                Due(
                    recipient=person,
                    object_key=f"feedback:{item.pk}",
                    subject=subject,
                    text=text,
                    url=bid.get_absolute_url(),
                )
            )
    return dues


def decisions_due(place, now, lead_time):
    today = timezone.localdate(now, place.tz)
    bids = [
        bid
        for bid in Bid.objects.for_place(place)
        .filter(state__in=LIVE_STATES)
        .select_related("programme", "applicant", "place")
        .order_by("submitted_at", "pk")
        if bid.decision_due_on() is not None
        and bid.decision_due_on() <= today + lead_time
        and (lead_time < timedelta(0) or bid.decision_due_on() >= today)
    ]
    funders = people_acting_for(place, {b.programme.funder_id for b in bids}, roles=(Role.FUNDER,))
    dues = []
    for bid in bids:
        due_on = bid.decision_due_on()
        values = {"title": bid.title, "applicant": bid.applicant.name, "day": day_text(due_on)}
        if due_on < today:
            subject = _("A decision on %(title)s is overdue") % values
        else:
            subject = _("A decision on %(title)s is due by %(day)s") % values
        text = (
            _("Your programme promised %(applicant)s a decision on %(title)s by %(day)s.") % values
        )
        for person in funders.get(bid.programme.funder_id, []):
            dues.append(
                Due(
                    recipient=person,
                    object_key=f"bid-decision:{bid.pk}",
                    subject=subject,
                    text=text,
                    url=bid.get_absolute_url(),
                )
            )
    return dues
