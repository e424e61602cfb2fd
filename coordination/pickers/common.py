"""What the pickers' form fields share: the source they pick from, the place's suggestions address,
how a row is named, whether the list is short enough for plain controls, and matching typed text."""

from django.urls import reverse

from .matching import LIMIT, ranked
from .registry import source as source_named

SELECT_UP_TO = 30


class SourceFieldMixin:
    """For a ModelChoiceField or ModelMultipleChoiceField: its rows come from a registered source.

    Call ``for_place(place)`` in the form's ``__init__``; the field's widget draws itself through
    the field (``widget.field``).
    """

    def _set_source(self, source, noun):
        self.source_name = source
        self.noun = noun
        self.url = ""
        self._short = None

    def _bind_widget(self):
        self.widget.field = self

    def __deepcopy__(self, memo):
        copied = super().__deepcopy__(memo)
        copied.widget.field = copied
        return copied

    @property
    def source(self):
        return source_named(self.source_name)

    def for_place(self, place, queryset=None):
        """Pick from the source's rows in ``place`` (or a narrower ``queryset`` of them)."""
        self.queryset = queryset if queryset is not None else self.source.rows(place)
        self.url = reverse(
            "places:pick", kwargs={"place_slug": place.slug, "source": self.source_name}
        )
        self._short = None
        return self

    def label_of(self, row):
        source = self.source
        return source.label(row) if source else str(row)

    def option_label(self, row):
        """A row as a select or a radio offers it: its name, with its hint (a kind) if any."""
        source = self.source
        hint = source.hint(row) if source and source.hint else ""
        return f"{self.label_of(row)} ({hint})" if hint else self.label_of(row)

    def label_from_instance(self, obj):
        return self.label_of(obj)

    def is_short(self):
        if self._short is None:
            # Whether there are more than SELECT_UP_TO, without counting them all (a county's
            # people are a hundred thousand).
            first = self.queryset.order_by().values_list("pk", flat=True)[: SELECT_UP_TO + 1]
            self._short = len(first) <= SELECT_UP_TO
        return self._short

    def matches(self, text):
        return list(ranked(self.queryset, text, self.source.fields)[:LIMIT])

    def _by_pk(self, pk):
        if not str(pk).isdigit():
            return None
        return self.queryset.filter(pk=pk).first()

    def named_exactly(self, text):
        """The rows named ``text`` (in any case): none, one, or two when the name is not unique."""
        text = (text or "").strip()
        if not text:
            return []
        first = self.source.fields[0]
        return list(self.queryset.filter(**{f"{first}__iexact": text})[:2])
