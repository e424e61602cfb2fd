"""What funding holds about a person. All of it is kept on closing, shown as by "Former member":
bids, grants, feedback and budget ballots are records funders, boards and auditors rely on."""

from django.apps import apps

from coordination.personal_data.registry import PersonalData, model_data, rows_of


def collect_ballots(user):
    """The person's own ballots with the projects they chose: their own choices are their data."""
    ballots = apps.get_model("funding", "BudgetBallot")._default_manager.filter(voter=user)
    choices = apps.get_model("funding", "BudgetChoice")._default_manager
    for row in rows_of(ballots, ("id", "place_id", "round_id", "lives_in_area", "cast_at")):
        row["projects"] = sorted(
            str(title)
            for title in choices.filter(ballot_id=row["id"]).values_list(
                "project__title", flat=True
            )
        )
        yield row


def _recorded(name, label, field, extra=()):
    return model_data(name, label, [field], ("id", "place_id", *extra))


ENTRIES = (
    model_data(
        "funding.bids",
        "funding.Bid",
        ["created_by"],
        (
            "id",
            "place_id",
            "programme_id",
            "applicant_id",
            "title",
            "summary",
            "amount_requested",
            "state",
            "submitted_at",
            "decided_at",
            "amount_awarded",
            "created_at",
        ),
    ),
    PersonalData(
        name="funding.budget_ballots",
        collect=collect_ballots,
        covers=("funding.BudgetBallot.voter",),
    ),
    _recorded(
        "funding.bid_attachments",
        "funding.BidAttachment",
        "uploaded_by",
        ("bid_id", "original_name", "uploaded_at"),
    ),
    _recorded(
        "funding.bid_documents_linked",
        "funding.BidDocument",
        "linked_by",
        ("bid_id", "kind", "document_id", "linked_at"),
    ),
    _recorded(
        "funding.bid_events",
        "funding.BidEvent",
        "actor",
        ("bid_id", "from_state", "to_state", "at"),
    ),
    model_data(
        "funding.programmes_made",
        "funding.Programme",
        ["created_by"],
        ("id", "funder_id", "title", "created_at"),
    ),
    _recorded("funding.board_funds_made", "funding.BoardFund", "created_by", ("year",)),
    _recorded(
        "funding.payments_recorded",
        "funding.FundPayment",
        "recorded_by",
        ("application_id", "amount", "paid_on"),
    ),
    model_data(
        "funding.grant_reports",
        "funding.GrantReport",
        ["submitted_by"],
        ("id", "place_id", "application_id", "what_happened", "people_reached", "submitted_at"),
    ),
    _recorded(
        "funding.cofund_offers",
        "funding.CoFundOffer",
        "offered_by",
        ("bid_id", "amount", "created_at"),
    ),
    _recorded(
        "funding.duplicate_check_consents",
        "funding.DuplicateCheckConsent",
        "given_by",
        ("funder_id", "given_at"),
    ),
    _recorded(
        "funding.feedback_written", "funding.Feedback", "written_by", ("bid_id", "released_at")
    ),
    model_data(
        "funding.grant_variations",
        "funding.GrantVariation",
        ["requested_by", "decided_by"],
        (
            "id",
            "place_id",
            "grant_id",
            "kind",
            "reason",
            "state",
            "requested_at",
            "decided_at",
            "decision_reason",
        ),
    ),
    model_data(
        "funding.budget_rounds",
        "funding.BudgetRound",
        ["created_by", "results_published_by"],
        ("id", "place_id", "title", "created_at"),
    ),
)
