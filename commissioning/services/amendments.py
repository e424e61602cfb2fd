"""Amendments: the only way a tender's description, value, contract length, lots, criteria and
deadlines change once it is open for bids. An amendment goes through the same validation as any
change (stage dates in order), never moves a deadline earlier, and once published is on the public
timeline and in the OCDS data, and every organisation that bid, was invited, registered interest
or joined co-design is told (each of its people once, in the app)."""

from datetime import date, datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coordination.audit.services import audit_record
from coordination.errors import RuleViolation, full_clean

from .. import news
from ..models import (
    AMENDABLE_FIELDS,
    AMENDMENT_STAGES,
    DEADLINE_FIELDS,
    Criterion,
    Lot,
    Stage,
    TenderAmendment,
)
from ._common import (
    fresh,
    local_time,
    lock,
    person,
    require_runner,
    same_place,
    tell_organisations,
    told_organisation_ids,
)

AMEND_INSTEAD = gettext_lazy(
    "The tender is open for bids: publish an amendment to change this, so that every bidder is told."
)


def _minute(value):
    """Forms carry minutes, not seconds: the same minute is no change."""
    if isinstance(value, datetime):
        return value.replace(second=0, microsecond=0)
    return value


def same_value(old, new):
    return _minute(old) == _minute(new)


def shown(value, place):
    """A value as the timeline and the notifications show it."""
    if value is None or value == "":
        return _("not set")
    if isinstance(value, datetime):
        return local_time(value, place)
    if isinstance(value, date):
        return value.strftime("%-d %B %Y")
    if isinstance(value, Decimal):
        return f"£{value:,.2f}"
    return str(value)


FIELD_LABELS = {
    "description": gettext_lazy("Description"),
    "estimated_value": gettext_lazy("Estimated value"),
    "contract_months": gettext_lazy("Contract length in months"),
    "clarification_deadline": gettext_lazy("Deadline for questions"),
    "submission_deadline": gettext_lazy("Bids close"),
    "decision_date": gettext_lazy("Decision date"),
}


def refuse_direct_changes(tender, fields):
    """Raise a RuleViolation naming each field ``fields`` would change on a tender whose changes
    need an amendment (open for bids or in evaluation)."""
    if tender.stage not in AMENDMENT_STAGES:
        return
    changed = {
        name: AMEND_INSTEAD
        for name in AMENDABLE_FIELDS
        if name in fields and not same_value(getattr(tender, name), fields[name])
    }
    if changed:
        raise RuleViolation(changed)


def _deadline_problems(tender, fields, now):
    problems = {}
    for name in DEADLINE_FIELDS:
        if name not in fields:
            continue
        old, new = getattr(tender, name), fields[name]
        if old is None or same_value(old, new):
            continue
        if new is None:
            problems[name] = _("A deadline cannot be taken away by an amendment.")
        elif _minute(new) < _minute(old):
            problems[name] = _(
                "A deadline may not move earlier (it is %(old)s): bidders planned for it. "
                "Extend it, or cancel the tender."
            ) % {"old": shown(old, tender.place)}
    new_deadline = fields.get("submission_deadline")
    if (
        "submission_deadline" not in problems
        and new_deadline is not None
        and not same_value(tender.submission_deadline, new_deadline)
        and new_deadline <= now
    ):
        problems["submission_deadline"] = _("Bids close must be in the future.")
    return problems


def _apply_fields(tender, fields, changes):
    place = tender.place
    for name in AMENDABLE_FIELDS:
        if name not in fields or same_value(getattr(tender, name), fields[name]):
            continue
        old, new = getattr(tender, name), fields[name]
        changes.append(
            {
                "field": name,
                "label": str(FIELD_LABELS[name]),
                "old": shown(old, place),
                "new": shown(new, place),
            }
        )
        setattr(tender, name, new)


def _apply_rows(tender, rows, model, kind, editable, labels, changes):
    """Change the lots or criteria given as {id: {field: value}}; returns the rows changed."""
    if not rows:
        return []
    found = {
        row.pk: row
        for row in model.objects.for_place(tender.place_id).filter(tender=tender, pk__in=rows)
    }
    missing = [pk for pk in rows if pk not in found]
    if missing:
        raise RuleViolation({kind: _("Choose %(kind)s of this tender.") % {"kind": kind}})
    changed = []
    for pk, values in rows.items():
        row = found[pk]
        before = row.title
        touched = False
        for name in editable:
            if name not in values or same_value(getattr(row, name), values[name]):
                continue
            changes.append(
                {
                    "field": f"{kind}.{pk}.{name}",
                    "label": labels[name] % {"title": before},
                    "old": shown(getattr(row, name), tender.place),
                    "new": shown(values[name], tender.place),
                }
            )
            setattr(row, name, values[name])
            touched = True
        if touched:
            full_clean(row)
            changed.append(row)
    return changed


