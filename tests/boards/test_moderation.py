"""Reports and moderation: who reports and who moderates, hiding with a public reason, restoring
and keeping, the placeholder wherever a hidden post shows, the queue and My work, the API, the
audit trail and the news, and tenancy (a moderator of one group or place moderates nothing else)."""

import pytest
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from boards import services
from boards.models import BoardKind, ContentReport, Position, Proposal, ProposalComment
from coordination.accounts.models import Role
from coordination.audit.models import AuditEntry
from coordination.errors import RuleViolation
from coordination.notifications.models import Notification
from coordination.places.tenancy import place_scope
from tests.support.boards import board, seat
from tests.support.factories import AreaFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/places/buckinghamshire/"
PLACEHOLDER = "Hidden by a moderator: Shares a phone number"


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def group(in_bucks, people):
    area = AreaFactory(place=in_bucks, name="Wing", kind="community_board_area")
    cb = board(in_bucks, name="Wing CB", kind=BoardKind.COMMUNITY_BOARD, area=area)
    seat(in_bucks, cb, people["chair"], position=Position.CHAIR)
    seat(in_bucks, cb, people["secretary"], position=Position.SECRETARY)
    seat(in_bucks, cb, people["member"], position=Position.MEMBER)
    return cb


@pytest.fixture
def other_group(in_bucks, people):
    area = AreaFactory(place=in_bucks, name="Amersham", kind="community_board_area")
    cb = board(in_bucks, name="Amersham CB", kind=BoardKind.COMMUNITY_BOARD, area=area)
    seat(in_bucks, cb, people["leader"], position=Position.CHAIR)
    return cb


@pytest.fixture
def idea(in_bucks, people, group):
    return services.proposal_create(
        place=in_bucks,
        actor=people["resident"],
        board=group,
        title="Call me on 07700",
        description="My number is 07700 900000",
    )


@pytest.fixture
def comment(in_bucks, people, idea):
    return services.comment_create(
        place=in_bucks, actor=people["neighbour"], proposal=idea, text="Rude words here"
    )


