from decimal import Decimal
from typing import cast

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from members.enums import (
    AFFILIATION_APPLICANT_STATES,
    AFFILIATION_REASON_REQUIRED,
    AFFILIATION_TRANSITIONS,
    AffiliationState,
    AmbassadorRole,
    AmbassadorStatus,
    ContributionKind,
    DocumentSlug,
    GovernanceType,
    PartyKind,
    Role,
    ThanksKind,
)
from members.models import (
    AffiliationApplication,
    Ambassador,
    DocumentVersion,
    Organisation,
    PartnershipForum,
    User,
)
from members.places import PlaceNotFound, find_place, place_not_found_message
from members.queries import coordinated_groups_for_user, organisations_for_user
from members.services.organisations import CONTACT_INVITATION_DAYS
from sanctuary.enums import Nation, NetworkKind
from sanctuary.models import Network
from sanctuary.uploads import check_upload


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


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the new token"),
        max_length=100,
        help_text=_("What it is for, so you know which one to revoke: “Our group’s website”."),
    )


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
        queryset=Network.objects.filter(kind=NetworkKind.LOCAL_GROUP, is_listed=True),
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
        queryset=Network.objects.filter(kind=NetworkKind.LOCAL_GROUP, is_listed=True),
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


# What a governing document may be, by the type its content shows. The upload checks
# (size, content, malware scan) are the award evidence's own, in awards.uploads.
GOVERNING_DOCUMENT_TYPES = frozenset(
    {
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.oasis.opendocument.text",
        "image/jpeg",
        "image/png",
        "image/webp",
    }
)


def check_governing_document(upload):
    """The checked upload, or a ValidationError whose message goes beside the field."""
    checked = check_upload(upload)
    if checked.content_type not in GOVERNING_DOCUMENT_TYPES:
        raise forms.ValidationError(
            _("Please upload the document as a PDF, Word or OpenDocument text, or a photo.")
        )
    return checked


