"""What the accessibility statement claims, in one place, so tests can hold it to the truth.

The shipped statement (defaults.py) renders these; tests/statements/test_accessibility_claims.py
checks them: the review date is within a year, the testing date is no older than the browser
tests' own changes, every page type named as tested has an axe check in the browser tests, and
each known issue names the WCAG 2.2 success criterion it fails.
"""

import datetime

WCAG_VERSION = "2.2"
WCAG_LEVEL = "AA"
# "fully", "partially" or "not": the regulations' three words.
COMPLIANCE = "partially"
REGULATIONS = (
    "the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility "
    "Regulations 2018"
)

PREPARED_ON = datetime.date(2026, 12, 7)
# When the statement was last checked against the site. Review it at least once a year.
REVIEWED_ON = datetime.date(2026, 12, 7)
# When the tests listed in HOW_TESTED last ran against every page type in TESTED_PAGES.
TESTED_ON = datetime.date(2026, 12, 7)

# Each known issue: (what people meet, the WCAG 2.2 success criterion, what we are doing).
KNOWN_ISSUES = [
    (
        "On a map, the name of an area shows when the pointer rests on its outline, but not from "
        "the keyboard. Every area, service and asset on a map is also named in the list beside "
        "it, and the map's places and clusters can be reached and opened with the keyboard.",
        "2.1.1 Keyboard",
        "We are making the names of the outlines reachable from the keyboard.",
    ),
    (
        "Documents uploaded by councils, charities and funders (such as PDFs of minutes or "
        "reports) may not be accessible. We do not check documents that other organisations "
        "upload.",
        "1.1.1 Non-text Content",
        "We ask uploaders to provide accessible documents and to give the same information on "
        "the page.",
    ),
    (
        "Some text that councils, charities and residents write themselves, such as ideas and "
        "comments, may not use plain English or clear headings.",
        "3.1.5 Reading Level",
        "Moderators can ask the writer to change it.",
    ),
]

# The page types checked with axe-core (WCAG 2.2 AA rules) in the browser tests, by the address
# of one example of each; the claims test finds each address in a browser test's axe checks.
TESTED_PAGES = {
    "The place home page": "/buckinghamshire/",
    "Signing in and creating an account": "/accounts/signup/",
    "Community boards and their meetings": "/boards/",
    "Residents’ ideas": "/community/",
    "Funding programmes and bids": "/funding/",
    "Tenders": "/commissioning/",
    "The map of services": "/mapping/",
    "What worked": "/practice/",
    "My work": "/my-work/",
    "These statements": "/statements/",
}

HOW_TESTED = [
    "automated checks with axe-core against WCAG 2.2 AA on every type of page listed below, "
    "run by our browser tests each time the code changes",
    "each of those pages at 320 pixels wide, to check content reflows without scrolling in two "
    "directions",
    "using each form and journey with a keyboard only",
]


def known_issues_text():
    return "\n".join(
        f"- {issue} This fails WCAG 2.2 success criterion {sc}. {plan}"
        for issue, sc, plan in KNOWN_ISSUES
    )


def how_tested_text():
    return "\n".join(f"- {line}" for line in HOW_TESTED)


def tested_pages_text():
    return "\n".join(f"- {name}" for name in TESTED_PAGES)


def compliance_text():
    return {
        "fully": f"This website is fully compliant with the Web Content Accessibility "
        f"Guidelines version {WCAG_VERSION} {WCAG_LEVEL} standard.",
        "partially": f"This website is partially compliant with the Web Content Accessibility "
        f"Guidelines version {WCAG_VERSION} {WCAG_LEVEL} standard, due to the non-compliances "
        f"listed below.",
        "not": f"This website is not compliant with the Web Content Accessibility Guidelines "
        f"version {WCAG_VERSION} {WCAG_LEVEL} standard. The non-compliances are listed below.",
    }[COMPLIANCE]
