"""Changes to practice notes, their figures and follows: each checked, audited and told.

Notes and figures are audited in the note's place; a follow in the place that is trying the note.
Followers hear (in their own place) when a published note changes or gains figures; the people who
write notes in a place hear when another place follows one of its notes.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from coordination.accounts.permissions import is_member
from coordination.audit.services import audit_record
from coordination.errors import RuleViolation, full_clean
from coordination.notifications.services import tell, tell_each
from coordination.places.tenancy import place_scope, scopes_disabled

from . import selectors
from .models import NoteStatus, PracticeFigure, PracticeFollow, PracticeNote
from .news import NOTE_CHANGED, NOTE_FOLLOWED

EDITABLE = (
    "title",
    "summary",
    "what_we_did",
    "what_changed",
    "do_differently",
    "contact",
    "theme",
)
FIGURE_FIELDS = ("label", "value", "unit", "period")


def _check_writer(actor, place):
    """Only the place's writers (admins and council officers) change its notes; a task or the
    demo acts with no person."""
    if actor is not None and not selectors.can_write(actor, place):
        raise RuleViolation(
            _("Only %(place)s's admins and council officers write its notes of what worked.")
            % {"place": place.name}
        )


def _free_slug(place, title, exclude_pk=None):
    base = slugify(title)[:70].strip("-") or "note"
    taken = set(
        PracticeNote.objects.for_place(place)
        .filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken or slug in ("new",):
        slug, n = f"{base}-{n}", n + 1
    return slug


def _changes(before, note):
    return {
        k: [str(before[k]) if before[k] is not None else None, str(getattr(note, k) or "")]
        for k in EDITABLE
        if before[k] != getattr(note, k)
    }


@transaction.atomic
def note_create(*, place, actor, figures=(), **fields):
    _check_writer(actor, place)
    note = PracticeNote(place=place, author=actor if actor and actor.is_authenticated else None)
    for key in EDITABLE:
        if key in fields:
            setattr(note, key, fields[key] if fields[key] is not None or key == "theme" else "")
    note.slug = _free_slug(place, note.title)
    full_clean(note)
    note.save()
    for row in figures:
        _figure(place, note, row)
    audit_record(
        place=place,
        actor=actor,
        action="practice.note.create",
        target=note,
        changes={
            **{k: str(getattr(note, k) or "") for k in EDITABLE},
            "figures": len(figures),
        },
    )
    return note


def _figure(place, note, row):
    figure = PracticeFigure(place=place, note=note, **{k: row.get(k) for k in FIGURE_FIELDS})
    full_clean(figure)
    figure.save()
    return figure


def _tell_followers(note, actor, entry, title):
    """Tell everyone trying a published note, each in the place they follow it from."""
    with scopes_disabled():
        follows = list(
            PracticeFollow.objects.filter(note=note, place__is_active=True).select_related(
                "place", "user"
            )
        )
    for follow in follows:
        if actor is not None and follow.user_id == actor.pk:
            continue
        with place_scope(follow.place):
            tell(
                place=follow.place,
                user=follow.user,
                kind=NOTE_CHANGED,
                key=f"note-{note.pk}-{entry.pk}",
                title=title,
                body=note.summary,
                url=note.get_absolute_url(),
            )


@transaction.atomic
def note_update(*, place, actor, note, figures=None, **fields):
    _check_writer(actor, place)
    note = PracticeNote.objects.for_place(place).select_for_update().get(pk=note.pk)
    before = {k: getattr(note, k) for k in EDITABLE}
    for key in EDITABLE:
        if key in fields:
            value = fields[key]
            setattr(note, key, value if value is not None or key == "theme" else "")
    full_clean(note)
    note.save()
    changes = _changes(before, note)
    added = 0
    if figures is not None:
        old = [
            tuple(str(getattr(f, k)) for k in FIGURE_FIELDS)
            for f in PracticeFigure.objects.for_place(place).filter(note=note)
        ]
        PracticeFigure.objects.for_place(place).filter(note=note).delete()
        made = [_figure(place, note, row) for row in figures]
        new = [tuple(str(getattr(f, k)) for k in FIGURE_FIELDS) for f in made]
        if sorted(old) != sorted(new):
            changes["figures"] = [len(old), len(new)]
            added = len(set(new) - set(old))
    entry = audit_record(
        place=place, actor=actor, action="practice.note.update", target=note, changes=changes
    )
    if note.is_published and changes:
        title = (
            _("%(place)s added figures to “%(title)s”")
            if added and set(changes) == {"figures"}
            else _("%(place)s updated “%(title)s”")
        )
        _tell_followers(note, actor, entry, title % {"place": place.name, "title": note.title})
    return note


@transaction.atomic
def note_publish(*, place, actor, note):
    _check_writer(actor, place)
    note = PracticeNote.objects.for_place(place).select_for_update().get(pk=note.pk)
    if note.is_published:
        raise RuleViolation(_("This note is already published."))
    note.status = NoteStatus.PUBLISHED
    note.published_at = timezone.now()
    full_clean(note)
    note.save()
    audit_record(
        place=place,
        actor=actor,
        action="practice.note.publish",
        target=note,
        changes={"status": [NoteStatus.DRAFT, NoteStatus.PUBLISHED]},
    )
    return note


@transaction.atomic
def figure_add(*, place, actor, note, **row):
    _check_writer(actor, place)
    figure = _figure(place, note, row)
    PracticeNote.objects.for_place(place).filter(pk=note.pk).update(updated_at=timezone.now())
    entry = audit_record(
        place=place,
        actor=actor,
        action="practice.figure.create",
        target=figure,
        changes={"note": note.pk, **{k: str(row.get(k)) for k in FIGURE_FIELDS}},
    )
    if note.is_published:
        _tell_followers(
            note,
            actor,
            entry,
            _("%(place)s added figures to “%(title)s”")
            % {"place": place.name, "title": note.title},
        )
    return figure


@transaction.atomic
def figure_remove(*, place, actor, note, figure):
    _check_writer(actor, place)
    if figure.note_id != note.pk or figure.place_id != place.pk:
        raise RuleViolation(_("That figure is not one of this note's."))
    audit_record(
        place=place,
        actor=actor,
        action="practice.figure.delete",
        target=figure,
        changes={"note": note.pk, **{k: str(getattr(figure, k)) for k in FIGURE_FIELDS}},
    )
    PracticeFigure.objects.for_place(place).filter(pk=figure.pk).delete()
    PracticeNote.objects.for_place(place).filter(pk=note.pk).update(updated_at=timezone.now())


@transaction.atomic
def follow(*, place, actor, note, how=""):
    """``actor`` starts trying ``note`` in ``place``, a place of theirs other than the note's."""
    if not note.is_published:
        raise RuleViolation(_("Only published notes can be followed."))
    if not is_member(actor, place):
        raise RuleViolation({"place": _("Choose a place you are a member of.")})
    if place.pk == note.place_id:
        raise RuleViolation({"place": _("This is your own place’s note: choose another place.")})
    with place_scope(place):
        if PracticeFollow.objects.for_place(place).filter(note=note, user=actor).exists():
            raise RuleViolation(
                {"place": _("You already follow this note from %(place)s.") % {"place": place}}
            )
        row = PracticeFollow(place=place, note=note, user=actor, how=(how or "").strip())
        full_clean(row)
        row.save()
        audit_record(
            place=place,
            actor=actor,
            action="practice.follow.create",
            target=row,
            changes={"note": note.title, "note_place": note.place.slug, "how": row.how},
        )
    with place_scope(note.place):
        tell_each(
            note.place,
            selectors.writers_of(note.place),
            skip=actor,
            kind=NOTE_FOLLOWED,
            key=f"follow-{row.pk}",
            title=_("%(place)s is trying “%(title)s”") % {"place": place.name, "title": note.title},
            body=row.how,
            url=note.get_absolute_url(),
        )
    return row


@transaction.atomic
def unfollow(*, place, actor, note):
    """``actor`` stops trying ``note`` in ``place``."""
    with place_scope(place):
        row = PracticeFollow.objects.for_place(place).filter(note=note, user=actor).first()
        if row is None:
            raise RuleViolation(
                {"place": _("You do not follow this note from %(place)s.") % {"place": place}}
            )
        audit_record(
            place=place,
            actor=actor,
            action="practice.follow.delete",
            target=row,
            changes={"note": note.title, "note_place": note.place.slug},
        )
        PracticeFollow.objects.for_place(place).filter(pk=row.pk).delete()
