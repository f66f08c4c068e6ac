from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.utils.translation import gettext_lazy as _

from members.enums import Role
from members.models import User
from sanctuary.enums import Nation, NetworkKind
from sanctuary.models import Network


class SignupForm(AllauthSignupForm):
    full_name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        required=False,
        help_text=_("How you would like to be addressed. You may leave it empty."),
    )
    field_order = ["full_name", "email", "password1", "password2"]


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "preferred_language", "has_lived_experience"]
        help_texts = {
            "has_lived_experience": _(
                "Only you and movement staff can see this. It helps us make sure every award "
                "panel includes someone with lived experience. We never ask about immigration "
                "status."
            ),
        }


class NetworkProfileForm(forms.ModelForm):
    class Meta:
        model = Network
        fields = ["name", "summary", "description", "website", "contact_email", "is_listed"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}


class AddMemberForm(forms.Form):
    email = forms.EmailField(
        label=_("Their e-mail address"),
        help_text=_("The person needs an account on the platform already."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        self.user = User.objects.filter(email__iexact=email, is_active=True).first()
        if self.user is None:
            raise forms.ValidationError(
                _("No one with this e-mail address has an account yet. Ask them to sign up first.")
            )
        return email


class NetworkSearchForm(forms.Form):
    q = forms.CharField(label=_("Name or place"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind of network"),
        required=False,
        choices=[("", _("All kinds")), *NetworkKind.choices],
    )
    nation = forms.ChoiceField(
        label=_("Nation"), required=False, choices=[("", _("All nations")), *Nation.choices]
    )
