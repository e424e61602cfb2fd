"""coordination/links.py: an address reversed once gives each row the address reverse() would."""

from django.urls import reverse

from coordination.links import address_maker, place_detail_address_maker


def test_each_rows_address_is_what_reverse_gives(db):
    from coordination.places.models import Place

    sutton = Place.objects.get(slug="sutton")
    address = place_detail_address_maker("places:mapping:service_detail", sutton)
    for pk in (1, 42, 918273645546372819, 10**12):
        expected = reverse(
            "places:mapping:service_detail", kwargs={"place_slug": "sutton", "pk": pk}
        )
        assert address(pk) == expected


def test_a_value_that_needs_quoting_is_reversed_in_full():
    calls = []

    def reverse_for(value):
        calls.append(value)
        return f"/areas/{value}/"

    address = address_maker(reverse_for)
    assert address("st-helier") == "/areas/st-helier/" and len(calls) == 1  # the stand-in only
    assert address("a b") == "/areas/a b/" and calls[-1] == "a b"  # not plain: reversed


def test_an_address_without_the_value_in_it_is_reversed_every_time():
    address = address_maker(lambda value: "/always/the/same/")
    assert address(7) == "/always/the/same/"
