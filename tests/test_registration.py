"""Every app's registration.py is found once at start-up and fills the core's registries."""

from django.apps import apps

from coordination.api import deletions
from coordination.notifications.registry import digest_sections, get_reminder_rule
from coordination.opendata import datasets
from coordination.webhooks.registry import known_events


def test_each_app_registers_its_events_removals_reminders_sections_and_datasets():
    events = set(known_events())
    for event in (
        "organisations.organisation.create",  # organisations
        "places.area.create",  # places
        "accounts.membership.join",  # accounts
        "boards.board.create",
        "funding.bid.submit",
        "commissioning.tender.create",
        "mapping.service.create",
    ):
        assert event in events
    assert {"agenda-items", "assets", "memberships", "needs", "services", "webhooks"} <= set(
        deletions.resources()
    )
    for kind in (
        "invitation_not_accepted",
        "email_bounced",
        "boards_meeting_soon",
        "funding_deadline_soon",
        "board_fund_running_low",
        "tender_submission_deadline",
        "service_listing_not_verified",
    ):
        assert get_reminder_rule(kind) is not None
    assert {s.key for s in digest_sections()} >= {
        "your_notifications",
        "new_members",
        "boards_upcoming_meetings",
        "funding",
        "board_funds",
        "commissioning",
        "mapping_needs_and_gaps",
    }
    assert [d.key for d in datasets()] == ["360giving", "ocds", "open-referral"]


def test_app_configs_register_nothing_themselves():
    # Only the core's PlacesConfig.ready() finds the registration modules; the domain apps'
    # configs stay plain.
    from django.apps import AppConfig

    for label in ("boards", "funding", "commissioning", "mapping"):
        assert type(apps.get_app_config(label)).ready is AppConfig.ready
