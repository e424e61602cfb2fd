"""Writing, publishing and reading notes of what worked: who may, and who sees drafts."""

from decimal import Decimal

import pytest
from django.test import Client

from coordination.audit.models import AuditEntry
from coordination.errors import RuleViolation
from coordination.places.tenancy import place_scope
from coordination.practice import services
from coordination.practice.models import FigureUnit, NoteStatus, PracticeNote
from coordination.vocabularies.models import Theme
from tests.support.practice import FIELDS, figure, note


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_note_starts_as_a_draft_with_a_slug_and_is_audited(sutton, people):
    with place_scope(sutton):
        made = note(sutton, people["sutton_officer"], title="Asset maps", publish=False)
        again = note(sutton, people["sutton_officer"], title="Asset maps", publish=False)
        assert made.status == NoteStatus.DRAFT and made.published_at is None
        assert (made.slug, again.slug) == ("asset-maps", "asset-maps-2")
        published = services.note_publish(place=sutton, actor=people["sutton_officer"], note=made)
        assert published.is_published and published.published_at is not None
        with pytest.raises(RuleViolation):
            services.note_publish(place=sutton, actor=people["sutton_officer"], note=published)
        actions = set(AuditEntry.objects.for_place(sutton).values_list("action", flat=True))
    assert {"practice.note.create", "practice.note.publish"} <= actions


def test_bad_input_is_a_field_error(sutton, people):
    with place_scope(sutton):
        with pytest.raises(RuleViolation) as caught:
            services.note_create(place=sutton, actor=people["sutton_officer"], title="", **FIELDS)
        assert "title" in caught.value.error_dict
        made = note(sutton, people["sutton_officer"])
        with pytest.raises(RuleViolation) as caught:
            services.figure_add(
                place=sutton,
                actor=people["sutton_officer"],
                note=made,
                **figure(value=Decimal("5000"), unit=FigureUnit.PERCENT),
            )
        assert "value" in caught.value.error_dict


def test_another_places_own_theme_is_refused(sutton, coventry, people):
    theme = Theme.objects.create(name="Coventry only", slug="coventry-only", place=coventry)
    with place_scope(sutton), pytest.raises(RuleViolation) as caught:
        note(sutton, people["sutton_officer"], theme=theme)
    assert "theme" in caught.value.error_dict


def test_only_admins_and_officers_write(sutton, people):
    url = f"/{sutton.slug}/practice/new/"
    assert signed_in(people["sutton_officer"]).get(url).status_code == 200
    for who in ("sutton_leader", "sutton_resident", "coventry_officer"):
        assert signed_in(people[who]).get(url).status_code == 403, who
    assert Client().get(url).status_code == 302  # sent to sign in
    # The service holds the same rule, whatever path calls it.
    with place_scope(sutton):
        made = note(sutton, people["sutton_officer"], publish=False)
        for who in ("sutton_leader", "coventry_officer"):
            with pytest.raises(RuleViolation, match="admins and council officers"):
                services.note_create(place=sutton, actor=people[who], title="Mine", **FIELDS)
            with pytest.raises(RuleViolation, match="admins and council officers"):
                services.note_publish(place=sutton, actor=people[who], note=made)


def test_an_officer_writes_adds_figures_and_publishes_through_the_pages(sutton, people):
    client = signed_in(people["sutton_officer"])
    response = client.post(
        f"/{sutton.slug}/practice/new/",
        {"title": "Street champions", "theme": "", "contact": "", **FIELDS},
    )
    assert response.status_code == 302
    page = response["Location"]
    assert page == f"/{sutton.slug}/practice/street-champions/"
    response = client.post(
        page + "figures/new/",
        {"label": "Streets with a champion", "value": "12.5", "unit": "percent", "period": "2026"},
    )
    assert response.status_code == 302
    assert client.post(page + "publish/").status_code == 302
    body = Client().get(page).content.decode()
    assert "Street champions" in body and "12.5%" in body and "Streets with a champion" in body


