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

from awards import forms as award_forms
from members import forms as member_forms
from tests.factories.awards import award_walk

DAY = datetime.date(2026, 3, 5)


def form_modules():
    """The two apps' form modules: a forms module, or each module of a forms package."""
    for forms_module in (award_forms, member_forms):
        yield forms_module
        for info in pkgutil.iter_modules(getattr(forms_module, "__path__", [])):
            yield importlib.import_module(f"{forms_module.__name__}.{info.name}")


def date_fields():
    """Every date picker in the two apps' forms, as (form class, field name)."""
    for module in form_modules():
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
