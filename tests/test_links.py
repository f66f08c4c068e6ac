"""sanctuary.links: a list's row links, reversed once and filled in per row, are the URLs
reverse() gives, however odd the value."""

import pytest
from django.urls import reverse

from sanctuary.links import _MARKER, row_link

CERTIFICATES = ["SA-2026-000123", "SOS/2024/17", "with space", "café-ünïcode", "50%-off", "a?b#c"]


@pytest.mark.parametrize("number", CERTIFICATES)
def test_a_path_argument_is_quoted_as_reverse_quotes_it(number):
    assert row_link("awards:verify", "certificate_number")(number) == reverse(
        "awards:verify", args=[number]
    )


@pytest.mark.parametrize("pk", [1, 42, 918273645])
def test_an_int_argument_beside_fixed_ones(pk):
    made = row_link("members:membership_remove", "membership_id", network_slug="leeds")
    assert made(pk) == reverse("members:membership_remove", args=["leeds", pk])


def test_a_fixed_argument_holding_the_marker_falls_back_to_reverse_per_row():
    slug = str(_MARKER)
    made = row_link("members:membership_remove", "membership_id", network_slug=slug)
    assert made(7) == reverse("members:membership_remove", args=[slug, 7])
    assert made(7).count(slug) == 1
