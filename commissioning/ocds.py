"""A place's tenders as an Open Contracting Data Standard 1.1.5 release package.

One contracting process (ocid) per tender: ``<COMMISSIONING_OCID_PREFIX>-<place>-<tender id>``. Each
stage change is a release (planning, planningUpdate, tender, tenderUpdate, tenderCancellation,
award); each published amendment is a tenderAmendment release whose tender.amendments lists
every amendment so far (later releases carry them too); when a tender opens, co-design's outputs
(specification, "you said, we did", sessions) go out as a planningUpdate (when co-design
closes, or when bids open if that comes first).
A place with no tenders has no releases; the view answers 204 then (OCDS 1.1 packages need one
release or more). Only what is public goes in: bidders are named only as the winning supplier.

The package and the table are built by tasks into files (``write_json``, ``write_csv``: see
coordination/exports), their addresses from SITE_URL.
"""

import json
from datetime import UTC

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone

from .models import (
    Award,
    CoDesignSession,
    Criterion,
    Lot,
    SectionVersion,
    Stage,
    Submission,
    Tender,
    TenderAmendment,
    TenderStageChange,
)

OCDS_VERSION = "1.1"

TENDER_STATUS = {
    Stage.PIPELINE: "planning",
    Stage.CO_DESIGN: "planning",
    Stage.MARKET_ENGAGEMENT: "planned",
    Stage.OPEN: "active",
    Stage.EVALUATION: "active",
    Stage.AWARDED: "complete",
    Stage.CANCELLED: "cancelled",
}
PLANNING_STAGES = (Stage.PIPELINE, Stage.CO_DESIGN, Stage.MARKET_ENGAGEMENT)


def ocid_for(tender, place):
    return f"{settings.COMMISSIONING_OCID_PREFIX}-{place.slug}-{tender.pk}"


def _when(value):
    return timezone.localtime(value, UTC).isoformat() if value else None


def _money(amount):
    return {"amount": float(amount), "currency": "GBP"}


def _party_id(organisation):
    return organisation.org_id or f"inplace-organisation-{organisation.pk}"


def _party(organisation, roles):
    party = {"id": _party_id(organisation), "name": organisation.name, "roles": roles}
    if organisation.org_id:
        scheme, _sep, uid = organisation.org_id.rpartition("-")
        party["identifier"] = {"scheme": scheme, "id": uid, "legalName": organisation.name}
    return party


def _reference(organisation):
    return {"id": _party_id(organisation), "name": organisation.name}


def _tag(change, first_planning):
    stage = Stage(change.to_stage)
    if stage in PLANNING_STAGES:
        return "planning" if first_planning else "planningUpdate"
    return {
        Stage.OPEN: "tender",
        Stage.EVALUATION: "tenderUpdate",
        Stage.CANCELLED: "tenderCancellation",
        Stage.AWARDED: "award",
    }[stage]


