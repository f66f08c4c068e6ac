"""Forms of an application: starting it, its responses and evidence, its action plan, its
collaborators and its language. They parse and check input; the services decide and write."""

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from awards.models import Application, CriterionResponse
from members.models import User
from sanctuary.uploads import ACCEPTED_HELP, check_upload


class StartApplicationForm(forms.Form):
    """Which organisation applies for which award: only the pairs this person may start."""

    choice = forms.ChoiceField(label=_("Organisation and award"), widget=forms.RadioSelect)

    def __init__(self, *args, options: list[tuple], **kwargs):
        super().__init__(*args, **kwargs)
        self.options = {f"{org.pk}:{scheme.pk}": (org, scheme) for org, scheme in options}
        cast(forms.ChoiceField, self.fields["choice"]).choices = [
            (key, f"{org.name}: {scheme.display_name}")
            for key, (org, scheme) in self.options.items()
        ]

    def clean_choice(self):
        organisation, scheme = self.options[self.cleaned_data["choice"]]
        self.organisation, self.scheme = organisation, scheme
        return self.cleaned_data["choice"]


class ResponseForm(forms.ModelForm):
    class Meta:
        model = CriterionResponse
        fields = ["self_assessment", "narrative", "content_note"]
        widgets = {
            "self_assessment": forms.RadioSelect,
            "narrative": forms.Textarea(attrs={"rows": 10}),
        }
        labels = {
            "self_assessment": _("Where are you with this?"),
            "narrative": _("What you have done"),
        }
        help_texts = {
            "narrative": _(
                "Describe what you do, who takes part and what has changed. Your draft is "
                "saved as you go and whenever you press “Save draft”."
            ),
        }


class EvidenceForm(forms.Form):
    """A link and a file to add to a criterion; both optional, both checked."""

    link_url = forms.URLField(
        label=_("Add a link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("A web page, a video or a shared document that shows your work."),
    )
    link_title = forms.CharField(label=_("What the link shows"), required=False, max_length=200)
    link_content_note = forms.BooleanField(
        label=_("The linked page contains distressing content"),
        required=False,
        help_text=_("Panellists see a warning first and choose whether to open it."),
    )
    file = forms.FileField(
        label=_("Add a file"),
        required=False,
        help_text=ACCEPTED_HELP,
    )
    file_content_note = forms.BooleanField(
        label=_("The file contains distressing content"),
        required=False,
        help_text=_("Panellists see a warning first and choose whether to open it."),
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        return check_upload(upload)

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("link_title")
            and not cleaned.get("link_url")
            and "link_url" not in (self.errors)
        ):
            self.add_error("link_url", _("Give the web address as well as what it shows."))
        return cleaned

    @property
    def has_evidence(self) -> bool:
        return bool(self.cleaned_data.get("link_url") or self.cleaned_data.get("file"))


class ActionPlanForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = ["action_plan"]
        widgets = {"action_plan": forms.Textarea(attrs={"rows": 12})}


class CollaboratorForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Person"),
        queryset=User.objects.none(),
        empty_label=_("Choose a person"),
        help_text=_("People who act for the organisation on the platform."),
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = candidates
        self.fields["user"].label_from_instance = lambda user: user.get_full_name()


class ApplicationLanguageForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = ["language"]
