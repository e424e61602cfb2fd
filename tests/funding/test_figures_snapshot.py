"""The stored figures: the pages and the API read the numbers the selectors compute, as of when
they were stored, and a change reaches them after the refresh it queues; the coordination page
shows a page of each long list with GOV.UK pagination."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from coordination.accounts.models import Role
from coordination.organisations.models import OrganisationKind
from funding import services
from funding.models import FiguresSnapshot
from funding.selectors import (
    coordination_flags,
    figures_snapshot,
    place_and_funder_burden,
    place_and_funder_figures,
    stored_figures,
    stored_flags,
)
from tests.support.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def eager(settings):
    """Queued tasks run at once, in this process (the refresh the commit queues)."""
    settings.CELERY_TASK_ALWAYS_EAGER = True


@pytest.fixture
def second(bucks, make_member, make_programme):
    organisation = OrganisationFactory(
        name="Vale Trust", kind=OrganisationKind.FUNDER, places=[bucks]
    )
    person = make_member(bucks, Role.FUNDER, organisation=organisation)
    programme = make_programme(
        actor=person, funder=organisation, title="Vale fund", funding_type="project"
    )
    return {"org": organisation, "person": person, "programme": programme}


def _text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_stored_figures_are_the_computed_ones(bucks, make_bid, award, decline, second):
    award(make_bid(title="Meals A", submit=True), amount=Decimal("12000.50"))
    decline(make_bid(title="Meals B", submit=True))
    make_bid(title="Meals C", programme_=second["programme"], submit=True)
    snapshot = services.figures_snapshot_refresh(bucks)
    stored = stored_figures(snapshot)
    figures, funder_figures = place_and_funder_figures(bucks)
    burden, burden_of = place_and_funder_burden(bucks)
    assert stored.figures == figures
    assert stored.figures.awarded_total == Decimal("12000.50")
    assert stored.funder_figures == funder_figures
    assert (stored.burden, stored.burden_of) == (burden, burden_of)
    flags = coordination_flags(bucks)["flags"]
    assert flags  # Meals A (awarded) and C (live) from two funders, the same words
    rows = stored_flags(snapshot.flags)
    assert [(f.kind, f.organisation.name, f.themes, f.similarity) for f in rows] == [
        (f.kind, f.organisation.name, f.themes, f.similarity) for f in flags
    ]
    assert [[b.title for b in f.bids] for f in rows] == [[b.title for b in f.bids] for f in flags]


def test_a_decision_reaches_the_figures_page_after_its_refresh(
    bucks, client, make_bid, award, eager, django_capture_on_commit_callbacks
):
    bid = make_bid(title="Meals A", submit=True)
    url = reverse("places:funding:figures", kwargs={"place_slug": bucks.slug})
    first = _text(client.get(url))
    assert "Figures as of" in first
    assert "No grants awarded yet." in first
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        award(bid)
    assert callbacks  # the refresh, queued on commit
    page = _text(client.get(url))
    assert "No grants awarded yet." not in page
    assert "Meals A" in page and "£18,000" in page
    api = client.get(f"/api/v1/places/{bucks.slug}/funding/grants/figures/").json()
    assert api["place"]["awards"] == 1
    assert api["place"]["awarded_total"] == "18000.00"


def test_every_funders_rows_are_kept_until_the_figures_or_a_name_change(
    bucks, client, make_bid, award, second
):
    url = reverse("places:funding:figures", kwargs={"place_slug": bucks.slug})
    services.figures_snapshot_refresh(bucks)
    assert "Vale Trust" in _text(client.get(url))
    kept = _text(client.get(url))  # from the kept rows: still markup, not escaped text
    assert 'id="shares-table"' in kept and "&lt;table" not in kept
    # A funder's new name shows at once: organisations are every place's rows.
    second["org"].name = "Vale Community Trust"
    second["org"].save()
    page = _text(client.get(url))
    assert page.count("Vale Community Trust") >= 3  # the tables, the charts, the funders' list
    assert "Vale Trust" not in page

    # Counting again shows the new figures in the rows.
    def awards_in_shares_table():
        shares = _text(client.get(url)).split('id="shares-table"')[1].split("</table>")[0]
        return re.search(r"All funders in Buckinghamshire</th> <td[^>]*>(\d+)</td>", shares)[1]

    assert awards_in_shares_table() == "0"
    award(make_bid(title="Meals", submit=True))
    services.figures_snapshot_refresh(bucks)
    assert awards_in_shares_table() == "1"


def test_the_figures_show_as_of_their_refresh_until_it_runs(bucks, client, make_bid, award):
    bid = make_bid(title="Meals A", submit=True)
    url = f"/api/v1/places/{bucks.slug}/funding/grants/figures/"
    assert client.get(url).json()["place"]["awards"] == 0  # computed on first read
    award(bid)  # its refresh is queued only when the transaction commits
    assert client.get(url).json()["place"]["awards"] == 0
    services.figures_snapshot_refresh(bucks)
    assert client.get(url).json()["place"]["awards"] == 1


def test_one_place_has_its_own_figures(bucks, coventry, client, make_bid, award):
    award(make_bid(title="Meals A", submit=True))
    services.figures_snapshot_refresh(bucks)
    services.figures_snapshot_refresh(coventry)
    assert figures_snapshot(coventry).figures["place"]["awards"] == 0
    assert (
        client.get(f"/api/v1/places/{coventry.slug}/funding/grants/figures/").json()["place"][
            "awards"
        ]
        == 0
    )
    assert FiguresSnapshot.objects.for_place(bucks).count() == 1


def test_the_coordination_page_pages_its_long_lists(bucks, client, make_bid, second):
    for n in range(30):
        make_bid(title=f"Bid number {n:02}", summary=f"Summary {n}", submit=True)
    client.force_login(second["person"])
    url = reverse("places:funding:coordination", kwargs={"place_slug": bucks.slug})
    page = _text(client.get(url))
    assert "1 to 25 of 30, newest first" in page
    shown = set(re.findall(r"Bid number \d\d", page))
    assert len(shown) == 25 and "Bid number 29" in shown  # the newest first
    assert 'class="govuk-pagination"' in page
    nexts = re.findall(r'href="([^"]*bids_page=2[^"]*)" rel="next"', page)
    assert nexts == ["?bids_page=2#shared-bids"]
    second_page = _text(client.get(url + "?bids_page=2"))
    assert set(re.findall(r"Bid number \d\d", second_page)) == {
        f"Bid number {n:02}" for n in range(5)
    }
    assert "26 to 30 of 30" in second_page
    assert 'rel="prev"' in second_page and 'rel="next"' not in second_page.split("shared-bids")[-1]
    # A page number that is not one shows a page, never an error.
    for odd in ("0", "999", "abc", "-1"):
        assert client.get(url + f"?bids_page={odd}&flags_page={odd}").status_code == 200
    assert "Overlaps, the pipeline’s totals and the unmet needs as of" in page


def test_the_coordination_page_shows_the_pipeline_totals(bucks, client, make_bid, second, award):
    award(make_bid(title="Meals A", submit=True), amount=Decimal("9000"))
    make_bid(title="Meals B", programme_=second["programme"], submit=True)
    make_bid(title="Kept private", submit=True, share_summary=False)
    client.force_login(second["person"])
    url = reverse("places:funding:coordination", kwargs={"place_slug": bucks.slug})
    page = _text(client.get(url))
    assert "1, asking for £20,000" in page  # Meals B, live
    assert "1, awarding £9,000" in page  # Meals A
    assert "Kept private" not in page
    assert "By organisation (1 organisation)" in page
    assert "Awards overlap in time" in page or "Same purpose, two funders" in page


def test_the_overlaps_api_keeps_its_shape(bucks, client, make_bid, second):
    make_bid(title="Meals A", submit=True)
    make_bid(title="Meals B", programme_=second["programme"], submit=True)
    client.force_login(second["person"])
    data = client.get(f"/api/v1/places/{bucks.slug}/funding/shared-bids/overlaps/").json()
    assert set(data) == {"flags", "unmet_needs"}
    (flag,) = data["flags"]
    assert set(flag) == {"kind", "organisation", "bids", "themes", "similarity"}
    assert flag["kind"] == "same_purpose" and flag["organisation"] == "Wycombe Food Hub"
    assert flag["themes"] == ["Food"] and flag["similarity"] == 100.0
    assert all(isinstance(pk, int) for pk in flag["bids"])
