"""Demo data for the three first places: areas, organisations of every kind and people in every role.

Names of organisations (other than the councils) are invented; identifiers use numbers from a range
no real charity or company is known to hold in these places.
"""

BUCKINGHAMSHIRE_COMMUNITY_BOARDS = [
    "Amersham",
    "Aylesbury",
    "Beaconsfield",
    "Beeches",
    "Buckingham and Villages",
    "Chesham and Villages",
    "Denham, Gerrards Cross and the Chalfonts",
    "Haddenham and Waddesdon",
    "High Wycombe",
    "Marlow",
    "Princes Risborough",
    "Wendover and Villages",
    "Wing and Ivinghoe",
    "Winslow and Villages",
    "Wycombe Rural",
    "Aylesbury Villages",
]

COVENTRY_WARDS = [
    "Bablake",
    "Binley and Willenhall",
    "Cheylesmore",
    "Earlsdon",
    "Foleshill",
    "Henley",
    "Holbrook",
    "Longford",
    "Lower Stoke",
    "Radford",
    "St Michael's",
    "Sherbourne",
    "Upper Stoke",
    "Wainbody",
    "Westwood",
    "Whoberley",
    "Woodlands",
    "Wyken",
]

SUTTON_WARDS = [
    "Beddington",
    "Belmont",
    "Carshalton Central",
    "Carshalton South and Clockhouse",
    "Cheam",
    "Hackbridge",
    "North Cheam",
    "Nonsuch",
    "St Helier East",
    "St Helier West",
    "Stonecot",
    "Sutton Central",
    "Sutton North",
    "Sutton South",
    "Sutton West and East Cheam",
    "The Wrythe",
    "Wallington North",
    "Wallington South",
    "Worcester Park North",
    "Worcester Park South",
]

AREAS = {
    "buckinghamshire": [
        (name, "community_board_area") for name in BUCKINGHAMSHIRE_COMMUNITY_BOARDS
    ],
    "coventry": [(name, "ward") for name in COVENTRY_WARDS],
    "sutton": [(name, "ward") for name in SUTTON_WARDS] + [("St Helier", "neighbourhood")],
}

COMMUNITIES = [
    "Older people",
    "Young people",
    "Disabled people",
    "Ethnic minority communities",
    "Refugees and asylum seekers",
    "LGBTQ+ people",
    "Carers",
    "People on low incomes",
]

# (name, kind, org_id, income band, communities, description)
ORGANISATIONS = {
    "buckinghamshire": [
        (
            "Buckinghamshire Council",
            "council",
            "GB-LAE-BKM",
            "over_10m",
            [],
            "The unitary council for Buckinghamshire; runs the Recovery Board and 16 community boards.",
        ),
        (
            "Chiltern Foodbank Network",
            "registered_charity",
            "GB-CHC-1190101",
            "100k_1m",
            ["People on low incomes"],
            "Food parcels, a money advice drop-in and holiday meals across the Chilterns.",
        ),
        (
            "Aylesbury Vale Befrienders",
            "cio",
            "GB-CHC-1190102",
            "10k_100k",
            ["Older people"],
            "Volunteer befriending by phone and in person for older people living alone.",
        ),
        (
            "Wycombe Youth Action CIC",
            "cic",
            "GB-COH-19010301",
            "10k_100k",
            ["Young people"],
            "Youth clubs, mentoring and apprenticeship support in High Wycombe.",
        ),
        (
            "Marlow Mutual Aid",
            "community_group",
            "",
            "under_10k",
            [],
            "Neighbours helping neighbours: shopping, prescriptions and lifts.",
        ),
        (
            "Buckinghamshire Healthcare Partnership",
            "health",
            "GB-NHS-RXQ",
            "over_10m",
            [],
            "Hospital and community health services; the health partner on the Recovery Board.",
        ),
        (
            "Chiltern Business Forum",
            "business",
            "GB-COH-19010302",
            "100k_1m",
            [],
            "Local employers offering volunteering, premises and skills to charities.",
        ),
        (
            "Bucks Community Trust",
            "funder",
            "GB-CHC-1190103",
            "1m_10m",
            [],
            "The county's community foundation: core grants and emergency funds for local groups.",
        ),
    ],
    "coventry": [
        (
            "Coventry City Council",
            "council",
            "GB-LAE-COV",
            "over_10m",
            [],
            "The city council, working with the Communities Pillar of charity leaders.",
        ),
        (
            "Foleshill Women's Centre",
            "registered_charity",
            "GB-CHC-1190201",
            "100k_1m",
            ["Ethnic minority communities"],
            "Advice, English classes and wellbeing support for women from minority communities.",
        ),
        (
            "Coventry Refugee Welcome",
            "cio",
            "GB-CHC-1190202",
            "100k_1m",
            ["Refugees and asylum seekers"],
            "Casework, housing help and a weekly welcome cafe for refugees and people seeking asylum.",
        ),
        (
            "Earlsdon Repair Cafe CIC",
            "cic",
            "GB-COH-19020301",
            "under_10k",
            [],
            "Monthly repair cafe and tool library.",
        ),
        (
            "Hillfields Neighbours Group",
            "community_group",
            "",
            "under_10k",
            [],
            "Residents' group organising clean-ups, a food share and a summer fun day.",
        ),
        (
            "Coventry and Warwickshire Health Partners",
            "health",
            "GB-NHS-RKB",
            "over_10m",
            [],
            "Hospital trust and health partners working on health inequalities.",
        ),
        (
            "Coventry Chamber Partners",
            "business",
            "GB-COH-19020302",
            "1m_10m",
            [],
            "Businesses pledging employee volunteering and pro bono support.",
        ),
        (
            "Heart of Coventry Fund",
            "funder",
            "GB-CHC-1190203",
            "1m_10m",
            [],
            "A local grant-maker giving multi-year core funding to small charities.",
        ),
    ],
    "sutton": [
        (
            "London Borough of Sutton",
            "council",
            "GB-LAE-STN",
            "over_10m",
            [],
            "The borough council, running the St Helier place-working pilot with local partners.",
        ),
        (
            "Sutton Carers Network",
            "registered_charity",
            "GB-CHC-1190301",
            "100k_1m",
            ["Carers"],
            "Support, breaks and advice for unpaid carers of all ages.",
        ),
        (
            "St Helier Community Hub",
            "cio",
            "GB-CHC-1190302",
            "10k_100k",
            [],
            "A community centre on the St Helier estate: food pantry, youth nights and a job club.",
        ),
        (
            "Rainbow Sutton CIC",
            "cic",
            "GB-COH-19030301",
            "under_10k",
            ["LGBTQ+ people"],
            "Peer support and social groups for LGBTQ+ people in Sutton.",
        ),
        (
            "Wallington Friends of the Park",
            "community_group",
            "",
            "under_10k",
            [],
            "Volunteers who look after Beddington Park and run nature walks.",
        ),
        (
            "Sutton Health and Care",
            "health",
            "GB-NHS-RAX",
            "over_10m",
            [],
            "Local NHS and care partnership.",
        ),
        (
            "Sutton High Street Partnership",
            "business",
            "GB-COH-19030302",
            "100k_1m",
            [],
            "The town centre business improvement district.",
        ),
        (
            "Sutton Community Grants",
            "funder",
            "GB-CHC-1190303",
            "1m_10m",
            [],
            "Small grants and core funding for Sutton's voluntary and community groups.",
        ),
    ],
}

