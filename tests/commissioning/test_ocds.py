"""The OCDS export: a release package per place, valid against the official OCDS 1.1.5 schemas."""

import json
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from commissioning import selectors, services
from commissioning.models import Stage
from tests.support.commissioning import opened, tender, through_co_design

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).resolve().parents[1] / "opendata_schemas" / "ocds-1.1.5"
BASE = "https://standard.open-contracting.org/schema/1__1__5/"


def package_validator():
    """The official release-package schema, its $ref to the release schema resolved locally."""
    if not SCHEMAS.exists():
        pytest.fail(f"{SCHEMAS} is missing: the OCDS 1.1.5 schemas are needed", pytrace=False)
    registry = Registry()
    for name in ("release-package-schema.json", "release-schema.json"):
        contents = json.loads((SCHEMAS / name).read_text())
        resource = Resource.from_contents(contents, default_specification=DRAFT4)
        registry = registry.with_resource(BASE + name, resource)
    schema = json.loads((SCHEMAS / "release-package-schema.json").read_text())
    return Draft4Validator(schema, registry=registry, format_checker=FormatChecker())


def assert_valid(package):
    errors = sorted(package_validator().iter_errors(package), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


def test_the_package_is_valid_ocds_with_planning_tender_and_award_releases(
    client, bucks, council, officer, charity, settings
):
    settings.COMMISSIONING_OCID_PREFIX = "ocds-test99"
    leader, organisation = charity
    cancelled = tender(bucks, officer, council, title="Never to be")
    services.tender_change_stage(
        place=bucks, actor=officer, tender=cancelled, to_stage="cancelled", rationale="No budget"
    )
    t = tender(bucks, officer, council, title="Food support")
    services.criterion_add(place=bucks, actor=officer, tender=t, title="Quality", weight=100)
    services.lot_add(place=bucks, actor=officer, tender=t, title="North")
    opened(bucks, officer, t, leader=leader, organisation=organisation)
    bid = services.submission_submit(
        place=bucks,
        actor=leader,
        tender=t,
        lead=organisation,
        summary="We will.",
        price=Decimal("200000"),
    )
    after = t.submission_deadline + timedelta(minutes=5)
    services.tender_change_stage(
        place=bucks,
        actor=officer,
        tender=t,
        to_stage=Stage.EVALUATION,
        rationale="Closed",
        now=after,
    )
    services.scores_record(
        place=bucks, actor=officer, submission=bid, scores=[(selectors.criteria_of(t).get(), 8)]
    )
    services.award_make(
        place=bucks,
        actor=officer,
        tender=t,
        submission=bid,
        value=Decimal("200000"),
        rationale="Strong local reach.",
        now=after,
    )

    response = client.get(f"/{bucks.slug}/commissioning/ocds.json")  # no sign-in needed
    assert response.status_code == 200
    package = response.json()
    assert_valid(package)

    releases = [r for r in package["releases"] if r["ocid"] == f"ocds-test99-{bucks.slug}-{t.pk}"]
    assert [r["tag"] for r in releases] == [
        ["planning"],
        ["planningUpdate"],
        ["tender"],
        ["planningUpdate"],
        ["tenderUpdate"],
        ["award"],
    ]
    co_design = releases[3]
    titles = [d["title"] for d in co_design["planning"]["documents"]]
    assert titles == ["Outcomes", "You said, we did: what co-design changed"]
    assert "Teach cooking skills." in co_design["planning"]["documents"][0]["description"]
    award = releases[-1]["awards"][0]
    assert award["description"] == "Strong local reach."
    assert award["suppliers"] == [
        {"id": f"inplace-organisation-{organisation.pk}", "name": organisation.name}
    ]
    assert releases[2]["tender"]["procurementMethod"] == "open"
    # Submissions stay private: the package names no bid but the winner, and no bid's text.
    body = response.content.decode()
    assert "We will." not in body
    cancelled_tags = [
        r["tag"] for r in package["releases"] if r["ocid"].endswith(f"-{cancelled.pk}")
    ]
    assert cancelled_tags == [["planning"], ["tenderCancellation"]]


def test_a_place_with_no_tenders_answers_no_content_rather_than_an_invalid_package(
    client, sutton, bucks, council, officer
):
    """OCDS 1.1's release package needs one release or more: with none, 204 and no body."""
    response = client.get(f"/{sutton.slug}/commissioning/ocds.json")
    assert response.status_code == 204
    assert response.content == b""
    assert response["OCDS-Releases"] == "0"
    # The list page says why there is no link yet, instead of linking to nothing.
    page = client.get(f"/{sutton.slug}/commissioning/").content.decode()
    assert "published once the first tender is added" in page
    assert "ocds.json" not in page

    # One tender in the pipeline is one planning release: a valid package.
    tender(bucks, officer, council)
    response = client.get(f"/{bucks.slug}/commissioning/ocds.json")
    assert response.status_code == 200 and response["OCDS-Releases"] == "1"
    package = response.json()
    assert_valid(package)
    assert [r["tag"] for r in package["releases"]] == [["planning"]]
    assert package["publisher"]["name"] == "InPlace – Buckinghamshire"


def test_an_invalid_package_would_fail_the_check(bucks):
    """The validator is really checking: a release without its ocid is refused."""
    broken = {
        "uri": "https://example.org/p.json",
        "version": "1.1",
        "publishedDate": "2026-01-01T00:00:00Z",
        "publisher": {"name": "X"},
        "releases": [{"id": "1", "date": "2026-01-01T00:00:00Z", "tag": ["planning"]}],
    }
    assert list(package_validator().iter_errors(broken))


def test_co_design_outputs_are_released_when_co_design_closes_into_market_engagement(
    client, bucks, council, officer, charity
):
    leader, organisation = charity
    t = tender(bucks, officer, council)
    through_co_design(bucks, officer, t, leader=leader, organisation=organisation)
    services.tender_change_stage(
        place=bucks, actor=officer, tender=t, to_stage=Stage.MARKET_ENGAGEMENT, rationale="Test"
    )
    services.tender_change_stage(
        place=bucks, actor=officer, tender=t, to_stage=Stage.OPEN, rationale="Open"
    )
    package = client.get(f"/{bucks.slug}/commissioning/ocds.json").json()
    assert_valid(package)
    assert [r["tag"] for r in package["releases"]] == [
        ["planning"],
        ["planningUpdate"],
        ["planningUpdate"],
        ["planningUpdate"],  # co-design's outputs, released as market engagement began
        ["tender"],
    ]
    assert package["releases"][3]["id"].endswith("-co-design-outputs")


def test_an_amendment_is_a_tender_amendment_release_and_later_releases_carry_it(
    client, bucks, council, officer
):
    t = opened(bucks, officer, tender(bucks, officer, council, title="Food support"))
    services.amendment_publish(
        place=bucks,
        actor=officer,
        tender=t,
        rationale="More time for consortia.",
        changes={"submission_deadline": t.submission_deadline + timedelta(days=7)},
    )
    services.tender_change_stage(
        place=bucks,
        actor=officer,
        tender=t,
        to_stage=Stage.EVALUATION,
        rationale="Closed",
        now=t.submission_deadline + timedelta(days=8),
    )
    package = client.get(f"/{bucks.slug}/commissioning/ocds.json").json()
    assert_valid(package)
    releases = [r for r in package["releases"] if r["ocid"].endswith(f"-{t.pk}")]
    tags = [r["tag"][0] for r in releases]
    assert tags == [
        "planning",
        "planningUpdate",
        "tender",
        "planningUpdate",  # co-design's outputs, published as bids opened
        "tenderAmendment",
        "tenderUpdate",
    ]
    amended = next(r for r in releases if r["tag"] == ["tenderAmendment"])
    [amendment] = amended["tender"]["amendments"]
    assert amendment["id"] == "1" and amendment["rationale"] == "More time for consortia."
    assert amendment["releaseID"] == amended["id"] and amendment["amendsReleaseID"]
    assert "Bids close" in amendment["description"]
    assert releases[-1]["tag"] == ["tenderUpdate"]
    assert releases[-1]["tender"]["amendments"] == [
        {k: v for k, v in amendment.items() if k != "amendsReleaseID"}
    ]