class _Builder:
    """Reads a place's commissioning once (a query per kind of row) and writes its releases."""

    def __init__(self, place, base_url):
        self.place = place
        self.base_url = base_url
        self.tenders = list(
            Tender.objects.for_place(place).select_related("commissioner", "place").order_by("pk")
        )
        self.changes = self._group(TenderStageChange, "tender_id", order=("changed_at", "pk"))
        self.lots = self._group(Lot, "tender_id")
        self.criteria = self._group(Criterion, "tender_id")
        self.sessions = self._group(CoDesignSession, "tender_id", order=("held_at", "pk"))
        self.amendments = self._group(
            TenderAmendment, "tender_id", order=("published_at", "number")
        )
        self.awards = {
            a.tender_id: a
            for a in Award.objects.for_place(place).select_related("submission__lead")
        }
        self.bid_counts = {}
        for tender_id in Submission.objects.for_place(place).values_list("tender_id", flat=True):
            self.bid_counts[tender_id] = self.bid_counts.get(tender_id, 0) + 1
        self.versions = {}
        versions = (
            SectionVersion.objects.for_place(place)
            .select_related("section")
            .order_by("section__position", "section_id", "number")
        )
        for version in versions:
            self.versions.setdefault(version.section.tender_id, {})[version.section_id] = version

    def _group(self, model, key, order=("pk",)):
        grouped = {}
        for row in model.objects.for_place(self.place).order_by(*order):
            grouped.setdefault(getattr(row, key), []).append(row)
        return grouped

    def url(self, path):
        return f"{self.base_url}{path}"

    def releases(self):
        out = []
        for tender in self.tenders:
            out.extend(self.tender_releases(tender))
        return out

    def tender_releases(self, tender):
        ocid = ocid_for(tender, self.place)
        releases = []
        first_planning = True
        co_design_out = False
        stage = Stage.PIPELINE
        waiting = list(self.amendments.get(tender.pk, []))
        for change in self.changes.get(tender.pk, []):
            while waiting and waiting[0].published_at <= change.changed_at:
                releases.append(
                    self.amendment_release(tender, ocid, waiting.pop(0), stage, releases)
                )
            tag = _tag(change, first_planning)
            if tag == "planning":
                first_planning = False
            stage = Stage(change.to_stage)
            releases.append(
                self.release(
                    tender,
                    ocid,
                    release_id=f"{ocid}-stage-{change.pk}",
                    date=change.changed_at,
                    tag=tag,
                    stage=stage,
                    rationale=change.rationale,
                )
            )
            # Co-design's outputs went out when co-design closed, or at the latest when bids
            # opened (services.stages.move_to_stage): the release follows the stage change that
            # published them.
            publishes = Stage(change.to_stage) == Stage.OPEN or (
                change.from_stage == Stage.CO_DESIGN and change.to_stage != Stage.CANCELLED
            )
            if publishes and tender.co_design_published_at and not co_design_out:
                co_design_out = True
                releases.append(self.co_design_release(tender, ocid))
        for amendment in waiting:
            releases.append(self.amendment_release(tender, ocid, amendment, stage, releases))
        return releases

    def amendment_release(self, tender, ocid, amendment, stage, earlier):
        """A published amendment: the tender as amended, with every amendment so far."""
        release_id = f"{ocid}-amendment-{amendment.number}"
        release = self.release(
            tender,
            ocid,
            release_id=release_id,
            date=amendment.published_at,
            tag="tenderAmendment",
            stage=stage if stage not in PLANNING_STAGES else Stage.OPEN,
            rationale=amendment.rationale,
        )
        if earlier:
            # The release this one amends: the last one of the process before it.
            release["tender"]["amendments"][-1]["amendsReleaseID"] = earlier[-1]["id"]
        return release

    def amendments_block(self, tender, ocid, upto):
        return [
            {
                "id": str(a.number),
                "date": _when(a.published_at),
                "rationale": a.rationale,
                "description": "; ".join(
                    f"{c['label']}: {c['old']} → {c['new']}" for c in a.changes
                ),
                "releaseID": f"{ocid}-amendment-{a.number}",
            }
            for a in self.amendments.get(tender.pk, [])
            if a.published_at <= upto
        ]

    def parties(self, tender, stage):
        parties = [_party(tender.commissioner, ["buyer", "procuringEntity"])]
        award = self.awards.get(tender.pk)
        if stage == Stage.AWARDED and award:
            parties.append(_party(award.submission.lead, ["supplier"]))
        return parties

    def planning(self, tender, rationale=None):
        planning = {
            "rationale": rationale or tender.description,
            "budget": {"amount": _money(tender.estimated_value)},
        }
        if tender.co_design_closes_at:
            planning["milestones"] = [
                {
                    "id": f"co-design-{tender.pk}",
                    "title": "Co-design closes",
                    "type": "engagement",
                    "dueDate": _when(tender.co_design_closes_at),
                    "status": "met"
                    if tender.co_design_closes_at <= timezone.now()
                    else "scheduled",
                }
            ]
        return planning

    def tender_block(self, tender, stage):
        block = {
            "id": tender.reference,
            "title": tender.title,
            "description": tender.description,
            "status": TENDER_STATUS[stage],
            "procuringEntity": _reference(tender.commissioner),
            "value": _money(tender.estimated_value),
            "procurementMethod": tender.procurement_method,
            "mainProcurementCategory": "services",
            "contractPeriod": {"durationInDays": tender.contract_months * 30},
        }
        lots = self.lots.get(tender.pk, [])
        if lots:
            block["items"] = [{"id": f"lot-{lot.pk}", "description": lot.title} for lot in lots]
        criteria = self.criteria.get(tender.pk, [])
        if criteria:
            block["awardCriteria"] = "ratedCriteria"
            block["awardCriteriaDetails"] = "; ".join(f"{c.title} ({c.weight}%)" for c in criteria)
        if tender.submission_deadline:
            block["tenderPeriod"] = {"endDate": _when(tender.submission_deadline)}
        if tender.clarification_deadline:
            block["enquiryPeriod"] = {"endDate": _when(tender.clarification_deadline)}
        if stage in (Stage.EVALUATION, Stage.AWARDED):
            block["numberOfTenderers"] = self.bid_counts.get(tender.pk, 0)
        block["documents"] = [
            {
                "id": f"notice-{tender.pk}",
                "documentType": "tenderNotice",
                "title": tender.title,
                "url": self.url(tender.get_absolute_url()),
                "format": "text/html",
                "language": "en",
            }
        ]
        return block

    def release(self, tender, ocid, *, release_id, date, tag, stage, rationale):
        release = {
            "ocid": ocid,
            "id": release_id,
            "date": _when(date),
            "tag": [tag],
            "initiationType": "tender",
            "language": "en",
            "parties": self.parties(tender, stage),
            "buyer": _reference(tender.commissioner),
        }
        if stage in PLANNING_STAGES:
            release["planning"] = self.planning(tender, rationale)
        else:
            release["tender"] = self.tender_block(tender, stage)
            amendments = self.amendments_block(tender, ocid, date)
            if amendments:
                release["tender"]["amendments"] = amendments
        award = self.awards.get(tender.pk)
        if stage == Stage.AWARDED and award:
            release["awards"] = [
                {
                    "id": f"award-{award.pk}",
                    "title": tender.title,
                    "description": award.rationale,
                    "status": "active",
                    "date": _when(award.decided_at),
                    "value": _money(award.value),
                    "suppliers": [_reference(award.submission.lead)],
                }
            ]
        return release

    def co_design_release(self, tender, ocid):
        """Co-design's outputs, published to every potential bidder when the tender opened."""
        published = tender.co_design_published_at
        co_design_url = self.url(
            reverse(
                "places:commissioning:co_design",
                kwargs={"place_slug": self.place.slug, "pk": tender.pk},
            )
        )
        documents = []
        for section_id, version in self.versions.get(tender.pk, {}).items():
            documents.append(
                {
                    "id": f"specification-{section_id}-v{version.number}",
                    "documentType": "technicalSpecifications",
                    "title": version.section.heading,
                    "description": version.body,
                    "url": co_design_url,
                    "dateModified": _when(version.created_at),
                    "format": "text/html",
                    "language": "en",
                }
            )
        if tender.you_said_we_did:
            documents.append(
                {
                    "id": f"you-said-we-did-{tender.pk}",
                    "documentType": "marketStudies",
                    "title": "You said, we did: what co-design changed",
                    "description": tender.you_said_we_did,
                    "url": co_design_url,
                    "datePublished": _when(published),
                    "format": "text/html",
                    "language": "en",
                }
            )
        planning = self.planning(tender)
        planning["documents"] = documents
        planning.setdefault("milestones", [])
        for session in self.sessions.get(tender.pk, []):
            planning["milestones"].append(
                {
                    "id": f"co-design-session-{session.pk}",
                    "title": session.title,
                    "type": "engagement",
                    "description": session.notes,
                    "dueDate": _when(session.held_at),
                    "dateMet": _when(session.held_at),
                    "status": "met",
                }
            )
        return {
            "ocid": ocid,
            "id": f"{ocid}-co-design-outputs",
            "date": _when(published),
            "tag": ["planningUpdate"],
            "initiationType": "tender",
            "language": "en",
            "parties": self.parties(tender, Stage.OPEN),
            "buyer": _reference(tender.commissioner),
            "planning": planning,
        }


