"""Stage dates follow the stages on every path, and a tender added by mistake or as a test can be
removed while nothing about it was published (afterwards it is cancelled instead)."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils import timezone
from rest_framework.test import APIClient

from commissioning import services
from commissioning.models import Lot, Stage, Tender
from coordination.audit.models import AuditEntry
from coordination.errors import RuleViolation
from tests.support.commissioning import leader_of, tender

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()
    yield
    cache.clear()


def local(value, place):
    return value.astimezone(place.tz).strftime("%Y-%m-%dT%H:%M")


def test_bids_cannot_close_before_co_design_opens_on_any_path(client, bucks, council, officer):
    now = timezone.now()
    backwards = {
        "co_design_opens_at": now + timedelta(days=20),
        "co_design_closes_at": now + timedelta(days=30),
        "clarification_deadline": None,
        "submission_deadline": now + timedelta(days=10),
    }
    with pytest.raises(RuleViolation) as exc:
        tender(bucks, officer, council, **backwards)
    assert exc.value.message_dict == {
        "submission_deadline": ["Bids must close after co-design closes."]
    }
    with pytest.raises(RuleViolation) as exc:
        tender(
            bucks,
            officer,
            council,
            clarification_deadline=now + timedelta(days=3),  # before co-design closes
        )
    assert exc.value.message_dict == {
        "clarification_deadline": [
            "The deadline for questions cannot come before co-design closes."
        ]
    }
    with pytest.raises(RuleViolation) as exc:
        tender(bucks, officer, council, decision_date=(now + timedelta(days=20)).date())
    assert exc.value.message_dict == {
        "decision_date": ["The decision date cannot come before bids close."]
    }

    # The page: a field error, nothing saved.
    client.force_login(officer)
    form = {
        "commissioner": council.pk,
        "title": "Backwards",
        "reference": "BACK-1",
        "description": "Dates in the wrong order",
        "estimated_value": "1000",
        "contract_months": "12",
        "procurement_method": "open",
        "co_design_opens_at": local(now + timedelta(days=20), bucks),
        "co_design_closes_at": local(now + timedelta(days=30), bucks),
        "submission_deadline": local(now + timedelta(days=10), bucks),
    }
    page = client.post(f"/{bucks.slug}/commissioning/new/", form)
    assert page.status_code == 200
    assert page.context["form"].errors["submission_deadline"] == [
        "Bids must close after co-design closes."
    ]
    # The API: a 400 with the field's key.
    api = APIClient()
    api.force_authenticate(officer)
    answer = api.post(
        f"/api/v1/places/{bucks.slug}/tenders/",
        {
            **form,
            "reference": "BACK-2",
            "co_design_opens_at": (now + timedelta(days=20)).isoformat(),
            "co_design_closes_at": (now + timedelta(days=30)).isoformat(),
            "submission_deadline": (now + timedelta(days=10)).isoformat(),
        },
        format="json",
    )
    assert answer.status_code == 400
    assert "submission_deadline" in str(answer.json())
    assert not Tender.objects.for_place(bucks).filter(reference__startswith="BACK").exists()


def test_the_admin_refuses_dates_out_of_order(client, bucks, council, officer):
    t = tender(bucks, officer, council)
    root = get_user_model().objects.create_superuser(email="root@example.org", password="x")
    client.force_login(root)
    page = client.get(f"/admin/commissioning/tender/{t.pk}/change/")
    form = page.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(value, list):
            data[name] = value
        elif hasattr(field, "fields"):  # split date and time
            widget_value = field.widget.decompress(value) if value else ["", ""]
            data[f"{name}_0"] = widget_value[0].strftime("%Y-%m-%d") if widget_value[0] else ""
            data[f"{name}_1"] = widget_value[1].strftime("%H:%M:%S") if widget_value[1] else ""
        else:
            data[name] = "" if value is None else value
    closes = t.co_design_closes_at.astimezone(timezone.get_current_timezone())
    data["clarification_deadline_0"] = (closes - timedelta(days=2)).strftime("%Y-%m-%d")
    data["clarification_deadline_1"] = "12:00:00"
    saved = client.post(f"/admin/commissioning/tender/{t.pk}/change/", data)
    assert saved.status_code == 200
    errors = saved.context["adminform"].form.errors
    assert errors["clarification_deadline"] == [
        "The deadline for questions cannot come before co-design closes."
    ]


def test_a_test_tender_is_removed_from_its_page_while_nothing_was_published(
    client, bucks, council, officer
):
    t = tender(bucks, officer, council, title="Test tender, please ignore")
    services.lot_add(place=bucks, actor=officer, tender=t, title="North")
    client.force_login(officer)
    detail = client.get(t.get_absolute_url()).content.decode()
    assert "Remove this tender" in detail
    confirm = client.get(f"/{bucks.slug}/commissioning/{t.pk}/remove/")
    assert confirm.status_code == 200 and "cannot be undone" in confirm.content.decode()
    removed = client.post(f"/{bucks.slug}/commissioning/{t.pk}/remove/")
    assert removed.status_code == 302
    assert not Tender.objects.for_place(bucks).filter(pk=t.pk).exists()
    assert not Lot.objects.for_place(bucks).filter(tender_id=t.pk).exists()
    entry = AuditEntry.objects.for_place(bucks).get(action="commissioning.tender.remove")
    assert entry.target_id == str(t.pk)
    listing = client.get(f"/{bucks.slug}/commissioning/").content.decode()
    assert "Test tender, please ignore" not in listing


def test_once_anything_was_published_a_tender_is_cancelled_not_removed(
    client, bucks, council, officer
):
    t = tender(bucks, officer, council)
    services.tender_change_stage(
        place=bucks, actor=officer, tender=t, to_stage=Stage.CO_DESIGN, rationale="Co-design"
    )
    leader, organisation = leader_of(bucks)
    services.co_design_join(place=bucks, actor=leader, tender=t, organisation=organisation)
    client.force_login(officer)
    assert "Remove this tender" not in client.get(t.get_absolute_url()).content.decode()
    page = client.get(f"/{bucks.slug}/commissioning/{t.pk}/remove/").content.decode()
    assert "It has left the pipeline" in page and "joined its co-design group" in page
    assert "Cancel it instead" in page
    refused = client.post(f"/{bucks.slug}/commissioning/{t.pk}/remove/")
    assert refused.status_code == 200
    with pytest.raises(RuleViolation, match="Cancel it instead"):
        services.tender_remove(place=bucks, actor=officer, tender=t)
    assert Tender.objects.for_place(bucks).filter(pk=t.pk).exists()
    # Only the commissioner's officers may remove one.
    client.force_login(leader)
    fresh = tender(bucks, officer, council)
    assert client.post(f"/{bucks.slug}/commissioning/{fresh.pk}/remove/").status_code == 403
    assert Tender.objects.for_place(bucks).filter(pk=fresh.pk).exists()


def test_the_api_and_the_admin_remove_only_unpublished_tenders(client, bucks, council, officer):
    api = APIClient()
    api.force_authenticate(officer)
    test_tender = tender(bucks, officer, council)
    started = tender(bucks, officer, council)
    services.tender_change_stage(
        place=bucks, actor=officer, tender=started, to_stage=Stage.CO_DESIGN, rationale="Go"
    )
    address = f"/api/v1/places/{bucks.slug}/tenders/"
    assert api.delete(f"{address}{test_tender.pk}/").status_code == 204
    refused = api.delete(f"{address}{started.pk}/")
    assert refused.status_code == 400 and "Cancel it instead" in str(refused.json())
    deletions = api.get(f"/api/v1/places/{bucks.slug}/deletions/").json()
    assert str(test_tender.pk) in str(deletions)

    root = get_user_model().objects.create_superuser(email="root@example.org", password="x")
    client.force_login(root)
    assert client.get(f"/admin/commissioning/tender/{started.pk}/delete/").status_code == 403
    other = tender(bucks, officer, council)
    gone = client.post(f"/admin/commissioning/tender/{other.pk}/delete/", {"post": "yes"})
    assert gone.status_code == 302
    assert not Tender.objects.for_place(bucks).filter(pk=other.pk).exists()
    assert (
        AuditEntry.objects.for_place(bucks)
        .filter(action="commissioning.tender.remove", target_id=str(other.pk))
        .exists()
    )
