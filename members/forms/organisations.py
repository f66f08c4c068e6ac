"""Getting in: registering an organisation, asking to act for one, inviting colleagues,
joining a group, and the approve-or-refuse form for what waits on a coordinator."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from members.models import (
    Organisation,
)
from members.services.organisations import CONTACT_INVITATION_DAYS
from sanctuary.enums import NetworkKind
from sanctuary.models import Network


class OrganisationRegisterForm(forms.ModelForm):
    """A signed-in person registers their organisation (a head teacher on a phone, often)."""

    role_title = forms.CharField(
        label=_("Your role there"),
        max_length=120,
        required=False,
        help_text=_("For example: head teacher, librarian, volunteer coordinator."),
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "kind",
            "stream",
            "postcode",
            "address",
            "town",
            "nation",
            "local_authority",
            "local_group",
            "website",
            "official_number_kind",
            "official_number",
        ]
        labels = {
            "name": _("Name of the organisation"),
            "kind": _("Kind of organisation"),
            "stream": _("The stream it belongs to"),
            "local_group": _("The local City of Sanctuary group for its area"),
            "local_authority": _("Local authority area"),
            "official_number_kind": _("Kind of official number"),
            "official_number": _("Official number"),
        }
        help_texts = {
            "name": _("As it is known publicly, for example “Parkside Primary School”."),
            "stream": _(
                "Schools of Sanctuary for a school, and so on. Leave it empty if none fits."
            ),
            "local_group": _("Leave it empty if there is no group near you."),
            "local_authority": _("The council area, for example “Sheffield”."),
            "official_number": _(
                "A school's URN, a charity or company number, where one exists. It helps us "
                "find out whether the organisation is here already."
            ),
        }
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["postcode"].required = True
        self.fields["stream"].queryset = Network.objects.filter(kind=NetworkKind.STREAM)
        self.fields["stream"].empty_label = _("None of these")
        self.fields["local_group"].queryset = Network.objects.filter(kind=NetworkKind.LOCAL_GROUP)
        self.fields["local_group"].empty_label = _("There is no group near us")
        self.fields["official_number_kind"].choices = [
            ("", _("No official number")),
            *self.fields["official_number_kind"].choices[1:],
        ]
        self.fields["postcode"].widget.attrs["autocomplete"] = "postal-code"
        self.fields["address"].widget.attrs["autocomplete"] = "street-address"
        self.fields["town"].widget.attrs["autocomplete"] = "address-level2"
        self.fields["website"].widget.attrs["autocomplete"] = "url"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("official_number") and not cleaned.get("official_number_kind"):
            self.add_error("official_number_kind", _("Please say what kind of number this is."))
        return cleaned

    def _post_clean(self):
        # The service builds and checks the organisation; the form only checks the fields.
        pass


class OrganisationSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name, town or postcode of the organisation"), required=False, max_length=100
    )


class ContactRequestForm(forms.Form):
    role_title = forms.CharField(
        label=_("Your role there"),
        max_length=120,
        required=False,
        help_text=_("For example: head teacher, librarian, volunteer coordinator."),
    )
    message = forms.CharField(
        label=_("A word for the coordinator (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DecisionForm(forms.Form):
    """Approve, or refuse with a reason the person reads."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("refuse", _("Refuse"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason, if you refuse"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The person reads it in the e-mail we send them."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "refuse" and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Please give a reason: the person will read it."))
        return cleaned

    @property
    def approves(self) -> bool:
        return self.cleaned_data["decision"] == "approve"


class InviteContactForm(forms.Form):
    email = forms.EmailField(
        label=_("Your colleague's e-mail address"),
        help_text=ngettext_lazy(
            "We send them a link that works once and expires in %(days)s day.",
            "We send them a link that works once and expires in %(days)s days.",
            "days",
        )
        % {"days": CONTACT_INVITATION_DAYS},
    )
    language = forms.ChoiceField(
        label=_("Language of the e-mail"), choices=settings.LANGUAGES, initial="en"
    )


class JoinNetworkForm(forms.Form):
    message = forms.CharField(
        label=_("A word for the coordinators (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
