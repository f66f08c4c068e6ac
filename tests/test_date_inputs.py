"""Date pickers (`type="date"`) keep their value in every language: the browser reads only
ISO dates (2026-03-05), whatever the page's language, so a Welsh or Ukrainian page that wrote
05/03/2026 or 05.03.2026 into the field showed it empty and lost the saved date."""

import datetime
import importlib
import pkgutil

import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone, translation

import awards.forms
from members import forms as member_forms
from tests.factories.awards import award_walk

DAY = datetime.date(2026, 3, 5)


def date_fields():
    """Every date picker in the two apps' forms, as (form class, field name)."""
    # The award forms are a package of one module per sub-domain: read each of them.
    award_modules = [
        importlib.import_module(f"awards.forms.{info.name}")
        for info in pkgutil.iter_modules(awards.forms.__path__)
    ]
    for module in (*award_modules, member_forms):
        for form_class in vars(module).values():
            if not (isinstance(form_class, type) and issubclass(form_class, forms.BaseForm)):
                continue
            if form_class.__module__ != module.__name__:
                continue
            for name, field in form_class.base_fields.items():
                if isinstance(field.widget, forms.DateInput):
                    yield form_class, name


def test_there_are_date_pickers_to_check():
    assert len(list(date_fields())) >= 7


@pytest.mark.parametrize("language", ["cy", "uk", "ar", "ti"])
def test_every_date_picker_renders_an_iso_value(language):
    with translation.override(language):
        for form_class, name in date_fields():
            field = form_class.base_fields[name]
            html = field.widget.render(name, DAY)
            assert 'value="2026-03-05"' in html, (form_class.__name__, name, html)
            assert 'type="date"' in html


def test_welsh_decision_page_shows_the_date_in_the_picker(world, client):
    walk = award_walk(world)
    coordinator = world.coordinator_a
    coordinator.preferred_language = "cy"
    coordinator.save(update_fields=["preferred_language"])
    client.force_login(coordinator)
    url = reverse("awards:decision", args=[world.network_a.slug, walk.application.pk])
    text = client.get(url).content.decode()
    today = timezone.localdate().isoformat()
    assert '<html lang="cy"' in text
    assert f'name="decided_on" value="{today}"' in text
