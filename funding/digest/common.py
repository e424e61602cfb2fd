"""What funding's reminders and digest sections share: how a day is written, and which
organisations a programme matches (their services' themes on the map, their areas here)."""

from coordination.organisations.models import Organisation
from mapping.selectors import services_in_place

MAX_ITEMS = 15


def day_text(value):
    return value.strftime("%-d %B %Y")


def organisation_themes(place):
    """{organisation id: set of theme ids} from the organisations' services on this place's map."""
    themes = {}
    rows = services_in_place(place).values_list("organisation_id", "themes")
    for organisation_id, theme_id in rows:
        if theme_id is not None:
            themes.setdefault(organisation_id, set()).add(theme_id)
    return themes


def organisations_with_areas_here(place):
    return set(
        Organisation.areas.through.objects.filter(area__place=place).values_list(
            "organisation_id", flat=True
        )
    )


def matches(programme_theme_ids, organisation_id, themes_of, local):
    """An organisation matches a programme when it works in an area here and, if the programme
    names themes, one of its services here shares one."""
    if organisation_id not in local:
        return False
    return not programme_theme_ids or bool(
        programme_theme_ids & themes_of.get(organisation_id, set())
    )
