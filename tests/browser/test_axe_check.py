"""The axe check itself: it must fail on a page that breaks WCAG, or other passes mean nothing."""

import pytest


def test_axe_check_fails_on_an_unlabelled_field_and_low_contrast(page, axe_check):
    page.set_content(
        '<!DOCTYPE html><html lang="en-GB"><head><title>Broken</title></head><body><main>'
        '<h1>Broken</h1><input type="text"><p style="color:#bbb;background:#fff">Faint</p>'
        "</main></body></html>"
    )
    with pytest.raises(pytest.fail.Exception) as failure:
        axe_check(page)
    assert "label" in str(failure.value)
    assert "color-contrast" in str(failure.value)


def test_axe_check_passes_a_clean_page(page, axe_check):
    page.set_content(
        '<!DOCTYPE html><html lang="en-GB"><head><title>Fine</title></head><body><main>'
        '<h1>Fine</h1><label for="name">Name</label><input id="name" type="text">'
        "</main></body></html>"
    )
    axe_check(page)
