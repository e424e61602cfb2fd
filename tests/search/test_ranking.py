"""Ranking and highlighting: title words before body words, typos in names (PostgreSQL), and the
marks built safely around escaped text."""

import pytest
from django.db import connection

from coordination.search import highlight
from coordination.search.selectors import search
from tests.support.boards import board

pytestmark = pytest.mark.django_db


def test_a_title_match_ranks_above_a_body_match(in_bucks, people):
    board(in_bucks, name="Allotment network", description="Plots.")
    board(in_bucks, name="Green spaces", description="Parks and the allotment waiting list.")
    found = [r.title for r in search(in_bucks, None, "allotment").results]
    assert len(found) == 2
    assert "Allotment" in found[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigrams are PostgreSQL's")
def test_a_name_with_a_typo_is_found(in_bucks, people):
    board(in_bucks, name="Chesham partnership")
    assert [r.kind for r in search(in_bucks, None, "chessham").results] == ["board"]


def test_words_are_stemmed(in_bucks):
    board(in_bucks, name="Gardening club", description="")
    assert [r.kind for r in search(in_bucks, None, "gardens").results] == ["board"]


def test_highlighting_escapes_what_people_wrote(in_bucks, people):
    board(
        in_bucks,
        name="<script>alert(1)</script> Toad board",
        description='Toads & frogs <img src=x onerror="alert(2)">',
    )
    (result,) = search(in_bucks, None, "toad").results
    assert "<script>" not in result.title
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in result.title
    assert '<mark class="inplace-search-mark">Toad</mark>' in result.title
    assert "<img" not in result.snippet
    assert "&amp; frogs" in result.snippet


def test_the_page_escapes_it_too(client, in_bucks, people):
    board(in_bucks, name="<script>alert(1)</script> Toad board")
    html = client.get("/buckinghamshire/search/", {"q": "toad"}).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_highlighter_marks_whole_words_that_start_with_a_term():
    words = highlight.terms("garden <b>")
    assert words == ["garden"]
    html = highlight.highlight("Gardening & <b>gardens</b>", words)
    assert html == (
        '<mark class="inplace-search-mark">Gardening</mark> &amp; &lt;b&gt;'
        '<mark class="inplace-search-mark">gardens</mark>&lt;/b&gt;'
    )


def test_a_snippet_shows_the_words_around_the_match():
    body = "word " * 100 + "heron " + "word " * 100
    html = highlight.snippet(body, highlight.terms("heron"))
    assert html.startswith("… ") and html.endswith(" …")
    assert '<mark class="inplace-search-mark">heron</mark>' in html
    assert len(html) < 400


def test_a_query_of_symbols_finds_nothing_and_breaks_nothing(in_bucks, people):
    board(in_bucks, name="Quotes board")
    for query in ['"', "*", "NEAR(", "a OR", "-", "'; drop table", "\x00x"[1:], "((("]:
        assert search(in_bucks, None, query).total >= 0


def test_a_decision_is_as_private_as_its_meeting(world, people, in_bucks):
    from boards.models import Decision

    for m, words in (
        (world["meeting"], "Weasel grant agreed."),
        (world["private_meeting"], "Weasel loan agreed."),
    ):
        Decision.objects.create(
            place=in_bucks, meeting=m, text=words, method="consensus", recorded_by=people["admin"]
        )
    assert [r.kind for r in search(in_bucks, None, "weasel").results] == ["decision"]
    assert len(search(in_bucks, people["admin"], "weasel").results) == 2
