"""The events partners can subscribe to: audited changes that an app declares public enough.

An app declares them in its ``registration.py`` (found at start-up) with ``register_events``; the
names are the audit actions its services record ("organisations.organisation.create"), so every service that
audits a change also announces it (``audit_record`` calls ``announcements.announce``), and nothing
else has to remember to.
"""

_events: dict[str, str] = {}


def register_events(events):
    """``events``: {audit action: what it means, for the subscription form}."""
    _events.update(events)


def known_events():
    return dict(sorted(_events.items()))


def is_known(event):
    return event in _events
