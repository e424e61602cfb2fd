"""Many nodes: two web nodes, two Celery workers and one beat on one database and one Redis (the
cluster of conftest.py), seen as people see them.

- Signing in on one node signs you in on the other; signing out on either signs you out on both;
  failed sign-ins count on every node together (the lockout lives in the shared cache).
- A place changed through the admin on one node is served as changed by the other within
  PLACE_CACHE_SECONDS (each node keeps the places it read for that long).
- A digest due once is emailed once, though beat's tick and two repeated ticks run on both
  workers at once; an invitation made on one node is emailed once.
- A change on one node that fires a webhook is delivered once to a receiver on loopback.
- The whole cluster ran through PgBouncer in transaction mode, and a worker built a person's
  "download your data" file (Django's .iterator()) through it.
"""

import random
import re
import time
from collections import Counter
from datetime import timedelta
from html.parser import HTMLParser

import pytest
import requests
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from coordination.accounts.models import Role
from coordination.notifications.models import DIGEST_KIND, Notification, OutboxEmail, OutboxStatus
from coordination.notifications.schedules import NAME_PREFIX
from coordination.notifications.tasks import deliver_outbox, dispatch_digests
from coordination.personal_data.models import DataRequest, Status
from coordination.personal_data.services import export_request
from coordination.webhooks.models import DeliveryStatus, WebhookDelivery
from coordination.webhooks.services import subscription_create
from coordination.webhooks.tasks import deliver_webhooks
from tests.support.factories import UserFactory, api_token
from tests.support.personal_data import an_idea, sections, stored_zip
from tests.support.webhooks import Receiver

pytestmark = [
    pytest.mark.scaleout,
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
]

PASSWORD = "Correct-Horse-Battery-9"
LOCKED = "Too many failed login attempts"


def browser_from_an_address_of_its_own():
    """A browser (cookies kept) that the load balancer says comes from an address no one else in
    this run uses."""
    browser = requests.Session()
    browser.headers["X-Forwarded-For"] = (
        f"10.{random.randrange(256)}.{random.randrange(256)}.{random.randrange(1, 255)}"
    )
    return browser


def can_sign_in(user):
    """A password the web nodes can check: this test process hashes with MD5 for speed
    (tests/conftest.py), which the nodes' settings do not accept."""
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, "scaleoutsalt", iterations=1000)
    user.save(update_fields=["password"])
    return user


class FormFields(HTMLParser):
    """The fields a browser would submit from a form: the first that posts to an address containing
    ``action``, or to its own page when ``action`` is "" (or, for "#name", the one whose id is name)."""

    def __init__(self, action):
        super().__init__()
        self.action, self.inside, self.done = action, False, False
        self.fields, self.select, self.textarea = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and not self.done:
            posts_to = attrs.get("action") or ""
            if self.action.startswith("#"):
                self.inside = attrs.get("id") == self.action[1:]
            elif (attrs.get("method") or "").lower() == "post":
                self.inside = self.action in posts_to if self.action else not posts_to
        if not self.inside or "name" not in attrs and tag != "option":
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind not in ("submit", "button", "file"):
                self.fields[attrs["name"]] = attrs.get("value", "on" if kind == "checkbox" else "")
        elif tag == "select":
            self.select = attrs["name"]
        elif tag == "option" and self.select and "selected" in attrs:
            self.fields[self.select] = attrs.get("value", "")
        elif tag == "textarea":
            self.textarea = attrs["name"]
            self.fields[self.textarea] = ""

    def handle_data(self, data):
        if self.textarea:
            self.fields[self.textarea] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "form" and self.inside:
            self.inside, self.done = False, True


def form_of(response, action):
    parser = FormFields(action)
    parser.feed(response.text)
    assert parser.fields, f"no form to {action} on {response.url}"
    return parser.fields


def submit(browser, page_url, action, changes=None, post_to=None):
    """GET a page, fill in its form as a browser would (its CSRF token included) and POST it."""
    page = browser.get(page_url, timeout=20)
    assert page.status_code == 200, page_url
    fields = form_of(page, action) | (changes or {})
    return browser.post(post_to or page_url, data=fields, timeout=20, allow_redirects=False)


def sign_in(browser, node, email, password=PASSWORD):
    return submit(
        browser,
        f"{node}/accounts/login/",
        "/accounts/login/",
        {"login": email, "password": password},
    )


def signed_in(browser, node, path):
    page = browser.get(node + path, timeout=20, allow_redirects=False)
    if page.status_code == 302 and "/accounts/login/" in page.headers["Location"]:
        return False
    assert page.status_code == 200, (path, page.status_code)
    return "Sign out" in page.text


