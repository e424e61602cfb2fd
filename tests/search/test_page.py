"""The search page and the header box: a hint for an empty search, field errors for bad input,
the filter by kind with counts, and pages of 20."""

import re

import pytest

from tests.support.boards import board

pytestmark = pytest.mark.django_db

URL = "/buckinghamshire/search/"


def count_line(html):
    return re.search(r'id="search-count"[^>]*>(.*?)</p>', html).group(1)


def test_every_place_page_has_a_labelled_search_box(client, bucks):
    html = client.get("/buckinghamshire/").content.decode()
    assert 'role="search"' in html
    assert 'for="header-search"' in html and 'id="header-search"' in html
    assert 'action="/buckinghamshire/search/"' in html


def test_an_empty_search_shows_a_hint_not_every_record(client, world):
    for query in ({}, {"q": ""}, {"q": "   "}):
        response = client.get(URL, query)
        html = response.content.decode()
        assert response.status_code == 200
        assert 'id="search-hint"' in html
        assert "search-results" not in html


def test_a_search_over_200_characters_is_a_field_error(client, world):
    response = client.get(URL, {"q": "o" * 201})
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "Search must be 200 characters or fewer" in html
    assert html.count("<title>Error:") == 1


@pytest.mark.parametrize(
    "params, message",
    [
        ({"q": "otter", "type": "spaceship"}, "Choose the kinds of result from the list"),
        ({"q": "otter", "page": "two"}, "Page must be a whole number"),
        ({"q": "otter", "page": "0"}, "Page must be 1 or more"),
    ],
)
def test_bad_filters_are_field_errors(client, world, params, message):
    html = client.get(URL, params).content.decode()
    assert message in html


def test_results_are_filtered_by_kind_with_counts(client, world):
    html = client.get(URL, {"q": "otter"}).content.decode()
    assert "Boards (1)" in html and "Papers (1)" in html and "Meetings (1)" in html
    filtered = client.get(URL, {"q": "otter", "type": ["paper", "board"]}).content.decode()
    assert count_line(filtered) == "2 results"
    assert 'value="paper" checked' in filtered
    assert "Show every kind" in filtered


def test_results_come_in_pages_of_20(client, in_bucks, people):
    for i in range(25):
        board(in_bucks, name=f"Lapwing board {i}")
    first = client.get(URL, {"q": "lapwing"}).content.decode()
    assert count_line(first) == "25 results, showing 1 to 20"
    assert first.count('class="govuk-caption-s"') == 20
    assert 'rel="next"' in first
    second = client.get(URL, {"q": "lapwing", "page": "2"}).content.decode()
    assert count_line(second) == "25 results, showing 21 to 25"
    assert second.count('class="govuk-caption-s"') == 5
    assert 'rel="prev"' in second
    beyond = client.get(URL, {"q": "lapwing", "page": "9"}).content.decode()
    assert count_line(beyond) == "25 results, showing 21 to 25"


def test_a_search_that_finds_nothing_says_so(client, world):
    html = client.get(URL, {"q": "zebra"}).content.decode()
    assert count_line(html) == "0 results"
    assert "Nothing you can see matches" in html
