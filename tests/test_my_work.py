"""My work: what waits on a person, gathered from the sections apps register, overdue first."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from coordination.accounts.models import Role
from coordination.places.models import Area
from coordination.work.registry import WorkItem, WorkSection, register_work, unregister_work

pytestmark = pytest.mark.django_db


def _items(place, user, roles, now):
    today = timezone.localdate()
    return [
        WorkItem(title="Later thing", url="/later/", due=today + timedelta(days=9)),
        WorkItem(title="Undated thing", url="/undated/"),
        WorkItem(title="Late thing", url="/late/", due=today - timedelta(days=2), status="Open"),
        WorkItem(title="Soon thing", url="/soon/", due=now + timedelta(hours=5), detail="A board"),
    ]


def _broken(place, user, roles, now):
    raise RuntimeError("a section that fails")


@pytest.fixture(autouse=True)
def sections():
    register_work(
        WorkSection(
            key="test_things",
            title="Test things",
            items=_items,
            empty="Your test things appear here.",
            order=1,
        )
    )
    register_work(
        WorkSection(
            key="test_funders_only",
            title="Funders' test things",
            items=lambda place, user, roles, now: [],
            empty="Bids awaiting your decision appear here.",
            relevant=lambda place, user, roles: Role.FUNDER in roles,
            order=2,
        )
    )
    yield
    unregister_work("test_things")
    unregister_work("test_funders_only")
    unregister_work("test_broken")


def page(client, place, person):
    client.force_login(person)
    return client.get(reverse("places:my_work", kwargs={"place_slug": place.slug})).content.decode()


def test_overdue_first_then_soonest_then_undated(client, bucks, make_member):
    text = page(client, bucks, make_member(bucks, Role.RESIDENT))
    order = [text.index(t) for t in ("Late thing", "Soon thing", "Later thing", "Undated thing")]
    assert order == sorted(order)
    assert "4 things are waiting on you." in text and "1 is overdue." in text
    assert "Overdue" in text and "A board" in text


def test_a_section_shows_only_to_those_it_concerns_with_its_empty_state(client, bucks, make_member):
    assert "Funders’ test things" not in page(client, bucks, make_member(bucks, Role.RESIDENT))
    funder_page = page(client, bucks, make_member(bucks, Role.FUNDER))
    assert "Bids awaiting your decision appear here." in funder_page


def test_a_failing_section_does_not_take_the_page_down(client, bucks, make_member):
    register_work(WorkSection(key="test_broken", title="Broken", items=_broken, empty="-", order=3))
    text = page(client, bucks, make_member(bucks, Role.RESIDENT))
    assert "could not be shown just now" in text
    assert "Late thing" in text


def test_signed_out_people_are_asked_to_sign_in(client, bucks):
    response = client.get(reverse("places:my_work", kwargs={"place_slug": bucks.slug}))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_home_page_shows_the_first_few_of_each_section(client, bucks, make_member):
    client.force_login(make_member(bucks, Role.RESIDENT))
    text = client.get(reverse("places:home", kwargs={"place_slug": bucks.slug})).content.decode()
    assert "3 of 4" in text
    assert "Late thing" in text and "Undated thing" not in text
    assert "See all my work" in text


def test_across_places_each_place_with_its_own_work(client, bucks, coventry, make_member):
    person = make_member(bucks, Role.RESIDENT)
    from tests.support.factories import MembershipFactory

    MembershipFactory(place=coventry, user=person, role=Role.FUNDER, organisation=None)
    client.force_login(person)
    text = client.get(reverse("my_work_everywhere")).content.decode()
    assert "Buckinghamshire" in text and "Coventry" in text
    # The funders' section is Coventry's only: this person is a funder there, not in Bucks.
    assert text.count("Bids awaiting your decision appear here.") == 1
    assert text.index("Buckinghamshire") < text.index("Coventry")


def test_a_long_section_shows_its_first_twenty_then_all_on_request(client, bucks, make_member):
    today = timezone.localdate()
    register_work(
        WorkSection(
            key="test_broken",
            title="Many things",
            items=lambda place, user, roles, now: [
                WorkItem(title=f"Thing {n:02d}", url="/", due=today + timedelta(days=n))
                for n in range(25)
            ],
            empty="-",
            order=3,
        )
    )
    text = page(client, bucks, make_member(bucks, Role.RESIDENT))
    assert "Thing 19" in text and "Thing 20" not in text
    assert "Show all 25" in text
    url = reverse("places:my_work", kwargs={"place_slug": bucks.slug})
    full = client.get(f"{url}?show=test_broken").content.decode()
    assert "Thing 24" in full and "Show all 25" not in full


@pytest.fixture
def counted():
    """A section that says how many times it has been read."""
    reads = []

    def items(place, user, roles, now):
        reads.append(user.pk)
        if len(reads) == 1 and getattr(items, "fail_first", False):
            raise RuntimeError("a section that fails once")
        return [WorkItem(title=f"Read {len(reads)} times", url="/counted/")]

    register_work(WorkSection(key="test_counted", title="Counted", items=items, empty="-", order=3))
    items.reads = reads
    yield items
    unregister_work("test_counted")


def test_a_persons_work_is_kept_until_their_place_changes(
    client, bucks, make_member, counted, settings
):
    settings.MY_WORK_CACHE_SECONDS = 120
    ann, bob = make_member(bucks, Role.RESIDENT), make_member(bucks, Role.RESIDENT)
    assert "Read 1 times" in page(client, bucks, ann)
    assert "Read 1 times" in page(client, bucks, ann)  # kept: not read again
    # Each person's own: Bob's work is read for him, never Ann's copy.
    assert "Read 2 times" in page(client, bucks, bob)
    assert counted.reads == [ann.pk, bob.pk]
    # Any write to the place's data shows on the next request.
    Area.objects.create(place=bucks, name="Newtown", slug="newtown", kind="ward")
    assert "Read 3 times" in page(client, bucks, ann)


def test_a_read_with_a_failed_section_is_not_kept(client, bucks, make_member, counted, settings):
    settings.MY_WORK_CACHE_SECONDS = 120
    counted.fail_first = True
    ann = make_member(bucks, Role.RESIDENT)
    assert "could not be shown just now" in page(client, bucks, ann)
    text = page(client, bucks, ann)
    assert "Read 2 times" in text and "could not be shown" not in text
