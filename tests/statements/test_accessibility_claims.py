"""The accessibility statement is kept true by the tests: what it claims
(coordination/statements/accessibility.py) is checked against the site and its browser tests."""

import datetime
import re
import subprocess
from pathlib import Path

from coordination.statements import accessibility, selectors
from coordination.statements.models import Kind

ROOT = Path(__file__).resolve().parents[2]
BROWSER_TESTS = ROOT / "tests" / "browser"
SC = re.compile(r"^\d\.\d{1,2}\.\d{1,2} [A-Z]")
# The WCAG 2.2 success criteria the known issues may name (level A and AA).
WCAG_22_A_AA = {
    "1.1.1", "1.2.1", "1.2.2", "1.2.3", "1.2.4", "1.2.5", "1.3.1", "1.3.2", "1.3.3", "1.3.4",
    "1.3.5", "1.4.1", "1.4.2", "1.4.3", "1.4.4", "1.4.5", "1.4.10", "1.4.11", "1.4.12", "1.4.13",
    "2.1.1", "2.1.2", "2.1.4", "2.2.1", "2.2.2", "2.3.1", "2.4.1", "2.4.2", "2.4.3", "2.4.4",
    "2.4.5", "2.4.6", "2.4.7", "2.4.11", "2.5.1", "2.5.2", "2.5.3", "2.5.4", "2.5.7", "2.5.8",
    "3.1.1", "3.1.2", "3.2.1", "3.2.2", "3.2.3", "3.2.4", "3.2.6", "3.3.1", "3.3.2", "3.3.3",
    "3.3.4", "3.3.7", "3.3.8", "4.1.2", "4.1.3",
}  # fmt: skip
# Criteria of level AAA: naming one says the site misses a level it does not claim (allowed).
WCAG_22_AAA_NAMED = {"3.1.5"}


def _statement(place=None):
    return str(selectors.rendered(place, selectors.current(place, Kind.ACCESSIBILITY)))


def test_it_names_the_standard_the_regulations_and_the_enforcement_bodies(db):
    page = _statement()
    assert "Web Content Accessibility Guidelines version 2.2 AA" in page
    assert accessibility.WCAG_VERSION == "2.2" and accessibility.WCAG_LEVEL == "AA"
    assert "(No. 2) Accessibility Regulations 2018" in page
    assert "Equality and Human Rights Commission" in page
    assert "Equality Commission for Northern Ireland" in page
    assert accessibility.COMPLIANCE in ("fully", "partially", "not")
    assert f"{accessibility.COMPLIANCE} compliant" in page or "not compliant" in page


def test_it_was_reviewed_within_a_year_and_prepared_before_that():
    today = datetime.date.today()
    assert accessibility.PREPARED_ON <= accessibility.REVIEWED_ON <= today
    assert today - accessibility.REVIEWED_ON <= datetime.timedelta(days=365), (
        "Review the accessibility statement: update REVIEWED_ON once checked."
    )
    assert accessibility.TESTED_ON <= today


def test_each_known_issue_names_a_real_success_criterion(db):
    page = _statement()
    if accessibility.COMPLIANCE == "fully":
        assert not accessibility.KNOWN_ISSUES, "fully compliant, yet with known issues"
    else:
        assert accessibility.KNOWN_ISSUES, "partially compliant, but no issue is listed"
    for issue, criterion, plan in accessibility.KNOWN_ISSUES:
        assert SC.match(criterion), criterion
        assert criterion.split()[0] in WCAG_22_A_AA | WCAG_22_AAA_NAMED, criterion
        assert issue[:40] in page and plan


def _browser_tests_with_axe():
    for path in sorted(BROWSER_TESTS.glob("test_*.py")):
        text = path.read_text()
        if "axe_check(" in text:
            yield path, text


def test_every_page_type_it_lists_as_tested_has_an_axe_check_in_the_browser_tests():
    tests = list(_browser_tests_with_axe())
    for name, address in accessibility.TESTED_PAGES.items():
        assert any(address in text for _path, text in tests), (
            f"The statement says {name!r} is tested, but no browser test with an axe check "
            f"visits {address}"
        )


def test_the_testing_date_is_not_older_than_the_browser_tests_it_describes():
    """Whenever the browser tests change (in a commit), the statement's TESTED_ON must be moved
    to the day they ran: the statement never claims an older round of testing."""
    try:
        last = subprocess.run(  # noqa: S603
            ["git", "log", "-1", "--format=%cs", "--", "tests/browser"],  # noqa: S607
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        last = ""
    if last:  # a copy of the code without its git history has nothing to compare with
        assert datetime.date.fromisoformat(last) <= accessibility.TESTED_ON, (
            f"The browser tests changed on {last}, after the statement's testing date "
            f"{accessibility.TESTED_ON}: run them and move TESTED_ON."
        )
