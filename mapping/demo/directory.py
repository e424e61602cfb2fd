"""The demo directory: each place's services, chosen so that the gap and overlap pages find
something, and the people some of them reached in a quarter."""

from django.utils.text import slugify

from coordination.organisations.models import Community, Organisation

from .. import opening_hours, services
from ..models import Service, ServiceImpact
from ._common import area, coordinate, seeded, themes

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

# (service external id, year, quarter, people reached)
IMPACT = [
    ("demo-sut-1", 2025, 1, 380),
    ("demo-sut-1", 2025, 2, 410),
    ("demo-sut-2", 2025, 2, 52),
    ("demo-bck-1", 2025, 2, 600),
]


# Opening hours by external id, as the service form and the import write them.
OPENING_HOURS = {
    "demo-sut-1": "Wed 10:00-13:00\nSat 09:30-12:00",
    "demo-sut-2": "Tue 12:00-14:00\nThu 12:00-14:00",
    "demo-sut-3": "Sun 10:00-11:30",
    "demo-sut-4": "Mon-Fri 09:00-17:00",
    "demo-sut-5": "Fri 18:30-21:00",
    "demo-sut-6": "Mon-Fri 10:00-16:00\nWed 18:00-20:00 carers who work in the day",
    "demo-bck-1": "Mon 10:00-13:00\nThu 17:00-19:00 term time only",
    "demo-bck-2": "Mon-Sat 09:00-18:00",
    "demo-bck-3": "Tue 10:00-12:30",
    "demo-bck-4": "Wed 11:30-14:30",
    "demo-bck-5": "Tue 16:00-18:00 term time only\nThu 16:00-18:00 term time only",
    "demo-cov-1": "Mon-Thu 09:30-16:30\nFri 09:30-12:30",
    "demo-cov-2": "Mon 10:00-12:00\nWed 18:00-20:00",
    "demo-cov-3": "Sat 11:00-13:00",
}


def _hours(external_id):
    openings, _problems = opening_hours.parse(OPENING_HOURS.get(external_id, ""))
    return openings


def _communities(names):
    return [
        Community.objects.get_or_create(slug=slugify(n), defaults={"name": n})[0] for n in names
    ]


def seed_services(place):
    """Add the place's demo services; returns how many were created."""
    created = 0
    existing = seeded(Service, place)
    for row in SERVICES.get(place.slug, []):
        (
            ext,
            org,
            name,
            theme_slugs,
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
        area_rows = [] if areas == "*" else [a for a in (area(place, n) for n in areas) if a]
        services.service_create(
            place=place,
            actor=None,
            organisation=organisation,
            name=name,
            description=text,
            themes=themes(place, theme_slugs),
            communities=_communities(communities),
            areas=area_rows,
            whole_place=areas == "*",
            is_specialist=specialist,
            postcode=postcode,
            latitude=coordinate(lat),
            longitude=coordinate(lng),
            weekly_capacity=cap,
            online=areas == "*",
            by_phone=areas == "*",
            external_id=ext,
            schedules=_hours(ext),
        )
        created += 1
    return created


def seed_impact(place):
    """Record the demo services' reach, once a quarter each; returns how many were recorded."""
    created = 0
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
