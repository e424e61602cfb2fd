"""The statement pages: everyone reads them, only the place's admins publish, and nothing of one
place's statements shows through another."""

import pytest
from django.test import Client

from coordination.accounts.models import Role
from coordination.statements import services
from coordination.statements.models import Kind, StatementVersion
from tests.support.statements import publish


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("kind", Kind.values)
def test_every_statement_is_public_site_wide_and_in_a_place(client, sutton, kind):
    site = client.get(f"/statements/{kind}/")
    place = client.get(f"/sutton/statements/{kind}/")
    assert site.status_code == place.status_code == 200
    assert "This is the statement InPlace provides." in place.content.decode()
    assert "Sutton" in place.content.decode()


def test_an_unknown_statement_is_not_found(client, sutton):
    assert client.get("/statements/secrets/").status_code == 404
    assert client.get("/sutton/statements/secrets/").status_code == 404


def test_the_footer_links_the_places_own_statements(client, sutton):
    page = client.get("/sutton/").content.decode()
    for kind in Kind.values:
        assert f'href="/sutton/statements/{kind}/"' in page
    page = client.get("/").content.decode()
    for kind in Kind.values:
        assert f'href="/statements/{kind}/"' in page


def test_an_admin_publishes_a_version_from_the_browser(sutton, admin_of):
    admin = signed_in(admin_of(sutton))
    form = admin.get("/sutton/statements/privacy/edit/")
    assert form.status_code == 200
    assert "{{ controller }}" in form.content.decode()  # starts from the default, placeholders
    empty = admin.post("/sutton/statements/privacy/edit/", {"body": "", "changes": ""})
    assert empty.status_code == 200
    assert "Enter the statement" in empty.content.decode()
    assert "Enter a summary of the changes" in empty.content.decode()
    done = admin.post(
        "/sutton/statements/privacy/edit/",
        {"body": "## Who we are\n\n<b>Sutton</b> council.", "changes": "Named the council."},
    )
    assert done.status_code == 302 and done["Location"] == "/sutton/statements/privacy/"
    page = admin.get("/sutton/statements/privacy/").content.decode()
    assert "Version 1" in page and "&lt;b&gt;Sutton&lt;/b&gt; council." in page
    history = admin.get("/sutton/statements/privacy/history/").content.decode()
    row = StatementVersion.objects.for_place(sutton).get()
    assert f"/sutton/statements/privacy/versions/{row.pk}/" in history
    assert "Named the council." in history
    old = admin.get(f"/sutton/statements/privacy/versions/{row.pk}/")
    assert old.status_code == 200
    # A version is shown only under its own statement.
    assert admin.get(f"/sutton/statements/terms/versions/{row.pk}/").status_code == 404


@pytest.mark.parametrize("role", [Role.COUNCIL_OFFICER, Role.RESIDENT, Role.CHARITY_LEADER])
def test_officers_and_residents_cannot_publish(sutton, make_member, role):
    person = signed_in(make_member(sutton, role))
    assert person.get("/sutton/statements/terms/edit/").status_code == 403
    sent = person.post("/sutton/statements/terms/edit/", {"body": "x", "changes": "y"})
    assert sent.status_code == 403
    assert person.get("/sutton/statements/contacts/").status_code == 403
    assert not StatementVersion.objects.for_place(sutton).exists()


def test_a_visitor_is_sent_to_sign_in_to_publish(client, sutton):
    response = client.get("/sutton/statements/terms/edit/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_coventry_admin_cannot_change_suttons_statements(sutton, coventry, admin_of):
    coventry_admin = signed_in(admin_of(coventry))
    assert coventry_admin.get("/sutton/statements/privacy/edit/").status_code == 403
    sent = coventry_admin.post(
        "/sutton/statements/privacy/edit/", {"body": "Taken over", "changes": "Taken over"}
    )
    assert sent.status_code == 403
    sent = coventry_admin.post(
        "/sutton/statements/contacts/",
        {
            "controller": "Coventry",
            "controller_contact": "x",
            "dpo_contact": "x",
            "accessibility_contact": "x",
        },
    )
    assert sent.status_code == 403
    assert not StatementVersion.objects.for_place(sutton).exists()


def test_one_places_versions_are_not_found_through_another(sutton, coventry, admin_of):
    row = publish(sutton, admin_of(sutton), Kind.PRIVACY, body="Only Sutton's words")
    client = signed_in(admin_of(coventry))
    assert client.get(f"/coventry/statements/privacy/versions/{row.pk}/").status_code == 404
    assert "Only Sutton" not in client.get("/coventry/statements/privacy/").content.decode()
    assert "Only Sutton" not in client.get("/statements/privacy/").content.decode()


def test_the_contacts_form_says_what_is_missing(sutton, admin_of):
    admin = signed_in(admin_of(sutton))
    response = admin.post("/sutton/statements/contacts/", {})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter the name of the data controller" in page
    assert "Enter how to contact the data protection officer" in page
    done = admin.post(
        "/sutton/statements/contacts/",
        {
            "controller": "London Borough of Sutton",
            "controller_contact": "info@sutton.example",
            "dpo_contact": "dpo@sutton.example",
            "accessibility_contact": "access@sutton.example",
        },
    )
    assert done.status_code == 302
    assert "London Borough of Sutton" in admin.get("/sutton/statements/privacy/").content.decode()


def test_an_old_version_shows_the_contacts_and_periods_it_showed_when_replaced(
    sutton, admin_of, settings
):
    admin = admin_of(sutton)
    body = "Write to {{ dpo_contact }}. Downloads last {{ retention_export }}."
    contacts = {
        "controller": "London Borough of Sutton",
        "controller_contact": "Civic Offices",
        "accessibility_contact": "access@sutton.example",
    }
    services.contacts_save(place=sutton, actor=admin, dpo_contact="old@sutton.example", **contacts)
    settings.RETENTION_EXPORT_DAYS = 7
    first = services.publish(
        place=sutton, actor=admin, kind=Kind.PRIVACY, body=body, changes="First."
    )
    services.publish(place=sutton, actor=admin, kind=Kind.PRIVACY, body=body, changes="Again.")
    services.contacts_save(place=sutton, actor=admin, dpo_contact="new@sutton.example", **contacts)
    settings.RETENTION_EXPORT_DAYS = 14

    browser = signed_in(admin)
    old = browser.get(f"/sutton/statements/privacy/versions/{first.pk}/").content.decode()
    assert "old@sutton.example" in old and "7 days" in old
    assert "new@sutton.example" not in old
    now = browser.get("/sutton/statements/privacy/").content.decode()
    assert "new@sutton.example" in now and "14 days" in now
