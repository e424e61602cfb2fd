"""What is waiting on a person: each relevant section's items, overdue first, then by due date."""

import logging
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language

from coordination.accounts.permissions import roles_in
from coordination.caching.versions import kept, versions
from coordination.ops.outage_errors import CACHE_ERRORS
from coordination.places.tenancy import place_scope

from .registry import WorkItem, WorkSection, work_sections

logger = logging.getLogger(__name__)

# How many items of each section the place's home page shows before "See all my work".
HOME_ITEMS = 3
# How many of a section My work lists before "Show all": the rest is one click away.
PAGE_ITEMS = 20


@dataclass(frozen=True)
class Entry:
    """A WorkItem as the person reads it today: with whether it is overdue."""

    item: WorkItem
    overdue: bool
    due_date: date | None

    def __getattr__(self, name):
        return getattr(self.item, name)


@dataclass
class Section:
    section: WorkSection
    entries: list
    failed: bool = False

    @property
    def key(self):
        return self.section.key

    @property
    def title(self):
        return str(self.section.title)

    @property
    def empty(self):
        return str(self.section.empty)

    @property
    def audience(self):
        return str(self.section.audience)

    @property
    def overdue_count(self):
        return sum(1 for e in self.entries if e.overdue)


def _entry(item, place, now, today):
    due = item.due
    if isinstance(due, datetime):
        overdue = due < now
        due_date = timezone.localtime(due, place.tz).date()
    elif isinstance(due, date):
        overdue = due < today
        due_date = due
    else:
        overdue = False
        due_date = None
    return Entry(item=item, overdue=overdue, due_date=due_date)


def _sort_key(entry):
    # Overdue first, then the soonest due, then what has no date, each in title order.
    return (
        not entry.overdue,
        entry.due_date is None,
        entry.due_date or date.max,
        str(entry.item.title),
    )


def _read_items(place, user, roles, now):
    """{section key: [WorkItem], or None where the section failed} of the relevant sections."""
    found = {}
    for section in work_sections():
        if not section.relevant(place, user, roles):
            continue
        try:
            found[section.key] = list(section.items(place, user, roles, now) or ())
        except Exception:
            logger.exception("My work section %s failed for user %s", section.key, user.pk)
            found[section.key] = None
    return found


def _cache_key(place, user, roles, now):
    """The key of this person's items here: it holds the place's and every place's data versions
    (any write to what a section reads bumps one, docs/caching.md), the minute (a date drawing
    near brings an item in), the language of the phrases and the person's roles."""
    place_version, every_version = versions(place.pk)
    minute = int(now.timestamp() // 60)
    return ":".join(
        str(part)
        for part in (
            "my-work",
            place.pk,
            user.pk,
            place_version,
            every_version,
            minute,
            get_language() or "",
            ",".join(sorted(roles)),
        )
    )


def _items(place, user, roles, now, *, keep):
    """The sections' items, read once a minute per change to the place and kept in the shared
    cache for MY_WORK_CACHE_SECONDS (when ``keep``): the home page, My work and the API each show
    them, and a coordinator's run to hundreds. A read with a failed section is not kept."""
    seconds = settings.MY_WORK_CACHE_SECONDS if keep else 0
    if not seconds:
        return _read_items(place, user, roles, now)
    try:
        key = _cache_key(place, user, roles, now)
    except CACHE_ERRORS:
        return _read_items(place, user, roles, now)
    return kept(
        key,
        lambda: _read_items(place, user, roles, now),
        seconds,
        keep=lambda found: None not in found.values(),
    )


def my_work(place, user, *, now=None, roles=None):
    """[Section] of every section that concerns this person here, in registry order.

    A section that fails is shown as failed (logged), never taking the page down with it. Asked
    about a given moment (``now``), the items are worked out afresh rather than read from the
    cache.
    """
    keep = now is None
    now = now or timezone.now()
    today = timezone.localtime(now, place.tz).date()
    roles = frozenset(roles if roles is not None else roles_in(user, place))
    found = _items(place, user, roles, now, keep=keep)
    out = []
    for section in work_sections():
        if section.key not in found:
            continue
        items = found[section.key]
        if items is None:
            out.append(Section(section=section, entries=[], failed=True))
            continue
        entries = sorted((_entry(i, place, now, today) for i in items), key=_sort_key)
        out.append(Section(section=section, entries=entries))
    return out


def totals(sections):
    return {
        "items": sum(len(s.entries) for s in sections),
        "overdue": sum(s.overdue_count for s in sections),
    }


def my_work_everywhere(user, places, *, now=None):
    """[(place, [Section], totals)] for each of the person's places, each read in its own scope."""
    out = []
    for place in places:
        with place_scope(place):
            sections = my_work(place, user, now=now)
        out.append((place, sections, totals(sections)))
    return out
