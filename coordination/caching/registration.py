"""How writes to the core's own rows, and to the libraries' rows, reach the public page cache.

Place-owned rows (a ``place`` foreign key) need nothing here: they bump their place. The rest are
global (every place may show them) or unseen (no visitor ever sees them). Private rows that carry
a place but are written often by workers (the outbox, notifications, webhook deliveries) are
unseen too, so sending a digest does not empty the cache of a place.
"""

from allauth.account.models import EmailAddress, EmailConfirmation
from allauth.mfa.models import Authenticator
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.contrib.sites.models import Site
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    PeriodicTasks,
    SolarSchedule,
)

from coordination.accounts.models import ApiToken, User
from coordination.api.models import IdempotencyRecord, PartnerKey
from coordination.notifications.models import Notification, NotificationPreference, OutboxEmail
from coordination.ops.models import WorkerHeartbeat
from coordination.organisations.models import Community, Organisation, OrganisationDocument
from coordination.personal_data.models import DataRequest
from coordination.search.models import SearchEntry
from coordination.statements.models import StatementAcceptance
from coordination.webhooks.models import WebhookDelivery, WebhookSubscription

from .registry import register_every_place, register_unseen, register_unseen_fields

# Global rows any place's pages show: organisations and their documents, the communities served,
# people's names (on records, boards and papers), the site's name.
for model in (Organisation, OrganisationDocument, Community, User, Site):
    register_every_place(model)
register_unseen_fields(User, {"last_login", "last_place", "dormant_warned_at"})

PRIVATE = "a person's or a partner's own account data, on no public page"
for model in (ApiToken, EmailAddress, EmailConfirmation, Authenticator, DataRequest, PartnerKey):
    register_unseen(model, PRIVATE)
for model in (Notification, NotificationPreference, OutboxEmail, StatementAcceptance):
    register_unseen(model, "what one person is told or has accepted, shown to them alone")
for model in (WebhookSubscription, WebhookDelivery):
    register_unseen(model, "a partner's subscriptions and their deliveries, shown to admins alone")
# The search index is written from the write of its own row (which bumps the place) or rebuilt
# by coordination/search/indexing.py, which bumps the place itself; leaving its rows unwatched
# keeps a rebuild's delete of the place's entries one statement.
register_unseen(SearchEntry, "written with the row it indexes, whose write bumps the place")
for model in (IdempotencyRecord, WorkerHeartbeat, Session, LogEntry):
    register_unseen(model, "the machinery's own records")
for model in (Group, Permission, ContentType):
    register_unseen(model, "Django's own tables of permissions and models")
for model in (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    PeriodicTasks,
    SolarSchedule,
):
    register_unseen(model, "the schedule of background tasks")
