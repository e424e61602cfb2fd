"""Looking writes nothing: no commissioning page changes the database on GET. An invited
organisation says it has seen its invitation with a button (a POST), and only then is it counted."""

import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commissioning import services, urls
from commissioning.models import Comment, TenderInvitation
from coordination.places.tenancy import scopes_disabled
from tests.support.commissioning import leader_of, opened, tender

pytestmark = pytest.mark.django_db

# What the <pk> of each commissioning route names. A new route with a pk must be added here, so
# that the walk below looks at it too.
ROUTE_OBJECTS = {
    "tender_detail": "tender",
    "tender_update": "tender",
    "stage_change": "tender",
    "amendment_publish": "tender",
    "tender_remove": "tender",
    "timeline": "tender",
    "co_design": "tender",
    "co_design_join": "tender",
    "section_add": "tender",
    "session_add": "tender",
    "criterion_add": "tender",
    "lot_add": "tender",
    "demand_add": "tender",
    "invitations": "tender",
    "invitation_acknowledge": "invitation",
    "interest": "tender",
    "question_ask": "tender",
    "submit": "tender",
    "submission_list": "tender",
    "award": "tender",
    "section_history": "section",
    "section_revise": "section",
    "comment_add": "section",
    "comment_respond": "comment",
    "question_answer": "question",
    "submission_detail": "bid",
    "score": "bid",
    "feedback": "bid",
    "withdraw": "bid",
    "lot_update": "lot",
    "lot_remove": "lot",
    "criterion_update": "criterion",
    "criterion_remove": "criterion",
    "session_update": "session",
}


def invited_world(place, officer, council):
    """An open tender with one of everything a route names, and a charity invited to it that has
    joined its co-design, asked a question and bid."""
    leader, charity = leader_of(place, name="Ina Invited")
    t = tender(place, officer, council, title="Warm spaces")
    lot = services.lot_add(place=place, actor=officer, tender=t, title="North")
    criterion = services.criterion_add(
        place=place, actor=officer, tender=t, title="Quality", weight=100
    )
    session = services.session_record(
        place=place, actor=officer, tender=t, title="Workshop", held_at=timezone.now()
    )
    services.demand_period_add(
        place=place,
        actor=officer,
        tender=t,
        label="2023 contract",
        starts_on=timezone.now().date(),
        indicator="visits a quarter",
        demand=Decimal("100"),
        value=Decimal("1000"),
    )
    t = opened(place, officer, t, leader=leader, organisation=charity)
    (invitation,) = services.invitations_send(
        place=place, actor=officer, tender=t, organisations=[charity]
    )
    question = services.clarification_ask(
        place=place, actor=leader, tender=t, organisation=charity, question="Weekends too?"
    )
    bid = services.submission_submit(
        place=place, actor=leader, tender=t, lead=charity, summary="Ten halls", price=900
    )
    comment = Comment.objects.for_place(place).get(organisation=charity)
    return {
        "leader": leader,
        "charity": charity,
        "tender": t,
        "lot": lot,
        "criterion": criterion,
        "session": session,
        "section": comment.version.section,
        "comment": comment,
        "question": question,
        "bid": bid,
        "invitation": invitation,
    }


# Built from what others wrote, not records of anyone's doing: the open data file a first download
# builds (coordination/exports) and the stored analyses a first look works out.
DERIVED = {
    "exports.exportfile",
    "funding.figuressnapshot",
    "mapping.analysissnapshot",
    "mapping.overlapfinding",
}
DERIVED_APPS = {"sessions"}  # signing in writes a session; nothing else may


def every_row():
    """Every row of every table but sessions and what is derived (DERIVED)."""
    with scopes_disabled():
        return {
            model._meta.label_lower: list(model._base_manager.order_by("pk").values())
            for model in apps.get_models()
            if model._meta.app_label not in DERIVED_APPS and model._meta.label_lower not in DERIVED
        }


def acknowledge_url(place, invitation):
    return reverse(
        "places:commissioning:invitation_acknowledge",
        kwargs={"place_slug": place.slug, "pk": invitation.pk},
    )


