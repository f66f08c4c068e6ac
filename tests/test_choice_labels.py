"""get_FOO_display() through sanctuary.choices.ChoiceLabels answers as Django's own, in every
language, for every choice of every model that has the mixin (and for a value not among them)."""

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import translation

from sanctuary.choices import ChoiceLabels, choice_labels

MODELS = [model for model in apps.get_models() if issubclass(model, ChoiceLabels)]
FIELDS = [(model, field) for model in MODELS for field in model._meta.fields if field.choices]


def test_the_listed_models_have_it():
    names = {model.__name__ for model in MODELS}
    assert {"Organisation", "StreamMembership", "Application", "PanelAssignment"} <= names
    assert len(FIELDS) >= 12


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_the_same_label_as_django(language):
    with translation.override(language):
        for model, field in FIELDS:
            for value in [*(value for value, _label in field.flatchoices), "no-such-value"]:
                row = model(**{field.attname: value})
                ours = getattr(row, f"get_{field.name}_display")()
                django = models.Model._get_FIELD_display(row, field)
                assert ours == django, (model, field.name, value)
                assert type(ours) is type(django)


def test_labels_follow_the_language_of_the_moment():
    from members.enums import OrganisationKind
    from members.models import Organisation

    row = Organisation(kind=OrganisationKind.values[0])
    with translation.override("en"):
        english = row.get_kind_display()
    with translation.override("cy"):
        welsh = row.get_kind_display()
        assert welsh == str(dict(Organisation._meta.get_field("kind").flatchoices)[row.kind])
    with translation.override("en"):
        assert row.get_kind_display() == english
    assert welsh != english


def test_changed_choices_are_read_again():
    from members.models import Organisation

    field = Organisation._meta.get_field("kind")
    before = choice_labels(field)
    assert choice_labels(field) is before
    saved = field.choices
    try:
        field.choices = [("x", "Ex")]
        assert choice_labels(field) == {"x": "Ex"}
    finally:
        field.choices = saved
    assert choice_labels(field) == before
