"""The notifications actions; who may take them is in coordination.accounts.permissions.RULES."""

from coordination.accounts.permissions import can

VIEW_OUTBOX = "view_outbox"  # see the outbox, its counts and errors, and retry failed emails
PREVIEW_DIGEST = "preview_digest"  # see the digest any member would get now


def may(user, place, action):
    return can(user, place, action)
