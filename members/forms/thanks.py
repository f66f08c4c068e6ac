"""The form staff record time given by a person with lived experience with, and the
thanks owed."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from members.enums import (
    ContributionKind,
    ThanksKind,
)
from members.models import (
    User,
)
from sanctuary.widgets import LongSelect


class ContributionForm(forms.Form):
    """Staff record time a person with lived experience gave, and the thanks owed."""

    email = forms.EmailField(
        label=_("The person's e-mail address"),
        help_text=_("The address of their account on the platform."),
    )
    kind = forms.ChoiceField(label=_("Time given to"), choices=ContributionKind.choices)
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    hours = forms.DecimalField(
        label=_("Hours"), min_value=Decimal("0.25"), max_digits=5, decimal_places=2
    )
    # Every network: one option each, written without a template of its own.
    network = forms.ChoiceField(label=_("Network (if any)"), required=False, widget=LongSelect)
    thanks_kind = forms.ChoiceField(label=_("Thanks"), choices=ThanksKind.choices)
    amount = forms.DecimalField(
        label=_("Amount in pounds"),
        help_text=_("Leave it at 0 if the person declined."),
        min_value=Decimal("0"),
        max_digits=8,
        decimal_places=2,
        initial=Decimal("0"),
    )
    owed_at = forms.DateField(
        label=_("Owed from"),
        help_text=_("Leave it empty to use the date of the contribution."),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    consent_given = forms.BooleanField(
        label=_("The person agreed that their time and thanks are recorded here")
    )

    def __init__(self, *args, networks, **kwargs):
        super().__init__(*args, **kwargs)
        self.networks = {n.slug: n for n in networks}
        self.fields["network"].choices = [("", _("None"))] + [(n.slug, n.name) for n in networks]

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        person = User.objects.filter(email__iexact=email).first()
        if person is None:
            raise forms.ValidationError(_("No one has an account with this address."))
        self.cleaned_data["person"] = person
        return email

    def clean_network(self):
        return self.networks.get(self.cleaned_data.get("network") or "")
