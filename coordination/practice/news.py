"""The kinds of news practice notes tell people of (registered in registration.py)."""

NOTE_CHANGED = "practice_note_changed"
NOTE_FOLLOWED = "practice_note_followed"