def as_user(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def api_as(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user=user)
    return client


def url(name, **kwargs):
    return reverse(f"places:boards:{name}", kwargs={"place_slug": "buckinghamshire", **kwargs})


def audit(place, prefix):
    return list(
        AuditEntry.objects.filter(place=place, action__startswith=prefix)
        .order_by("pk")
        .values_list("action", flat=True)
    )


# Permissions


def test_moderators_are_the_groups_officers_and_place_admins(people, group, other_group):
    from boards.permissions import can_moderate

    assert can_moderate(people["chair"], group)
    assert can_moderate(people["secretary"], group)
    assert can_moderate(people["admin"], group)
    assert not can_moderate(people["member"], group)
    assert not can_moderate(people["officer"], group)  # a council officer, no seat
    assert not can_moderate(people["resident"], group)
    assert not can_moderate(people["leader"], group)  # chairs another group
    assert can_moderate(people["leader"], other_group)


# Reporting


def test_a_report_changes_nothing_but_is_kept_once_per_person(in_bucks, people, comment):
    response = as_user(people["resident"]).post(
        url("comment_report", pk=comment.pk), {"reason": "abuse"}, follow=True
    )
    assert "Thank you, a moderator will look at it." in response.content.decode()
    comment.refresh_from_db()
    assert not comment.is_hidden
    report = ContentReport.objects.for_place(in_bucks).get()
    assert (report.comment, report.reporter, report.reason) == (
        comment,
        people["resident"],
        "abuse",
    )
    again = as_user(people["resident"]).post(
        url("comment_report", pk=comment.pk), {"reason": "spam"}
    )
    assert again.status_code == 200
    assert "You have already reported this comment." in again.content.decode()
    # The database keeps it so too.
    with pytest.raises(IntegrityError), transaction.atomic():
        ContentReport.objects.create(
            place=in_bucks, comment=comment, reporter=people["resident"], reason="spam"
        )
    assert audit(in_bucks, "boards.report") == ["boards.report.create"]


def test_something_else_needs_a_detail(people, idea):
    response = as_user(people["neighbour"]).post(
        url("idea_report", pk=idea.pk), {"reason": "other"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "Say what is wrong with the post." in page
    with pytest.raises(RuleViolation):
        services.report_create(
            place=idea.place, actor=people["neighbour"], post=idea, reason="other", detail=""
        )


def test_visitors_sign_in_to_report(people, idea):
    response = as_user().get(url("idea_report", pk=idea.pk))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_moderators_are_told_of_a_report_in_their_digest(in_bucks, people, idea):
    services.report_create(place=in_bucks, actor=people["neighbour"], post=idea, reason="personal")
    told = Notification.objects.for_place(in_bucks).filter(kind="boards_report_to_review")
    assert sorted(n.user.name for n in told) == ["Ada Admin", "Cara Chair", "Sam Secretary"]
    assert all(n.in_digest and not n.emailed for n in told)


# Hiding, restoring, keeping


def test_hiding_leaves_the_reason_everywhere_and_the_words_to_author_and_moderators(
    in_bucks, people, idea, group
):
    services.report_create(place=in_bucks, actor=people["neighbour"], post=idea, reason="personal")
    response = as_user(people["secretary"]).post(
        url("idea_hide", pk=idea.pk), {"reason": "Shares a phone number"}
    )
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.is_hidden and idea.hidden_by == people["secretary"]
    report = ContentReport.objects.for_place(in_bucks).get()
    assert (report.outcome, report.resolved_by) == ("hidden", people["secretary"])

    for viewer in (None, people["neighbour"], people["member"]):
        for page in (
            url("proposal_detail", pk=idea.pk),
            url("proposal_list", pk=group.pk),
        ):
            text = as_user(viewer).get(page).content.decode()
            assert PLACEHOLDER in text, (viewer, page)
            assert "07700" not in text, (viewer, page)
        body = api_as(viewer).get(f"{API}proposals/{idea.pk}/").json()
        assert (body["title"], body["description"], body["hidden"]) == (PLACEHOLDER, "", True)
    for viewer in (people["resident"], people["chair"], people["admin"]):
        text = as_user(viewer).get(url("proposal_detail", pk=idea.pk)).content.decode()
        assert "My number is 07700 900000" in text and PLACEHOLDER in text
        listed = as_user(viewer).get(url("proposal_list", pk=group.pk)).content.decode()
        assert "Call me on 07700 (hidden by a moderator)" in listed
    # A hidden idea takes no support.
    with pytest.raises(RuleViolation) as exc:
        services.proposal_support(place=in_bucks, actor=people["neighbour"], proposal=idea)
    assert exc.value.messages == ["A moderator hid this idea; it takes no support."]
    told = Notification.objects.for_place(in_bucks).get(kind="boards_post_moderated")
    assert told.user == people["resident"]
    assert told.body == "Why: Shares a phone number"
    assert audit(in_bucks, "boards.proposal.hide") == ["boards.proposal.hide"]
    assert audit(in_bucks, "boards.report.resolve") == ["boards.report.resolve"]


def test_a_hidden_idea_shows_as_a_placeholder_in_you_said_we_did_and_my_work(
    in_bucks, people, idea, group
):
    services.proposal_answer(
        place=in_bucks, actor=people["chair"], proposal=idea, status="accepted", answer="Yes"
    )
    services.post_hide(
        place=in_bucks, actor=people["chair"], post=idea, reason="Shares a phone number"
    )
    text = as_user().get(url("you_said_we_did", pk=group.pk)).content.decode()
    assert PLACEHOLDER in text and "07700" not in text
    mine = as_user(people["resident"]).get("/buckinghamshire/my-work/").content.decode()
    assert "Call me on 07700 (hidden by a moderator)" in mine


def test_a_hidden_comment_shows_its_reason_and_restores_with_a_reason(
    in_bucks, people, idea, comment
):
    services.post_hide(place=in_bucks, actor=people["admin"], post=comment, reason="Abusive")
    public = as_user(people["member"]).get(url("proposal_detail", pk=idea.pk)).content.decode()
    assert "Hidden by a moderator: Abusive" in public
    assert "Rude words here" not in public
    own = as_user(people["neighbour"]).get(url("proposal_detail", pk=idea.pk)).content.decode()
    assert "Rude words here" in own
    api = api_as().get(f"{API}proposals/{idea.pk}/comments/").json()["results"]
    assert api[0]["text"] == "Hidden by a moderator: Abusive"
    missing = as_user(people["chair"]).post(url("comment_restore", pk=comment.pk), {"reason": ""})
    assert missing.status_code == 200 and "govuk-error-summary" in missing.content.decode()
    as_user(people["chair"]).post(
        url("comment_restore", pk=comment.pk), {"reason": "Reworded by the author"}
    )
    comment.refresh_from_db()
    assert not comment.is_hidden and comment.hidden_reason == ""
    assert "Rude words here" in as_user().get(url("proposal_detail", pk=idea.pk)).content.decode()
    entry = AuditEntry.objects.filter(place=in_bucks, action="boards.comment.restore").get()
    assert entry.changes["reason"] == "Reworded by the author"


def test_keeping_closes_the_reports_and_leaves_the_post_up(in_bucks, people, comment):
    services.report_create(place=in_bucks, actor=people["resident"], post=comment, reason="spam")
    services.report_create(place=in_bucks, actor=people["member"], post=comment, reason="abuse")
    as_user(people["chair"]).post(url("comment_keep", pk=comment.pk) + "?back=queue", {})
    reports = ContentReport.objects.for_place(in_bucks)
    assert {r.outcome for r in reports} == {"kept"}
    comment.refresh_from_db()
    assert not comment.is_hidden
    with pytest.raises(RuleViolation):
        services.post_keep(place=in_bucks, actor=people["chair"], post=comment)
    # With the earlier report closed, the same person may report it again.
    services.report_create(place=in_bucks, actor=people["resident"], post=comment, reason="spam")


def test_only_moderators_of_the_group_hide_restore_or_keep(in_bucks, people, idea, comment):
    for person in (people["member"], people["leader"], people["officer"], people["neighbour"]):
        for name, pk in (("idea_hide", idea.pk), ("comment_hide", comment.pk)):
            response = as_user(person).post(url(name, pk=pk), {"reason": "No"})
            assert response.status_code == 403, (person, name)
        response = api_as(person).post(
            f"{API}comments/{comment.pk}/hide/", {"reason": "No"}, format="json"
        )
        assert response.status_code == 403
    assert not Proposal.objects.for_place(in_bucks).filter(hidden_at__isnull=False).exists()
    assert not ProposalComment.objects.for_place(in_bucks).filter(hidden_at__isnull=False).exists()


def test_a_moderator_of_another_place_moderates_nothing_here(
    in_bucks, people, idea, comment, sutton, make_member
):
    sutton_admin = make_member(sutton, Role.PLACE_ADMIN)
    for name, pk in (("idea_hide", idea.pk), ("comment_hide", comment.pk)):
        response = as_user(sutton_admin).post(url(name, pk=pk), {"reason": "No"})
        assert response.status_code in (403, 404)
    other = f"/api/v1/places/sutton/comments/{comment.pk}/hide/"
    assert api_as(sutton_admin).post(other, {"reason": "No"}, format="json").status_code == 404
    assert api_as(sutton_admin).get(f"{API}moderation/reports/").status_code == 403
    idea.refresh_from_db()
    comment.refresh_from_db()
    assert not idea.is_hidden and not comment.is_hidden


# The queue and My work


def test_the_queue_groups_open_reports_by_post_for_its_moderators(
    in_bucks, people, idea, comment, other_group
):
    services.report_create(place=in_bucks, actor=people["resident"], post=comment, reason="abuse")
    services.report_create(place=in_bucks, actor=people["member"], post=comment, reason="abuse")
    services.report_create(
        place=in_bucks, actor=people["neighbour"], post=idea, reason="other", detail="A phone no."
    )
    elsewhere = services.proposal_create(
        place=in_bucks, actor=people["resident"], board=other_group, title="Far", description="x"
    )
    services.report_create(place=in_bucks, actor=people["neighbour"], post=elsewhere, reason="spam")

    page = as_user(people["chair"]).get(url("moderation")).content.decode()
    assert f'id="comment-{comment.pk}"' in page and f'id="idea-{idea.pk}"' in page
    assert "2 reports" in page and "Abusive, hateful or discriminatory (2)" in page
    assert "A phone no." in page
    assert f'id="idea-{elsewhere.pk}"' not in page  # another group's
    admin_page = as_user(people["admin"]).get(url("moderation")).content.decode()
    assert f'id="idea-{elsewhere.pk}"' in admin_page
    assert as_user(people["member"]).get(url("moderation")).status_code == 403
    assert as_user().get(url("moderation")).status_code == 302

    work = as_user(people["chair"]).get("/buckinghamshire/my-work/").content.decode()
    assert "Reports to review" in work
    assert "A comment on “Call me on 07700”" in work

    services.post_hide(place=in_bucks, actor=people["chair"], post=comment, reason="Abusive")
    page = as_user(people["chair"]).get(url("moderation")).content.decode()
    assert f'id="comment-{comment.pk}"' not in page
    assert f'id="hidden-comment-{comment.pk}"' in page


def test_the_reports_api_is_for_moderators_only(in_bucks, people, idea):
    services.report_create(place=in_bucks, actor=people["neighbour"], post=idea, reason="spam")
    reports = f"{API}moderation/reports/"
    assert api_as().get(reports).status_code == 401
    assert api_as(people["neighbour"]).get(reports).status_code == 403
    body = api_as(people["secretary"]).get(reports).json()
    assert [(r["kind"], r["proposal"], r["reason"]) for r in body["results"]] == [
        ("idea", idea.pk, "spam")
    ]
    hidden = api_as(people["secretary"]).post(
        f"{API}proposals/{idea.pk}/hide/", {"reason": "Spam"}, format="json"
    )
    assert hidden.status_code == 200 and hidden.json()["hidden_reason"] == "Spam"
    assert api_as(people["secretary"]).get(reports).json()["results"] == []
    again = api_as(people["secretary"]).post(
        f"{API}proposals/{idea.pk}/hide/", {"reason": "Spam"}, format="json"
    )
    assert again.status_code == 400
    restored = api_as(people["secretary"]).post(
        f"{API}proposals/{idea.pk}/restore/", {"reason": "A mistake"}, format="json"
    )
    assert restored.status_code == 200 and restored.json()["hidden"] is False


def test_api_reports_answer_with_thanks_and_refuse_a_second(in_bucks, people, comment):
    url_ = f"{API}comments/{comment.pk}/report/"
    assert api_as().post(url_, {"reason": "spam"}, format="json").status_code == 401
    first = api_as(people["resident"]).post(url_, {"reason": "spam"}, format="json")
    assert first.status_code == 201
    assert first.json() == {"detail": "Thank you, a moderator will look at it."}
    second = api_as(people["resident"]).post(url_, {"reason": "spam"}, format="json")
    assert second.status_code == 400
    other = api_as(people["member"]).post(url_, {"reason": "other"}, format="json")
    assert other.status_code == 400 and "detail" in other.json()["error"]["fields"]
    with place_scope(in_bucks):
        assert ContentReport.objects.for_place(in_bucks).count() == 1
