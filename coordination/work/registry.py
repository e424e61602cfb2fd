"""The registry through which apps give "My work" the things waiting on a person.

An app registers ``WorkSection``s from its ``registration.py`` (found at start-up, see
docs/architecture.md); the core never imports the apps' models. A section says whom it concerns
(``relevant(place, user, roles)``) and what is waiting on that person now (``items(place, user,
roles, now)``), each item with its due date and a link to where the person acts. Items must be
read in a few queries whatever their number: My work is one page over every section.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

__all__ = ["WorkItem", "WorkSection", "register_work", "unregister_work", "work_sections"]


@dataclass(frozen=True)
class WorkItem:
    """One thing waiting on a person: what (``title``), where they act (``url``), by when (``due``,
    a date or a moment; None when it has no date), its ``status`` as a short phrase ("Awaiting a
    decision") and one line of ``detail`` (the board, tender or programme it belongs to)."""

    title: str
    url: str
    due: date | datetime | None = None
    status: str = ""
    detail: str = ""


@dataclass(frozen=True)
class WorkSection:
    """A section of My work. ``empty`` says what will appear there when nothing is waiting yet.
    ``audience`` names whom it is for ("Everyone", "Charity leaders"), for the page's grouping."""

    key: str
    title: str
    items: Callable[..., list[WorkItem]]
    empty: str
    audience: str = ""
    relevant: Callable[[Any, Any, frozenset], bool] = field(default=lambda place, user, roles: True)
    order: int = 100


_sections: dict[str, WorkSection] = {}


def register_work(section: WorkSection) -> WorkSection:
    existing = _sections.get(section.key)
    if existing is not None and existing.items.__module__ != section.items.__module__:
        raise ValueError(f"A My work section {section.key!r} is already registered")
    _sections[section.key] = section
    return section


def unregister_work(key: str):
    """Take a section out again (tests register their own for a while)."""
    _sections.pop(key, None)


def work_sections() -> list[WorkSection]:
    return sorted(_sections.values(), key=lambda s: (s.order, s.key))
