"""Notes of what worked a person wrote (kept: they are their place's, shown as by "Former
member") and the notes they follow (dropped on closing)."""

from coordination.personal_data.registry import model_data

from .models import PracticeFollow


def forget_follows(user):
    PracticeFollow.objects.filter(user=user).delete()


ENTRIES = (
    model_data(
        "practice.notes_written",
        "practice.PracticeNote",
        ["author"],
        ("id", "place_id", "title", "summary", "status", "published_at", "created_at"),
    ),
    model_data(
        "practice.notes_followed",
        "practice.PracticeFollow",
        ["user"],
        ("id", "place_id", "note_id", "how", "created_at"),
        anonymise=forget_follows,
    ),
)
