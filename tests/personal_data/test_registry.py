"""Every link to a person is answered for: a model with a foreign key or many-to-many to the user
model is covered by some registration, or allowed here with the reason it needs nothing."""

from django.apps import apps
from django.contrib.auth import get_user_model

from coordination.personal_data.registry import registered

# (model label, field): why nothing about the person needs collecting or forgetting there.
ALLOWLIST = {
    (
        "admin.LogEntry",
        "user",
    ): "the Django admin's own log of what InPlace's administrators changed; administrators "
    "cannot close their account here, and the log shows a closed one as Former member",
}


def user_links():
    user_model = get_user_model()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if (
                field.concrete
                and field.is_relation
                and (field.many_to_one or field.one_to_one or field.many_to_many)
                and field.related_model is user_model
            ):
                yield model._meta.label, field.name


def test_every_link_to_a_person_is_registered_or_allowed_with_a_reason():
    covered = {cover for entry in registered() for cover in entry.covers}
    missing = [
        f"{label}.{name}"
        for label, name in user_links()
        if f"{label}.{name}" not in covered and (label, name) not in ALLOWLIST
    ]
    assert not missing, (
        "These link to the user model but no registration (register_personal_data in the app's "
        f"registration.py) covers them: {missing}"
    )


def test_the_allowlist_names_only_real_links():
    assert set(ALLOWLIST) <= set(user_links())


def test_names_are_unique_and_each_part_registers():
    names = [entry.name for entry in registered()]
    assert len(names) == len(set(names))
    parts = {name.split(".")[0] for name in names}
    assert {"accounts", "boards", "funding", "commissioning", "mapping", "notifications"} <= parts
