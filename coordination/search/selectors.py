"""Searching a place as one person sees it.

``search(place, user, query, kinds, page)`` is the one read: the engine finds and ranks the place's
entries (PostgreSQL: the weighted vector with SearchRank, and title trigrams for names and typos;
SQLite: FTS5 with bm25), at most MAX_MATCHES of them; then every match is checked against its
kind's visibility selector (one query per kind found), so nobody sees a result they could not open,
whatever the index says; then the counts per kind, the type filter and the page of PAGE_SIZE.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db import connection
from django.db.models import F, Q

from . import highlight
from .models import CONFIG, SearchEntry
from .registry import search_kind, search_kinds

PAGE_SIZE = 20
MAX_MATCHES = 500
QUERY_LIMIT = 200


@dataclass(frozen=True)
class Match:
    entry_id: int
    kind: str
    object_id: int


@dataclass
class Result:
    kind: str
    label: str
    title: str  # safe HTML: escaped, with the matching words marked
    snippet: str  # safe HTML, likewise
    url: str


@dataclass
class KindCount:
    key: str
    label: str
    count: int
    selected: bool


@dataclass
class SearchResults:
    query: str
    results: list = field(default_factory=list)
    counts: list = field(default_factory=list)
    total: int = 0  # results of the chosen kinds
    page: int = 1
    pages: int = 0
    capped: bool = False  # the engine found MAX_MATCHES or more

    @property
    def has_next(self):
        return self.page < self.pages

    @property
    def has_previous(self):
        return self.page > 1

    @property
    def first(self):
        return (self.page - 1) * PAGE_SIZE + 1 if self.total else 0

    @property
    def last(self):
        return min(self.page * PAGE_SIZE, self.total)


def _postgres_matches(entries, query, limit):
    text_query = SearchQuery(query, search_type="websearch", config=CONFIG)
    return (
        entries.filter(Q(vector=text_query) | Q(title__trigram_word_similar=query))
        .annotate(
            rank=SearchRank(F("vector"), text_query) + TrigramWordSimilarity(query, "title") * 0.5
        )
        .order_by("-rank", "pk")
        .values_list("pk", "kind", "object_id")[:limit]
    )


def _fts5_expression(query):
    """Every word of the query as a quoted FTS5 prefix term (only word characters, so nothing in
    it is FTS5 syntax)."""
    words = highlight.WORD.findall(query)[: highlight.MAX_TERMS]
    return " ".join(f'"{word}"*' for word in words)


def _sqlite_matches(entries, query, limit):
    expression = _fts5_expression(query)
    if not expression:
        return []
    ranked = entries.extra(
        tables=["search_searchentry_fts"],
        where=[
            "search_searchentry_fts.rowid = search_searchentry.id",
            "search_searchentry_fts MATCH %s",
        ],
        params=[expression],
        select={"rank": "bm25(search_searchentry_fts, 10.0, 1.0)"},
        order_by=["rank", "id"],
    )
    return ranked.values_list("pk", "kind", "object_id")[:limit]


def matches(place, query, *, public_only=False, limit=MAX_MATCHES):
    """The place's entries matching ``query``, best first: the only read that differs by
    database."""
    entries = SearchEntry.objects.for_place(place)
    if public_only:
        entries = entries.filter(public=True)
    if connection.vendor == "postgresql":
        rows = _postgres_matches(entries, query, limit)
    else:
        rows = _sqlite_matches(entries, query, limit)
    return [Match(*row) for row in rows]


def _visible(place, user, found):
    """The matches this person may open, in their order: each kind's selector asked once."""
    ids = defaultdict(list)
    for match in found:
        ids[match.kind].append(match.object_id)
    allowed = {}
    for key, object_ids in ids.items():
        kind = search_kind(key)
        if kind is None:
            continue
        allowed[key] = set(
            kind.visible(place, user).filter(pk__in=object_ids).values_list("pk", flat=True)
        )
    return [m for m in found if m.object_id in allowed.get(m.kind, ())]


def search(place, user, query, kinds=(), page=1):
    query = (query or "").replace("\x00", "").strip()[:QUERY_LIMIT]
    outcome = SearchResults(query=query)
    if not query:
        return outcome
    signed_in = user is not None and user.is_authenticated
    found = matches(place, query, public_only=not signed_in)
    outcome.capped = len(found) >= MAX_MATCHES
    shown = _visible(place, user, found)
    per_kind = Counter(m.kind for m in shown)
    chosen = set(kinds)
    outcome.counts = [
        KindCount(kind.key, kind.plural, per_kind[kind.key], kind.key in chosen)
        for kind in search_kinds()
        if per_kind[kind.key] or kind.key in chosen
    ]
    if chosen:
        shown = [m for m in shown if m.kind in chosen]
    outcome.total = len(shown)
    outcome.pages = -(-outcome.total // PAGE_SIZE)
    outcome.page = min(max(page, 1), max(outcome.pages, 1))
    start = (outcome.page - 1) * PAGE_SIZE
    on_page = shown[start : start + PAGE_SIZE]
    entries = SearchEntry.objects.for_place(place).in_bulk([m.entry_id for m in on_page])
    words = highlight.terms(query)
    for match in on_page:
        entry = entries.get(match.entry_id)
        if entry is None:  # removed since the match was read
            continue
        kind = search_kind(match.kind)
        outcome.results.append(
            Result(
                kind=match.kind,
                label=str(kind.label),
                title=highlight.highlight(entry.title, words),
                snippet=highlight.snippet(entry.body, words),
                url=entry.url,
            )
        )
    return outcome