LOT_LABELS = {
    "title": gettext_lazy("Title of the lot “%(title)s”"),
    "description": gettext_lazy("Description of the lot “%(title)s”"),
    "estimated_value": gettext_lazy("Value of the lot “%(title)s”"),
}
CRITERION_LABELS = {
    "title": gettext_lazy("Title of the criterion “%(title)s”"),
    "description": gettext_lazy("Description of the criterion “%(title)s”"),
    "weight": gettext_lazy("Weight of the criterion “%(title)s” (per cent)"),
}


def _check_weights(tender, changed_criteria):
    if not changed_criteria:
        return
    others = (
        Criterion.objects.for_place(tender.place_id)
        .filter(tender=tender)
        .exclude(pk__in=[c.pk for c in changed_criteria])
        .aggregate(total=Sum("weight"))["total"]
        or 0
    )
    total = others + sum(c.weight for c in changed_criteria)
    if total != 100:
        raise RuleViolation(
            {
                "criteria": _(
                    "The criteria's weights would add up to %(n)d%%; they must add up to 100%%."
                )
                % {"n": total}
            }
        )


def _tell(tender, amendment, actor):
    title = _("%(ref)s was amended (amendment %(n)d)") % {
        "ref": tender.reference,
        "n": amendment.number,
    }
    lines = [amendment.rationale, ""]
    lines += [f"{c['label']}: {c['old']} → {c['new']}" for c in amendment.changes]
    tell_organisations(
        tender,
        told_organisation_ids(tender),
        actor=actor,
        kind=news.TENDER_AMENDED,
        key=f"amendment:{amendment.pk}",
        title=title,
        body="\n".join(lines),
    )


@transaction.atomic
def amendment_publish(
    *, place, actor, tender, rationale, changes=None, lots=None, criteria=None, now=None
):
    """Publish an amendment to an open tender.

    ``changes``: {field: new value} for the tender's own fields (AMENDABLE_FIELDS); ``lots`` and
    ``criteria``: {id: {field: new value}} for its lots (title, description, estimated_value) and
    criteria (title, description, weight; the weights must still add up to 100).
    """
    same_place(place, tender)
    tender = fresh(place, tender.pk)
    require_runner(actor, place, tender)
    tender = lock(tender)
    now = now or timezone.now()
    changes = {k: v for k, v in (changes or {}).items() if k in AMENDABLE_FIELDS}
    lots, criteria = lots or {}, criteria or {}
    if tender.stage not in AMENDMENT_STAGES:
        if tender.stage in (Stage.AWARDED, Stage.CANCELLED):
            raise RuleViolation(_("An awarded or cancelled tender cannot be amended."))
        raise RuleViolation(
            _("Until the tender opens for bids, change its details directly; no amendment needed.")
        )
    if tender.stage == Stage.EVALUATION:
        # Bids are in: only the decision date may still move.
        late = {
            name: _("Bids have closed: only the decision date can still change.")
            for name, value in changes.items()
            if name != "decision_date" and not same_value(getattr(tender, name), value)
        }
        if lots:
            late["lots"] = _("Bids have closed: only the decision date can still change.")
        if criteria:
            late["criteria"] = _("Bids have closed: only the decision date can still change.")
        if late:
            raise RuleViolation(late)
    rationale = (rationale or "").strip()
    if not rationale:
        raise RuleViolation({"rationale": _("Say why the tender is being amended.")})
    problems = _deadline_problems(tender, changes, now)
    if problems:
        raise RuleViolation(problems)
    recorded = []
    _apply_fields(tender, changes, recorded)
    changed_lots = _apply_rows(
        tender, lots, Lot, "lots", ("title", "description", "estimated_value"), LOT_LABELS, recorded
    )
    changed_criteria = _apply_rows(
        tender,
        criteria,
        Criterion,
        "criteria",
        ("title", "description", "weight"),
        CRITERION_LABELS,
        recorded,
    )
    if not recorded:
        raise RuleViolation(_("Nothing would change: give at least one new value."))
    _check_weights(tender, changed_criteria)
    full_clean(tender)
    tender.save()
    for row in [*changed_lots, *changed_criteria]:
        row.save()
    number = (
        TenderAmendment.objects.for_place(place)
        .filter(tender=tender)
        .aggregate(n=Max("number"))["n"]
        or 0
    ) + 1
    amendment = TenderAmendment(
        place=place,
        tender=tender,
        number=number,
        rationale=rationale,
        changes=recorded,
        published_by=person(actor),
        published_at=now,
    )
    full_clean(amendment)
    amendment.save()
    audit_record(
        place=place,
        actor=actor,
        action="commissioning.tender.amended",
        target=tender,
        changes={"amendment": number, "rationale": rationale, "changes": recorded},
    )
    _tell(tender, amendment, actor)
    return amendment
