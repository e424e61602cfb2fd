"""Demo of applying once: the local charity keeps its standard documents in InPlace; the quick
response and winter funds ask a few questions and documents; a submitted bid to the quick response
fund went with the kept documents, and a draft to the winter fund has them filled in already.
Called from seed_funding_demo; re-running changes nothing."""

from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from coordination.organisations import services as organisation_services
from coordination.organisations.models import OrganisationDocument, OrganisationKind
from coordination.places.tenancy import place_scope

from . import services
from .models import Programme, ProgrammeQuestion

KEPT = [
    ("governing_document", "Constitution, as amended 2023", 900),
    ("latest_accounts", "Annual accounts to 31 March", 200),
    ("safeguarding_policy", "Safeguarding policy", 120),
]
ASKS = {
    "Quick Response Fund": (
        [("What has happened, and who needs help now?", 150)],
        ["latest_accounts"],
    ),
    "Winter Projects Fund": (
        [
            ("Who will the project reach this winter?", 200),
            ("How will you know it helped?", 150),
        ],
        ["governing_document", "latest_accounts", "safeguarding_policy"],
    ),
}


def _pdf(title):
    body = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%" + title.encode("ascii") + b"\n%%EOF\n"
    )
    name = title.lower().replace(" ", "-").replace(",", "")[:40] + ".pdf"
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def seed_applying_demo(place, funder, leader, now=None):
    """``funder`` and ``leader`` are the place's demo memberships; returns the new records."""
    now = now or timezone.now()
    today = timezone.localdate(now, place.tz)
    charity = leader.organisation
    if charity is None or charity.kind != OrganisationKind.REGISTERED_CHARITY:
        return 0
    created = 0
    with place_scope(place):
        if not OrganisationDocument.objects.filter(organisation=charity).exists():
            for kind, title, days_old in KEPT:
                organisation_services.document_add(
                    place=place,
                    actor=leader.user,
                    organisation=charity,
                    kind=kind,
                    title=title,
                    file=_pdf(title),
                    dated_on=today - timedelta(days=days_old),
                    valid_until=today + timedelta(days=365)
                    if kind == "safeguarding_policy"
                    else None,
                )
                created += 1
        for suffix, (questions, documents) in ASKS.items():
            programme = Programme.objects.filter(
                places=place, funder=funder.organisation, title=f"{place.name} {suffix}"
            ).first()
            if programme is None or ProgrammeQuestion.objects.filter(programme=programme).exists():
                continue
            for text, limit in questions:
                services.question_add(
                    place=place, actor=funder.user, programme=programme, text=text, word_limit=limit
                )
                created += 1
            for kind in documents:
                services.requirement_add(
                    place=place, actor=funder.user, programme=programme, kind=kind
                )
                created += 1
            created += _demo_bid(place, leader, programme, submit=suffix == "Quick Response Fund")
    return created


def _demo_bid(place, leader, programme, *, submit):
    bid = services.bid_create(
        place=place,
        actor=leader.user,
        programme=programme,
        applicant=leader.organisation,
        title="Boiler repair at the community hall" if submit else "Warm welcome evenings",
        summary="What we will do, for whom, and why now.",
        amount_requested=Decimal("3000") if submit else Decimal("8000"),
        duration_months=3 if submit else 6,
    )
    answers = {
        q.pk: "Families using the hall's food bank, about 60 a week, who have nowhere warm to go."
        for q in ProgrammeQuestion.objects.filter(programme=programme)
    }
    services.bid_answers_save(place=place, actor=leader.user, bid=bid, answers=answers)
    if submit:
        services.bid_submit(place=place, actor=leader.user, bid=bid)
    return 1
