"""The report-back flow: due before each parent meeting, onto its agenda, responses carried back."""

from datetime import timedelta

import pytest
from django.urls import reverse

from boards import services
from boards.models import BoardKind, Position, ReportBackStatus, ResponseStatus
from coordination.errors import RuleViolation
from coordination.notifications.models import Notification
from tests.support.boards import board, meeting, seat, subgroup

pytestmark = pytest.mark.django_db


@pytest.fixture
def flow(in_bucks, people):
    parent = board(in_bucks, name="Recovery Board")
    housing = subgroup(in_bucks, parent, name="Housing subgroup", report_back_lead_days=10)
    food = subgroup(in_bucks, parent, name="Food subgroup")
    seat(in_bucks, parent, people["chair"], Position.CHAIR)
    seat(in_bucks, housing, people["secretary"], Position.CHAIR)
    board_meeting = meeting(in_bucks, parent, in_days=21, title="Recovery Board, March")
    return {"parent": parent, "housing": housing, "food": food, "meeting": board_meeting}


def test_scheduling_a_parent_meeting_makes_a_report_back_due_from_every_active_subgroup(flow):
    rbs = {rb.subgroup.name: rb for rb in flow["meeting"].report_backs.all()}
    assert set(rbs) == {"Housing subgroup", "Food subgroup"}
    starts = flow["meeting"].starts_at
    assert rbs["Housing subgroup"].due_at == starts - timedelta(days=10)  # its own lead time
    assert rbs["Food subgroup"].due_at == starts - timedelta(days=7)  # the default
    assert all(rb.status == ReportBackStatus.DUE for rb in rbs.values())


def test_a_new_subgroup_owes_the_parent_boards_coming_meetings(flow, in_bucks):
    late = subgroup(in_bucks, flow["parent"], name="Health subgroup")
    assert late.report_backs.get().parent_meeting == flow["meeting"]


def test_submitting_puts_it_on_the_parent_agenda_and_responses_come_back(flow, in_bucks, people):
    rb = flow["meeting"].report_backs.get(subgroup=flow["housing"])
    services.report_back_submit(
        place=in_bucks,
        actor=people["secretary"],
        report_back=rb,
        summary="We mapped empty homes.",
        progress="Three landlords signed up.",
        asks="A council contact for void properties.",
        recommendations=["Fund a empty-homes officer", "", "Share the landlord list"],
    )
    rb.refresh_from_db()
    assert rb.status == ReportBackStatus.SUBMITTED
    item = rb.agenda_item
    assert item.meeting == flow["meeting"]
    assert item.title == "Report-back from Housing subgroup"
    assert [r.text for r in rb.recommendations.all()] == [
        "Fund a empty-homes officer",
        "Share the landlord list",
    ]
    # The parent board's chair is told.
    assert (
        Notification.objects.for_place(in_bucks)
        .filter(user=people["chair"], kind="boards.report_back")
        .exists()
    )

    first = rb.recommendations.first()
    services.recommendation_respond(
        place=in_bucks,
        actor=people["chair"],
        recommendation=first,
        response_status=ResponseStatus.ACCEPTED,
        response="Agreed; the council will fund it for a year.",
    )
    # The subgroup sees the response on its report-back page.
    from django.test import Client

    client = Client()
    client.force_login(people["secretary"])
    url = reverse(
        "places:boards:report_back_detail", kwargs={"place_slug": "buckinghamshire", "pk": rb.pk}
    )
    page = client.get(url).content.decode()
    assert "Agreed; the council will fund it for a year." in page
    assert "Accepted" in page
    assert (
        Notification.objects.for_place(in_bucks)
        .filter(user=people["secretary"], kind="boards_report_back_answered")
        .exists()
    )


def test_it_cannot_be_submitted_twice(flow, in_bucks, people):
    rb = flow["meeting"].report_backs.get(subgroup=flow["housing"])
    services.report_back_submit(
        place=in_bucks, actor=people["secretary"], report_back=rb, summary="x"
    )
    with pytest.raises(RuleViolation, match="already been submitted"):
        services.report_back_submit(
            place=in_bucks, actor=people["secretary"], report_back=rb, summary="y"
        )
    assert flow["meeting"].agenda_items.count() == 1


def test_a_report_back_to_a_board_that_is_not_the_parent_is_refused(flow, in_bucks):
    other = board(in_bucks, name="Partnership Group", kind=BoardKind.PARTNERSHIP_GROUP)
    other_meeting = meeting(in_bucks, other)
    with pytest.raises(RuleViolation) as exc:
        services.report_back_open(
            place=in_bucks, actor=None, subgroup=flow["housing"], parent_meeting=other_meeting
        )
    assert exc.value.message_dict["parent_meeting"] == [
        "A subgroup reports back only to meetings of its parent board, Recovery Board."
    ]


def test_declining_a_recommendation_needs_a_reason(flow, in_bucks, people):
    rb = flow["meeting"].report_backs.get(subgroup=flow["housing"])
    services.report_back_submit(
        place=in_bucks,
        actor=people["secretary"],
        report_back=rb,
        summary="x",
        recommendations=["Do it"],
    )
    with pytest.raises(RuleViolation) as exc:
        services.recommendation_respond(
            place=in_bucks,
            actor=people["chair"],
            recommendation=rb.recommendations.get(),
            response_status=ResponseStatus.DECLINED,
        )
    assert exc.value.message_dict["response"] == ["Say why the board does not accept it."]
