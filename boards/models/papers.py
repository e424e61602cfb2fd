"""Papers for agenda items: stored under random names and served only through a
permission-checked view."""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from coordination.places.tenancy import PlaceScoped
from coordination.uploads import UploadPolicyValidator

from .meetings import AgendaItem


def paper_upload_to(instance, filename):
    # A random name: the original may say more than its title should, and names must not collide.
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"boards/papers/{instance.place_id}/{uuid.uuid4().hex}{suffix}"


class Paper(PlaceScoped):
    """A paper for an agenda item. Served only through a permission-checked view, never by URL."""

    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="papers")
    title = models.CharField(max_length=200)
    file = models.FileField(
        upload_to=paper_upload_to,
        max_length=255,
        validators=[UploadPolicyValidator("board_papers")],
    )
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    is_private = models.BooleanField(
        _("private paper"),
        default=True,
        help_text=_("Only board members (not residents or the public) may read a private paper."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agenda_item", "uploaded_at", "pk"]

    def __str__(self):
        return self.title