# A national funder that works in all three places.
NATIONAL_FUNDER = (
    "National Communities Fund",
    "funder",
    "GB-CHC-1190001",
    "over_10m",
    [],
    "A national grant-maker with programmes in many places.",
)

# (role, local part, name, organisation kind or None)
PEOPLE = [
    ("place_admin", "admin", "Place Coordinator", None),
    ("council_officer", "officer", "Council Officer", "council"),
    ("funder", "funder", "Funder Officer", "funder"),
    ("charity_leader", "leader", "Charity Leader", "registered_charity"),
    ("partner", "partner", "Health Partner", "health"),
    ("partner", "business", "Business Partner", "business"),
    ("resident", "resident", "Local Resident", None),
]

# Someone who leads a charity working in two places, for switching between them.
TWO_PLACE_LEADER = {
    "email": "sam.okafor@demo.inplace.example",
    "name": "Sam Okafor",
    "organisation": (
        "Two Counties Advice Trust",
        "registered_charity",
        "GB-CHC-1190002",
        "1m_10m",
        [],
        "Debt and benefits advice in Buckinghamshire and Coventry.",
    ),
    "places": ["buckinghamshire", "coventry"],
}

# Published on purpose: demo data only.
DEMO_PASSWORD = "inplace-demo-2026"  # noqa: S105 # nosec B105

# Registered office postcodes. Sutton Carers Network's office is in Croydon (outside Sutton), and
# the national funder's in London: neither counts as registered in the place.
REGISTERED_POSTCODES = {
    "Buckinghamshire Council": "HP19 8FF",
    "Chiltern Foodbank Network": "HP5 1EG",
    "Aylesbury Vale Befrienders": "HP20 1UA",
    "Wycombe Youth Action CIC": "HP11 2BW",
    "Marlow Mutual Aid": "SL7 1AG",
    "Buckinghamshire Healthcare Partnership": "HP21 8AL",
    "Chiltern Business Forum": "HP6 5AH",
    "Bucks Community Trust": "HP17 8FP",
    "Coventry City Council": "CV1 5RR",
    "Foleshill Women's Centre": "CV6 5LN",
    "Coventry Refugee Welcome": "CV1 4FS",
    "Earlsdon Repair Cafe CIC": "CV5 6EQ",
    "Hillfields Neighbours Group": "CV1 5GR",
    "Coventry and Warwickshire Health Partners": "CV2 2DX",
    "Coventry Chamber Partners": "CV1 2DL",
    "Heart of Coventry Fund": "CV1 1GF",
    "London Borough of Sutton": "SM1 1EA",
    "Sutton Carers Network": "CR0 2AB",
    "St Helier Community Hub": "SM5 1LA",
    "Rainbow Sutton CIC": "SM1 1DA",
    "Wallington Friends of the Park": "SM6 0PS",
    "Sutton Health and Care": "SM5 1AA",
    "Sutton High Street Partnership": "SM1 1LE",
    "Sutton Community Grants": "SM1 1EB",
    "National Communities Fund": "EC1A 1BB",
    "Two Counties Advice Trust": "HP20 2AB",
}