def test_looking_at_every_commissioning_page_as_an_invited_organisation_writes_nothing(
    client, bucks, council, officer
):
    world = invited_world(bucks, officer, council)
    client.force_login(world["leader"])
    # Opening the place once records it as the person's last place (where they land next time):
    # that is the one write a page of a place may make, and only when the place changes.
    client.get(reverse("places:home", kwargs={"place_slug": bucks.slug}))
    before = every_row()
    answers = {}
    for pattern in urls.urlpatterns:
        kwargs = {"place_slug": bucks.slug}
        if "pk" in pattern.pattern.converters:
            assert pattern.name in ROUTE_OBJECTS, f"say in ROUTE_OBJECTS what {pattern.name} names"
            kwargs["pk"] = world[ROUTE_OBJECTS[pattern.name]].pk
        response = client.get(reverse(f"places:commissioning:{pattern.name}", kwargs=kwargs))
        answers[pattern.name] = response.status_code
    assert every_row() == before
    assert TenderInvitation.objects.for_place(bucks).get().viewed_at is None
    assert all(status < 500 for status in answers.values()), answers
    # The pages were really shown to the invited charity, not refused before they could write.
    shown = ["tender_detail", "co_design", "section_history", "submission_detail", "submit"]
    assert all(answers[name] == 200 for name in shown), answers
    assert answers["invitation_acknowledge"] == 405  # a button only: there is no page to get


def test_the_invited_organisation_says_it_has_seen_the_invitation_once(
    client, bucks, council, officer
):
    world = invited_world(bucks, officer, council)
    t, invitation = world["tender"], world["invitation"]
    client.force_login(world["leader"])
    page = client.get(t.get_absolute_url()).content.decode()
    panel = page.split('id="invitation"')[1].split("</div>")[0]
    assert f'action="{acknowledge_url(bucks, invitation)}"' in panel
    assert 'name="csrfmiddlewaretoken"' in panel
    assert "I have seen this invitation" in panel

    response = client.post(acknowledge_url(bucks, invitation))
    assert response.status_code == 302 and response["Location"] == t.get_absolute_url()
    seen = TenderInvitation.objects.for_place(bucks).get(pk=invitation.pk).viewed_at
    assert seen is not None
    page = client.get(t.get_absolute_url()).content.decode()
    assert "has seen the invitation" in page  # the confirmation message
    assert "You told the commissioner you had seen it on" in page
    assert "I have seen this invitation" not in page

    # Saying it again changes nothing: the first moment is the one counted.
    assert client.post(acknowledge_url(bucks, invitation)).status_code == 302
    assert TenderInvitation.objects.for_place(bucks).get(pk=invitation.pk).viewed_at == seen

    client.logout()
    counts = client.get(t.get_absolute_url()).content.decode().split('id="invitation-counts"')[1]
    assert 'Invited</dt><dd class="govuk-summary-list__value">1<' in counts
    assert 'Seen</dt><dd class="govuk-summary-list__value">1<' in counts
    client.force_login(officer)
    invitations = client.get(f"/{bucks.slug}/commissioning/{t.pk}/invitations/").content.decode()
    row = invitations.split(world["charity"].name)[1].split("</tr>")[0]
    assert timezone.localtime(seen, bucks.tz).strftime("%-d %B %Y") in row


def test_only_the_invited_organisations_people_can_say_they_have_seen_it(
    client, bucks, sutton, council, officer
):
    world = invited_world(bucks, officer, council)
    url = acknowledge_url(bucks, world["invitation"])
    other_leader, _other = leader_of(bucks, name="Otto Other")
    for person in (officer, other_leader):
        client.force_login(person)
        assert client.post(url).status_code == 403
    client.logout()
    assert client.post(url)["Location"].startswith("/accounts/login/")
    # Through another place the invitation does not exist, even for its own organisation.
    client.force_login(world["leader"])
    other_place = acknowledge_url(sutton, world["invitation"])
    assert client.post(other_place).status_code == 404
    missing = reverse(
        "places:commissioning:invitation_acknowledge",
        kwargs={"place_slug": bucks.slug, "pk": 2_000_000_000},
    )
    assert client.post(missing).status_code == 404
    assert TenderInvitation.objects.for_place(bucks).get().viewed_at is None


def test_saying_so_needs_the_forms_csrf_token(bucks, council, officer):
    world = invited_world(bucks, officer, council)
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["leader"])
    url = acknowledge_url(bucks, world["invitation"])
    assert client.post(url).status_code == 403
    assert TenderInvitation.objects.for_place(bucks).get().viewed_at is None
    page = client.get(world["tender"].get_absolute_url()).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    assert client.post(url, {"csrfmiddlewaretoken": token}).status_code == 302
    assert TenderInvitation.objects.for_place(bucks).get().viewed_at is not None
