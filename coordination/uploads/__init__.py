"""One upload policy per purpose: which formats a file may be, judged by its content (never its name
or the browser's Content-Type), and how large. Every stored file field carries its policy as a model
field validator, so forms, the API, the admin and imports all apply it; services ask the same policy
for the content type they record, and files go back out only through ``serve_upload``.
"""

import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coordination.errors import RuleViolation

from .content import CSV, DOCX, GIF, JPEG, ODS, ODT, PDF, PNG, PPTX, TEXT, WEBP, XLSX, Refused
from .content import candidates as _candidates

MB = 1024 * 1024
DOCUMENTS = (PDF, DOCX, XLSX, PPTX, ODT, ODS, PNG, JPEG)


@dataclass(frozen=True)
class UploadPolicy:
    """What files one purpose takes: ``purpose`` names them in a message ("Board papers"), the
    size limit is the Django setting ``limit_setting`` (bytes) or ``default_limit``."""

    key: str
    purpose: object
    kinds: tuple
    limit_setting: str
    default_limit: int

    def limit(self):
        return getattr(settings, self.limit_setting, self.default_limit)

    def allowed(self):
        labels = list(dict.fromkeys(str(kind.label) for kind in self.kinds))
        return get_text_list(labels, _("or"))

    def summary(self):
        """What the purpose takes, for a help text: "PDF, Word or PNG, up to 20 MB"."""
        return _("%(types)s, up to %(limit)s") % {
            "types": self.allowed(),
            "limit": filesizeformat(self.limit()),
        }

    def refusal(self, reason):
        return ValidationError(
            _("%(purpose)s must be %(summary)s; this file %(reason)s.")
            % {"purpose": self.purpose, "summary": self.summary(), "reason": reason},
            code="upload_policy",
        )

    def check(self, upload):
        """The format of ``upload`` (a form upload, a model's FieldFile or any Django File);
        ValidationError saying what the purpose takes and what this file is instead."""
        limit = self.limit()
        size = upload.size
        if not size:
            raise self.refusal(_("is empty"))
        if size > limit:
            raise self.refusal(_("is %(size)s") % {"size": filesizeformat(size)})
        data = _read(upload, limit)
        if len(data) > limit:
            raise self.refusal(_("is larger than that"))
        return self.check_bytes(data, name=upload.name)

    def check_bytes(self, data, *, name):
        try:
            found = _candidates(data)
            allowed = [kind for kind in found if kind in self.kinds]
            if not allowed:
                raise Refused(_("is %(what)s") % {"what": found[0].description})
            suffix = PurePosixPath(name or "").suffix.lower()
            named = [kind for kind in allowed if suffix in kind.extensions]
            if not named:
                raise Refused(
                    _("is named %(suffix)s but is %(what)s")
                    % {
                        "suffix": suffix or _("with no ending"),
                        "what": allowed[0].description,
                    }
                )
            kind = named[0]
            kind.check(data)
        except Refused as exc:
            raise self.refusal(exc.reason) from None
        return kind

    def check_for(self, upload, field):
        """``check`` for a service: the refusal is a RuleViolation on ``field``."""
        try:
            return self.check(upload)
        except ValidationError as exc:
            raise RuleViolation({field: exc.messages}) from exc

    def content_type_of(self, name):
        """The media type to serve a stored file of this purpose under, from its (checked) ending."""
        suffix = PurePosixPath(name or "").suffix.lower()
        for kind in self.kinds:
            if suffix in kind.extensions:
                return kind.mime
        return "application/octet-stream"


def _read(upload, limit):
    was_closed = upload.closed
    upload.open("rb")
    try:
        return upload.read(limit + 1)
    finally:
        if was_closed:
            upload.close()  # a stored file opened here
        else:
            upload.seek(0)  # an upload on its way to storage: saved from its start


BOARD_PAPERS = UploadPolicy(
    "board_papers", gettext_lazy("Board papers"), DOCUMENTS, "BOARDS_MAX_PAPER_BYTES", 20 * MB
)
BID_ATTACHMENTS = UploadPolicy(
    "bid_attachments",
    gettext_lazy("Bid attachments"),
    DOCUMENTS,
    "FUNDING_MAX_ATTACHMENT_BYTES",
    10 * MB,
)
ORGANISATION_DOCUMENTS = UploadPolicy(
    "organisation_documents",
    gettext_lazy("Organisation documents"),
    DOCUMENTS,
    "ORGANISATION_MAX_DOCUMENT_BYTES",
    10 * MB,
)
NEED_EVIDENCE = UploadPolicy(
    "need_evidence",
    gettext_lazy("Evidence of need"),
    (PDF, DOCX, XLSX, ODT, ODS, CSV, TEXT, PNG, JPEG, GIF, WEBP),
    "MAPPING_MAX_EVIDENCE_BYTES",
    10 * MB,
)
DATA_IMPORTS = UploadPolicy(
    "data_imports", gettext_lazy("Import files"), (CSV, XLSX), "IMPORT_MAX_BYTES", 5 * MB
)
POLICIES = {
    p.key: p
    for p in (BOARD_PAPERS, BID_ATTACHMENTS, ORGANISATION_DOCUMENTS, NEED_EVIDENCE, DATA_IMPORTS)
}


@deconstructible
class UploadPolicyValidator:
    """A model (or form) field validator applying the policy named ``policy``."""

    def __init__(self, policy):
        if policy not in POLICIES:
            raise ValueError(f"No upload policy {policy!r}; there are {sorted(POLICIES)}.")
        self.policy = policy

    def __call__(self, value):
        if not value:
            return
        try:
            POLICIES[self.policy].check(value)
        except FileNotFoundError:
            return  # a stored file that is gone: nothing to serve, nothing to check

    def __eq__(self, other):
        return isinstance(other, UploadPolicyValidator) and other.policy == self.policy

    def __hash__(self):
        return hash(self.policy)


UNSAFE_IN_FILENAME = re.compile(r"[\x00-\x1f\x7f\"\\/]")


def serve_upload(stored, *, filename, content_type):
    """A stored file as a download: never shown inline, never sniffed, never cached by others."""
    try:
        handle = stored.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=UNSAFE_IN_FILENAME.sub("_", filename).strip() or "download",
        content_type=content_type or "application/octet-stream",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def stored_files_refused():
    """(model label, primary key, stored name, message) for each stored file that its field's
    upload policy refuses today: files kept before the policy, or before it grew stricter."""
    from django.apps import apps
    from django.db import models

    for model in apps.get_models():
        for model_field in model._meta.concrete_fields:
            if not isinstance(model_field, models.FileField) or not any(
                isinstance(v, UploadPolicyValidator) for v in model_field.validators
            ):
                continue
            rows = model._base_manager.exclude(**{model_field.name: ""}).order_by("pk")
            for row in rows.iterator():
                stored = getattr(row, model_field.name)
                try:
                    model_field.run_validators(stored)
                except ValidationError as exc:
                    yield model._meta.label, row.pk, stored.name, " ".join(exc.messages)
