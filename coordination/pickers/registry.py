"""What a picker picks from: named sources that apps register from their ``registration.py``.

A source is a place's organisations, or its people: lists of thousands at a county's scale, which
a form offers as a box to type in (an accessible autocomplete) rather than a giant list. A source
says which of the place's rows it holds, how each is named, and who may look through it; apps may
widen who may (a board's officers pick the people they seat) without the core naming them.
"""

from dataclasses import dataclass, field


@dataclass
class Source:
    name: str
    # rows(place) -> a queryset of the place's rows this source picks from
    rows: object
    # label(row) -> how a row is named in the box and the suggestions
    label: object
    # allowed(user, place) -> whether this person may look through the source in this place
    allowed: object
    # The text fields a typed word is looked for in; the first also orders the suggestions.
    fields: tuple = ("name",)
    # An extra word a suggestion may carry (an organisation's kind, a person's role), or None.
    hint: object = None
    also_allowed: list = field(default_factory=list)

    def may_use(self, user, place):
        if user is None or not user.is_authenticated:
            return False
        return bool(self.allowed(user, place)) or any(
            rule(user, place) for rule in self.also_allowed
        )

    def matching(self, place, text):
        """Rows whose fields hold every typed word, names that start with the text first."""
        from .matching import ranked

        return ranked(self.rows(place), text, self.fields)


_SOURCES = {}


def register_source(source):
    _SOURCES[source.name] = source
    return source


def also_allow(name, rule):
    """Let more people look through a source: ``rule(user, place)`` -> bool."""
    _SOURCES[name].also_allowed.append(rule)


def source(name):
    return _SOURCES.get(name)


def sources():
    return list(_SOURCES)
