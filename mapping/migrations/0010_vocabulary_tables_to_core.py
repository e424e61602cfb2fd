"""Themes and community additions move to the core's vocabularies app: first their tables take the
new app's names (the rows, keys and constraints stay as they are); the models follow in
vocabularies 0001 and mapping 0011."""

from django.db import migrations


class Migration(migrations.Migration):
    # After every migration that made a table pointing at the themes under their old name.
    dependencies = [
        ("commissioning", "0002_tender_list_index"),
        ("funding", "0007_upload_policy_validators"),
        ("mapping", "0009_web_address_characters"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable("Theme", "vocabularies_theme"),
                migrations.AlterModelTable("CommunityAddition", "vocabularies_communityaddition"),
            ],
            state_operations=[],
        )
    ]
