"""The API's read answers for tenders, from value rows (coordination.api.rows): what
TenderSerializer gives for the same rows, built without it."""

from types import SimpleNamespace

from coordination.api.rows import current_zone, day, decimal_text, grouped, instant, text

from . import selectors
from .models import (
    CommissioningPolicy,
    Criterion,
    DemandPeriod,
    Lot,
    TenderAmendment,
    TenderStageChange,
)

TENDER_ROWS = (
    "id",
    "reference",
    "title",
    "description",
    "commissioner_id",
    "estimated_value",
    "contract_months",
    "procurement_method",
    "themes_slugs",
    "areas_slugs",
    "stage",
    "co_design_opens_at",
    "co_design_closes_at",
    "clarification_deadline",
    "submission_deadline",
    "decision_date",
    "you_said_we_did",
    "co_design_published_at",
    "count_invited",
    "count_viewed",
    "count_bid",
    "count_interested",
    "bids_opened_at",
    "bids_opened_count",
    "created_at",
    "updated_at",
)


def _nested(place, ids):
    """Each nested list's rows for a page of tenders, by tender id, in the serializer's order."""
    if not ids:
        return {}, {}, {}, {}, {}
    timeline = TenderStageChange.objects.for_place(place).filter(tender_id__in=ids)
    lots = Lot.objects.for_place(place).filter(tender_id__in=ids).order_by("pk")
    criteria = Criterion.objects.for_place(place).filter(tender_id__in=ids).order_by("pk")
    periods = DemandPeriod.objects.for_place(place).filter(tender_id__in=ids)
    amendments = TenderAmendment.objects.for_place(place).filter(tender_id__in=ids)
    return (
        grouped(
            timeline.values(
                "tender_id",
                "from_stage",
                "to_stage",
                "rationale",
                "changed_by_id",
                "changed_by__name",
                "changed_by__email",
                "changed_at",
            ),
            "tender_id",
        ),
        grouped(
            lots.values("tender_id", "id", "title", "description", "estimated_value"), "tender_id"
        ),
        grouped(criteria.values("tender_id", "id", "title", "description", "weight"), "tender_id"),
        grouped(
            periods.order_by("starts_on", "pk").values(
                "tender_id", "label", "starts_on", "indicator", "demand", "value"
            ),
            "tender_id",
        ),
        grouped(
            amendments.order_by("number").values(
                "tender_id",
                "number",
                "rationale",
                "changes",
                "published_by_id",
                "published_by__name",
                "published_by__email",
                "published_at",
            ),
            "tender_id",
        ),
    )


def _person(row, key="changed_by"):
    # StringRelatedField: str(user), which is the name or else the email.
    if row[f"{key}_id"] is None:
        return None
    return row[f"{key}__name"] or row[f"{key}__email"]


def _proportionality(period_rows, threshold):
    found = selectors.proportionality(
        None, periods=[SimpleNamespace(**period) for period in period_rows], threshold=threshold
    )
    return proportionality_answer(found)


def proportionality_answer(found):
    """A tender's proportionality (selectors.proportionality's answer) as the API gives it."""
    return {
        "flagged": found.flagged,
        "threshold": found.threshold,
        "demand_change": found.demand_change,
        "value_change": found.value_change,
        "unit_value_change": found.unit_value_change,
        "unit_value_change_overall": found.unit_value_change_overall,
        "periods": [
            {
                "label": p.label,
                "starts_on": p.starts_on.isoformat(),
                "indicator": p.indicator,
                "demand": str(p.demand),
                "value": str(p.value),
            }
            for p in found.periods
        ],
    }


def tender_answers(rows, *, place, address):
    """``address``: id -> the tender's API address."""
    zone = current_zone()
    timelines, lots, criteria, periods, amendments = _nested(place, [row["id"] for row in rows])
    threshold = CommissioningPolicy.of(place).unit_value_fall_percent
    return [
        {
            "id": row["id"],
            "url": address(row["id"]),
            "reference": text(row["reference"]),
            "title": text(row["title"]),
            "description": text(row["description"]),
            "commissioner": row["commissioner_id"],
            "estimated_value": decimal_text(row["estimated_value"], 2, 12),
            "contract_months": row["contract_months"],
            "procurement_method": text(row["procurement_method"]),
            "themes": row["themes_slugs"],
            "areas": row["areas_slugs"],
            "stage": text(row["stage"]),
            "co_design_opens_at": instant(row["co_design_opens_at"], zone),
            "co_design_closes_at": instant(row["co_design_closes_at"], zone),
            "clarification_deadline": instant(row["clarification_deadline"], zone),
            "submission_deadline": instant(row["submission_deadline"], zone),
            "decision_date": day(row["decision_date"]),
            "you_said_we_did": text(row["you_said_we_did"]),
            "co_design_published_at": instant(row["co_design_published_at"], zone),
            "lots": [
                {
                    "id": lot["id"],
                    "title": text(lot["title"]),
                    "description": text(lot["description"]),
                    "estimated_value": decimal_text(lot["estimated_value"], 2, 12),
                }
                for lot in lots.get(row["id"], ())
            ],
            "criteria": [
                {
                    "id": c["id"],
                    "title": text(c["title"]),
                    "description": text(c["description"]),
                    "weight": c["weight"],
                }
                for c in criteria.get(row["id"], ())
            ],
            "invitation_counts": {
                "invited": row["count_invited"],
                "viewed": row["count_viewed"],
                "bid": row["count_bid"],
                "interested": row["count_interested"],
            },
            "proportionality": _proportionality(periods.get(row["id"], ()), threshold),
            "timeline": [
                {
                    "from_stage": text(change["from_stage"]),
                    "to_stage": text(change["to_stage"]),
                    "rationale": text(change["rationale"]),
                    "changed_by": _person(change),
                    "changed_at": instant(change["changed_at"], zone),
                }
                for change in timelines.get(row["id"], ())
            ],
            "bids_opened": None
            if row["bids_opened_at"] is None
            else {
                "opened_at": instant(row["bids_opened_at"], zone),
                "bids_received": row["bids_opened_count"],
            },
            "amendments": [
                {
                    "number": a["number"],
                    "rationale": text(a["rationale"]),
                    "changes": [
                        {k: text(change.get(k)) for k in ("field", "label", "old", "new")}
                        for change in a["changes"]
                    ],
                    "published_by": _person(a, "published_by"),
                    "published_at": instant(a["published_at"], zone),
                }
                for a in amendments.get(row["id"], ())
            ],
            "created_at": instant(row["created_at"], zone),
            "updated_at": instant(row["updated_at"], zone),
        }
        for row in rows
    ]
