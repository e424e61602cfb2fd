"""Demo services, needs, assets and impact, chosen so the gap and overlap pages show real findings.

In each place: a high need met by one service or none (a gap), three open-to-all services sharing a
theme, area and community (an overlap), and a specialist service beside them that is rightly not
flagged. Called from seed_demo after the places' areas and organisations exist. Re-running changes
nothing: every row has an external id, and a row whose id exists is left as it is.
"""

from decimal import Decimal

from django.utils.text import slugify

from coordination.organisations.models import Community, Organisation
from coordination.places.models import Area
from coordination.places.tenancy import place_scope

from .. import services
from ..models import Asset, Need, Service, ServiceImpact, Theme

# (external id, organisation, name, themes, areas ("*" = whole place), communities, specialist,
#  postcode, latitude, longitude, weekly capacity, description)
SERVICES = {
    "sutton": [
        (
            "demo-sut-1",
            "St Helier Community Hub",
            "St Helier food pantry",
            ["food"],
            ["St Helier East", "St Helier West"],
            [],
            False,
            "SM5 1AA",
            51.3870,
            -0.1860,
            120,
            "A weekly low-cost food pantry with fresh fruit and vegetables.",
        ),
        (
            "demo-sut-2",
            "St Helier Community Hub",
            "Hub lunch club",
            ["loneliness", "food"],
            ["St Helier West"],
            [],
            False,
            "SM5 1AB",
            51.3880,
            -0.1875,
            40,
            "A hot lunch and company every Tuesday and Thursday.",
        ),
        (
            "demo-sut-3",
            "Wallington Friends of the Park",
            "Nature walks for all",
            ["loneliness", "physical-health"],
            ["St Helier West", "Wallington North"],
            [],
            False,
            "SM6 7BH",
            51.3720,
            -0.1480,
            25,
            "Gentle guided walks; everyone welcome.",
        ),
        (
            "demo-sut-4",
            "London Borough of Sutton",
            "Sutton befriending line",
            ["loneliness"],
            "*",
            [],
            False,
            "",
            None,
            None,
            200,
            "A friendly phone call each week from a trained volunteer.",
        ),
        (
            "demo-sut-5",
            "Rainbow Sutton CIC",
            "Rainbow social",
            ["loneliness", "mental-health"],
            "*",
            ["LGBTQ+ people"],
            True,
            "SM1 1DA",
            51.3618,
            -0.1945,
            30,
            "A monthly social and peer support for LGBTQ+ people, designed with them.",
        ),
        (
            "demo-sut-6",
            "Sutton Carers Network",
            "Carers' support line",
            ["mental-health", "advice-and-advocacy"],
            "*",
            ["Carers"],
            True,
            "SM1 1EA",
            51.3630,
            -0.1920,
            80,
            "Advice and a listening ear for unpaid carers.",
        ),
    ],
    "buckinghamshire": [
        (
            "demo-bck-1",
            "Chiltern Foodbank Network",
            "Aylesbury food bank",
            ["food"],
            ["Aylesbury"],
            [],
            False,
            "HP20 1UA",
            51.8160,
            -0.8120,
            150,
            "Emergency food parcels on referral.",
        ),
        (
            "demo-bck-2",
            "Marlow Mutual Aid",
            "Community fridge",
            ["food"],
            ["Aylesbury", "Marlow"],
            [],
            False,
            "HP20 2RR",
            51.8190,
            -0.8090,
            60,
            "Surplus food shared by neighbours, open to all.",
        ),
        (
            "demo-bck-3",
            "Two Counties Advice Trust",
            "Food and money drop-in",
            ["food", "money-and-debt"],
            ["Aylesbury"],
            [],
            False,
            "HP20 1HS",
            51.8150,
            -0.8100,
            50,
            "Food vouchers and benefits checks in one visit.",
        ),
        (
            "demo-bck-4",
            "Aylesbury Vale Befrienders",
            "Older people's lunch and befriending",
            ["food", "loneliness", "older-people"],
            ["Aylesbury", "Haddenham and Waddesdon"],
            ["Older people"],
            True,
            "HP19 9AX",
            51.8210,
            -0.8230,
            35,
            "Lunch with company for older people living alone, with a lift if needed.",
        ),
        (
            "demo-bck-5",
            "Wycombe Youth Action CIC",
            "Youth mentoring",
            ["young-people", "employment"],
            ["High Wycombe"],
            ["Young people"],
            True,
            "HP11 2JU",
            51.6290,
            -0.7480,
            20,
            "One-to-one mentoring and apprenticeship support.",
        ),
    ],
    "coventry": [
        (
            "demo-cov-1",
            "Coventry Refugee Welcome",
            "Housing casework",
            ["housing", "advice-and-advocacy"],
            ["Foleshill"],
            ["Refugees and asylum seekers"],
            True,
            "CV6 5AA",
            52.4260,
            -1.4920,
            25,
            "Casework for refugees facing homelessness.",
        ),
        (
            "demo-cov-2",
            "Foleshill Women's Centre",
            "Digital skills for women",
            ["digital-inclusion", "employment"],
            ["Foleshill", "Longford"],
            ["Ethnic minority communities"],
            True,
            "CV6 5GN",
            52.4270,
            -1.4950,
            30,
            "Small-group classes in using phones, email and online forms.",
        ),
        (
            "demo-cov-3",
            "Hillfields Neighbours Group",
            "Food share",
            ["food"],
            ["Foleshill", "St Michael's"],
            [],
            False,
            "CV1 5HF",
            52.4130,
            -1.5020,
            70,
            "A weekly food share at the community hall.",
        ),
    ],
}

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

