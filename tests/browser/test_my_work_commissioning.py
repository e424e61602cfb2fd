"""My work in commissioning, in the browser, on the demo data: a council officer finds a question to
answer and goes to answer it; a charity leader finds a co-design draft open for comment and goes to
it. Each page passes axe, and My work does not scroll sideways at 320 px."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from coordination.places.demo.data import DEMO_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def _my_work(page, live_server, slug, axe_check, reflow_check):
    page.goto(f"{live_server.url}/{slug}/my-work/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("My work")
    axe_check(page)
    reflow_check(page)


def test_a_council_officer_finds_a_question_to_answer_and_answers_it(
    page, live_server, sign_in, axe_check, reflow_check, screenshot
):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    sign_in(page, "officer@coventry.demo.inplace.example", DEMO_PASSWORD)
    _my_work(page, live_server, "coventry", axe_check, reflow_check)
    screenshot(page, "my-work-commissioning-officer")

    questions = page.get_by_role("region", name=re.compile(r"^Questions to answer"))
    expect(questions).to_contain_text("Not answered")
    comments = page.get_by_role("region", name=re.compile(r"^Co-design comments to answer"))
    expect(comments).to_contain_text("Loneliness is worst on Sundays")
    unseen = page.get_by_role("region", name=re.compile(r"^Invitations not yet seen"))
    expect(unseen).to_contain_text("not yet seen")
    stages = page.get_by_role("region", name=re.compile(r"^Tenders’ next stages"))
    expect(stages).to_contain_text("The decision is overdue")
    expect(stages).to_contain_text("Overdue")

    questions.get_by_role("link", name="Could a consortium of small groups bid together?").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Answer a question")
    axe_check(page)
    page.get_by_label("Answer").fill("Yes: name one lead organisation.")
    page.get_by_role("button", name="Publish answer").click()
    expect(page.get_by_text("Yes: name one lead organisation.")).to_be_visible()

    # Answered, it no longer waits on them.
    page.goto(f"{live_server.url}/coventry/my-work/")
    questions = page.get_by_role("region", name=re.compile(r"^Questions to answer"))
    expect(questions).to_contain_text("appear here until you publish an answer")


def test_a_charity_leader_finds_a_co_design_draft_open_for_comment(
    page, live_server, sign_in, axe_check, reflow_check, screenshot
):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    sign_in(page, "leader@sutton.demo.inplace.example", DEMO_PASSWORD)
    _my_work(page, live_server, "sutton", axe_check, reflow_check)
    screenshot(page, "my-work-commissioning-charity")

    tenders = page.get_by_role("region", name=re.compile(r"^Tenders we are taking part in"))
    expect(tenders).to_contain_text("Registered interest")
    expect(tenders).to_contain_text("Bid submitted: awaiting the decision")
    answers = page.get_by_role("region", name=re.compile(r"^Answers to questions"))
    expect(answers).to_contain_text("Your question was answered")

    drafts = page.get_by_role("region", name=re.compile(r"^Co-design drafts open for comment"))
    expect(drafts).to_contain_text("Open for comment")
    drafts.get_by_role("link", name="Loneliness and social connection").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Co-design")
    expect(page.get_by_role("main")).to_contain_text("Loneliness and social connection")
    expect(page.get_by_role("main")).to_contain_text("Loneliness is worst on Sundays")
    axe_check(page)
