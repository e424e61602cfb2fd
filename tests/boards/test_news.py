"""News boards tell people of their own work: an action given to them, their subgroup's report-back
answered, their idea answered; each told once per event, by email, in the digest or only in the
app as the person prefers, never to the one who made the change nor to anyone outside the place.
An overdue action is a reminder, sent once per action however often the reminders run."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from boards import services
from boards.models import BoardKind, Position, ProposalStatus, ResponseStatus
from coordination.accounts.models import Role
from coordination.notifications import delivery, dispatch
from coordination.notifications.models import Notification, OutboxEmail
from coordination.notifications.services import preference_update
from coordination.places.models import AreaKind
from tests.support.boards import board, meeting, seat, subgroup
from tests.support.funding import make_area

pytestmark = pytest.mark.django_db

ASSIGNED = "boards_action_assigned"
REPORT_BACK = "boards_report_back_answered"
IDEA = "boards_idea_answered"


@pytest.fixture(autouse=True)
def _no_delivery_tasks(settings):
    settings.NOTIFICATIONS_DELIVER_ON_COMMIT = False
    settings.SITE_URL = "https://inplace.example"


def told(place, kind, person=None):
    qs = Notification.objects.for_place(place).filter(kind=kind)
    if person is not None:
        qs = qs.filter(user=person)
    return list(qs.order_by("pk"))


def emailed(place, kind, person=None):
    qs = OutboxEmail.objects.for_place(place).filter(kind=f"news:{kind}")
    if person is not None:
        qs = qs.filter(recipient=person)
    return list(qs.order_by("pk"))


def prefer(place, person, kind, delivery_choice):
    preference_update(
        place=place,
        actor=person,
        digest="weekly",
        news={kind: delivery_choice},
    )


@pytest.fixture
def recovery(in_bucks, people):
    b = board(in_bucks)
    seat(in_bucks, b, people["chair"], Position.CHAIR)
    seat(in_bucks, b, people["secretary"], Position.SECRETARY)
    seat(in_bucks, b, people["member"])
    return b


def test_an_action_given_to_someone_is_told_to_them_once(in_bucks, people, recovery):
    due = timezone.localdate() + timedelta(days=10)
    action = services.action_create(
        place=in_bucks,
        actor=people["chair"],
        board=recovery,
        title="Map the warm spaces",
        owner=people["member"],
        due_on=due,
    )
    [note] = told(in_bucks, ASSIGNED, people["member"])
    assert note.title == "An action for you from Recovery Board: Map the warm spaces"
    assert note.url == f"/buckinghamshire/boards/actions/{action.pk}/"
    assert note.emailed
    [email] = emailed(in_bucks, ASSIGNED, people["member"])
    assert email.to_email == people["member"].email
    # Changing something else, or saving the same owner again, tells nobody again.
    services.action_edit(
        place=in_bucks, actor=people["chair"], action=action, title="Map every warm space"
    )
    services.action_edit(
        place=in_bucks, actor=people["chair"], action=action, owner=people["member"]
    )
    assert len(told(in_bucks, ASSIGNED)) == 1
    # Handed to the secretary, who prefers the digest: told, not emailed.
    prefer(in_bucks, people["secretary"], ASSIGNED, "digest")
    services.action_edit(
        place=in_bucks, actor=people["chair"], action=action, owner=people["secretary"]
    )
    [note] = told(in_bucks, ASSIGNED, people["secretary"])
    assert note.in_digest and not note.emailed
    assert emailed(in_bucks, ASSIGNED, people["secretary"]) == []
    # Handed back: a new event, told again.
    services.action_edit(
        place=in_bucks, actor=people["chair"], action=action, owner=people["member"]
    )
    assert len(told(in_bucks, ASSIGNED, people["member"])) == 2
    assert len(emailed(in_bucks, ASSIGNED, people["member"])) == 2
    # Whoever gives themselves an action is not told of it.
    services.action_create(
        place=in_bucks,
        actor=people["chair"],
        board=recovery,
        title="My own job",
        owner=people["chair"],
        due_on=due,
    )
    assert told(in_bucks, ASSIGNED, people["chair"]) == []


def test_the_email_of_an_action_reaches_the_owner_with_a_way_to_stop_it(in_bucks, people, recovery):
    services.action_create(
        place=in_bucks,
        actor=people["chair"],
        board=recovery,
        title="Phone the food bank",
        owner=people["member"],
        due_on=timezone.localdate() + timedelta(days=3),
    )
    delivery.deliver_outbox()
    [message] = mail.outbox
    assert message.to == [people["member"].email]
    assert message.subject == "An action for you from Recovery Board: Phone the food bank"
    assert "List-Unsubscribe" in message.extra_headers


def test_someone_outside_the_place_is_told_nothing(
    in_bucks, people, recovery, coventry, make_member
):
    stranger = make_member(coventry, Role.CHARITY_LEADER, name="Cov Only")
    services.action_create(
        place=in_bucks,
        actor=people["chair"],
        board=recovery,
        title="Not for a stranger",
        owner=stranger,
        due_on=timezone.localdate() + timedelta(days=3),
    )
    assert told(in_bucks, ASSIGNED) == []
    assert emailed(in_bucks, ASSIGNED) == []


def test_a_report_back_answered_is_told_to_the_subgroup_officers_and_its_author(
    in_bucks, people, recovery, make_member
):
    housing = subgroup(in_bucks, recovery)
    seat(in_bucks, housing, people["chair"], Position.CHAIR)
    seat(in_bucks, housing, people["leader"], Position.SECRETARY)
    author = make_member(in_bucks, Role.CHARITY_LEADER, name="Ari Author")
    seat(in_bucks, housing, author)  # a member, told as the one who submitted it
    seat(in_bucks, housing, people["member"])  # a plain member is not told
    parent_meeting = meeting(in_bucks, recovery, in_days=20)
    report_back = housing.report_backs.get(parent_meeting=parent_meeting)
    services.report_back_submit(
        place=in_bucks,
        actor=author,
        report_back=report_back,
        summary="We mapped the hostels",
        recommendations=["Fund two more hostel places"],
    )
    [recommendation] = report_back.recommendations.all()
    prefer(in_bucks, people["leader"], REPORT_BACK, "off")
    for _twice in range(2):
        services.recommendation_respond(
            place=in_bucks,
            actor=people["secretary"],
            recommendation=recommendation,
            response_status=ResponseStatus.ACCEPTED,
            response="Agreed.",
        )
    notes = told(in_bucks, REPORT_BACK)
    assert sorted(n.user.name for n in notes) == ["Ari Author", "Cara Chair", "Lee Outsider"]
    assert (
        notes[0].title == "Recovery Board responded to Housing subgroup’s recommendation: Accepted"
    )
    assert "Fund two more hostel places" in notes[0].body and "Agreed." in notes[0].body
    # The one who turned this news off sees it in the app only.
    assert sorted(e.recipient.name for e in emailed(in_bucks, REPORT_BACK)) == [
        "Ari Author",
        "Cara Chair",
    ]
    [off] = told(in_bucks, REPORT_BACK, people["leader"])
    assert not off.emailed and not off.in_digest
    # A changed response is news again; the chair answering tells the others, not themselves.
    services.recommendation_respond(
        place=in_bucks,
        actor=people["chair"],
        recommendation=recommendation,
        response_status=ResponseStatus.NOTED,
        response="Noted for next year.",
    )
    assert len(told(in_bucks, REPORT_BACK, people["chair"])) == 1
    assert len(told(in_bucks, REPORT_BACK, author)) == 2
    assert told(in_bucks, REPORT_BACK, people["member"]) == []


def test_an_idea_answered_is_told_to_its_proposer_and_supporters_once_per_answer(
    in_bucks, people, coventry, make_member
):
    area = make_area(in_bucks, "Wycombe area", kind=AreaKind.COMMUNITY_BOARD_AREA)
    cb = board(in_bucks, name="Wycombe Community Board", kind=BoardKind.COMMUNITY_BOARD, area=area)
    seat(in_bucks, cb, people["secretary"], Position.SECRETARY)
    idea = services.proposal_create(
        place=in_bucks,
        actor=people["resident"],
        board=cb,
        title="A community fridge",
        description="Share surplus food",
    )
    services.proposal_support(place=in_bucks, actor=people["neighbour"], proposal=idea)
    prefer(in_bucks, people["neighbour"], IDEA, "digest")
    for _twice in range(2):
        services.proposal_answer(
            place=in_bucks,
            actor=people["secretary"],
            proposal=idea,
            status=ProposalStatus.ACCEPTED,
            answer="We will find a site.",
        )
    [mine] = told(in_bucks, IDEA, people["resident"])
    assert mine.title == "Wycombe Community Board answered your idea “A community fridge”: accepted"
    assert mine.body == "We will find a site."
    assert mine.url == f"/buckinghamshire/boards/ideas/{idea.pk}/"
    assert len(emailed(in_bucks, IDEA, people["resident"])) == 1
    [theirs] = told(in_bucks, IDEA, people["neighbour"])
    assert theirs.title.startswith("Wycombe Community Board answered an idea you support")
    assert theirs.in_digest and emailed(in_bucks, IDEA, people["neighbour"]) == []
    assert told(in_bucks, IDEA, people["secretary"]) == []
    # The next answer is news again.
    services.proposal_answer(
        place=in_bucks,
        actor=people["secretary"],
        proposal=idea,
        status=ProposalStatus.DONE,
        answer="Open at the library.",
    )
    assert len(told(in_bucks, IDEA, people["resident"])) == 2
    # A proposer who left the place is told nothing.
    leaver = make_member(coventry, Role.RESIDENT, name="Gone Away")
    other = services.proposal_create(
        place=in_bucks, actor=leaver, board=cb, title="A skate park", description="x"
    )
    services.proposal_answer(
        place=in_bucks, actor=people["secretary"], proposal=other, status=ProposalStatus.ACCEPTED
    )
    assert told(in_bucks, IDEA, leaver) == []


def test_an_overdue_action_is_reminded_once_however_often_the_reminders_run(
    in_bucks, people, recovery
):
    action = services.action_create(
        place=in_bucks,
        actor=people["chair"],
        board=recovery,
        title="Send the survey",
        owner=people["member"],
        due_on=timezone.localdate() - timedelta(days=2),
    )
    now = timezone.now()
    for later in (0, 1, 5):
        dispatch.dispatch_due_reminders(now=now + timedelta(days=later, hours=later))
    overdue = OutboxEmail.objects.for_place(in_bucks).filter(
        kind="reminder:boards_action_overdue", recipient=people["member"]
    )
    assert overdue.count() == 1
    assert "Send the survey" in overdue.get().subject
    notes = Notification.objects.for_place(in_bucks).filter(kind="reminder:boards_action_overdue")
    assert [n.url for n in notes] == [f"/buckinghamshire/boards/actions/{action.pk}/"]
