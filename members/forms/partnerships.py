"""The forms of Sanctuary Partnership forums."""

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import (
    Organisation,
    PartnershipForum,
    User,
)
from sanctuary.models import Network


class PartnershipForumForm(forms.ModelForm):
    class Meta:
        model = PartnershipForum
        fields = ["name", "purpose", "is_listed"]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 3})}


class ForumMemberForm(forms.Form):
    """Add a council or organisation from the group's area, or a person with an account."""

    organisation = forms.ModelChoiceField(
        label=_("Council or organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("None: I am adding a person"),
    )
    email = forms.EmailField(
        label=_("Or a person's e-mail address"),
        required=False,
        help_text=_("The person needs an account on the platform already."),
    )
    role_title = forms.CharField(label=_("Role on the forum"), max_length=120, required=False)

    def __init__(self, *args, network: Network, **kwargs):
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["organisation"]
        ).queryset = Organisation.objects.filter(local_group=network).order_by("name")
        self.user = None

    def clean(self):
        cleaned = super().clean()
        organisation, email = cleaned.get("organisation"), cleaned.get("email")
        if organisation and email:
            self.add_error("email", _("Add an organisation or a person, one at a time."))
        elif not organisation and not email and not self.errors:
            self.add_error("organisation", _("Choose an organisation, or give a person's e-mail."))
        elif email:
            self.user = User.objects.filter(email__iexact=email, is_active=True).first()
            if self.user is None:
                self.add_error(
                    "email",
                    _(
                        "No one with this e-mail address has an account yet. "
                        "Ask them to sign up first."
                    ),
                )
        return cleaned
