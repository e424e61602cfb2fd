"""What named the themes by their old app follows them: the content types (and so their
permissions) and the audit entries' target type."""

from django.db import migrations

MOVED = {"theme", "communityaddition"}


def forwards(apps, schema_editor, old="mapping", new="vocabularies"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    AuditEntry = apps.get_model("audit", "AuditEntry")
    for model in MOVED:
        if not ContentType.objects.filter(app_label=new, model=model).exists():
            ContentType.objects.filter(app_label=old, model=model).update(app_label=new)
        AuditEntry.objects.filter(target_type=f"{old}.{model}").update(
            target_type=f"{new}.{model}"
        )


def backwards(apps, schema_editor):
    forwards(apps, schema_editor, old="vocabularies", new="mapping")


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("mapping", "0011_vocabularies_in_core"),
        ("vocabularies", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
