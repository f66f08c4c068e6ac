"""The form of a personal API token."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the new token"),
        max_length=100,
        help_text=_("What it is for, so you know which one to revoke: “Our group’s website”."),
    )
