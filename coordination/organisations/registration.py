"""Everything the organisations app plugs into the core: the changes partners may subscribe to,
and what it holds about a person."""

from django.utils.translation import gettext_lazy

from coordination.accounts.permissions import roles_in
from coordination.personal_data.registry import register_personal_data
from coordination.pickers.registry import Source, register_source
from coordination.search.registry import register_search
from coordination.webhooks.registry import register_events

from . import personal_data, search
from .models import Organisation

register_events(
    {
        "organisations.organisation.create": gettext_lazy("An organisation was added to the place"),
        "organisations.organisation.update": gettext_lazy("An organisation's details changed"),
    }
)

# Forms that name an organisation of the place pick it by typing (coordination/pickers): the names
# are public in the place's directory, so any member of the place may look through them.
register_source(
    Source(
        name="organisations",
        rows=lambda place: Organisation.objects.filter(places=place),
        label=lambda organisation: organisation.name,
        hint=lambda organisation: organisation.get_kind_display(),
        allowed=lambda user, place: user.is_staff or bool(roles_in(user, place)),
        fields=("name", "org_id"),
    )
)

for _entry in personal_data.ENTRIES:
    register_personal_data(_entry)

# Search (docs/search.md): what this app makes searchable, each kind checked by its visibility
# selector.

for _kind in search.KINDS:
    register_search(_kind)
