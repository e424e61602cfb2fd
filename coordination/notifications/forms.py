"""Forms for a person's notification preferences and the admins' digest preview."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coordination.forms_renderer import InlineRadioSelect
from coordination.pickers.fields import PickerField

from .models import Delivery, DigestFrequency
from .registry import news_kinds, reminder_rules

NEWS_FIELD_PREFIX = "news_"
REMINDER_FIELD_PREFIX = "reminder_"


def _hour(hour):
    suffix = "am" if hour < 12 else "pm"
    return {0: "midnight", 12: "midday"}.get(hour) or f"{hour % 12}{suffix}"


class PreferencesForm(forms.Form):
    digest = forms.ChoiceField(
        label=_("How often do you want a digest of what is new?"), widget=forms.RadioSelect
    )

    def __init__(self, *args, place, **kwargs):
        super().__init__(*args, **kwargs)
        weekday = place.get_digest_weekday_display()
        hour = _hour(place.digest_hour)
        labels = {
            DigestFrequency.WEEKLY: _("Every week, on %(weekday)s at %(hour)s")
            % {"weekday": weekday, "hour": hour},
            DigestFrequency.DAILY: _("Every day at %(hour)s") % {"hour": hour},
            DigestFrequency.OFF: _("No digest"),
        }
        self.fields["digest"].choices = [
            (value, labels[value])
            for value in (DigestFrequency.WEEKLY, DigestFrequency.DAILY, DigestFrequency.OFF)
        ]
        for rule in reminder_rules():
            self.fields[REMINDER_FIELD_PREFIX + rule.kind] = forms.ChoiceField(
                label=rule.label,
                help_text=rule.description,
                choices=Delivery.choices,
                initial=Delivery.NOW,
                required=False,  # not sent: that reminder keeps its setting
                widget=InlineRadioSelect,
            )
        for news in news_kinds():
            self.fields[NEWS_FIELD_PREFIX + news.kind] = forms.ChoiceField(
                label=news.label,
                help_text=news.description,
                choices=Delivery.choices,
                initial=news.default,
                # Not sent (an older form, a script): that kind keeps its setting.
                required=False,
                widget=InlineRadioSelect,
            )

    def error_summary(self):
        """GOV.UK's error summary alone, for a page that lays the fields out in parts."""
        return self.render("forms/govuk/error_summary.html")

    def reminder_fields(self):
        return [self[REMINDER_FIELD_PREFIX + rule.kind] for rule in reminder_rules()]

    def reminder_choices(self):
        """{kind: Delivery} as chosen on the form."""
        return {
            rule.kind: self.cleaned_data[REMINDER_FIELD_PREFIX + rule.kind]
            for rule in reminder_rules()
            if self.cleaned_data.get(REMINDER_FIELD_PREFIX + rule.kind)
        }

    def news_fields(self):
        return [self[NEWS_FIELD_PREFIX + news.kind] for news in news_kinds()]

    def news_choices(self):
        """{kind: Delivery} as chosen on the form."""
        return {
            news.kind: self.cleaned_data[NEWS_FIELD_PREFIX + news.kind]
            for news in news_kinds()
            if self.cleaned_data.get(NEWS_FIELD_PREFIX + news.kind)
        }


class DigestPreviewForm(forms.Form):
    member = PickerField(source="people", noun=_("member"), label=_("Member"))

    def __init__(self, *args, place, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].for_place(place)
