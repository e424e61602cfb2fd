"""Statements made through the services, for the statements tests; and ``build_statements``,
a place's own statements for the isolation walk."""

from coordination.statements import services
from coordination.statements.models import Kind
from coordination.statements.selectors import terms_due


def publish(place, actor, kind=Kind.PRIVACY, body="## Who we are\n\nWe are the council.", **kw):
    return services.publish(
        place=place, actor=actor, kind=kind, body=body, changes=kw.get("changes", "First version.")
    )


def build_statements(place, actor, n):
    services.contacts_save(
        place=place,
        actor=actor,
        controller="Quokka Borough Council",
        controller_contact="data@quokka-only.example",
        dpo_contact="dpo@quokka-only.example",
        accessibility_contact="access@quokka-only.example",
    )
    for i in range(n):
        for kind in Kind:
            publish(place, actor, kind, body=f"## Quokka {kind.label} {i}\n\nText.")
    # The walk's people are members of the place: they have accepted its terms, so its pages
    # show themselves rather than the page that asks them to accept.
    services.accept_due_terms(user=actor)
    assert not terms_due(actor)
