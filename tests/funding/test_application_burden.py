"""Applying once: organisations keep their standard documents once; programmes say what they ask;
bids answer within word limits and are filled from the kept documents; submitting refuses what is
missing; the documents stay private; the figures count the burden."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient

from coordination.accounts.models import Role
from coordination.errors import RuleViolation
from coordination.organisations import services as organisation_services
from coordination.organisations.models import OrganisationDocument
from coordination.places.comparison import measures
from funding import selectors, services
from funding.models import BidDocument, BidState
from tests.support.applying import keep_document, pdf
from tests.support.factories import OrganisationFactory
from tests.support.funding import EXE

pytestmark = pytest.mark.django_db


def url(name, place, **kwargs):
    return reverse(f"places:funding:{name}", kwargs={"place_slug": place.slug, **kwargs})


def api(user):
    cache.clear()
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def asking(bucks, funder, programme):
    """The programme asking two questions (one optional) and two documents."""
    services.question_add(
        place=bucks,
        actor=funder,
        programme=programme,
        text="What difference will it make?",
        hint="Say who benefits.",
        word_limit=5,
    )
    services.question_add(
        place=bucks,
        actor=funder,
        programme=programme,
        text="Anything else?",
        word_limit=50,
        required=False,
    )
    services.requirement_add(place=bucks, actor=funder, programme=programme, kind="latest_accounts")
    services.requirement_add(
        place=bucks, actor=funder, programme=programme, kind="safeguarding_policy"
    )
    return programme


def first_question(programme):
    return selectors.questions_of(programme).first()


# Kept documents


def test_a_newer_document_supersedes_the_one_of_its_kind(bucks, leader, charity_org):
    first = keep_document(bucks, leader, charity_org, "latest_accounts", "Accounts 2025")
    second = keep_document(bucks, leader, charity_org, "latest_accounts", "Accounts 2026")
    other_a = keep_document(bucks, leader, charity_org, "other", "Annual report")
    other_b = keep_document(bucks, leader, charity_org, "other", "Case studies")
    first.refresh_from_db()
    assert first.superseded_at is not None and second.is_current
    assert other_a.is_current and other_b.is_current
    assert "accounts" not in second.file.name  # stored under a random name


def test_only_the_organisations_people_keep_documents_and_files_are_checked(
    bucks, leader, funder, charity_org
):
    with pytest.raises(RuleViolation):
        keep_document(bucks, funder, charity_org)
    with pytest.raises(RuleViolation) as refused:
        organisation_services.document_add(
            place=bucks,
            actor=leader,
            organisation=charity_org,
            kind="latest_accounts",
            title="Accounts",
            file=pdf("accounts.pdf", EXE),
        )
    assert "Organisation documents must be" in str(refused.value.message_dict["file"])
    assert not OrganisationDocument.objects.exists()


def test_a_document_cannot_run_out_before_its_date(bucks, leader, charity_org):
    from datetime import date

    with pytest.raises(RuleViolation) as refused:
        keep_document(
            bucks, leader, charity_org, dated_on=date(2026, 1, 1), valid_until=date(2025, 1, 1)
        )
    assert "valid_until" in refused.value.message_dict


# What a programme asks


def test_the_programme_pages_show_the_burden_before_applying(client, bucks, asking):
    listing = client.get(url("programme_list", bucks)).content.decode()
    assert "2 questions, 2 documents" in listing
    page = client.get(url("programme_detail", bucks, pk=asking.pk)).content.decode()
    assert "2 questions, 2 documents" in page
    assert "What difference will it make?" in page and "Safeguarding policy" in page


def test_only_the_funder_changes_what_a_programme_asks(bucks, asking, leader, funder, client):
    with pytest.raises(RuleViolation):
        services.question_add(place=bucks, actor=leader, programme=asking, text="Why?")
    client.force_login(leader)
    assert client.get(url("question_add", bucks, pk=asking.pk)).status_code == 404
    client.force_login(funder)
    response = client.post(
        url("question_add", bucks, pk=asking.pk),
        {"text": "How will you know it worked?", "word_limit": "100", "required": "on"},
    )
    assert response.status_code == 302
    response = client.post(url("requirement_add", bucks, pk=asking.pk), {"kind": "latest_accounts"})
    assert response.status_code == 200  # already asked: not offered again
    assert [q.text for q in selectors.questions_of(asking)][-1] == "How will you know it worked?"
    with pytest.raises(RuleViolation):
        services.requirement_add(
            place=bucks, actor=funder, programme=asking, kind="latest_accounts"
        )


def test_an_answered_question_stays(bucks, asking, funder, leader, make_bid):
    bid = make_bid()
    question = first_question(asking)
    services.bid_answers_save(place=bucks, actor=leader, bid=bid, answers={question.pk: "Yes."})
    with pytest.raises(RuleViolation):
        services.question_remove(place=bucks, actor=funder, question=question)


# Bids reuse them


def test_answers_keep_to_their_word_limit(bucks, asking, leader, make_bid, client):
    bid = make_bid()
    question = first_question(asking)
    with pytest.raises(RuleViolation) as refused:
        services.bid_answers_save(
            place=bucks, actor=leader, bid=bid, answers={question.pk: "one two three four five six"}
        )
    assert "5 words or fewer; this answer has 6" in str(
        refused.value.message_dict[f"question_{question.pk}"]
    )
    client.force_login(leader)
    page = client.post(
        url("bid_answers", bucks, pk=bid.pk),
        {f"question_{question.pk}": "one two three four five six"},
    )
    assert page.status_code == 200 and "this answer has 6" in page.content.decode()


def test_a_bid_is_filled_from_the_kept_documents_and_keeps_the_version_it_was_sent_with(
    bucks, asking, leader, charity_org, make_bid, client
):
    kept = keep_document(bucks, leader, charity_org, "latest_accounts", "Accounts 2025")
    bid = make_bid()
    draft = selectors.application_of(bucks, bid, bid.created_at.date())
    assert [(r.kind, r.document) for r in draft.documents] == [
        ("latest_accounts", kept),
        ("safeguarding_policy", None),
    ]
    # Submitting refuses what is missing, a message on each.
    with pytest.raises(RuleViolation) as refused:
        services.bid_submit(place=bucks, actor=leader, bid=bid)
    question = first_question(asking)
    assert set(refused.value.message_dict) == {
        f"question_{question.pk}",
        "document_safeguarding_policy",
    }
    # The page says so, item by item.
    client.force_login(leader)
    page = client.post(url("bid_submit", bucks, pk=bid.pk), follow=True).content.decode()
    assert "Answer “What difference will it make?”" in page
    assert "Add your organisation’s safeguarding policy" in page
    # Only the missing document is asked for; the answer is given once.
    safeguarding = keep_document(bucks, leader, charity_org, "safeguarding_policy", "Policy")
    services.bid_answers_save(place=bucks, actor=leader, bid=bid, answers={question.pk: "A lot."})
    bid = services.bid_submit(place=bucks, actor=leader, bid=bid)
    links = {d.kind: d for d in BidDocument.objects.for_place(bucks).filter(bid=bid)}
    assert links["latest_accounts"].document == kept and links["latest_accounts"].reused
    assert links["safeguarding_policy"].document == safeguarding
    assert not links["safeguarding_policy"].reused  # added while applying
    # A newer version later does not change what the funder received.
    keep_document(bucks, leader, charity_org, "latest_accounts", "Accounts 2026")
    sent = selectors.application_of(bucks, bid, bid.created_at.date())
    assert sent.documents[0].document == kept


def test_profile_facts_show_from_the_organisation(
    bucks, asking, leader, charity_org, make_bid, client
):
    charity_org.org_id = "GB-CHC-1234567"
    charity_org.registered_postcode = "HP11 2BW"
    charity_org.save()
    bid = make_bid()
    client.force_login(leader)
    page = client.get(bid.get_absolute_url()).content.decode()
    assert "GB-CHC-1234567" in page and "HP11 2BW" in page


# Who sees the documents


@pytest.fixture
def sent(bucks, asking, leader, charity_org, make_bid):
    keep_document(bucks, leader, charity_org, "latest_accounts", "Accounts 2025")
    keep_document(bucks, leader, charity_org, "safeguarding_policy", "Policy")
    bid = make_bid()
    services.bid_answers_save(
        place=bucks, actor=leader, bid=bid, answers={first_question(asking).pk: "A lot."}
    )
    return services.bid_submit(place=bucks, actor=leader, bid=bid)


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("applicant leader", True),
        ("applicant partner", True),
        ("programme funder", True),
        ("other funder", False),
        ("other charity leader", False),
        ("place admin", False),
        ("resident", False),
    ],
)
def test_who_opens_a_document_a_bid_was_sent_with(who, sees, people, sent, bucks, client):
    link = BidDocument.objects.for_place(bucks).filter(bid=sent).first()
    client.force_login(people[who])
    response = client.get(url("bid_document_download", bucks, pk=link.pk))
    assert response.status_code == (200 if sees else 404)


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("applicant leader", True),
        ("applicant partner", True),
        ("programme funder", False),
        ("other charity leader", False),
        ("place admin", False),
    ],
)
def test_only_the_organisations_people_see_its_kept_documents(
    who, sees, people, bucks, leader, charity_org, client
):
    document = keep_document(bucks, leader, charity_org)
    client.force_login(people[who])
    download = reverse(
        "places:organisation_document_download",
        kwargs={"place_slug": bucks.slug, "pk": document.pk},
    )
    listing = reverse(
        "places:organisation_documents", kwargs={"place_slug": bucks.slug, "pk": charity_org.pk}
    )
    assert client.get(download).status_code == (200 if sees else 404)
    assert client.get(listing).status_code == (200 if sees else 404)


def test_another_place_never_sees_the_documents(
    bucks, sutton, make_member, leader, charity_org, client
):
    document = keep_document(bucks, leader, charity_org)
    # Even a person of the same organisation, through another place it does not work in.
    elsewhere = make_member(sutton, Role.CHARITY_LEADER, organisation=charity_org)
    client.force_login(elsewhere)
    download = reverse(
        "places:organisation_document_download",
        kwargs={"place_slug": sutton.slug, "pk": document.pk},
    )
    assert client.get(download).status_code == 404
    sutton_org = OrganisationFactory(places=[sutton])
    stranger = make_member(sutton, Role.CHARITY_LEADER, organisation=sutton_org)
    client.force_login(stranger)
    assert client.get(download).status_code == 404


def test_kept_documents_serve_every_place_the_organisation_works_in(
    bucks, coventry, make_member, leader, charity_org, client
):
    charity_org.places.add(coventry)
    document = keep_document(bucks, leader, charity_org)
    there = make_member(coventry, Role.CHARITY_LEADER, organisation=charity_org)
    client.force_login(there)
    download = reverse(
        "places:organisation_document_download",
        kwargs={"place_slug": coventry.slug, "pk": document.pk},
    )
    assert client.get(download).status_code == 200


# API


def test_the_api_says_what_a_programme_asks_and_lets_its_funder_change_it(
    bucks, asking, funder, leader
):
    base = f"/api/v1/places/{bucks.slug}/funding/programmes/{asking.pk}/"
    body = api(None).get(base).json()
    assert (body["question_count"], body["document_count"]) == (2, 2)
    assert body["documents_required"] == ["latest_accounts", "safeguarding_policy"]
    assert body["questions"][0]["text"] == "What difference will it make?"
    client = api(funder)
    added = client.post(base + "questions/", {"text": "Who else funds it?", "word_limit": 100})
    assert added.status_code == 200, added.content
    assert added.json()["question_count"] == 3
    bad = client.post(base + "questions/", {"text": "Too long?", "word_limit": 99999})
    assert bad.status_code == 400 and "word_limit" in bad.json()["error"]["fields"]
    dropped = client.post(base + "remove-document/", {"kind": "safeguarding_policy"})
    assert dropped.json()["documents_required"] == ["latest_accounts"]
    assert api(leader).post(base + "questions/", {"text": "Mine?"}).status_code in (403, 404)
    cache.clear()


def test_the_api_answers_and_refuses_an_incomplete_submission_field_by_field(
    bucks, asking, leader, make_bid
):
    bid = make_bid()
    question = first_question(asking)
    base = f"/api/v1/places/{bucks.slug}/funding/bids/{bid.pk}/"
    client = api(leader)
    application = client.get(base + "application/").json()
    assert set(application["missing"]) == {
        f"question_{question.pk}",
        "document_latest_accounts",
        "document_safeguarding_policy",
    }
    too_long = client.post(
        base + "answers/",
        {"answers": [{"question": question.pk, "text": "a b c d e f g"}]},
        format="json",
    )
    assert too_long.status_code == 400
    assert "this answer has 7" in str(too_long.json()["error"]["fields"][f"question_{question.pk}"])
    refused = client.post(base + "submit/")
    assert refused.status_code == 400
    attrs = set(refused.json()["error"]["fields"])
    assert {f"question_{question.pk}", "document_latest_accounts"} <= attrs
    cache.clear()


def test_the_api_keeps_documents_for_the_organisations_people_only(
    bucks, leader, funder, charity_org
):
    base = f"/api/v1/places/{bucks.slug}/organisations/{charity_org.pk}/documents/"
    client = api(leader)
    added = client.post(
        base,
        {"kind": "latest_accounts", "title": "Accounts", "file": pdf()},
        format="multipart",
    )
    assert added.status_code == 200, added.content
    assert [(d["kind"], d["current"]) for d in added.json()] == [("latest_accounts", True)]
    bad = client.post(
        base,
        {"kind": "latest_accounts", "title": "X", "file": pdf("x.pdf", EXE)},
        format="multipart",
    )
    assert bad.status_code == 400
    assert api(funder).get(base).status_code == 404
    assert api(None).get(base).status_code in (401, 403, 404)
    cache.clear()


# Figures


def test_the_figures_count_what_programmes_ask_and_what_was_reused(bucks, sent, funder_org, client):
    burden = selectors.burden_figures(bucks)
    assert (burden.programmes, burden.median_questions, burden.median_documents) == (1, 2, 2)
    assert (burden.documents_sent, burden.documents_reused, burden.reused_share) == (2, 2, 1.0)
    mine = selectors.burden_figures(bucks, funder=funder_org)
    assert mine.median_questions == 2
    page = client.get(url("figures", bucks)).content.decode()
    assert 'id="burden-table"' in page and "100%" in page
    assert client.get(url("funder_figures", bucks, pk=funder_org.pk)).status_code == 200
    body = api(None).get(f"/api/v1/places/{bucks.slug}/funding/grants/figures/").json()
    assert body["burden"]["median_questions"] == 2 and body["burden"]["reused_share"] == 100
    cache.clear()


def test_no_data_yet_where_no_programme_asks(sutton, client):
    burden = selectors.burden_figures(sutton)
    assert burden.median_questions is None and burden.reused_share is None
    measure = next(m for m in measures() if m.key == "funding.median_questions")
    assert measure.text(measure.value(sutton, {})) == "no data yet"
    assert measure.text(2) == "2 questions"


def test_a_draft_shows_its_state(bucks, asking, make_bid):
    bid = make_bid()
    assert bid.state == BidState.DRAFT
