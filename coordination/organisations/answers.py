"""The API's read answers for organisations, from value rows (coordination.api.rows): what
OrganisationSerializer gives for the same rows, built without it."""

from coordination.api.rows import current_zone, instant, text

ORGANISATION_ROWS = (
    "id",
    "name",
    "kind",
    "org_id",
    "income_band",
    "staff_count",
    "registered_postcode",
    "description",
    "website",
    "email",
    "areas_slugs",
    "communities_slugs",
    "created_at",
    "updated_at",
)


def organisation_answers(rows, address):
    """``address``: id -> the organisation's API address."""
    zone = current_zone()
    return [
        {
            "id": row["id"],
            "name": text(row["name"]),
            "kind": text(row["kind"]),
            "org_id": text(row["org_id"]),
            "income_band": text(row["income_band"]),
            "staff_count": row["staff_count"],
            "registered_postcode": text(row["registered_postcode"]),
            "description": text(row["description"]),
            "website": text(row["website"]),
            "email": text(row["email"]),
            "areas": row["areas_slugs"],
            "communities": row["communities_slugs"],
            "created_at": instant(row["created_at"], zone),
            "updated_at": instant(row["updated_at"], zone),
            "url": address(row["id"]),
        }
        for row in rows
    ]
