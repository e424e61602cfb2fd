"""The GOV.UK date input (coordination/dateinputs.py) and the date rules (coordination/dates.py):
three boxes joined into a date, GOV.UK's messages for what is missing or impossible, values shown
back in their boxes, a date and time in the place's timezone, and the bounds on typed dates."""

import datetime
import zoneinfo

import pytest
from django import forms
from django.core.exceptions import ValidationError

from coordination import dates
from coordination.dateinputs import DateField, DateTimeField, DateTimeInput


class Form(forms.Form):
    start = DateField(label="Start date")
    review = DateField(label="Review date", required=False)
    when = DateTimeField(label="Starts", required=False)


def errors(data):
    form = Form(data=data)
    assert not form.is_valid()
    return form.errors


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("27", "", "2026", "Start date must include a month"),
        ("", "", "2026", "Start date must include a day and month"),
        ("27", "3", "", "Start date must include a year"),
        ("31", "2", "2026", "Start date must be a real date"),
        ("x", "3", "2026", "Start date must be a real date"),
        ("27", "3", "26", "Year must include 4 numbers"),
    ],
)
def test_a_partial_or_impossible_date_gets_govuk_messages(day, month, year, message):
    data = {"start_day": day, "start_month": month, "start_year": year}
    assert errors(data)["start"] == [message]


def test_the_boxes_join_into_a_date_and_a_single_value_is_taken_too():
    form = Form(data={"start_day": " 7", "start_month": "03", "start_year": "2026"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["start"] == datetime.date(2026, 3, 7)
    assert form.cleaned_data["review"] is None
    form = Form(data={"start": "2026-03-07", "when": "2026-03-07T14:30"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["start"] == datetime.date(2026, 3, 7)


def test_an_empty_required_date_says_so_and_an_optional_half_date_is_not_dropped():
    assert errors({})["start"] == ["Enter start date"]
    assert errors({"start": "2026-03-07", "review_day": "1"})["review"] == [
        "Review date must include a month and year"
    ]


def test_a_stored_date_and_a_posted_date_show_again_in_their_boxes():
    html = str(Form(initial={"start": datetime.date(2026, 3, 27)})["start"])
    for part, value in (("day", "27"), ("month", "3"), ("year", "2026")):
        assert f'name="start_{part}" type="text" inputmode="numeric" value="{value}"' in html
    bound = Form(data={"start_day": "27", "start_month": "", "start_year": "2026"})
    bound.is_valid()
    html = str(bound["start"])
    assert 'value="27"' in html and 'value="2026"' in html
    # Only the box that is wrong is marked.
    assert html.count("govuk-input--error") == 1
    assert 'govuk-input--error" id="id_start_month"' in html
    assert bound["start"].error_target_id == "id_start_month"


def test_the_renderer_draws_a_fieldset_with_legend_hint_and_error():
    bound = Form(data={"start_day": "31", "start_month": "2", "start_year": "2026"})
    bound.is_valid()
    html = bound.as_div()
    assert (
        '<fieldset class="govuk-fieldset" role="group" aria-describedby="id_start_helptext id_start_error">'
        in html
    )
    assert (
        '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Start date</legend>'
        in html
    )
    assert "For example, 27 3 2026" in html
    assert '<p class="govuk-error-message" id="id_start_error">' in html
    # Every box is marked when the whole date is wrong.
    assert html.count("govuk-input--error") == 3
    assert "Review date (optional)" in html


def test_a_date_and_time_is_read_and_shown_in_the_given_timezone():
    class MeetingForm(forms.Form):
        starts = DateTimeField(label="Starts")

    new_york = zoneinfo.ZoneInfo("America/New_York")
    form = MeetingForm(
        data={"starts_day": "1", "starts_month": "7", "starts_year": "2031", "starts_time": "9.30"}
    )
    form.fields["starts"].tz = new_york
    assert form.is_valid(), form.errors
    assert form.cleaned_data["starts"] == datetime.datetime(2031, 7, 1, 13, 30, tzinfo=datetime.UTC)

    shown = MeetingForm(
        initial={"starts": datetime.datetime(2031, 7, 1, 13, 30, tzinfo=datetime.UTC)}
    )
    shown.fields["starts"].tz = new_york
    html = str(shown["starts"])
    assert 'name="starts_time" type="text" value="09:30"' in html
    assert str(DateTimeInput.hint) in shown.as_div()

    bad = MeetingForm(data={"starts_day": "1", "starts_month": "7", "starts_year": "2031"})
    assert bad.errors["starts"] == ["Starts must include a time"]
    bad = MeetingForm(
        data={"starts_day": "1", "starts_month": "7", "starts_year": "2031", "starts_time": "25:00"}
    )
    assert bad.errors["starts"] == ["Starts must include a real time, like 14:30"]


def test_the_date_rules(settings):
    today = dates.today()
    dates.not_in_future(today)
    with pytest.raises(ValidationError, match="today or in the past"):
        dates.not_in_future(today + datetime.timedelta(days=1))
    settings.DATES_MAX_YEARS_AHEAD = 10
    dates.not_too_far_ahead(dates.years_after(today, 10))
    with pytest.raises(ValidationError, match="check the year"):
        dates.not_too_far_ahead(dates.years_after(today, 10) + datetime.timedelta(days=1))
    assert dates.years_after(datetime.date(2028, 2, 29), 1) == datetime.date(2029, 2, 28)
    # A year before 1900 is a typo for either kind of date (0329 for 2029), even as an instant.
    for rule in (dates.not_in_future, dates.not_too_far_ahead):
        rule(datetime.date(1900, 1, 1))
        with pytest.raises(ValidationError, match="1900 or later"):
            rule(datetime.date(329, 3, 10))
        with pytest.raises(ValidationError, match="1900 or later"):
            rule(datetime.datetime(329, 3, 10, 21, 46, tzinfo=datetime.UTC))
