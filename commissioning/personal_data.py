"""What commissioning holds about a person. All of it is kept on closing, shown as by "Former
member": tenders, submissions, scores, awards and co-design comments are procurement records."""

from coordination.personal_data.registry import model_data


def _recorded(name, label, fields, extra=()):
    return model_data(name, label, fields, ("id", "place_id", *extra))


ENTRIES = (
    _recorded(
        "commissioning.tenders_made",
        "commissioning.Tender",
        ["created_by"],
        ("title", "created_at"),
    ),
    _recorded(
        "commissioning.stage_changes",
        "commissioning.TenderStageChange",
        ["changed_by"],
        ("tender_id", "from_stage", "to_stage", "changed_at"),
    ),
    _recorded(
        "commissioning.amendments_published",
        "commissioning.TenderAmendment",
        ["published_by"],
        ("tender_id", "number", "published_at"),
    ),
    _recorded(
        "commissioning.submissions",
        "commissioning.Submission",
        ["submitted_by"],
        ("tender_id", "lead_id", "summary", "price", "submitted_at", "status"),
    ),
    _recorded(
        "commissioning.scores",
        "commissioning.Score",
        ["scored_by"],
        ("submission_id", "criterion_id", "score", "comment", "scored_at"),
    ),
    _recorded(
        "commissioning.awards", "commissioning.Award", ["decided_by"], ("tender_id", "decided_at")
    ),
    _recorded(
        "commissioning.section_versions",
        "commissioning.SectionVersion",
        ["created_by"],
        ("section_id", "number", "change_note", "created_at"),
    ),
    _recorded(
        "commissioning.co_design_joined",
        "commissioning.CoDesignMember",
        ["joined_by"],
        ("tender_id", "organisation_id", "joined_at"),
    ),
    model_data(
        "commissioning.comments",
        "commissioning.Comment",
        ["author"],
        ("id", "place_id", "version_id", "organisation_id", "body", "created_at", "response"),
    ),
    _recorded(
        "commissioning.comment_responses",
        "commissioning.Comment",
        ["responded_by"],
        ("version_id", "response", "response_text", "responded_at"),
    ),
    model_data(
        "commissioning.clarifications",
        "commissioning.Clarification",
        ["asked_by", "answered_by"],
        ("id", "place_id", "tender_id", "question", "asked_at", "answer", "answered_at"),
    ),
    _recorded(
        "commissioning.interests",
        "commissioning.Interest",
        ["registered_by"],
        ("tender_id", "organisation_id", "created_at"),
    ),
    _recorded(
        "commissioning.invitations_sent",
        "commissioning.TenderInvitation",
        ["invited_by"],
        ("tender_id", "organisation_id", "sent_at"),
    ),
)
