"""Removing a tender added by mistake or as a test, while nothing about it was published or given
to anyone else (``selectors.removal_problems``); afterwards it stays on the record and is cancelled
instead. Removal takes the tender's own drafts with it (lots, criteria, specification, demand
figures, its first timeline step) and nothing anyone else made."""

from django.db import transaction
from django.utils.translation import gettext as _

from coordination.audit.services import audit_record
from coordination.errors import RuleViolation

from ..models import Tender
from ..selectors.tenders import removal_problems
from ._common import fresh, lock, require_runner, same_place


@transaction.atomic
def tender_remove(*, place, actor, tender):
    same_place(place, tender)
    tender = fresh(place, tender.pk)
    if not getattr(actor, "is_superuser", False):  # the Django admin's superusers work everywhere
        require_runner(actor, place, tender)
    tender = lock(tender)
    problems = removal_problems(tender)
    if problems:
        raise RuleViolation(
            _("This tender can no longer be removed: %(why)s Cancel it instead.")
            % {"why": " ".join(str(p) for p in problems)}
        )
    audit_record(
        place=place,
        actor=actor,
        action="commissioning.tender.remove",
        target=tender,
        changes={"reference": tender.reference, "title": tender.title},
    )
    Tender.objects.for_place(place).filter(pk=tender.pk).delete()
