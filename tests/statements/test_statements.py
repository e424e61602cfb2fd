"""Statements: safe rendering, what the shipped defaults state, and publishing versions."""

import pytest
from django.db.models.deletion import ProtectedError

from coordination.audit.models import AuditEntry
from coordination.errors import RuleViolation
from coordination.places.tenancy import place_scope
from coordination.statements import selectors, services
from coordination.statements.defaults import DEFAULTS
from coordination.statements.models import Kind, StatementVersion
from coordination.statements.rendering import headings, placeholders_in, render
from tests.support.statements import publish


def test_the_renderer_escapes_everything_a_person_typed():
    html = str(
        render(
            "## Hello <b>you</b>\n\n<script>alert(1)</script> and "
            "[bad](javascript:alert(1)) [good](/accounts/data/) [web](https://ico.org.uk/)\n\n"
            '- one "quoted"\n- two <img src=x onerror=alert(1)>'
        )
    )
    assert "<script>" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html
    assert 'href="javascript' not in html
    assert '<a class="govuk-link" href="/accounts/data/">good</a>' in html
    assert '<a class="govuk-link" href="https://ico.org.uk/">web</a>' in html
    assert '<h2 class="govuk-heading-m">Hello &lt;b&gt;you&lt;/b&gt;</h2>' in html
    assert html.count("<li>") == 2


def test_placeholders_are_filled_and_unknown_ones_left_as_typed():
    html = str(render("Hi {{ place }} and {{ nothing_known }}", {"place": "Sutton <3"}))
    assert "Hi Sutton &lt;3 and {{ nothing_known }}" in html


def test_every_placeholder_of_the_shipped_statements_has_a_value(sutton):
    values = selectors.placeholder_values(sutton)
    for kind, text in DEFAULTS.items():
        assert placeholders_in(text) <= set(values), kind
        assert "{{" not in str(render(text, values)), kind


def test_the_privacy_notice_states_the_retention_figures_from_the_settings(sutton, settings):
    settings.RETENTION_EXPORT_DAYS = 11
    settings.RETENTION_OUTBOX_DAYS = 45
    settings.RETENTION_DORMANT_ACCOUNT_DAYS = 2 * 365
    settings.RETENTION_DORMANT_WARNING_DAYS = 21
    settings.RETENTION_NOTIFICATION_DAYS = 100
    settings.RETENTION_REQUEST_LOG_DAYS = 6 * 365
    page = str(selectors.rendered(sutton, selectors.current(sutton, Kind.PRIVACY)))
    for text in ("11 days", "45 days", "2 years", "21 days", "100 days", "6 years"):
        assert text in page
    assert "former member" in page
    assert 'href="/accounts/data/"' in page and 'href="/accounts/close/"' in page
    assert "Information Commissioner" in page
    for heading in ("Who is responsible for your data", "How long we keep it", "Your rights"):
        assert heading in headings(DEFAULTS[Kind.PRIVACY])


def test_the_terms_state_the_limits_for_new_accounts(sutton, settings):
    settings.INPLACE_NEW_ACCOUNT_DAYS = 9
    settings.INPLACE_NEW_ACCOUNT_IDEAS_PER_DAY = 4
    settings.INPLACE_NEW_ACCOUNT_COMMENTS_PER_DAY = 12
    page = str(selectors.rendered(sutton, selectors.current(sutton, Kind.TERMS)))
    assert "first 9 days" in page and "4 ideas and 12 comments a day" in page
    assert "reason" in page and "Report" in page


def test_the_cookie_statement_names_the_cookies_of_the_settings(sutton, settings):
    settings.SESSION_COOKIE_NAME = "inplace_session"
    page = str(selectors.rendered(sutton, selectors.current(sutton, Kind.COOKIES)))
    assert "inplace_session" in page and settings.CSRF_COOKIE_NAME in page
    assert "only uses cookies that are essential" in page


def test_publishing_numbers_versions_and_audits_them(sutton, admin_of):
    admin = admin_of(sutton)
    with place_scope(sutton):
        first = publish(sutton, admin, Kind.PRIVACY)
        second = publish(sutton, admin, Kind.PRIVACY, body="## Changed", changes="Shorter.")
        terms = publish(sutton, admin, Kind.TERMS)
        assert (first.version, second.version, terms.version) == (1, 2, 1)
        assert selectors.current(sutton, Kind.PRIVACY).row == second
        assert [v.version for v in selectors.history(sutton, Kind.PRIVACY)] == [2, 1]
        entries = AuditEntry.objects.for_place(sutton).filter(action="statements.version.publish")
        assert entries.count() == 3
        assert entries.filter(target_id=str(second.pk), changes__version=2).exists()


def test_a_place_without_its_own_version_shows_the_default(sutton, coventry, admin_of):
    publish(sutton, admin_of(sutton), Kind.PRIVACY)
    assert selectors.current(coventry, Kind.PRIVACY).is_default
    assert not selectors.current(sutton, Kind.PRIVACY).is_default


def test_bad_input_is_a_field_error_and_only_admins_publish(
    sutton, coventry, admin_of, make_member
):
    from coordination.accounts.models import Role

    admin = admin_of(sutton)
    with pytest.raises(RuleViolation) as caught:
        services.publish(place=sutton, actor=admin, kind=Kind.TERMS, body=" ", changes="")
    assert caught.value.message_dict == {
        "body": ["Enter the statement"],
        "changes": ["Enter a summary of the changes"],
    }
    with pytest.raises(RuleViolation) as caught:
        services.publish(place=sutton, actor=admin, kind=Kind.TERMS, body="x" * 20_001, changes="c")
    assert "body" in caught.value.message_dict
    for outsider in (
        make_member(sutton, Role.COUNCIL_OFFICER),
        make_member(sutton, Role.RESIDENT),
        admin_of(coventry),
    ):
        with pytest.raises(RuleViolation):
            publish(sutton, outsider)
    assert not StatementVersion.objects.for_place(sutton).exists()


def test_a_publisher_is_protected_from_deletion(sutton, admin_of):
    admin = admin_of(sutton)
    publish(sutton, admin)
    with pytest.raises(ProtectedError):
        admin.delete()


def test_contacts_are_named_by_the_admin_and_fill_the_statements(sutton, admin_of):
    admin = admin_of(sutton)
    services.contacts_save(
        place=sutton,
        actor=admin,
        controller="London Borough of Sutton",
        controller_contact="Civic Offices, St Nicholas Way, Sutton SM1 1EA",
        dpo_contact="dpo@sutton.example",
        accessibility_contact="access@sutton.example",
    )
    privacy = str(selectors.rendered(sutton, selectors.current(sutton, Kind.PRIVACY)))
    assert "The data controller is London Borough of Sutton" in privacy
    assert "dpo@sutton.example" in privacy
    access = str(selectors.rendered(sutton, selectors.current(sutton, Kind.ACCESSIBILITY)))
    assert "access@sutton.example" in access
    assert AuditEntry.objects.for_place(sutton).filter(action="statements.contacts.update").exists()
    with pytest.raises(RuleViolation) as caught:
        services.contacts_save(place=sutton, actor=admin, controller="")
    assert "controller" in caught.value.message_dict
