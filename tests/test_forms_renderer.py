"""The form renderer writes the common widgets in Python (sanctuary/forms_renderer.py): the
HTML must be Django's own, character for character, and the platform must use it."""

import datetime

import pytest
from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.utils import translation
from django.utils.safestring import mark_safe

from sanctuary.forms_renderer import FAST, FastWidgetRenderer

CHOICES = [("a", "Alpha & <b>"), ("b", "Beta"), (3, 3), ("", "None yet")]
GROUPED = [("Group <1>", [("x", "X"), ("y", "Y")]), ("z", "Zed")]


class Everything(forms.Form):
    text = forms.CharField(label="Name <yours>", help_text="Help", max_length=20)
    blank = forms.CharField(required=False, widget=forms.TextInput(attrs={"placeholder": '"q"'}))
    email = forms.EmailField(required=False)
    number = forms.IntegerField(required=False, min_value=0)
    amount = forms.DecimalField(required=False)
    url = forms.URLField(required=False)
    secret = forms.CharField(required=False, widget=forms.PasswordInput(render_value=True))
    hidden = forms.CharField(required=False, widget=forms.HiddenInput)
    day = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    moment = forms.DateTimeField(required=False)
    when = forms.TimeField(required=False)
    agree = forms.BooleanField(required=False)
    words = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3, "x": None}))
    pick = forms.ChoiceField(choices=CHOICES, widget=forms.RadioSelect)
    many = forms.MultipleChoiceField(
        choices=CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )
    one = forms.ChoiceField(choices=CHOICES, required=False)
    grouped = forms.ChoiceField(choices=GROUPED, required=False)
    several = forms.MultipleChoiceField(choices=GROUPED, required=False)
    upload = forms.FileField(required=False)
    flags = forms.CharField(
        required=False,
        widget=forms.TextInput(attrs={"disabled": True, "readonly": False, "data-n": 1234}),
    )


DATA = {
    "text": "O'Brien & <Sons>",
    "blank": "",
    "email": "a@example.org",
    "number": "12345",
    "amount": "1234.5",
    "url": "https://example.org/?a=1&b=2",
    "secret": "s&c",
    "hidden": mark_safe("<safe>"),
    "day": "2026-12-01",
    "moment": "2026-12-01 16:11",
    "when": "16:11",
    "agree": "on",
    "words": "line one\n<line two>",
    "pick": "a",
    "many": ["a", "3"],
    "one": "b",
    "grouped": "y",
    "several": ["x", "z"],
}


def rendered(form: forms.Form) -> list[str]:
    """Every way a page renders a field: the widget, its label, and each option alone."""
    html = []
    for field in form:
        html.append(str(field))
        html.append(str(field.label_tag()))
        html.append(str(field.legend_tag()))
        html.append(str(field.label_tag(attrs={"class": "x", "hidden": True})))
        html.extend(str(choice.tag()) for choice in field.subwidgets)
        html.extend(str(choice) for choice in field.subwidgets)
    return html


@pytest.mark.parametrize("bound", [False, True])
@pytest.mark.parametrize("language", ["en", "cy", "ar"])
def test_the_same_html_as_django(bound, language):
    with translation.override(language):
        fast = Everything(DATA if bound else None, renderer=FastWidgetRenderer())
        django = Everything(DATA if bound else None, renderer=DjangoTemplates())
        if bound:
            fast.is_valid()
            django.is_valid()
        assert rendered(fast) == rendered(django)


def test_initial_values_and_a_datetime_the_same():
    initial = {
        "moment": datetime.datetime(2026, 12, 1, 16, 11, tzinfo=datetime.UTC),
        "day": datetime.date(2026, 12, 1),
        "number": 1234567,
        "agree": True,
    }
    fast = Everything(initial=initial, renderer=FastWidgetRenderer())
    django = Everything(initial=initial, renderer=DjangoTemplates())
    assert rendered(fast) == rendered(django)


def test_every_fast_template_is_django_s_own_widget():
    """Each name FAST stands for is a template Django ships (a renamed one would be missed)."""
    renderer = DjangoTemplates()
    fast = FastWidgetRenderer()
    for name in FAST:
        assert renderer.get_template(name).origin.name.replace("\\", "/").endswith(name)
        # No app overrides them, so the Python version is the one used.
        assert not hasattr(fast.get_template(name), "origin")


def test_the_platform_renders_forms_with_it():
    assert settings.FORM_RENDERER == "sanctuary.forms_renderer.FastWidgetRenderer"
    assert isinstance(get_default_renderer(), FastWidgetRenderer)


def test_grouped_numbers_the_same_as_django(settings):
    settings.USE_THOUSAND_SEPARATOR = True

    class Numbers(forms.Form):
        pick = forms.ChoiceField(choices=[(12345, 12345), (2, 2.5)], widget=forms.RadioSelect)
        one = forms.ChoiceField(choices=[(12345, 12345)])

    fast = Numbers(initial={"pick": 12345}, renderer=FastWidgetRenderer())
    django = Numbers(initial={"pick": 12345}, renderer=DjangoTemplates())
    assert rendered(fast) == rendered(django)
    assert "12,345" in "".join(rendered(fast))
