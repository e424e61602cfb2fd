"""Practice notes made through the services, for the practice tests; and ``build_practice``,
place A's notes for the isolation walk."""

from decimal import Decimal

from coordination.places.tenancy import scopes_disabled
from coordination.practice import services
from coordination.practice.models import FigureUnit, NoteStatus, PracticeNote

FIELDS = {
    "summary": "Residents answered within eight weeks.",
    "what_we_did": "Put every idea on the next agenda.",
    "what_changed": "People came back with more ideas.",
    "do_differently": "Agree the timing with the chairs first.",
}


def figure(**row):
    return {
        "label": "Ideas answered",
        "value": Decimal("87"),
        "unit": FigureUnit.PERCENT,
        "period": "April to September 2026",
        **row,
    }


def note(place, actor, *, title="Answering every idea", publish=True, figures=(), **fields):
    made = services.note_create(
        place=place, actor=actor, title=title, figures=list(figures), **{**FIELDS, **fields}
    )
    if publish:
        made = services.note_publish(place=place, actor=actor, note=made)
    return made


def build_practice(place, actor, n):
    for i in range(n):
        note(place, actor, title=f"Quokka Practice Note {i}", figures=[figure()])
    note(place, actor, title="Quokka Draft Practice Note", publish=False)
    # A follow from this place of another place's published note, when there is one.
    with scopes_disabled():
        elsewhere = (
            PracticeNote.objects.exclude(place=place)
            .filter(status=NoteStatus.PUBLISHED)
            .order_by("pk")
            .first()
        )
    if elsewhere is not None:
        services.follow(place=place, actor=actor, note=elsewhere, how="Trying it in one ward.")
