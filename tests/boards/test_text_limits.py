"""A resident's idea has a maximum length on every path: the model, the page (with GOV.UK's character
count, the text kept when refused) and the API (a field error)."""

from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from boards.models import BoardKind, Proposal
from coordination import text_limits
from tests.support.api_errors import error_of
from tests.support.boards import board
from tests.support.factories import AreaFactory

pytestmark = pytest.mark.django_db

LIMIT = text_limits.TEXT  # a proposal's description
TOO_LONG = "x" * (LIMIT + 1)
REFUSED = f"Ensure this value has at most {LIMIT} characters (it has {LIMIT + 1})."


@pytest.fixture
def community_board(in_bucks):
    area = AreaFactory(place=in_bucks, name="Chesham", kind="community_board_area")
    return board(in_bucks, name="Chesham CB", kind=BoardKind.COMMUNITY_BOARD, area=area)


def proposals_page(cb):
    return reverse(
        "places:boards:proposal_list", kwargs={"place_slug": "buckinghamshire", "pk": cb.pk}
    )


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_model_refuses_text_over_its_limit(in_bucks, community_board):
    proposal = Proposal(
        place=in_bucks, board=community_board, title="Benches", description=TOO_LONG
    )
    with pytest.raises(ValidationError) as refused:
        proposal.full_clean(exclude=["created_by"])
    assert refused.value.message_dict["description"] == [REFUSED]


def test_the_page_shows_the_limit_with_a_character_count(in_bucks, community_board, people):
    page = signed_in(people["resident"]).get(proposals_page(community_board)).content.decode()
    assert (
        '<div class="govuk-form-group govuk-character-count" '
        f'data-module="govuk-character-count" data-maxlength="{LIMIT}">'
    ) in page
    assert (
        '<div id="id_description-info" class="govuk-hint govuk-character-count__message">'
        "You can enter up to 5,000 characters</div>"
    ) in page
    assert 'aria-describedby="id_description-info id_description_helptext"' in page
    assert "govuk-textarea govuk-js-character-count" in page
    # No browser maxlength on the box: pasted text is never cut short without a word.
    textarea = page[page.index("<textarea") : page.index("</textarea>")]
    assert "maxlength" not in textarea


def test_text_over_the_limit_on_the_page_is_refused_and_kept(in_bucks, community_board, people):
    response = signed_in(people["resident"]).post(
        proposals_page(community_board), {"title": "Benches", "description": TOO_LONG}
    )
    assert response.status_code == 200
    page = unescape(response.content.decode())
    assert "There is a problem" in page
    assert f"must be {LIMIT:,} characters or fewer" in page
    assert f">\n{TOO_LONG}</textarea>" in page  # what they wrote is still in the box
    assert not community_board.proposals.exists()


def test_a_line_break_counts_as_one_character_as_the_count_shows(in_bucks, community_board, people):
    # Browsers send a line break as CR LF; GOV.UK's count (and the person) see one character.
    text = "x" * (LIMIT - 11) + "\r\n" + "y" * 10
    assert len(text) == LIMIT + 1
    response = signed_in(people["resident"]).post(
        proposals_page(community_board), {"title": "Benches", "description": text}
    )
    assert response.status_code == 302
    assert community_board.proposals.get().description == text.replace("\r\n", "\n")


def test_the_api_refuses_text_over_the_limit_with_a_field_error(in_bucks, community_board, people):
    client = APIClient()
    client.force_authenticate(user=people["resident"])
    response = client.post(
        "/api/v1/places/buckinghamshire/proposals/",
        {"board": community_board.pk, "title": "Benches", "description": TOO_LONG},
        format="json",
    )
    assert response.status_code == 400
    assert error_of(response)["fields"] == {
        "description": [f"Ensure this field has no more than {LIMIT} characters."]
    }
    assert not community_board.proposals.exists()
