"""Demo notes of what worked: one published note in each first place, with figures, and Coventry
trying Sutton's. Safe to re-run: a note that exists (by its slug) is left as it is."""

from decimal import Decimal

from coordination.accounts.models import User
from coordination.places.tenancy import place_scope
from coordination.vocabularies.models import Theme

from . import services
from .models import FigureUnit, PracticeFollow, PracticeNote

NOTES = {
    "buckinghamshire": {
        "title": "Community boards answering every idea within eight weeks",
        "theme": None,
        "summary": (
            "Each of our 16 community boards promised residents an answer to every idea within "
            "eight weeks. Most ideas now get one, and more residents come back with a second idea."
        ),
        "what_we_did": (
            "Every idea a resident puts to a community board goes on the next board meeting's "
            "agenda. The board's chair answers it in plain words: taken forward, taken forward "
            "with changes, or not taken forward, with the reason.\n\nA council officer checks "
            "the list of open ideas every fortnight and reminds the board of any older than six "
            "weeks."
        ),
        "what_changed": (
            "Residents know what happened to their idea. Ideas stopped going quiet, and the "
            "boards heard from people who had not taken part before."
        ),
        "do_differently": (
            "Agree the eight weeks with each board's chair before announcing it, and give boards "
            "that meet every two months a way to answer between meetings."
        ),
        "contact": "Community boards team, Buckinghamshire Council",
        "figures": [
            (
                "Ideas answered within eight weeks",
                "87",
                FigureUnit.PERCENT,
                "April to September 2026",
            ),
            ("Ideas put forward by residents", "214", FigureUnit.COUNT, "April to September 2026"),
            (
                "Residents who put forward a second idea",
                "38",
                FigureUnit.COUNT,
                "April to September 2026",
            ),
        ],
    },
    "coventry": {
        "title": "A communities pillar that brings the sector's voice to the city's plans",
        "theme": "older-people",
        "summary": (
            "Neighbourhood groups and networks meet as one Communities Pillar and send two "
            "residents to each of the city's partnership boards."
        ),
        "what_we_did": (
            "We brought neighbourhood groups and networks of interest, such as the Older "
            "people's network, together as the Communities Pillar. Each group chooses residents "
            "for the pillar's seats, and the pillar sends two of them to each partnership board."
        ),
        "what_changed": (
            "The city's plans now say what residents asked for and what was done about it. "
            "Smaller groups have a route to the boards that used to hear only from large "
            "charities."
        ),
        "do_differently": (
            "Pay residents' travel and care costs from the start, and brief them before each "
            "board meeting rather than after."
        ),
        "contact": "Communities Pillar coordinator, Coventry City Council",
        "figures": [
            ("Groups taking part in the pillar", "42", FigureUnit.COUNT, "2025 to 2026"),
            ("Resident seats filled on partnership boards", "12", FigureUnit.COUNT, "2025 to 2026"),
        ],
    },
    "sutton": {
        "title": "Asset-based working on the St Helier estate",
        "theme": "loneliness",
        "summary": (
            "Residents of St Helier mapped what the estate already has, and a small fund backs "
            "what they build from it."
        ),
        "what_we_did": (
            "Community connectors knocked on doors and asked residents what they are good at and "
            "what the estate already has: halls, green spaces, skills. Residents' own ideas that "
            "build on those assets can bid to a small fund the residents' group decides."
        ),
        "what_changed": (
            "More residents run activities themselves, and fewer say they feel alone. Services "
            "now start from what the estate has rather than from what it lacks."
        ),
        "do_differently": (
            "Start the asset map with the residents' group, not the council, and keep it open "
            "for everyone to add to."
        ),
        "contact": "St Helier pilot, London Borough of Sutton",
        "figures": [
            ("Assets residents mapped", "63", FigureUnit.COUNT, "January to June 2026"),
            ("Resident-led activities funded", "9", FigureUnit.COUNT, "January to June 2026"),
            ("Given from the residents' fund", "8500", FigureUnit.POUNDS, "January to June 2026"),
        ],
    },
}

FOLLOW = ("coventry", "sutton", "Foleshill neighbourhood group is mapping its own assets first.")


def _officer(place):
    return User.objects.filter(email=f"officer@{place.slug}.demo.inplace.example").first()


def _theme(place, slug):
    if slug is None:
        return None
    return Theme.objects.for_place(place).filter(slug=slug).first()


def seed_practice_demo(places):
    """Seed the notes of the places given (by slug); returns how many records were made."""
    places = {p.slug: p for p in places}
    created = 0
    notes = {}
    for slug, spec in NOTES.items():
        place = places.get(slug)
        if place is None:
            continue
        with place_scope(place):
            note = PracticeNote.objects.for_place(place).filter(title=spec["title"]).first()
            if note is None:
                actor = _officer(place)
                note = services.note_create(
                    place=place,
                    actor=actor,
                    title=spec["title"],
                    summary=spec["summary"],
                    what_we_did=spec["what_we_did"],
                    what_changed=spec["what_changed"],
                    do_differently=spec["do_differently"],
                    contact=spec["contact"],
                    theme=_theme(place, spec["theme"]),
                    figures=[
                        {"label": label, "value": Decimal(value), "unit": unit, "period": period}
                        for label, value, unit, period in spec["figures"]
                    ],
                )
                note = services.note_publish(place=place, actor=actor, note=note)
                created += 1 + len(spec["figures"])
            notes[slug] = note
    follower_slug, note_slug, how = FOLLOW
    follower_place = places.get(follower_slug)
    note = notes.get(note_slug)
    follower = _officer(follower_place) if follower_place else None
    if note is not None and follower is not None:
        with place_scope(follower_place):
            exists = (
                PracticeFollow.objects.for_place(follower_place)
                .filter(note=note, user=follower)
                .exists()
            )
        if not exists:
            services.follow(place=follower_place, actor=follower, note=note, how=how)
            created += 1
    return created
