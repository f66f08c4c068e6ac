"""sanctuary.widgets: lighter widgets that must write exactly what Django's would."""

import pytest
from django import forms

from sanctuary.widgets import LongSelect

CHOICES = [
    ("", "All local groups"),
    ("a", "Alpha & <Beta>"),
    ("b", "Béta"),
    ("Nation", [("w", "Wales"), ("s", "Scotland")]),
]


def _normalised(html: str) -> str:
    return "".join(line.strip() for line in html.splitlines())


@pytest.mark.parametrize("value", ["", "b", "s", "nothing"])
def test_long_select_writes_what_a_select_writes(value):
    attrs = {"id": "id_network", "aria-describedby": "id_network_helptext", "required": True}
    expected = forms.Select(choices=CHOICES).render("network", value, attrs=attrs)
    written = LongSelect(choices=CHOICES).render("network", value, attrs=attrs)

    assert written == _normalised(expected)
    assert "Alpha &amp; &lt;Beta&gt;" in written


def test_the_signatories_search_form_marks_the_chosen_group(world, client):
    world.network_a.is_listed = True
    world.network_a.save(update_fields=["is_listed"])

    page = client.get("/charter/signatories/", {"network": world.network_a.slug}).content.decode()

    assert (
        f'<option value="{world.network_a.slug}" selected>{world.network_a.name}</option>' in page
    )
