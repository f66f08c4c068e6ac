"""The forms of a person's own account: signing up and their profile."""

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.contrib.auth.hashers import make_password
from django.utils.translation import gettext_lazy as _

from members.models import (
    User,
)


class SignupForm(AllauthSignupForm):
    full_name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        required=False,
        help_text=_("How you would like to be addressed. You may leave it empty."),
    )
    field_order = ["full_name", "email", "password1", "password2"]

    def try_save(self, request):
        """An address that has an account already gets the same answer as a new one
        (ACCOUNT_PREVENT_ENUMERATION: "verification sent", and an e-mail to the address), and
        in the same time: the password is hashed either way, as a new account's would be."""
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1") or "")
        return super().try_save(request)


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "preferred_language", "has_lived_experience"]
        help_texts = {
            "has_lived_experience": _(
                "Only you, movement staff and the coordinators who form the award panels you "
                "sit on can see this. It helps us make sure every award panel includes someone "
                "with lived experience. We never ask about immigration status."
            ),
        }
