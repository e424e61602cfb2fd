"""Reads of practice notes: published ones from every place, a place's own, and who is trying them.

Notes of every place are read on purpose outside any one place's scope, and only published ones.
Drafts are read only inside their place, and only for the people who may write notes there.
"""

from django.db.models import Count, Prefetch

from coordination.accounts.models import Membership
from coordination.accounts.permissions import RULES, can
from coordination.accounts.selectors import places_of
from coordination.places.tenancy import scopes_disabled
from coordination.vocabularies.models import Theme

from .models import NoteStatus, PracticeFigure, PracticeFollow, PracticeNote


def can_write(user, place):
    return can(user, place, "write_practice_notes")


def published_everywhere(*, place=None, theme=None):
    """Published notes of every active place, newest first; optionally of one place or theme."""
    with scopes_disabled():  # across places on purpose: published notes are public everywhere
        notes = PracticeNote.objects.filter(
            status=NoteStatus.PUBLISHED, place__is_active=True
        ).select_related("place", "theme")
    if place is not None:
        notes = notes.filter(place=place)
    if theme is not None:
        notes = notes.filter(theme=theme)
    return notes.annotate(follow_count=Count("follows")).order_by("-published_at", "-pk")


def shared_themes():
    """The themes every place shares: the ones a reader can filter all places' notes by."""
    return Theme.objects.filter(place__isnull=True).order_by("name")


def notes_in_place(place, user):
    """A place's notes: published ones, and its drafts to the people who may write them."""
    notes = PracticeNote.objects.for_place(place).select_related("place", "theme")
    if not can_write(user, place):
        notes = notes.filter(status=NoteStatus.PUBLISHED)
    return notes.annotate(follow_count=Count("follows")).order_by(
        "status", "-published_at", "-created_at"
    )


def note_in_place(place, user, **lookup):
    """One of the place's notes the person may see, with its figures; None if not."""
    return (
        notes_in_place(place, user)
        .prefetch_related(Prefetch("figures", queryset=PracticeFigure.objects.for_place(place)))
        .filter(**lookup)
        .first()
    )


def followers_by_place(note):
    """[(place, how many people, [their short notes])] of everyone trying a note, by place name.

    Only the place's name and the short notes are shown to others: never who the people are."""
    with scopes_disabled():  # follows belong to the follower's place: any place may follow
        follows = list(
            PracticeFollow.objects.filter(note=note, place__is_active=True)
            .select_related("place")
            .order_by("place__name", "created_at", "pk")
        )
    grouped = {}
    for follow in follows:
        entry = grouped.setdefault(follow.place_id, [follow.place, 0, []])
        entry[1] += 1
        if follow.how:
            entry[2].append(follow.how)
    return [tuple(entry) for entry in grouped.values()]


def follows_of(user, note):
    """The person's own follows of a note, one per place of theirs."""
    if user is None or not user.is_authenticated:
        return []
    with scopes_disabled():  # the person's own rows, in whichever of their places
        return list(
            PracticeFollow.objects.filter(note=note, user=user)
            .select_related("place")
            .order_by("place__name")
        )


def places_to_follow_from(user, note):
    """The active places of the person's from which they may follow a note: not the note's own
    place, and not one they already follow it from."""
    taken = {follow.place_id for follow in follows_of(user, note)}
    return [
        place
        for place, _memberships in places_of(user)
        if place.pk != note.place_id and place.pk not in taken
    ]


def writers_of(place):
    """The people who may write notes in a place (who hear when another place follows one)."""
    members = (
        Membership.objects.for_place(place)
        .filter(role__in=RULES["write_practice_notes"], user__is_active=True)
        .select_related("user")
        .order_by("user_id")
    )
    return list({m.user_id: m.user for m in members}.values())
