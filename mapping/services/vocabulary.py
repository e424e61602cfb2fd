"""A place's own additions to the shared vocabularies: a theme, or a community on its list.

The shared themes and the registry of communities belong to every place; an addition is seen only
in the place that made it (the forms, filters and API of that place then offer it).
"""

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from coordination.audit.services import audit_record
from coordination.errors import RuleViolation, full_clean
from coordination.organisations.models import Community
from coordination.vocabularies.models import CommunityAddition, Theme
from coordination.vocabularies.selectors import communities_for_place


@transaction.atomic
def theme_add(*, place, actor, name):
    name = name.strip()
    slug = slugify(name)
    if not slug:
        raise RuleViolation({"name": _("Enter the theme's name.")})
    if Theme.objects.for_place(place).filter(slug=slug).exists():
        raise RuleViolation({"name": _("%(name)s is already a theme here.") % {"name": name}})
    theme = Theme(place=place, name=name, slug=slug)
    full_clean(theme)
    theme.save()
    audit_record(
        place=place,
        actor=actor,
        action="vocabularies.theme.add",
        target=theme,
        changes={"name": name},
    )
    return theme


@transaction.atomic
def community_add(*, place, actor, name):
    """Add a community to this place's list: the registry's row if one has the name, else a new one."""
    name = name.strip()
    slug = slugify(name)
    if not slug:
        raise RuleViolation({"name": _("Enter the community's name.")})
    if communities_for_place(place).filter(slug=slug).exists():
        raise RuleViolation({"name": _("%(name)s is already listed here.") % {"name": name}})
    community = Community.objects.filter(slug=slug).first()
    if community is None:
        community = Community(name=name, slug=slug)
        full_clean(community)
        community.save()
    addition = CommunityAddition(place=place, community=community)
    full_clean(addition)
    addition.save()
    audit_record(
        place=place,
        actor=actor,
        action="vocabularies.community.add",
        target=addition,
        changes={"name": name},
    )
    return community