class AffiliationForm(forms.ModelForm):
    """A group's application to affiliate, or its changes when staff asked for some."""

    document = forms.FileField(
        label=_("Your governing document"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.odt,.jpg,.jpeg,.png,.webp"}),
    )
    role_title = forms.CharField(
        label=_("Your role in the group"),
        max_length=120,
        help_text=_("For example: chair, coordinator, secretary."),
    )
    accept_handbook = forms.BooleanField(
        label=_("We accept the handbook terms for affiliated groups")
    )
    sign_charter = forms.BooleanField(label=_("I sign the charter on the group's behalf"))
    listed_publicly = forms.BooleanField(
        label=_("Show the group on the public list of charter signatories"), required=False
    )

    class Meta:
        model = AffiliationApplication
        fields = [
            "group_name",
            "area",
            "area_type",
            "nation",
            "governance_type",
            "lead_organisation",
            "charity_number",
            "about",
            "contact_email",
        ]
        widgets = {"about": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, resubmit: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        limit = filesizeformat(settings.SANCTUARY_UPLOAD_MAX_BYTES)
        self.fields["document"].help_text = _(
            "Your constitution or terms of reference: a PDF, Word or OpenDocument text, or a "
            "photo of it, up to %(limit)s."
        ) % {"limit": limit}
        if resubmit:
            self.fields["document"].required = False
            self.fields["document"].help_text = _(
                "Only if you want to replace the document you sent: up to %(limit)s."
            ) % {"limit": limit}
            for name in ("role_title", "accept_handbook", "sign_charter", "listed_publicly"):
                del self.fields[name]

    def clean_document(self):
        upload = self.cleaned_data.get("document")
        return check_governing_document(upload) if upload else None

    def clean(self):
        cleaned = super().clean()
        governance = cleaned.get("governance_type")
        if governance == GovernanceType.LEAD_ORGANISATION and not cleaned.get("lead_organisation"):
            self.add_error("lead_organisation", _("Please name the lead organisation."))
        if governance == GovernanceType.CHARITY and not cleaned.get("charity_number"):
            self.add_error("charity_number", _("Please give the charity's registered number."))
        return cleaned


class AffiliationStateForm(forms.Form):
    """Staff move an application on: only to the states the map allows from where it is."""

    state = forms.ChoiceField(label=_("Change the status to"))
    reason = forms.CharField(
        label=_("Reason, for the group"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when you ask for changes, decline, suspend or mark as lapsed."),
    )
    network = forms.ModelChoiceField(
        label=_("Link to an existing local group network"),
        queryset=Network.objects.filter(kind=NetworkKind.LOCAL_GROUP),
        required=False,
        empty_label=_("Create a new network for the group"),
        help_text=_("Only when affiliating, for a group that already has pages here."),
    )

    def __init__(self, *args, application: AffiliationApplication, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(AffiliationState.choices)
        allowed = AFFILIATION_TRANSITIONS[application.state] - AFFILIATION_APPLICANT_STATES
        cast(forms.ChoiceField, self.fields["state"]).choices = [
            (state, labels[state]) for state in AffiliationState.values if state in allowed
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("state") in AFFILIATION_REASON_REQUIRED and not cleaned.get("reason"):
            self.add_error("reason", _("Please give a reason: the group will read it."))
        return cleaned


class AffiliationCommentForm(forms.Form):
    text = forms.CharField(
        label=_("Comment for staff"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text=_("Only movement staff see comments."),
    )


class AmbassadorForm(forms.ModelForm):
    """Registering as a Sanctuary Ambassador. Never asks about immigration status."""

    roles_wanted = forms.MultipleChoiceField(
        label=_("What you would like to do"),
        choices=AmbassadorRole.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Choose any. You can change this later."),
    )

    class Meta:
        model = Ambassador
        fields = ["languages", "skills", "availability", "roles_wanted"]
        widgets = {"skills": forms.Textarea(attrs={"rows": 3})}


class NominateAdviserForm(forms.Form):
    ambassador = forms.ModelChoiceField(
        label=_("Sanctuary Ambassador to nominate"),
        queryset=Ambassador.objects.none(),
        empty_label=_("Choose an ambassador"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ambassador"].queryset = (
            Ambassador.objects.filter(
                status=AmbassadorStatus.APPROVED, advisory_membership__isnull=True
            )
            .select_related("user")
            .order_by("user__full_name", "user__email")
        )


class InviteAdvisersForm(forms.Form):
    meeting_date = forms.DateField(
        label=_("Date of the trustees' meeting"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    count = forms.IntegerField(
        label=_("How many members to invite"),
        min_value=1,
        max_value=12,
        initial=2,
        help_text=_("The next ones in the rotation: whoever was invited least recently."),
    )

    def clean_meeting_date(self):
        meeting_date = self.cleaned_data["meeting_date"]
        if meeting_date < timezone.localdate():
            raise forms.ValidationError(_("The meeting date is in the past."))
        return meeting_date


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


# Getting in: registering an organisation, asking to act for one, inviting colleagues,
# joining a group, and staff setting networks up.


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


class EstateUploadForm(forms.Form):
    """Staff upload a file of the existing movement to import."""

    kind = forms.ChoiceField(label=_("What the file holds"))
    file = forms.FileField(
        label=_("File"), help_text=_("CSV (UTF-8 or Windows-1252) or an Excel workbook (.xlsx).")
    )

    def __init__(self, *args, kinds: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = kinds


class EstateMappingForm(forms.Form):
    """One choice per column of the file: the field it fills, or nothing."""

    document = forms.ChoiceField(
        label=_("The document, for rows that do not name one"),
        choices=[
            (DocumentSlug.CHARTER, DocumentSlug.CHARTER.label),
            (DocumentSlug.DECLARATION, DocumentSlug.DECLARATION.label),
        ],
        required=False,
    )

    def __init__(
        self,
        *args,
        headers: list[str],
        fields: list[tuple[str, str]],
        initial_mapping: dict[int, str],
        with_document: bool,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        if not with_document:
            del self.fields["document"]
        choices = [("", _("Do not import this column")), *fields]
        for index, header in enumerate(headers):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=_("Column “%(header)s”") % {"header": header or index + 1},
                choices=choices,
                required=False,
                initial=initial_mapping.get(index, ""),
            )

    def clean(self):
        data = super().clean()
        chosen: dict[str, str] = {}
        for name, value in data.items():
            if name.startswith("column_") and value:
                if value in chosen:
                    self.add_error(
                        name,
                        _("This field is chosen for another column too: choose it once."),
                    )
                chosen[value] = name
        return data

    def mapping(self) -> dict[int, str]:
        return {
            int(name.removeprefix("column_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("column_") and value
        }


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
    network = forms.ChoiceField(label=_("Network (if any)"), required=False)
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
