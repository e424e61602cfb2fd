"""The demo evidence of need: high needs where the directory has little or nothing (the gaps)."""

from .. import services
from ..models import Need
from ._common import area, seeded, themes

# (external id, area, theme, severity, indicator value, unit, source, summary)
NEEDS = {
    "sutton": [
        (
            "demo-sut-n1",
            "St Helier East",
            "money-and-debt",
            3,
            38.0,
            "% of children in low-income families",
            "DWP Children in low income families 2024",
            "Child poverty on the estate is twice the borough rate.",
        ),
        (
            "demo-sut-n2",
            "St Helier West",
            "mental-health",
            3,
            None,
            "",
            "",
            "GP practices report long waits for talking therapies.",
        ),
        (
            "demo-sut-n3",
            "St Helier East",
            "food",
            3,
            410,
            "food parcels a quarter",
            "St Helier Community Hub records",
            "Food pantry demand rose by a third this year.",
        ),
        (
            "demo-sut-n4",
            "St Helier West",
            "loneliness",
            2,
            None,
            "",
            "",
            "Residents' survey: many older residents rarely speak to anyone.",
        ),
    ],
    "buckinghamshire": [
        (
            "demo-bck-n1",
            "High Wycombe",
            "money-and-debt",
            3,
            27.0,
            "% of households in fuel poverty",
            "DESNZ sub-regional fuel poverty 2024",
            "Debt advice waiting lists of six weeks.",
        ),
        (
            "demo-bck-n2",
            "Aylesbury",
            "food",
            2,
            None,
            "",
            "",
            "Steady demand for emergency food.",
        ),
    ],
    "coventry": [
        (
            "demo-cov-n1",
            "Foleshill",
            "housing",
            3,
            None,
            "",
            "",
            "Overcrowding and disrepair reported by three charities.",
        ),
        (
            "demo-cov-n2",
            "Foleshill",
            "digital-inclusion",
            3,
            None,
            "",
            "",
            "Many residents cannot use online services for benefits and health.",
        ),
    ],
}


def seed_needs(place):
    """Add the place's demo needs (where its area exists); returns how many were created."""
    created = 0
    existing = seeded(Need, place)
    for ext, area_name, theme, severity, value, unit, source, summary in NEEDS.get(place.slug, []):
        if ext in existing or area(place, area_name) is None:
            continue
        services.need_create(
            place=place,
            actor=None,
            area=area(place, area_name),
            theme=themes(place, [theme])[0],
            summary=summary,
            severity=severity,
            indicator_value=value,
            indicator_unit=unit,
            indicator_source=source,
            external_id=ext,
        )
        created += 1
    return created
