"""``Idempotency-Key`` on API POSTs: a retried request gets the first response, not a second change.

A partner whose connection dropped after sending a POST cannot know whether it was carried out;
sending it again with the same key is safe. The first request with a key is recorded as in
progress, then its response (when below 500) is kept for IDEMPOTENCY_TTL_HOURS:

- the same key, method, path and body again: the kept response, with ``Idempotent-Replayed: true``;
- the same key with a different request: 422;
- the same key while the first is still running: 409, try again shortly;
- a 5xx answer is not kept, so a retry runs the request again.

Only callers who can be told apart (an Authorization header, or a signed-in session) are served
this way; an anonymous POST with a key runs as usual.
"""

import hashlib
import re
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from .errors import api_error_response, is_api_path
from .models import IdempotencyRecord

HEADER = "Idempotency-Key"
_VALID = re.compile(r"^[\x21-\x7e]{1,255}$")


def _identity(request):
    authorization = request.headers.get("Authorization", "")
    if authorization:
        return "auth:" + hashlib.sha256(authorization.encode()).hexdigest()
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return None


def _fingerprint(request):
    digest = hashlib.sha256()
    for part in (request.method, request.get_full_path()):
        digest.update(part.encode() + b"\0")
    digest.update(request.body)
    return digest.hexdigest()


class IdempotencyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = request.headers.get(HEADER)
        if key is None or request.method != "POST" or not is_api_path(request.path_info):
            return self.get_response(request)
        if not _VALID.match(key):
            return api_error_response(
                400, _("Idempotency-Key must be 1 to 255 visible ASCII characters.")
            )
        identity = _identity(request)
        if identity is None:
            return self.get_response(request)
        fingerprint = _fingerprint(request)
        record, answer = self._claim(identity, key, fingerprint)
        if answer is not None:
            return answer
        try:
            response = self.get_response(request)
        except BaseException:
            IdempotencyRecord.objects.filter(pk=record.pk).delete()
            raise
        self._keep(record, response)
        return response

    def _claim(self, identity, key, fingerprint):
        """(the new record, None), or (None, the answer to give instead of running the request)."""
        expired = timezone.now() - timedelta(hours=settings.IDEMPOTENCY_TTL_HOURS)
        IdempotencyRecord.objects.filter(
            identity=identity, key=key, created_at__lt=expired
        ).delete()
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(
                    identity=identity, key=key, fingerprint=fingerprint
                )
            return record, None
        except IntegrityError:
            existing = IdempotencyRecord.objects.filter(identity=identity, key=key).first()
        if existing is None:  # it expired or failed a moment ago: run once more, as a new request
            return self._claim(identity, key, fingerprint)
        if existing.fingerprint != fingerprint:
            return None, api_error_response(
                422, _("This Idempotency-Key was already used for a different request.")
            )
        if not existing.done:
            response = api_error_response(
                409, _("A request with this Idempotency-Key is still being processed. Try again.")
            )
            response["Retry-After"] = "1"
            return None, response
        replay = HttpResponse(
            bytes(existing.body), status=existing.status_code, content_type=existing.content_type
        )
        if existing.location:
            replay["Location"] = existing.location
        replay["Idempotent-Replayed"] = "true"
        return None, replay

    def _keep(self, record, response):
        records = IdempotencyRecord.objects.filter(pk=record.pk)
        if response.status_code >= 500 or getattr(response, "streaming", False):
            records.delete()
            return
        records.update(
            done=True,
            status_code=response.status_code,
            content_type=response.get("Content-Type", "")[:100],
            location=response.get("Location", "")[:500],
            body=response.content,
        )
