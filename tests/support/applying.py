"""Applying once, for the funding tests and the isolation walk: a programme that asks questions and
documents, an organisation's kept documents, and ``build_applying``, place A's objects of it."""

from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from coordination.accounts.models import Membership, Role
from coordination.organisations import services as organisation_services
from coordination.organisations.models import OrganisationKind
from funding import services

PDF = b"%PDF-1.4\n%a kept document\n"


def pdf(name="accounts.pdf", data=PDF):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def keep_document(place, actor, organisation, kind="latest_accounts", title=None, **fields):
    return organisation_services.document_add(
        place=place,
        actor=actor,
        organisation=organisation,
        kind=kind,
        title=title or f"{organisation.name} {kind.replace('_', ' ')}",
        file=pdf(f"{kind}.pdf"),
        **fields,
    )


def asking_programme(place, actor, funder, title, *, questions=(), documents=(), **fields):
    """An open programme of ``funder`` asking ``questions`` ([(text, word limit)]) and
    ``documents`` (kinds)."""
    today = timezone.localdate(timezone=place.tz)
    programme = services.programme_create(
        place=place,
        actor=actor,
        funder=funder,
        title=title,
        description="Grants that ask a little.",
        funding_type="core",
        amount_min=Decimal("1000"),
        amount_max=Decimal("90000"),
        grant_length_months=24,
        opens_on=today - timedelta(days=30),
        deadline=today + timedelta(days=60),
        **fields,
    )
    for text, limit in questions:
        services.question_add(
            place=place, actor=actor, programme=programme, text=text, word_limit=limit
        )
    for kind in documents:
        services.requirement_add(place=place, actor=actor, programme=programme, kind=kind)
    return programme


def build_applying(place, actor, n):
    """A programme asking questions and documents, the charity's kept documents, and bids to it:
    a submitted one (its answers and the documents it was sent with) and a draft."""
    funder = Membership.objects.for_place(place).get(user=actor, role=Role.FUNDER).organisation
    charity = (
        Membership.objects.for_place(place).get(user=actor, role=Role.CHARITY_LEADER).organisation
    )
    original_kind = funder.kind
    funder.kind = OrganisationKind.FUNDER
    funder.save(update_fields=["kind"])
    actor.__dict__.pop("_inplace_funding_orgs", None)
    actor.__dict__.pop("_inplace_roles", None)
    keep_document(place, actor, charity, "governing_document", "Quokka constitution")
    keep_document(place, actor, charity, "latest_accounts", "Quokka accounts")
    for i in range(n):
        programme = asking_programme(
            place,
            actor,
            funder,
            f"Quokka Asking Fund {i}",
            questions=[("What difference will the quokka grant make?", 200)],
            documents=["governing_document", "latest_accounts"],
        )
        question = programme.questions.get()
        for state in ("submitted", "draft"):
            bid = services.bid_create(
                place=place,
                actor=actor,
                programme=programme,
                applicant=charity,
                title=f"Quokka asking bid {i} {state}",
                summary="Quokka answers.",
                amount_requested=Decimal("5000"),
                duration_months=12,
            )
            services.bid_answers_save(
                place=place, actor=actor, bid=bid, answers={question.pk: "Quokkas thrive."}
            )
            if state == "submitted":
                services.bid_submit(place=place, actor=actor, bid=bid)
    funder.kind = original_kind
    funder.save(update_fields=["kind"])
