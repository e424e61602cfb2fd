"""``build_mapping``, place A's mapping objects for the isolation walk.

Kept cheap, as every isolation test builds it: services in one bulk create (the import path),
and n of each object that a route takes by id (services, needs with evidence, assets, imports),
and an area outline.
"""

from datetime import time

from django.core.files.base import ContentFile

from coordination.places.models import Area
from coordination.vocabularies.models import Theme
from mapping import services


def build_mapping(place, actor, n):
    areas = list(Area.objects.for_place(place).order_by("pk"))
    organisations = list(place.organisations.order_by("pk"))
    local_theme = services.theme_add(place=place, actor=actor, name="Quokka welfare")
    food = Theme.objects.get(slug="food", place__isnull=True)
    services.community_add(place=place, actor=actor, name="Quokka keepers")
    created, _refused = services.service_create_many(
        place=place,
        actor=actor,
        items=[
            (
                i,
                {
                    "organisation": organisations[i % len(organisations)],
                    "name": f"Quokka pantry {i}",
                    "themes": [food, local_theme],
                    "areas": areas[i % len(areas) :][:2],
                    "contact_email": f"pantry{i}@quokka-only.example",
                    "external_id": f"quokka-service-{i}",
                    "schedules": [
                        {
                            "weekday": 1 + i % 7,
                            "opens_at": time(9),
                            "closes_at": time(17),
                            "description": "Quokka feeding time",
                        },
                        {"weekday": 6, "opens_at": time(10), "closes_at": time(12)},
                    ],
                },
            )
            for i in range(n)
        ],
    )
    services.impact_record(
        place=place, actor=actor, service=created[0], year=2025, quarter=1, people_reached=7
    )
    for i in range(n):
        services.need_create(
            place=place,
            actor=actor,
            area=areas[i % len(areas)],
            theme=local_theme,
            summary=f"Quokka hunger {i}",
            severity=3,
            external_id=f"quokka-need-{i}",
            evidence_file=ContentFile(b"Quokka evidence", name=f"quokka-{i}.txt"),
        )
        services.asset_create(
            place=place,
            actor=actor,
            kind="physical",
            name=f"Quokka hall {i}",
            area=areas[i % len(areas)],
            contact_email=f"hall{i}@quokka-only.example",
            contact_consent=True,
            external_id=f"quokka-asset-{i}",
        )
        services.import_check(
            place=place, actor=actor, kind="assets", filename=f"quokka-{i}.csv", rows=[]
        )
    # An area with an outline (its outline pages answer) and others without.
    services.outline_set(
        place=place,
        actor=actor,
        area=areas[0],
        geojson={
            "type": "Polygon",
            "coordinates": [[[-0.19, 51.36], [-0.18, 51.36], [-0.18, 51.37], [-0.19, 51.36]]],
        },
    )