# (service external id, year, quarter, people reached)
IMPACT = [
    ("demo-sut-1", 2025, 1, 380),
    ("demo-sut-1", 2025, 2, 410),
    ("demo-sut-2", 2025, 2, 52),
    ("demo-bck-1", 2025, 2, 600),
]


def _area(place, name):
    return Area.objects.for_place(place).filter(slug=slugify(name)).first()


def _themes(place, slugs):
    return [Theme.objects.for_place(place).get(slug=slug) for slug in slugs]


def _communities(names):
    return [
        Community.objects.get_or_create(slug=slugify(n), defaults={"name": n})[0] for n in names
    ]


def seed_mapping_demo(place):
    """Add this place's demo map; returns how many rows were created (0 when run again)."""
    created = 0
    with place_scope(place):
        existing = set(
            Service.objects.for_place(place)
            .exclude(external_id="")
            .values_list("external_id", flat=True)
        )
        for row in SERVICES.get(place.slug, []):
            (
                ext,
                org,
                name,
                themes,
                areas,
                communities,
                specialist,
                postcode,
                lat,
                lng,
                cap,
                text,
            ) = row
            if ext in existing:
                continue
            organisation = Organisation.objects.filter(name__startswith=org, places=place).first()
            if organisation is None:
                continue
            area_rows = [] if areas == "*" else [a for a in (_area(place, n) for n in areas) if a]
            services.service_create(
                place=place,
                actor=None,
                organisation=organisation,
                name=name,
                description=text,
                themes=_themes(place, themes),
                communities=_communities(communities),
                areas=area_rows,
                whole_place=areas == "*",
                is_specialist=specialist,
                postcode=postcode,
                latitude=None if lat is None else Decimal(str(lat)),
                longitude=None if lng is None else Decimal(str(lng)),
                weekly_capacity=cap,
                online=areas == "*",
                by_phone=areas == "*",
                external_id=ext,
            )
            created += 1
        existing = set(
            Need.objects.for_place(place)
            .exclude(external_id="")
            .values_list("external_id", flat=True)
        )
        for ext, area, theme, severity, value, unit, source, summary in NEEDS.get(place.slug, []):
            if ext in existing or _area(place, area) is None:
                continue
            services.need_create(
                place=place,
                actor=None,
                area=_area(place, area),
                theme=_themes(place, [theme])[0],
                summary=summary,
                severity=severity,
                indicator_value=value,
                indicator_unit=unit,
                indicator_source=source,
                external_id=ext,
            )
            created += 1
        existing = set(
            Asset.objects.for_place(place)
            .exclude(external_id="")
            .values_list("external_id", flat=True)
        )
        for ext, kind, name, area, availability, text, contact, consent in ASSETS.get(
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
                area=_area(place, area),
                availability=availability,
                description=text,
                contact_name=contact,
                contact_consent=consent,
                latitude=None if lat is None else Decimal(str(lat)),
                longitude=None if lng is None else Decimal(str(lng)),
                external_id=ext,
            )
            created += 1
        by_ext = {
            s.external_id: s
            for s in Service.objects.for_place(place).filter(external_id__startswith="demo-")
        }
        for ext, year, quarter, reached in IMPACT:
            service = by_ext.get(ext)
            if service is None:
                continue
            if (
                ServiceImpact.objects.for_place(place)
                .filter(service=service, year=year, quarter=quarter)
                .exists()
            ):
                continue
            services.impact_record(
                place=place,
                actor=None,
                service=service,
                year=year,
                quarter=quarter,
                people_reached=reached,
            )
            created += 1
    return created
