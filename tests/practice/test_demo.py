"""The practice demo: a published note with figures in each first place, Coventry following
Sutton's; re-running changes nothing."""

from django.core.management import call_command
from django.test import Client

from coordination.audit.models import AuditEntry
from coordination.places.models import Place
from coordination.places.tenancy import scopes_disabled
from coordination.practice.demo import seed_practice_demo
from coordination.practice.models import PracticeFigure, PracticeFollow, PracticeNote


def test_the_demo_publishes_a_note_per_place_and_rerunning_changes_nothing(db, sutton, coventry):
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    with scopes_disabled():
        titles = dict(PracticeNote.objects.values_list("place__slug", "title"))
        assert titles == {
            "buckinghamshire": "Community boards answering every idea within eight weeks",
            "coventry": "A communities pillar that brings the sector's voice to the city's plans",
            "sutton": "Asset-based working on the St Helier estate",
        }
        assert all(n.is_published for n in PracticeNote.objects.all())
        assert PracticeFigure.objects.filter(note__place__slug="buckinghamshire").count() == 3
        follow = PracticeFollow.objects.get()
        assert (follow.place.slug, follow.note.place.slug) == ("coventry", "sutton")
        counts = (
            PracticeNote.objects.count(),
            PracticeFigure.objects.count(),
            PracticeFollow.objects.count(),
            AuditEntry.objects.filter(action__startswith="practice.").count(),
        )
    assert seed_practice_demo(Place.objects.all()) == 0
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    with scopes_disabled():
        assert counts == (
            PracticeNote.objects.count(),
            PracticeFigure.objects.count(),
            PracticeFollow.objects.count(),
            AuditEntry.objects.filter(action__startswith="practice.").count(),
        )
    page = Client().get("/sutton/practice/asset-based-working-on-the-st-helier-estate/")
    body = page.content.decode()
    assert page.status_code == 200 and "Coventry" in body and "£8,500" in body
