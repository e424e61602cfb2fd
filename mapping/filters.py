"""Filters of the public service directory (and the API), over one place's services."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Asset, AssetKind, Need, Service, ServiceStatus, Severity, Weekday

DELIVERY_CHOICES = [
    ("in_person", _("In person")),
    ("online", _("Online")),
    ("by_phone", _("By phone")),
]

DAY_CHOICES = [(day.name.lower(), day.label) for day in Weekday]


class ServiceFilter(django_filters.FilterSet):
    """Filter by theme, area and community slugs; the place's own vocabulary gives the choices."""

    q = django_filters.CharFilter(method="search", label=_("Search"), max_length=100)
    theme = django_filters.CharFilter(method="by_theme", label=_("Theme"))
    area = django_filters.CharFilter(method="by_area", label=_("Area"))
    community = django_filters.CharFilter(method="by_community", label=_("Community"))
    delivery = django_filters.ChoiceFilter(
        choices=DELIVERY_CHOICES, method="by_delivery", label=_("Delivery")
    )
    open_on = django_filters.ChoiceFilter(
        choices=DAY_CHOICES, method="by_day", label=_("Open on (a day of the week)")
    )
    status = django_filters.ChoiceFilter(choices=ServiceStatus.choices)
    specialist = django_filters.BooleanFilter(field_name="is_specialist")

    class Meta:
        model = Service
        fields = ["status"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value)
            | Q(description__icontains=value)
            | Q(organisation__name__icontains=value)
        )

    def by_theme(self, queryset, name, value):
        return queryset.filter(themes__slug=value).distinct()

    def by_area(self, queryset, name, value):
        # Services for the whole place serve every area too; the area must be this place's.
        place = self.request.place
        return queryset.filter(
            Q(whole_place=True) | Q(areas__slug=value, areas__place=place)
        ).distinct()

    def by_community(self, queryset, name, value):
        return queryset.filter(communities__slug=value).distinct()

    def by_delivery(self, queryset, name, value):
        return queryset.filter(**{value: True})

    def by_day(self, queryset, name, value):
        # An opening on that day that has not ended (one join: both conditions in one filter).
        return queryset.filter(
            Q(schedules__valid_to__isnull=True) | Q(schedules__valid_to__gte=timezone.localdate()),
            schedules__weekday=Weekday[value.upper()].value,
        ).distinct()


class NeedFilter(django_filters.FilterSet):
    severity = django_filters.ChoiceFilter(choices=Severity.choices)
    theme = django_filters.CharFilter(field_name="theme__slug", label=_("Theme slug"))
    area = django_filters.CharFilter(field_name="area__slug", label=_("Area slug"))

    class Meta:
        model = Need
        fields = []


class AssetFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=AssetKind.choices)
    area = django_filters.CharFilter(field_name="area__slug", label=_("Area slug"))

    class Meta:
        model = Asset
        fields = []
