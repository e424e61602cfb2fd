"""My work and news about a person's own work in a real browser: the page, the home page's panel
and the page across places, following a notification, choosing how news arrives and seeing one's
own digest; each checked with axe-core and at 320 px wide."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from coordination.accounts.models import Role
from coordination.notifications.models import NotificationPreference
from coordination.notifications.registry import NewsKind, register_news, unregister
from coordination.notifications.services import tell
from coordination.work.registry import WorkItem, WorkSection, register_work, unregister_work
from tests.support.factories import MembershipFactory

pytestmark = pytest.mark.django_db(transaction=True)

KIND = "browser_test_news"


def _items(place, user, roles, now):
    today = timezone.localtime(now, place.tz).date()
    return [
        WorkItem(
            title="Send the housing subgroup's report",
            url=f"/{place.slug}/",
            due=today - timezone.timedelta(days=3),
            status="Open",
            detail="Recovery Board",
        ),
        WorkItem(
            title="Read the papers for Thursday's meeting",
            url=f"/{place.slug}/",
            due=today + timezone.timedelta(days=2),
            detail="Housing subgroup",
        ),
    ]


@pytest.fixture(autouse=True)
def registered():
    register_work(
        WorkSection(
            key="browser_test_work",
            title="Things to do",
            items=_items,
            empty="Your things to do appear here.",
            audience="Everyone",
            order=1,
        )
    )
    register_news(NewsKind(kind=KIND, label="A decision about your work", order=999))
    yield
    unregister_work("browser_test_work")
    unregister(news=KIND)


@pytest.fixture
def person(bucks, coventry, make_member):
    leader = make_member(bucks, Role.CHARITY_LEADER, email="chi@example.org", name="Chi Leader")
    MembershipFactory(place=coventry, user=leader, role=Role.RESIDENT, organisation=None)
    return leader


def test_my_work_at_home_in_a_place_and_across_places(
    page, live_server, axe_check, reflow_check, sign_in, bucks, person, password
):
    sign_in(page, "chi@example.org", password)
    page.goto(f"{live_server.url}/buckinghamshire/")
    panel = page.locator("section[aria-labelledby=my-work-heading]")
    expect(panel).to_contain_text("2 things are waiting on you.")
    expect(panel).to_contain_text("1 is overdue.")
    axe_check(page)

    page.get_by_role("link", name="My work", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("My work")
    items = page.locator(".inplace-work-list__item")
    expect(items.first).to_contain_text("Send the housing subgroup's report")
    expect(items.first.locator(".govuk-tag")).to_have_text("Overdue")
    expect(items.nth(1)).to_contain_text("Due ")
    axe_check(page)
    reflow_check(page)

    page.get_by_role("link", name="See your work in all your places").click()
    expect(page.get_by_role("heading", level=2, name="Buckinghamshire")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="Coventry")).to_be_visible()
    axe_check(page)
    reflow_check(page)


def test_news_arrives_as_chosen_and_a_person_sees_their_own_digest(
    page, live_server, axe_check, reflow_check, sign_in, bucks, person, password
):
    tell(
        place=bucks,
        user=person,
        kind=KIND,
        key="first",
        title="Your bid “Hot meals” was awarded £5,000",
        url="/buckinghamshire/my-work/",
    )
    sign_in(page, "chi@example.org", password)
    page.goto(f"{live_server.url}/buckinghamshire/notifications/")
    page.get_by_role("link", name="Your bid “Hot meals” was awarded £5,000").click()
    expect(page).to_have_url(f"{live_server.url}/buckinghamshire/my-work/")
    page.goto(f"{live_server.url}/buckinghamshire/notifications/")
    expect(page.locator(".govuk-tag", has_text="Unread")).to_have_count(0)

    page.get_by_role("link", name="Choose which reminders and digests you get").click()
    group = page.get_by_role("group", name="A decision about your work")
    expect(group.get_by_label("Email at once")).to_be_checked()
    group.get_by_label("In my digest").check()
    page.get_by_role("button", name="Save preferences").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    axe_check(page)
    reflow_check(page)
    preference = NotificationPreference.objects.for_place(bucks).get(user=person)
    assert preference.news == {KIND: "digest"}

    tell(
        place=bucks,
        user=person,
        kind=KIND,
        key="second",
        title="Feedback on your bid “Warm spaces” is ready",
        url="/buckinghamshire/",
    )
    page.get_by_role("link", name="See your digest as it would be now").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your digest")
    frame = page.frame_locator("iframe.inplace-email-preview")
    expect(frame.get_by_text("Feedback on your bid “Warm spaces” is ready")).to_be_visible()
    axe_check(page)
    reflow_check(page)