def release_package(place, *, base_url):
    builder = _Builder(place, base_url)
    releases = builder.releases()
    dates = [r["date"] for r in releases]
    path = reverse("places:commissioning:ocds", kwargs={"place_slug": place.slug})
    return {
        "uri": f"{base_url}{path}",
        "version": OCDS_VERSION,
        "publishedDate": max(dates) if dates else _when(timezone.now()),
        "publisher": {"name": f"InPlace – {place.name}", "uri": f"{base_url}/{place.slug}/"},
        "license": settings.OPEN_DATA_LICENCE,
        "releases": releases,
    }


CSV_COLUMNS = [
    "ocid",
    "reference",
    "title",
    "stage",
    "tender status (OCDS)",
    "buyer",
    "procurement method",
    "estimated value (GBP)",
    "submission deadline",
    "award date",
    "supplier",
    "award value (GBP)",
]


def csv_rows(place, tenders, awards):
    """One row per contracting process, with the ocids, statuses and dates the package uses."""
    by_tender = {award.tender_id: award for award in awards}
    rows = []
    for tender in tenders:
        award = by_tender.get(tender.pk)
        rows.append(
            [
                ocid_for(tender, place),
                tender.reference,
                tender.title,
                tender.get_stage_display(),
                TENDER_STATUS[tender.stage],
                tender.commissioner.name,
                tender.procurement_method,
                tender.estimated_value,
                _when(tender.submission_deadline) or "",
                _when(award.decided_at) if award else "",
                award.submission.lead.name if award else "",
                award.value if award else "",
            ]
        )
    return rows


def write_json(place, out):
    """The release package into the binary stream ``out``; returns how many releases."""
    package = release_package(place, base_url=settings.SITE_URL)
    encoder = json.JSONEncoder(indent=2)
    chunk = []
    for piece in encoder.iterencode(package):
        chunk.append(piece)
        if len(chunk) >= 4096:
            out.write("".join(chunk))
            chunk = []
    out.write("".join(chunk))
    return len(package["releases"])


def write_csv(place, out):
    """The table of contracting processes into the binary stream ``out``; returns how many."""
    from coordination.csvfiles import csv_text

    from .selectors import awards_in_place, tenders_in_place

    rows = csv_rows(place, tenders_in_place(place), awards_in_place(place))
    out.write(csv_text(CSV_COLUMNS, rows))
    return len(rows)


def no_releases(place=None):
    """OCDS 1.1's release package must hold a release: a place with none gets 204 No Content."""
    response = HttpResponse(status=204)
    response["OCDS-Releases"] = "0"
    return response


def release_count(record):
    return {"OCDS-Releases": str(record.records)} if record.records else {}
