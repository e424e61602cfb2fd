"""The picker that takes several: rows chosen stay ticked, one more is added by typing its name,
and only the form's own rows are taken, never more than its limit."""

from django import forms

from coordination.pickers.fields import PickerMultipleField
from tests.support.factories import OrganisationFactory


class PartnersForm(forms.Form):
    partners = PickerMultipleField(
        source="organisations",
        noun="organisation",
        add_label="Add an organisation",
        label="Partners",
        required=False,
    )

    def __init__(self, *args, place, most=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partners"].for_place(place)
        if most:
            self.fields["partners"].most = most


def ids(*rows):
    return [str(row.pk) for row in rows]


def chosen(form):
    return sorted(row.name for row in form.cleaned_data["partners"])


def test_ticked_rows_are_kept_and_an_exact_name_typed_is_added(bucks, many):
    form = PartnersForm(
        {"partners": ids(many["Chiltern Foodbank"]), "partners_add": "marlow FOODBANK"},
        place=bucks,
    )
    assert form.is_valid(), form.errors
    assert chosen(form) == ["Chiltern Foodbank", "Marlow Foodbank"]
    # Nothing ticked and nothing typed: none, which an optional field allows.
    empty = PartnersForm({}, place=bucks)
    assert empty.is_valid() and list(empty.cleaned_data["partners"]) == []


def test_a_name_several_match_asks_which_and_keeps_what_was_ticked(bucks, many):
    ticked = many["Age UK Buckinghamshire"]
    form = PartnersForm({"partners": ids(ticked), "partners_add": "foodbank"}, place=bucks)
    assert not form.is_valid()
    assert form.errors["partners"] == ["Choose which organisation you mean"]
    page = str(form["partners"])
    assert "Which organisation do you mean?" in page
    assert page.count('name="partners_choice"') == 3
    # What was ticked is still ticked, and the text typed is still in the box.
    assert f'name="partners" type="checkbox" value="{ticked.pk}" checked' in page
    assert 'value="foodbank"' in page

    answered = PartnersForm(
        {
            "partners": ids(ticked),
            "partners_add": "foodbank",
            "partners_choice": ids(many["Aylesbury Foodbank"], many["Marlow Foodbank"]),
        },
        place=bucks,
    )
    assert answered.is_valid(), answered.errors
    assert chosen(answered) == ["Age UK Buckinghamshire", "Aylesbury Foodbank", "Marlow Foodbank"]


def test_a_name_whose_matches_are_all_ticked_adds_nothing_more(bucks, many):
    both = ids(many["Age UK Buckinghamshire"], many["Wycombe Age Concern"])
    form = PartnersForm({"partners": both, "partners_add": "age"}, place=bucks)
    assert form.is_valid(), form.errors
    assert chosen(form) == ["Age UK Buckinghamshire", "Wycombe Age Concern"]


def test_a_name_nothing_matches_says_so(bucks, many):
    form = PartnersForm({"partners_add": "Nowhere Trust"}, place=bucks)
    assert not form.is_valid()
    assert form.errors["partners"] == [
        "No organisation matches “Nowhere Trust”. Check the spelling or try part of the name"
    ]
    assert 'value="Nowhere Trust"' in str(form["partners"])


def test_ids_from_outside_the_queryset_are_refused_on_the_field(bucks, many):
    for sent in (
        ids(many["elsewhere"]),
        ids(many["Chiltern Foodbank"], many["elsewhere"]),
        ["not-a-number"],
        ["99999999999999999999999"],
    ):
        form = PartnersForm({"partners": sent}, place=bucks)
        assert not form.is_valid(), sent
        assert form.errors["partners"] == ["Choose partners from the list"], sent
    chose = PartnersForm(
        {"partners_add": "age", "partners_choice": ids(many["elsewhere"])}, place=bucks
    )
    assert not chose.is_valid()
    assert "Age UK Coventry" not in str(chose["partners"])
    # Another place's name typed is no match here, and none of its rows is offered.
    typed = PartnersForm({"partners_add": "Age UK Coventry"}, place=bucks)
    assert typed.errors["partners"] == [
        "No organisation matches “Age UK Coventry”. Check the spelling or try part of the name"
    ]
    assert f'value="{many["elsewhere"].pk}"' not in str(typed["partners"])


def test_no_more_than_the_limit_is_taken(bucks, many):
    parishes = list(type(many["elsewhere"]).objects.filter(name__startswith="Parish council"))
    form = PartnersForm({"partners": ids(*parishes[:5])}, place=bucks, most=4)
    assert not form.is_valid()
    assert form.errors["partners"] == ["Choose 4 or fewer. Untick some to take them off the list"]
    # The name typed counts too.
    form = PartnersForm(
        {"partners": ids(*parishes[:4]), "partners_add": "Chiltern Foodbank"}, place=bucks, most=4
    )
    assert not form.is_valid()
    # The default limit is read before anything is looked up.
    form = PartnersForm({"partners": [str(n) for n in range(1, 60)]}, place=bucks)
    assert not form.is_valid()
    assert form.errors["partners"] == ["Choose 50 or fewer. Untick some to take them off the list"]


def test_unticking_one_takes_it_off(bucks, many):
    first, second = many["Chiltern Foodbank"], many["Marlow Foodbank"]
    page = str(PartnersForm(initial={"partners": [first, second]}, place=bucks)["partners"])
    assert page.count('type="checkbox"') == 2 and page.count("checked") == 2
    # The form sent with one unticked sends only the other.
    form = PartnersForm(
        {"partners": ids(second)}, initial={"partners": [first, second]}, place=bucks
    )
    assert form.is_valid() and chosen(form) == ["Marlow Foodbank"]
    assert form.has_changed()


def test_a_long_list_is_a_box_to_add_to_and_a_short_one_plain_checkboxes(bucks, coventry, many):
    long = str(PartnersForm(place=bucks)["partners"])
    assert "Parish council" not in long and "Age UK" not in long
    assert f'data-picker-url="/{bucks.slug}/pick/organisations/"' in long
    assert 'name="partners_add"' in long and "Add an organisation" in long
    assert "No organisation chosen yet." in long

    OrganisationFactory(name="Coventry Law Centre", places=[coventry])
    short = PartnersForm(place=coventry)
    page = str(short["partners"])
    assert "data-picker-url" not in page and 'name="partners_add"' not in page
    assert page.count('type="checkbox"') == 2
    assert "Coventry Law Centre" in page and "Age UK Buckinghamshire" not in page
    picked = PartnersForm({"partners": ids(many["elsewhere"])}, place=coventry)
    assert picked.is_valid() and chosen(picked) == ["Age UK Coventry"]
    assert 'value="{}" checked'.format(many["elsewhere"].pk) in str(picked["partners"])
