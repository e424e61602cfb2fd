"""Notification test fixtures: a real SMTP server on 127.0.0.1, quiet delivery triggers."""

import pytest
from aiosmtpd.controller import Controller

from tests.support.notifications import ScriptedSMTPHandler
from tests.support.workers import free_port


@pytest.fixture(autouse=True)
def _no_delivery_tasks(settings):
    # These tests call the dispatch and delivery functions themselves; the worker test turns it on.
    settings.NOTIFICATIONS_DELIVER_ON_COMMIT = False
    settings.SITE_URL = "https://inplace.example"
    settings.DEFAULT_FROM_EMAIL = "InPlace <no-reply@inplace.example>"


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on 127.0.0.1 that Django's SMTP backend talks to for this test."""
    handler = ScriptedSMTPHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 10
    try:
        yield handler
    finally:
        controller.stop()
