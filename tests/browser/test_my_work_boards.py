"""Boards in My work, from the demo: a board secretary finds the minutes and votes waiting on them
and goes to finish the minutes; a resident finds the answers to their ideas and opens one."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from coordination.places.demo.data import DEMO_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(live_server, settings):
    settings.MFA_REQUIRED_FOR_ADMINS = False
    settings.NOTIFICATIONS_DELIVER_ON_COMMIT = False
    call_command("seed_demo", stdout=StringIO())


def section(page, title):
    return page.locator("section.inplace-panel").filter(
        has=page.get_by_role("heading", level=2, name=re.compile(f"^{re.escape(title)}"))
    )


def test_a_board_secretary_finds_the_minutes_to_approve_and_opens_them(
    page, live_server, demo, sign_in, axe_check, reflow_check
):
    sign_in(page, "officer@coventry.demo.inplace.example", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/coventry/my-work/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("My work")
    votes = section(page, "Votes and declarations to record")
    expect(votes).to_contain_text("Which food banks the winter fund supports first")
    expect(votes).to_contain_text("1 member present has not voted or declared an interest")
    expect(section(page, "Report-backs due from my subgroups")).to_contain_text(
        "Report-back from Food and essentials subgroup"
    )
    minutes = section(page, "Minutes to approve")
    expect(minutes).to_contain_text("Draft: not yet published")
    axe_check(page)
    reflow_check(page)

    minutes.get_by_role("link", name="Minutes of Food and essentials subgroup meeting").click()
    expect(page).to_have_url(re.compile(r"/coventry/boards/meetings/\d+/minutes/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Minutes")
    axe_check(page)


def test_a_resident_finds_the_answers_to_their_ideas_and_opens_one(
    page, live_server, demo, sign_in, axe_check, reflow_check
):
    sign_in(page, "resident@buckinghamshire.demo.inplace.example", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/buckinghamshire/my-work/")
    answers = section(page, "Answers to my ideas and questions")
    expect(answers).to_contain_text("Answered: accepted")
    expect(answers).to_contain_text("Awaiting an answer")
    expect(answers).to_contain_text("Awaiting an answer at the meeting")
    # Residents run no board: no secretary's sections.
    expect(section(page, "Minutes to approve")).to_have_count(0)
    axe_check(page)
    reflow_check(page)

    answers.get_by_role("link", name="Youth club on Friday nights").first.click()
    expect(page).to_have_url(re.compile(r"/buckinghamshire/boards/ideas/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Youth club on Friday nights")
    expect(page.get_by_role("main")).to_contain_text("Funded for a year")
    axe_check(page)