def test_signing_in_on_one_node_signs_in_on_the_other_and_out_on_both(cluster, bucks, make_member):
    person = can_sign_in(
        make_member(bucks, Role.RESIDENT, email=f"rae{time.time_ns()}@example.org")
    )
    node1, node2 = cluster.nodes
    browser = browser_from_an_address_of_its_own()

    answer = sign_in(browser, node1, person.email)
    assert answer.status_code == 302, "the sign-in form was refused"
    assert signed_in(browser, node2, f"/{bucks.slug}/my-work/")
    assert signed_in(browser, node1, f"/{bucks.slug}/my-work/")

    logout = f"{node2}/accounts/logout/"
    out = submit(browser, f"{node2}/{bucks.slug}/", "/accounts/logout/", post_to=logout)
    assert out.status_code == 302
    assert not signed_in(browser, node1, f"/{bucks.slug}/my-work/")
    assert not signed_in(browser, node2, f"/{bucks.slug}/my-work/")

    # Failed sign-ins count on both nodes together: allauth allows five failures for one account
    # in five minutes (ACCOUNT_RATE_LIMITS), kept in the shared cache.
    for attempt, node in enumerate([node1, node2, node1, node2, node1]):
        wrong = sign_in(
            browser_from_an_address_of_its_own(), node, person.email, f"guess-{attempt}"
        )
        assert wrong.status_code == 200 and LOCKED not in wrong.text

    right = sign_in(browser_from_an_address_of_its_own(), node2, person.email)
    assert right.status_code == 200, "signed in after five failures spread over two nodes"
    assert LOCKED in right.text


def test_a_place_changed_on_one_node_is_served_changed_by_the_other_within_its_cache_time(
    cluster, bucks
):
    admin = can_sign_in(UserFactory(email="root@example.org", is_staff=True, is_superuser=True))
    node1, node2 = cluster.nodes
    tagline = "Place working across the whole county, from Aylesbury to High Wycombe."
    assert tagline not in requests.get(f"{node2}/{bucks.slug}/", timeout=20).text  # kept by node 2

    browser = browser_from_an_address_of_its_own()
    assert sign_in(browser, node1, admin.email).status_code == 302
    change = f"{node1}/admin/places/place/{bucks.pk}/change/"
    saved = submit(browser, change, "#place_form", {"tagline": tagline})
    assert saved.status_code == 302, "the admin refused the change"

    assert tagline in requests.get(f"{node1}/{bucks.slug}/", timeout=20).text  # at once
    changed_at = time.monotonic()
    cluster.wait_for(
        lambda: tagline in requests.get(f"{node2}/{bucks.slug}/", timeout=20).text,
        "node 2 to serve the new tagline",
        timeout=settings.PLACE_CACHE_SECONDS + 5,
    )
    print(f"node 2 served the change {time.monotonic() - changed_at:.1f} s after node 1 saved it")


def readers_with_news(place, make_member, n=3):
    people = [make_member(place, Role.RESIDENT, email=f"reader{i}@example.org") for i in range(n)]
    news = timezone.now() - timedelta(days=2)
    Notification.objects.bulk_create(
        Notification(
            place=place,
            user=person,
            kind="test.news",
            title="The community fund opens on Friday",
            created_at=news,
        )
        for person in people
    )
    return people


def dispatch_runs(cluster):
    """How many digest runs the workers have finished (their logs say)."""
    finished = re.compile(r"dispatch_digests\[[0-9a-f-]+\] succeeded")
    return sum(len(finished.findall(worker.log())) for worker in cluster.workers)


