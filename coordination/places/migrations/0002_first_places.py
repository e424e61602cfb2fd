"""The first three places exist after migrate; more are added with manage.py add_place."""

from django.db import migrations

FIRST_PLACES = [
    {
        "slug": "buckinghamshire", "name": "Buckinghamshire", "gss_code": "E06000060",
        "primary_colour": "#005a5b", "digest_weekday": 0, "digest_hour": 8,
        "tagline": "A Recovery Board, thematic subgroups and 16 community boards.",
    },
    {
        "slug": "coventry", "name": "Coventry", "gss_code": "E08000026",
        "primary_colour": "#1b4f72", "digest_weekday": 1, "digest_hour": 9,
        "tagline": "The Communities Pillar: charity leaders working with the city council.",
    },
    {
        "slug": "sutton", "name": "Sutton", "gss_code": "E09000029",
        "primary_colour": "#4c2c92", "digest_weekday": 3, "digest_hour": 7,
        "tagline": "Place working, starting with the St Helier pilot.",
    },
]


def create_places(apps, schema_editor):
    Place = apps.get_model("places", "Place")
    for data in FIRST_PLACES:
        Place.objects.get_or_create(slug=data["slug"], defaults={**data, "timezone": "Europe/London"})


class Migration(migrations.Migration):
    dependencies = [("places", "0001_initial")]
    operations = [migrations.RunPython(create_places, migrations.RunPython.noop)]
