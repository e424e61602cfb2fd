"""Each bid's one attachment becomes the first of its attachments; the file stays where it is."""

import mimetypes

from django.db import migrations


def move(apps, schema_editor):
    Bid = apps.get_model("funding", "Bid")
    BidAttachment = apps.get_model("funding", "BidAttachment")
    for bid in Bid.objects.exclude(attachment="").exclude(attachment__isnull=True).iterator():
        name = bid.attachment.name
        try:
            size = bid.attachment.size
        except OSError:  # the file went missing: keep the record, so nobody thinks it was sent
            size = 0
        BidAttachment.objects.create(
            place_id=bid.place_id,
            bid_id=bid.pk,
            file=name,
            original_name=name.rsplit("/", 1)[-1][:200],
            content_type=mimetypes.guess_type(name)[0] or "application/octet-stream",
            size=size,
            uploaded_by_id=bid.created_by_id,
        )


def move_back(apps, schema_editor):
    Bid = apps.get_model("funding", "Bid")
    BidAttachment = apps.get_model("funding", "BidAttachment")
    for attachment in BidAttachment.objects.order_by("bid_id", "-uploaded_at", "-pk"):
        Bid.objects.filter(pk=attachment.bid_id).update(attachment=attachment.file.name)


class Migration(migrations.Migration):
    dependencies = [("funding", "0002_bid_attachments")]

    operations = [migrations.RunPython(move, move_back)]
