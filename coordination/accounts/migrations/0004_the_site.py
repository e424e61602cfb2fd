"""The one site (django.contrib.sites, SITE_ID = 1): named InPlace, with SITE_URL's host as its
domain. allauth names it in its emails and keys each account's sign-in lockout on it."""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import migrations


def name_the_site(apps, schema_editor):
    Site = apps.get_model("sites", "Site")
    domain = urlsplit(settings.SITE_URL).netloc or "localhost"
    Site.objects.update_or_create(pk=settings.SITE_ID, defaults={"domain": domain, "name": "InPlace"})


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_personal_api_tokens"),
        ("sites", "0002_alter_domain_unique"),
    ]

    operations = [migrations.RunPython(name_the_site, migrations.RunPython.noop)]
