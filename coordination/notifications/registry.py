"""The one registry through which apps give the notifications core reminders and digest sections.

An app registers them from its ``registration.py`` (found at start-up, see docs/architecture.md);
the core never imports the apps' models. A reminder rule says what is due and for whom; a digest section says what
changed in a place since a time, for a person.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

__all__ = [
    "DigestItem",
    "DigestSection",
    "Due",
    "NewsKind",
    "ReminderRule",
    "digest_sections",
    "get_news_kind",
    "get_reminder_rule",
    "news_kinds",
    "occasion_for",
    "register_news",
    "register_reminder",
    "register_section",
    "reminder_rules",
    "unregister",
]


@dataclass(frozen=True)
class Due:
    """One reminder that is due: who is told, about what, on which occasion.

    ``object_key`` names the thing reminded about ("invitation:42"), ``occasion`` the moment in its
    life ("7d" after sending, "1d" before a meeting). The same recipient, rule, object and occasion
    are told once, however often the rule finds them due. ``url`` is a path on this site or
    absolute.
    """

    recipient: Any
    object_key: str
    subject: str
    text: str
    url: str = ""
    occasion: str = ""


@dataclass(frozen=True)
class DigestItem:
    title: str
    text: str = ""
    url: str = ""
    when: datetime | None = None


@dataclass(frozen=True)
class ReminderRule:
    """A kind of reminder. ``kind`` is also the preference that turns it off, shown with ``label``.

    ``find_due(place, now)`` returns Due items; when the rule has ``lead_times`` it is called once
    per lead time as ``find_due(place, now, lead_time)`` and a Due without an occasion gets the lead
    time's (``occasion_for``). Called inside the place's scope, hourly or more often: it must be
    cheap and return what is due now, not what was announced already (the core drops repeats).
    """

    kind: str
    label: str
    find_due: Callable[..., Iterable[Due]]
    lead_times: tuple[timedelta, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class DigestSection:
    """A section of a place's digest.

    ``relevant(place, user, roles)`` says whether a person sees it at all. ``items(place, user,
    since, until)`` returns DigestItems that changed in (since, until]. A section whose items need a
    query gives ``prefetch(place, since, until)``: the core calls it once per place and digest run,
    for the widest window, and passes what it returned to ``items(..., prefetched=...)``, so
    composing ten thousand digests costs the same queries as one. ``title`` is a string or
    ``title(place)``.
    """

    key: str
    title: str | Callable[[Any], str]
    items: Callable[..., list[DigestItem]]
    relevant: Callable[[Any, Any, frozenset], bool] = field(default=lambda place, user, roles: True)
    order: int = 100
    prefetch: Callable[[Any, datetime, datetime], Any] | None = None

    def title_for(self, place):
        return self.title(place) if callable(self.title) else str(self.title)


@dataclass(frozen=True)
class NewsKind:
    """A kind of change to a person's own situation that they are told of ("your bid was decided").

    ``kind`` is also the preference: each person chooses, per place, to hear of it at once by email,
    in their digest, or only on their notifications page (``default`` until they choose). Apps tell
    people through ``coordination.notifications.services.tell``.
    """

    kind: str
    label: str
    description: str = ""
    default: str = "now"
    order: int = 100


_reminders: dict[str, ReminderRule] = {}
_sections: dict[str, DigestSection] = {}
_news: dict[str, NewsKind] = {}


def _same_origin(a, b):
    return getattr(a, "__module__", None) == getattr(b, "__module__", None)


def register_reminder(rule: ReminderRule) -> ReminderRule:
    existing = _reminders.get(rule.kind)
    if existing is not None and not _same_origin(existing.find_due, rule.find_due):
        raise ValueError(f"A reminder rule of kind {rule.kind!r} is already registered")
    _reminders[rule.kind] = rule
    return rule


def register_section(section: DigestSection) -> DigestSection:
    existing = _sections.get(section.key)
    if existing is not None and not _same_origin(existing.items, section.items):
        raise ValueError(f"A digest section {section.key!r} is already registered")
    _sections[section.key] = section
    return section


def register_news(news: NewsKind) -> NewsKind:
    existing = _news.get(news.kind)
    if existing is not None and existing != news:
        raise ValueError(f"A news kind {news.kind!r} is already registered")
    _news[news.kind] = news
    return news


def unregister(*, reminder: str | None = None, section: str | None = None, news: str | None = None):
    """Take a rule, section or news kind out again (tests register their own for a while)."""
    if reminder:
        _reminders.pop(reminder, None)
    if section:
        _sections.pop(section, None)
    if news:
        _news.pop(news, None)


def news_kinds() -> list[NewsKind]:
    return sorted(_news.values(), key=lambda n: (n.order, n.kind))


def get_news_kind(kind: str) -> NewsKind | None:
    return _news.get(kind)


def reminder_rules() -> list[ReminderRule]:
    return sorted(_reminders.values(), key=lambda r: r.label)


def get_reminder_rule(kind: str) -> ReminderRule | None:
    return _reminders.get(kind)


def digest_sections() -> list[DigestSection]:
    return sorted(_sections.values(), key=lambda s: (s.order, s.key))


def occasion_for(lead_time: timedelta) -> str:
    """A short, stable name for a lead time: "7d", "2h", "30m"."""
    seconds = int(lead_time.total_seconds())
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds and seconds % size == 0:
            return f"{sign}{seconds // size}{unit}"
    return f"{sign}{seconds}s"
