"""Account emails sent by Celery: thin tasks that re-read inside the place and send once."""

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from coordination.places.models import Place
from coordination.places.tenancy import place_scope

from .models import Invitation


@shared_task(
    bind=True, autoretry_for=(OSError,), retry_backoff=30, retry_backoff_max=3600, max_retries=8
)
def send_invitation_email(self, invitation_id, place_id):
    place = Place.objects.get(pk=place_id)
    with place_scope(place), transaction.atomic():
        invitation = (
            # of=("self",): PostgreSQL cannot lock the nullable side of the outer joins below.
            Invitation.objects.for_place(place)
            .select_for_update(skip_locked=True, of=("self",))
            .filter(pk=invitation_id, email_sent_at__isnull=True)
            .select_related("invited_by", "organisation")
            .first()
        )
        if invitation is None or invitation.status != "pending":
            return "skipped"
        context = {
            "invitation": invitation,
            "place": place,
            "accept_url": settings.SITE_URL
            + reverse(
                "places:invitation_accept",
                kwargs={"place_slug": place.slug, "token": invitation.token},
            ),
        }
        message = EmailMultiAlternatives(
            subject=f"You're invited to join {place.name} on InPlace",
            body=render_to_string("accounts/email/invitation.txt", context),
            to=[invitation.email],
        )
        message.attach_alternative(
            render_to_string("accounts/email/invitation.html", context), "text/html"
        )
        message.send()
        invitation.email_sent_at = timezone.now()
        invitation.save(update_fields=["email_sent_at"])
    return "sent"
