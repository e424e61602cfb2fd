"""The demo community assets: the St Helier estate's places, groups, people and shops, on its
asset map."""

from .. import services
from ..models import Asset
from ._common import area, coordinate, seeded

# (external id, kind, name, area, availability, description, contact name, consent). The St Helier
# pilot works at the scale of the estate, so its assets are the St Helier neighbourhood's.
ASSETS = {
    "sutton": [
        (
            "demo-sut-a1",
            "physical",
            "St Helier Open Space",
            "St Helier",
            "Open daily",
            "A large green with a playground, used for summer fun days.",
            "",
            False,
        ),
        (
            "demo-sut-a2",
            "association",
            "Rose Hill Tenants' Association",
            "St Helier",
            "Meets first Monday of the month",
            "Residents organising on repairs and estate improvements.",
            "Pat Green",
            True,
        ),
        (
            "demo-sut-a3",
            "people",
            "Retired electrician happy to teach",
            "St Helier",
            "Weekday mornings",
            "A resident offering basic electrical repairs and skills sessions.",
            "Resident (via the hub)",
            False,
        ),
        (
            "demo-sut-a4",
            "institution",
            "St Helier Library",
            "St Helier",
            "Tuesday to Saturday",
            "Free computers, a meeting room and a homework club.",
            "",
            False,
        ),
        (
            "demo-sut-a5",
            "cultural",
            "St Helier Estate history group",
            "St Helier",
            "Fortnightly",
            "Collecting memories of the estate's first residents.",
            "",
            False,
        ),
        (
            "demo-sut-a6",
            "economic",
            "Rose Hill parade shops",
            "St Helier",
            "Shop hours",
            "Independent shops that sponsor the summer fun day.",
            "",
            False,
        ),
    ],
}

# Where the demo assets are, for the St Helier asset map.
ASSET_LOCATIONS = {
    "demo-sut-a1": (51.3895, -0.1893),
    "demo-sut-a2": (51.3862, -0.1838),
    "demo-sut-a3": (51.3857, -0.1852),
    "demo-sut-a4": (51.3871, -0.1878),
    "demo-sut-a5": (51.3880, -0.1866),
    "demo-sut-a6": (51.3848, -0.1829),
}


def seed_assets(place):
    """Add the place's demo assets; returns how many were created."""
    created = 0
    existing = seeded(Asset, place)
    for ext, kind, name, area_name, availability, text, contact, consent in ASSETS.get(
        place.slug, []
    ):
        if ext in existing:
            continue
        lat, lng = ASSET_LOCATIONS.get(ext, (None, None))
        services.asset_create(
            place=place,
            actor=None,
            kind=kind,
            name=name,
            area=area(place, area_name),
            availability=availability,
            description=text,
            contact_name=contact,
            contact_consent=consent,
            latitude=coordinate(lat),
            longitude=coordinate(lng),
            external_id=ext,
        )
        created += 1
    return created
