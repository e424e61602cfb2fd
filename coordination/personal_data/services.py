"""Asking for one's data, building the download, and closing an account."""

import logging
import tempfile
from datetime import timedelta

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.accounts.models import FORMER_MEMBER, Membership, Role, User
from coordination.errors import RuleViolation
from coordination.places.tenancy import scopes_disabled

from .emails import email_person
from .export import export_name, write_export
from .models import DataRequest, Kind, Status
from .registry import registered

logger = logging.getLogger(__name__)

EXPORT_READY_KIND = "data_export_ready"


def user_reference(user):
    """How the request log names a person, with nothing that identifies them once closed."""
    return f"person {user.pk}"


@transaction.atomic
def export_request(*, user):
    """Queue a download of everything held about ``user``; one at a time."""
    User.objects.select_for_update().filter(pk=user.pk).first()
    if DataRequest.objects.filter(user=user, kind=Kind.EXPORT, status=Status.QUEUED).exists():
        raise RuleViolation(_("Your data is already being prepared. Check back on this page soon."))
    request = DataRequest.objects.create(
        user=user, user_reference=user_reference(user), kind=Kind.EXPORT, reason="asked"
    )

    def queue():
        from .tasks import build_export

        try:
            build_export.delay(request_id=request.pk)
        except Exception:  # the broker is down: the nightly retention run builds it instead
            logger.warning("Could not queue the data download %s", request.pk, exc_info=True)

    transaction.on_commit(queue)
    return request


def export_build(*, request_id):
    """Build a queued download; running it again (or twice at once) builds and keeps one file."""
    request = DataRequest.objects.select_related("user").filter(pk=request_id).first()
    if request is None or request.kind != Kind.EXPORT or request.status != Status.QUEUED:
        return request
    if request.user is None or request.user.is_closed:
        DataRequest.objects.filter(pk=request.pk).update(
            status=Status.EXPIRED, completed_at=timezone.now()
        )
        return request
    with tempfile.TemporaryFile() as target:
        write_export(request.user, target)
        target.seek(0)
        name = default_storage.save(export_name(request.pk), File(target, name="export.zip"))
    size = default_storage.size(name)
    with transaction.atomic():
        locked = DataRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status != Status.QUEUED:  # another run finished first: keep its file
            transaction.on_commit(lambda: default_storage.delete(name))
            return locked
        now = timezone.now()
        locked.status = Status.READY
        locked.file_path = name
        locked.file_size = size
        locked.completed_at = now
        locked.expires_at = now + timedelta(days=settings.RETENTION_EXPORT_DAYS)
        locked.save()
        _tell_export_ready(locked)
    return locked


def _tell_export_ready(request):
    from coordination.notifications.emails import absolute_url

    email_person(
        user=request.user,
        kind=EXPORT_READY_KIND,
        key=f"data-export-ready:{request.pk}",
        subject=_("Your InPlace data is ready to download"),
        template="personal_data/email/export_ready.txt",
        context={
            "expires_at": request.expires_at,
            "data_url": absolute_url(reverse("account_data")),
        },
    )


def export_expire(request):
    """Delete a download's file and mark it expired (the retention run, and closing an account)."""
    name = request.file_path
    DataRequest.objects.filter(pk=request.pk).update(status=Status.EXPIRED, file_path="")
    if name:
        transaction.on_commit(lambda: default_storage.delete(name))


def places_needing_admin(user):
    """The places where ``user`` is the only place admin."""
    places = []
    admin_of = Membership.objects
    with scopes_disabled():
        for membership in admin_of.filter(user=user, role=Role.PLACE_ADMIN).select_related("place"):
            others = (
                admin_of.filter(
                    place=membership.place_id, role=Role.PLACE_ADMIN, user__is_active=True
                )
                .exclude(user=user)
                .exists()
            )
            if not others:
                places.append(membership.place)
    return places


def closure_problems(user):
    """Why ``user``'s account cannot close yet, as messages for them (empty: it can)."""
    problems = []
    if user.is_superuser or user.is_staff:
        problems.append(
            _(
                "You run InPlace itself as an administrator. Ask another administrator to "
                "remove your administrator access first."
            )
        )
    for place in places_needing_admin(user):
        problems.append(
            _(
                "You are the only place admin of %(place)s. Make someone else a place admin "
                "there before you close your account."
            )
            % {"place": place.name}
        )
    return problems


@transaction.atomic
def account_close(*, user, reason="asked"):
    """Close ``user``'s account: what identified them goes, what others rely on stays and shows
    them as "Former member". Every registered part forgets what it must (registry.py)."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_closed:
        return DataRequest.objects.filter(user=user, kind=Kind.CLOSURE).first()
    problems = closure_problems(user)
    if problems:
        raise RuleViolation(problems)
    now = timezone.now()
    log = DataRequest.objects.create(
        user=user,
        user_reference=user_reference(user),
        kind=Kind.CLOSURE,
        reason=reason,
        requested_at=now,
    )
    # Shown as "Former member" from here on, so what the parts record while forgetting says so.
    user.closed_at = now
    user.name = str(FORMER_MEMBER)
    user.save(update_fields=["closed_at", "name"])
    with scopes_disabled():
        for entry in registered():
            if entry.anonymise is not None:
                entry.anonymise(user)
    for request in DataRequest.objects.filter(user=user, kind=Kind.EXPORT).exclude(
        status=Status.EXPIRED
    ):
        export_expire(request)
    user.email = f"closed-{user.pk}@closed.invalid"
    user.contact_email = ""
    user.phone = ""
    user.reach_note = ""
    user.last_place = None
    user.is_active = False
    # An unusable password ends every browser session (their session hash no longer matches)
    # and, through User.save, every API token.
    user.set_unusable_password()
    user.save()
    DataRequest.objects.filter(pk=log.pk).update(status=Status.DONE, completed_at=timezone.now())
    return log