def test_email_is_sent_once_by_two_workers_and_beat(cluster, bucks, make_member, admin_of):
    # A digest due now: today (in the place's time) is its digest day, its digest hour has passed.
    bucks.digest_weekday = timezone.localtime(timezone.now(), bucks.tz).weekday()
    bucks.digest_hour = 0
    bucks.save(update_fields=["digest_weekday", "digest_hour"])
    readers = readers_with_news(bucks, make_member)
    # Beat's hourly digest run last ran two hours ago: it is due when beat starts.
    digest_run = PeriodicTask.objects.filter(name=f"{NAME_PREFIX}dispatch digests")
    assert digest_run.update(last_run_at=timezone.now() - timedelta(hours=2)) == 1

    def sent():
        rows = OutboxEmail.objects.for_place(bucks).filter(kind=DIGEST_KIND)
        return rows.count() == len(readers) and all(r.status == OutboxStatus.SENT for r in rows)

    runs_before = dispatch_runs(cluster)
    with cluster.running_beat() as beat:
        # The same run twice more, as a repeated tick would: both workers take one at once.
        repeats = [dispatch_digests.delay(place_id=bucks.pk) for _ in range(2)]
        beat_sent = f"Sending due task {NAME_PREFIX}dispatch digests"
        cluster.wait_for(lambda: beat_sent in beat.log(), "beat to send the hourly digest run")
        cluster.wait_for(lambda: dispatch_runs(cluster) >= runs_before + 3, "the 3 digest runs")
        assert all(cluster.ran(r) for r in repeats)
        cluster.wait_for(sent, "every digest to be sent")

    # An invitation made on node 1: the node queues delivery on commit, one worker sends it.
    admin = can_sign_in(admin_of(bucks, email="coordinator@example.org"))
    browser = browser_from_an_address_of_its_own()
    assert sign_in(browser, cluster.nodes[0], admin.email).status_code == 302
    invite = f"{cluster.nodes[0]}/{bucks.slug}/members/invite/"
    made = submit(browser, invite, "", {"email": "newcomer@example.org", "role": Role.RESIDENT})
    assert made.status_code == 302, "the invitation form was refused"
    cluster.wait_for(
        lambda: [m for m in cluster.messages() if m["To"] == "newcomer@example.org"],
        "the invitation email",
    )

    # Delivery run again on both workers finds nothing more to send.
    again = [deliver_outbox.delay(place_id=bucks.pk) for _ in range(2)]
    cluster.wait_for(lambda: all(cluster.ran(r) for r in again), "delivery to run again")
    addresses = {person.email for person in readers} | {"newcomer@example.org"}
    sent_to = Counter(m["To"] for m in cluster.messages() if m["To"] in addresses)
    assert sent_to == dict.fromkeys(addresses, 1)


def test_a_change_on_one_node_is_delivered_to_a_webhook_once(cluster, bucks, admin_of):
    admin = admin_of(bucks, email="partner-admin@example.org")
    _node1, node2 = cluster.nodes
    with Receiver() as receiver:
        subscription_create(
            place=bucks,
            actor=admin,
            name="Council CRM",
            url=receiver.url,
            events=["organisations.organisation.create"],
        )
        created = requests.post(
            f"{node2}/api/v1/places/{bucks.slug}/organisations/",
            json={"name": "Aylesbury Food Bank", "kind": "cio"},
            headers={"Authorization": f"Token {api_token(admin)}"},
            timeout=20,
        )
        assert created.status_code == 201, created.text

        cluster.wait_for(lambda: receiver.received, "the webhook delivery")
        # Sending again, on both workers and beat's next tick, finds the delivery sent.
        again = [deliver_webhooks.delay(place_id=bucks.pk) for _ in range(2)]
        cluster.wait_for(lambda: all(cluster.ran(r) for r in again), "delivery to run again")

    (payload,) = receiver.payloads()
    assert payload["event"] == "organisations.organisation.create"
    assert payload["place"] == bucks.slug
    assert str(payload["object"]["id"]) == str(created.json()["id"])
    (headers, _body) = receiver.received[0]
    assert headers["X-InPlace-Delivery"] == payload["id"]
    assert WebhookDelivery.objects.for_place(bucks).get().status == DeliveryStatus.DELIVERED


def test_the_cluster_runs_through_pgbouncer_in_transaction_mode(cluster, bucks, make_member):
    if cluster.bouncer is None:
        pytest.skip(cluster.bouncer_missing)
    assert cluster.bouncer.setting("pool_mode") == "transaction"
    carried = cluster.bouncer.transactions()
    assert carried > 0  # the tests above went through it

    # A worker builds a person's download through it: Django's .iterator() (server-side cursors
    # are off behind PgBouncer, DATABASE_POOLER=pgbouncer) and a row lock held for a transaction.
    person = make_member(bucks, Role.RESIDENT, name="Wren Worker")
    an_idea(bucks, person)
    request = export_request(user=person)  # the commit queues build_export
    cluster.wait_for(
        lambda: DataRequest.objects.get(pk=request.pk).status == Status.READY,
        "a worker to build the download",
    )
    request.refresh_from_db()
    data = sections(stored_zip(request))
    assert data["accounts.profile"][0]["name"] == "Wren Worker"
    assert [row["title"] for row in data["boards.ideas"]] == ["A safer crossing by the school"]
    assert cluster.bouncer.transactions() > carried
