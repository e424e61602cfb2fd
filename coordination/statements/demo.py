"""The demo's part in statements: Buckinghamshire names its contacts, and every demo person has
accepted the current terms, so signing in to the demo goes straight to the place. Safe to re-run."""

from coordination.accounts.models import User

from . import selectors, services
from .models import StatementAcceptance

CONTACTS = {
    "buckinghamshire": {
        "controller": "Buckinghamshire Council",
        "controller_contact": "Buckinghamshire Council, The Gateway, Gatehouse Road, Aylesbury "
        "HP19 8FF",
        "dpo_contact": "dataprotection@buckinghamshire.gov.uk.example",
        "accessibility_contact": "accessibility@buckinghamshire.gov.uk.example",
    },
}


def seed_statements_demo(places):
    created = 0
    for place in places:
        wanted = CONTACTS.get(place.slug)
        if wanted and selectors.contacts_of(place) is None:
            services.contacts_save(place=place, actor=None, **wanted)
            created += 1
    for user in User.objects.filter(is_active=True).order_by("pk"):
        before = StatementAcceptance.objects.filter(user=user).count()
        services.accept_due_terms(user=user)
        created += StatementAcceptance.objects.filter(user=user).count() - before
    return created
