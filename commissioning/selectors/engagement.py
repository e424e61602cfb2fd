"""Questions, interest and invitations: answered questions for everyone (the asker never named
outside the team), the public invitation figures, and who could be invited."""

from dataclasses import dataclass

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from coordination.organisations.models import Organisation, OrganisationKind

from ..models import Clarification, Interest, Submission, TenderInvitation
from ..permissions import acting_organisation_ids, can_run_tender


@dataclass
class ShownQuestion:
    clarification: Clarification
    by: str  # empty unless this reader may know who asked


def clarifications_for(user, place, tender):
    """Answered questions for everyone; unanswered ones only for the team and whoever asked."""
    runner = can_run_tender(user, place, tender)
    mine = acting_organisation_ids(user, place)
    qs = (
        Clarification.objects.for_place(place)
        .filter(tender=tender)
        .select_related("organisation")
        .order_by("asked_at", "pk")
    )
    if not runner:
        qs = qs.filter(~Q(answer="") | Q(organisation_id__in=mine))
    shown = []
    for clarification in qs:
        if runner:
            by = clarification.organisation.name
        elif clarification.organisation_id in mine:
            by = _("Your organisation")
        else:
            by = ""
        shown.append(ShownQuestion(clarification=clarification, by=by))
    return shown


def answered_clarifications(place):
    """The answered questions of the place's tenders: what everyone may read."""
    return Clarification.objects.for_place(place).exclude(answer="")


def get_clarification(place, pk):
    return Clarification.objects.for_place(place).select_related("tender").filter(pk=pk).first()


def invitation_counts(tender):
    """The public figures: organisations invited, how many said they had seen the invitation, how
    many bid."""
    invitations = TenderInvitation.objects.for_place(tender.place_id).filter(tender=tender)
    bids = Submission.objects.for_place(tender.place_id).filter(
        tender=tender, lead=OuterRef("organisation")
    )
    counted = invitations.annotate(bid=Exists(bids))
    return {
        "invited": counted.count(),
        "viewed": counted.filter(viewed_at__isnull=False).count(),
        "bid": counted.filter(bid=True).count(),
        "interested": Interest.objects.for_place(tender.place_id).filter(tender=tender).count(),
    }


def _count_of(queryset):
    counted = queryset.order_by().values("tender").annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def with_public_counts(queryset, place):
    """Tenders annotated with ``invitation_counts``' figures, in one query for a whole page."""
    invitations = TenderInvitation.objects.for_place(place).filter(tender=OuterRef("pk"))
    leads = Submission.objects.for_place(place).filter(tender=OuterRef(OuterRef("pk")))
    return queryset.annotate(
        count_invited=_count_of(invitations),
        count_viewed=_count_of(invitations.filter(viewed_at__isnull=False)),
        count_bid=_count_of(invitations.filter(organisation_id__in=leads.values("lead_id"))),
        count_interested=_count_of(Interest.objects.for_place(place).filter(tender=OuterRef("pk"))),
    )


def get_invitation(place, pk):
    return (
        TenderInvitation.objects.for_place(place)
        .select_related("tender", "organisation")
        .filter(pk=pk)
        .first()
    )


def invitations_to(user, place, tender):
    """The tender's invitations to the organisations this person takes part for, by name."""
    ids = acting_organisation_ids(user, place)
    if not ids:
        return []
    return list(
        TenderInvitation.objects.for_place(place)
        .filter(tender=tender, organisation_id__in=ids)
        .select_related("organisation")
        .order_by("organisation__name", "pk")
    )


def invitations_of(tender):
    return (
        TenderInvitation.objects.for_place(tender.place_id)
        .filter(tender=tender)
        .select_related("organisation")
        .order_by("organisation__name")
    )


def organisations_taking_part(place):
    """Organisations working here that are not councils, by name: those a tender is for (to invite,
    to bid with as partners, to attend co-design sessions)."""
    return (
        Organisation.objects.filter(places=place)
        .exclude(kind=OrganisationKind.COUNCIL)
        .order_by("name")
    )


def invitable_organisations(place, tender):
    """Organisations working here that could be invited (not councils, not invited already)."""
    invited = (
        TenderInvitation.objects.for_place(place).filter(tender=tender).values("organisation_id")
    )
    return organisations_taking_part(place).exclude(pk__in=invited)
