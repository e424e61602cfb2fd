"""What a place export carries: the models that hold a place's rows, the rows left out on purpose,
and the global rows that are referred to rather than copied."""

from django.apps import apps

from ..models import Place

FORMAT = "inplace-place-export"
VERSION = 2
# Models that changed app since an earlier version of the format: old label -> label now. Version 1
# files named the shared vocabularies as mapping's.
RENAMED_MODELS = {
    1: {
        "mapping.theme": "vocabularies.theme",
        "mapping.communityaddition": "vocabularies.communityaddition",
    },
}

# Place-owned models that are not carried, and why.
EXCLUDED = {
    "api.PartnerKey": "a partner's key must not work in a second place; the admin makes new ones",
    "webhooks.WebhookSubscription": "carries a signing secret; the admin subscribes again",
    "webhooks.WebhookDelivery": "a log of deliveries to subscriptions that are not carried",
    "boards.CalendarFeed": "secret calendar links; each person gets a new one on asking",
    "accounts.Invitation": "invitation links are secrets and expire; invite again",
    "notifications.OutboxEmail": "emails already sent or queued; keys name the old rows",
    "search.SearchEntry": "derived from the place's records; the import rebuilds it",
    "mapping.AnalysisSnapshot": "derived from the place's services and needs; computed again",
    "mapping.OverlapFinding": "part of the derived analysis snapshot; computed again",
    "funding.FiguresSnapshot": "derived from the place's bids; computed again when first read",
    "practice.PracticeFollow": "names another place's note, which this place's file does not "
    "carry; its people follow again after an import",
}

# Global models place-owned rows point at: the fields that find the same row in another database.
SHARED = {
    "accounts.User": ("email",),
    "organisations.Organisation": ("name", "org_id"),
    "organisations.Community": ("slug",),
    "vocabularies.Theme": ("slug",),  # the shared themes (no place); a place's own themes are owned
    "funding.Programme": ("title", "opens_on", "deadline"),  # when open in other places too
    # A shared programme's question a bid answered, and an organisation's kept document a bid was
    # sent with: the question by its programme (already linked) and position, the document by its file.
    "funding.ProgrammeQuestion": ("programme", "position"),
    "organisations.OrganisationDocument": ("file",),  # stored under a random name
    "contenttypes.ContentType": ("app_label", "model"),
}
# Global models carried with their parent (field name) when the place owns the parent: a programme
# that runs only here takes its questions and the documents it asks for along.
CARRIED_WITH = {
    "funding.ProgrammeQuestion": "programme",
    "funding.ProgrammeDocumentRequirement": "programme",
}
# Global models that stay global even when only this place uses them (people and organisations
# are national); other models linked to places many-to-many are owned when only this place has them.
ALWAYS_SHARED = {"accounts.User", "organisations.Organisation", "organisations.Community"}
# Fields of a shared row never carried: permissions are per installation, and so is the place a
# person last opened.
SKIPPED_FIELDS = {
    "accounts.User": {"groups", "user_permissions", "is_superuser", "is_staff", "last_place"}
}


class TransferError(Exception):
    """The file or the database does not allow the export or import; the message says why."""


def label_of(model):
    return model._meta.label


def place_fk(model):
    for field in model._meta.concrete_fields:
        if field.is_relation and field.related_model is Place:
            return field
    return None


def place_m2m(model):
    for field in model._meta.many_to_many:
        if field.related_model is Place:
            return field
    return None


def owned_model_labels():
    return {label_of(model) for model in owned_models()}


def owned_models():
    """Models holding a place's rows: a foreign key to Place, or a many-to-many with places."""
    found = []
    for model in apps.get_models():
        if model is Place or model._meta.proxy or label_of(model) in EXCLUDED:
            continue
        if label_of(model) in ALWAYS_SHARED:
            continue  # a person's link to a place (the last one opened) does not make it theirs
        if (
            place_fk(model)
            or (place_m2m(model) and label_of(model) not in ALWAYS_SHARED)
            or label_of(model) in CARRIED_WITH
        ):
            found.append(model)
    return found


def owned_queryset(model, place):
    if label_of(model) in CARRIED_WITH:
        parent = model._meta.get_field(CARRIED_WITH[label_of(model)])
        owned_parents = owned_queryset(parent.related_model, place).values("pk")
        return model._base_manager.filter(**{f"{parent.name}__in": owned_parents})
    fk = place_fk(model)
    if fk is not None:
        return model._base_manager.filter(**{fk.name: place})
    # Linked to places many-to-many: this place's alone (shared ones are SHARED references).
    m2m = place_m2m(model)
    others = model._base_manager.filter(**{m2m.name: place}).filter(
        **{f"{m2m.name}__in": Place.objects.exclude(pk=place.pk)}
    )
    return model._base_manager.filter(**{m2m.name: place}).exclude(pk__in=others.values("pk"))


def relations(model):
    """(field, is_m2m) for each relation the serializer writes."""
    out = [(f, False) for f in model._meta.concrete_fields if f.is_relation]
    out += [
        (f, True) for f in model._meta.many_to_many if f.remote_field.through._meta.auto_created
    ]
    return out
