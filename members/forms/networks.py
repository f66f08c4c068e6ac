"""The forms of networks: finding one, its public profile and its translations, adding
members, and staff's settings and coordinator invitations."""

from typing import cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from members.enums import (
    Role,
)
from members.places import PlaceNotFound, find_place, place_not_found_message
from sanctuary.enums import Nation, NetworkKind
from sanctuary.models import Network


class NetworkSearchForm(forms.Form):
    near = forms.CharField(
        label=_("Town, city or postcode"),
        required=False,
        max_length=100,
        help_text=_("For example Rotherham, Caerdydd, S1 or BT7: we list the nearest groups."),
    )
    q = forms.CharField(label=_("Name of the group or network"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind of network"),
        required=False,
        choices=[("", _("All kinds")), *NetworkKind.choices],
    )
    nation = forms.ChoiceField(
        label=_("Nation"), required=False, choices=[("", _("All nations")), *Nation.choices]
    )

    def clean_near(self):
        """The place, or None; a place we do not know is refused next to the field, with the
        names it may have meant (``self.suggestions``) for the page to offer as links."""
        typed = " ".join(self.cleaned_data["near"].split())
        self.suggestions: list[str] = []
        if not typed:
            return None
        try:
            return find_place(typed)
        except PlaceNotFound as error:
            self.suggestions = error.suggestions
            raise forms.ValidationError(str(error)) from error


class NetworkProfileForm(forms.ModelForm):
    """The public profile. The place a coordinator types becomes the network's point here, with
    members/places.py, because the core model that stores the numbers may not import members."""

    class Meta:
        model = Network
        fields = [
            "name", "summary", "description", "language", "place_name", "website",
            "contact_email", "is_listed", "join_without_approval",
        ]  # fmt: skip
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A form sent without it keeps the profile's language.
        self.fields["language"].required = False

    def clean_language(self):
        return self.cleaned_data["language"] or self.instance.language

    def clean_place_name(self):
        typed = " ".join(self.cleaned_data["place_name"].split())
        self.place = None
        if not typed:
            return ""
        try:
            self.place = find_place(typed)
        except PlaceNotFound as error:
            raise forms.ValidationError(place_not_found_message(error)) from error
        if self.place.other_places:
            names = [self.place.qualified_name] + [
                p.qualified_name for p in self.place.other_places
            ]
            raise forms.ValidationError(
                _(
                    "More than one place is called %(name)s. Type one of these, or your postcode "
                    "district: %(names)s."
                ),
                params={"name": self.place.name, "names": "; ".join(names)},
            )
        return typed

    def clean(self):
        cleaned = super().clean()
        if "place_name" in cleaned:
            place = getattr(self, "place", None)
            cleaned["latitude"] = place.latitude if place else None
            cleaned["longitude"] = place.longitude if place else None
        return cleaned


class ProfileTranslationForm(forms.Form):
    """The public profile in another language. Empty fields remove that translation."""

    language = forms.ChoiceField(label=_("Language"))
    summary = forms.CharField(label=_("Summary"), max_length=300, required=False)
    description = forms.CharField(
        label=_("About"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(self, *args, original_language: str = "en", **kwargs):
        kwargs["prefix"] = "translation"
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["language"]).choices = [
            (code, name) for code, name in settings.LANGUAGES if code != original_language
        ]


class AddMemberForm(forms.Form):
    email = forms.EmailField(
        label=_("Their e-mail address"),
        help_text=_(
            "We e-mail them an invitation. They have the role once they accept it, with an "
            "account they have or create with this address."
        ),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class NetworkSettingsForm(forms.ModelForm):
    """Staff create and edit a network: every field the network has."""

    class Meta:
        model = Network
        fields = [
            "name",
            "slug",
            "kind",
            "area_type",
            "nation",
            "region",
            "parent",
            "coordinating_group",
            "summary",
            "description",
            "website",
            "contact_email",
            "is_listed",
            "join_without_approval",
        ]
        help_texts = {
            "parent": _("Only for a local stream network: the stream it is part of."),
            "coordinating_group": _(
                "Only for a local stream network: the local group that coordinates it."
            ),
            "area_type": _("Needed for a local group."),
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Network.objects.filter(kind=NetworkKind.STREAM)
        self.fields["coordinating_group"].queryset = Network.objects.filter(
            kind=NetworkKind.LOCAL_GROUP
        )
        if self.instance.pk:
            # Links, tokens and bookmarks use the address: it stays once the network exists.
            del self.fields["slug"]


class InviteCoordinatorForm(forms.Form):
    name = forms.CharField(label=_("Their name"), max_length=200, required=False)
    email = forms.EmailField(label=_("Their e-mail address"))
    language = forms.ChoiceField(
        label=_("Language of the e-mail"), choices=settings.LANGUAGES, initial="en"
    )
