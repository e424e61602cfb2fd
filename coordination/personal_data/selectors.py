"""Reads of the request log."""

from .models import DataRequest, Kind


def exports_of(user, limit=10):
    """A person's recent downloads, newest first."""
    return list(DataRequest.objects.filter(user=user, kind=Kind.EXPORT)[:limit])


def export_for_download(user, token):
    """The person's own download with this token, or None: nobody else's, whatever the token."""
    if not user.is_authenticated:
        return None
    return DataRequest.objects.filter(user=user, kind=Kind.EXPORT, token=token).first()
