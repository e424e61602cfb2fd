"""What the organisations part holds about a person: the kept documents they added. Kept on
closing, shown as by "Former member": the organisation and the bids sent with them rely on them."""

from coordination.personal_data.registry import model_data

ENTRIES = (
    model_data(
        "organisations.documents_added",
        "organisations.OrganisationDocument",
        ["uploaded_by"],
        ("id", "organisation_id", "kind", "title", "uploaded_at"),
    ),
)
