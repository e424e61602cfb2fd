"""What the statements hold about a person: the versions of the terms they accepted (kept on
closing, as the record that they did) and the statements they published or whose contacts they
set (kept: they are their place's, shown as by "Former member")."""

from coordination.personal_data.registry import model_data

ENTRIES = (
    model_data(
        "statements.acceptances",
        "statements.StatementAcceptance",
        ["user"],
        ("id", "place_id", "kind", "version", "accepted_at"),
    ),
    model_data(
        "statements.versions_published",
        "statements.StatementVersion",
        ["published_by"],
        ("id", "place_id", "kind", "version", "changes", "published_at"),
    ),
    model_data(
        "statements.contacts_set",
        "statements.StatementContacts",
        ["updated_by"],
        ("id", "place_id", "updated_at"),
    ),
)
