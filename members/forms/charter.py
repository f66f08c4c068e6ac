"""The forms of the movement's documents: signing, the signatories' list, and staff's
versions and translations."""

from typing import cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from members.enums import (
    PartyKind,
)
from members.models import (
    DocumentVersion,
    Organisation,
)
from members.queries import coordinated_groups_for_user, organisations_for_user
from sanctuary.enums import NetworkKind
from sanctuary.models import Network
from sanctuary.widgets import LongSelect


class SignForm(forms.Form):
    """Signing the charter, or endorsing a declaration, in a couple of minutes."""

    party_kind = forms.ChoiceField(
        label=_("Who are you signing for?"),
        choices=[
            (PartyKind.INDIVIDUAL, _("Myself")),
            (PartyKind.ORGANISATION, _("An organisation")),
            (PartyKind.GROUP, _("A local group")),
        ],
    )
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("We send you a link to confirm it. We never show it to anyone."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation you act for"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Another organisation: type its name below"),
    )
    group = forms.ModelChoiceField(
        label=_("Group you coordinate"),
        queryset=Network.objects.none(),
        required=False,
        empty_label=_("Another group: type its name below"),
    )
    party_name = forms.CharField(
        label=_("Name of the organisation or group"),
        max_length=200,
        required=False,
        help_text=_("Only when you sign for an organisation or a group."),
    )
    role_title = forms.CharField(
        label=_("Your role there"),
        max_length=120,
        required=False,
        help_text=_(
            "For example: head teacher, chair, volunteer. Only for an organisation or group."
        ),
    )
    network = forms.ModelChoiceField(
        label=_("Local group near you"),
        # Only what the options show: every listed group is an option on every view.
        queryset=Network.objects.filter(kind=NetworkKind.LOCAL_GROUP, is_listed=True).only(
            "id", "name", "slug"
        ),
        widget=LongSelect,
        required=False,
        empty_label=_("None, or I do not know"),
        help_text=_("Optional. The public list shows signatures by local group."),
    )
    listed_publicly = forms.BooleanField(
        label=_("Show my name, or my organisation's or group's, on the public list"),
        required=False,
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = (
            organisations_for_user(user) if user is not None and user.is_authenticated else None
        )
        if organisations is not None and organisations.exists():
            self.fields["organisation"].queryset = organisations
        else:
            del self.fields["organisation"]
        groups = coordinated_groups_for_user(user) if user is not None else None
        if groups is not None and groups.exists():
            self.fields["group"].queryset = groups
        else:
            del self.fields["group"]

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("party_kind")
        named = bool(cleaned.get("party_name"))
        if kind == PartyKind.ORGANISATION and not (cleaned.get("organisation") or named):
            self.add_error("party_name", _("Please give the organisation's name."))
        elif kind == PartyKind.GROUP and not (cleaned.get("group") or named):
            self.add_error("party_name", _("Please give the group's name."))
        if kind in {PartyKind.ORGANISATION, PartyKind.GROUP} and not cleaned.get("role_title"):
            self.add_error("role_title", _("Please say what your role there is."))
        return cleaned


class SignatorySearchForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Signed as"), required=False, choices=[("", _("Everyone")), *PartyKind.choices]
    )
    network = forms.ModelChoiceField(
        label=_("Local group"),
        queryset=Network.objects.filter(kind=NetworkKind.LOCAL_GROUP, is_listed=True).only(
            "id", "name", "slug"
        ),
        widget=LongSelect,
        required=False,
        to_field_name="slug",
        empty_label=_("All local groups"),
    )


class DocumentVersionForm(forms.ModelForm):
    make_current = forms.BooleanField(
        label=_("Make this the current version now"),
        required=False,
        help_text=_("People who signed the version before are invited to sign this one."),
    )

    class Meta:
        model = DocumentVersion
        fields = ["document", "title", "period", "body", "language", "published_on"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 16}),
            "published_on": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        }


class TranslationForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 16}), help_text=_("Markdown.")
    )

    def __init__(self, *args, version: DocumentVersion, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        cast(forms.ChoiceField, self.fields["language"]).choices = [
            (code, name) for code, name in settings.LANGUAGES if code != version.language
        ]
