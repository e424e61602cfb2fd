"""The moderation demo: comments on ideas, one waiting in the queue, one hidden with its reason;
re-running the seed changes nothing."""

import pytest
from django.core.management import call_command
from django.test import Client

from boards.demo_moderation import COMMENTS, HIDDEN_REASON
from boards.models import ContentReport, ProposalComment
from coordination.accounts.models import User
from coordination.places.models import Place
from coordination.places.tenancy import place_scope

pytestmark = pytest.mark.django_db


def counts():
    return [
        ProposalComment.objects.with_scopes_disabled().count(),
        ContentReport.objects.with_scopes_disabled().count(),
        ProposalComment.objects.with_scopes_disabled().filter(hidden_at__isnull=False).count(),
    ]


def test_the_demo_has_comments_one_reported_and_one_hidden_and_reruns_change_nothing():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = counts()
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert counts() == first
    bucks = Place.objects.get(slug="buckinghamshire")
    with place_scope(bucks):
        comments = ProposalComment.objects.for_place(bucks)
        assert comments.count() == len(COMMENTS)
        assert ContentReport.objects.for_place(bucks).open().count() == 1
        hidden = comments.get(hidden_at__isnull=False)
        assert hidden.hidden_reason == HIDDEN_REASON
    admin = User.objects.get(email="admin@buckinghamshire.demo.inplace.example")
    client = Client()
    client.force_login(admin)
    page = client.get("/buckinghamshire/boards/moderation/").content.decode()
    assert "Rude to the people who asked for this." in page
    assert "Hidden in the last 30 days" in page and HIDDEN_REASON in page