def test_a_form_with_mistakes_shows_field_errors(sutton, people):
    client = signed_in(people["sutton_officer"])
    response = client.post(f"/{sutton.slug}/practice/new/", {"title": ""})
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body and "govuk-error-message" in body
    made = None
    with place_scope(sutton):
        made = note(sutton, people["sutton_officer"])
    response = client.post(
        f"/{sutton.slug}/practice/{made.slug}/figures/new/",
        {"label": "x", "value": "lots", "unit": "count", "period": "2026"},
    )
    assert response.status_code == 200 and "govuk-error-message" in response.content.decode()


def test_drafts_are_seen_only_by_their_writers(sutton, bucks, people, make_member):
    with place_scope(sutton):
        draft = note(sutton, people["sutton_officer"], title="Secret draft", publish=False)
        note(sutton, people["sutton_officer"], title="Open note")
    page = f"/{sutton.slug}/practice/{draft.slug}/"
    assert signed_in(people["sutton_officer"]).get(page).status_code == 200
    for client in (
        Client(),
        signed_in(people["sutton_leader"]),
        signed_in(people["sutton_resident"]),
        signed_in(people["coventry_officer"]),
    ):
        assert client.get(page).status_code == 404
        assert "Secret draft" not in client.get(f"/{sutton.slug}/practice/").content.decode()
        assert "Secret draft" not in client.get("/practice/").content.decode()
        assert "Open note" in client.get("/practice/").content.decode()
    # A writer of another place sees no draft of Sutton's, even on their own place's page.
    bucks_officer = make_member(bucks, "council_officer")
    assert signed_in(bucks_officer).get(page).status_code == 404
    assert (
        "Secret draft"
        in signed_in(people["sutton_officer"]).get(f"/{sutton.slug}/practice/").content.decode()
    )


def test_a_place_page_lists_only_its_own_notes(sutton, coventry, people):
    with place_scope(sutton):
        note(sutton, people["sutton_officer"], title="Sutton way")
    with place_scope(coventry):
        note(coventry, people["coventry_officer"], title="Coventry way")
    body = Client().get(f"/{coventry.slug}/practice/").content.decode()
    assert "Coventry way" in body and "Sutton way" not in body
    # Sutton's note is not found under Coventry's address.
    assert Client().get(f"/{coventry.slug}/practice/sutton-way/").status_code == 404


def test_every_place_page_filters_by_place_and_theme_and_pages(sutton, coventry, people):
    food = Theme.objects.get(slug="food", place__isnull=True)
    with place_scope(sutton):
        note(sutton, people["sutton_officer"], title="Sutton larder", theme=food)
        for i in range(21):
            note(sutton, people["sutton_officer"], title=f"Sutton note {i}")
    with place_scope(coventry):
        note(coventry, people["coventry_officer"], title="Coventry way")
    everything = Client().get("/practice/").content.decode()
    assert "23 notes" in everything and 'rel="next"' in everything
    only_coventry = Client().get("/practice/?place=coventry").content.decode()
    assert "Coventry way" in only_coventry and "Sutton larder" not in only_coventry
    only_food = Client().get("/practice/?theme=food").content.decode()
    assert "Sutton larder" in only_food and "Coventry way" not in only_food
    assert Client().get("/practice/?place=nowhere&theme=%00&page=99").status_code in (200, 404)


def test_the_home_page_links_to_what_worked(sutton):
    body = Client().get(f"/{sutton.slug}/").content.decode()
    assert f'href="/{sutton.slug}/practice/"' in body and 'href="/practice/"' in body


def test_practice_is_not_a_place_slug():
    from coordination.places.models import RESERVED_SLUGS

    assert "practice" in RESERVED_SLUGS


def test_a_figure_can_be_removed(sutton, people):
    with place_scope(sutton):
        made = note(sutton, people["sutton_officer"], figures=[figure()])
        first = made.figures.get()
    client = signed_in(people["sutton_officer"])
    page = f"/{sutton.slug}/practice/{made.slug}/"
    assert client.post(page + "figures/remove/", {"figure": first.pk}).status_code == 302
    with place_scope(sutton):
        assert not PracticeNote.objects.for_place(sutton).get(pk=made.pk).figures.exists()
    assert (
        signed_in(people["sutton_leader"])
        .post(page + "figures/remove/", {"figure": "1"})
        .status_code
        == 403
    )
