"""The forms of a group's affiliation application and staff's review of it."""

from typing import cast

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from members.enums import (
    AFFILIATION_APPLICANT_STATES,
    AFFILIATION_REASON_REQUIRED,
    AFFILIATION_TRANSITIONS,
    AffiliationState,
    GovernanceType,
)
from members.models import (
    AffiliationApplication,
)
from sanctuary.enums import NetworkKind
from sanctuary.models import Network
from sanctuary.uploads import check_upload

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
