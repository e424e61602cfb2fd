"""The API's read answers for services, from value rows (coordination.api.rows): what
ServiceSerializer gives for the same rows, built without it."""

from coordination.api.rows import current_zone, day, decimal_text, instant, text

SERVICE_ROWS = (
    "id",
    "uuid",
    "organisation_id",
    "name",
    "description",
    "themes_slugs",
    "communities_slugs",
    "is_specialist",
    "whole_place",
    "areas_slugs",
    "in_person",
    "online",
    "by_phone",
    "address",
    "postcode",
    "latitude",
    "longitude",
    "weekly_capacity",
    "eligibility",
    "contact_name",
    "contact_email",
    "contact_phone",
    "website",
    "status",
    "last_verified",
    "external_id",
    "created_at",
    "updated_at",
)


DAY_NAMES = {1: "monday", 2: "tuesday", 3: "wednesday", 4: "thursday", 5: "friday"}
DAY_NAMES.update({6: "saturday", 7: "sunday"})


def schedule_answers(schedules):
    return [
        {
            "day": DAY_NAMES[s.weekday],
            "opens_at": s.opens_at.isoformat(),
            "closes_at": s.closes_at.isoformat(),
            "valid_from": day(s.valid_from),
            "valid_to": day(s.valid_to),
            "description": text(s.description),
        }
        for s in schedules
    ]


def service_answers(rows, address, schedules):
    """``address``: id -> the service's API address; ``schedules``: id -> its openings."""
    zone = current_zone()
    return [
        {
            "id": row["id"],
            "uuid": str(row["uuid"]),
            "organisation": row["organisation_id"],
            "name": text(row["name"]),
            "description": text(row["description"]),
            "themes": row["themes_slugs"],
            "communities": row["communities_slugs"],
            "is_specialist": row["is_specialist"],
            "whole_place": row["whole_place"],
            "areas": row["areas_slugs"],
            "schedules": schedule_answers(schedules.get(row["id"], ())),
            "in_person": row["in_person"],
            "online": row["online"],
            "by_phone": row["by_phone"],
            "address": text(row["address"]),
            "postcode": text(row["postcode"]),
            "latitude": decimal_text(row["latitude"], 5, 8),
            "longitude": decimal_text(row["longitude"], 5, 8),
            "weekly_capacity": row["weekly_capacity"],
            "eligibility": text(row["eligibility"]),
            "contact_name": text(row["contact_name"]),
            "contact_email": text(row["contact_email"]),
            "contact_phone": text(row["contact_phone"]),
            "website": text(row["website"]),
            "status": text(row["status"]),
            "last_verified": day(row["last_verified"]),
            "external_id": text(row["external_id"]),
            "created_at": instant(row["created_at"], zone),
            "updated_at": instant(row["updated_at"], zone),
            "url": address(row["id"]),
        }
        for row in rows
    ]
