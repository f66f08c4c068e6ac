"""Forms of the award workflow. They parse and check input; the services decide and write."""

from typing import cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from awards.enums import (
    OPTIONAL_REMINDERS,
    ConflictDeclaration,
    DecisionOutcome,
    MeetingKind,
    Rating,
    ReminderKind,
    WindowStatus,
)
from awards.models import (
    Application,
    AwardScheme,
    Criterion,
    CriterionResponse,
    PanelAssignment,
)
from members.models import User
from sanctuary.uploads import ACCEPTED_HELP, check_upload


class StartApplicationForm(forms.Form):
    """Which organisation applies for which award: only the pairs this person may start."""

    choice = forms.ChoiceField(label=_("Organisation and award"), widget=forms.RadioSelect)

    def __init__(self, *args, options: list[tuple], **kwargs):
        super().__init__(*args, **kwargs)
        self.options = {f"{org.pk}:{scheme.pk}": (org, scheme) for org, scheme in options}
        cast(forms.ChoiceField, self.fields["choice"]).choices = [
            (key, f"{org.name}: {scheme.name}") for key, (org, scheme) in self.options.items()
        ]

    def clean_choice(self):
        organisation, scheme = self.options[self.cleaned_data["choice"]]
        self.organisation, self.scheme = organisation, scheme
        return self.cleaned_data["choice"]


class ResponseForm(forms.ModelForm):
    class Meta:
        model = CriterionResponse
        fields = ["self_assessment", "narrative"]
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
    file = forms.FileField(
        label=_("Add a file"),
        required=False,
        help_text=ACCEPTED_HELP,
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


class SchemeSettingsForm(forms.ModelForm):
    reminder_days = forms.CharField(
        label=_("Reminders before an award expires (days)"),
        help_text=_("Numbers of days before expiry, separated by commas; 0 is the day itself."),
    )

    class Meta:
        model = AwardScheme
        fields = ["name", "summary", "min_panel_size", "reminder_days"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["reminder_days"] = ", ".join(str(d) for d in self.instance.reminder_days)
        self.fields["min_panel_size"].widget.attrs["min"] = 2

    def clean_reminder_days(self):
        text = self.cleaned_data["reminder_days"]
        try:
            days = [int(part) for part in text.replace(" ", "").split(",") if part]
        except ValueError:
            raise forms.ValidationError(_("Give whole numbers separated by commas.")) from None
        return sorted(days, reverse=True)


class WindowForm(forms.Form):
    name = forms.CharField(label=_("Name of the window or cohort"), max_length=120)
    status = forms.ChoiceField(label=_("Status"), choices=WindowStatus.choices)
    opens_on = forms.DateField(
        label=_("Opens on"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    closes_on = forms.DateField(
        label=_("Closes on"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )


class WindowStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=WindowStatus.choices)


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["area", "title", "guidance", "is_minimum", "is_pledge", "position"]
        widgets = {
            "guidance": forms.Textarea(attrs={"rows": 4}),
            "title": forms.TextInput,
        }


class CriterionTranslationForm(forms.Form):
    """The criterion in another language. An empty title removes that translation."""

    language = forms.ChoiceField(label=_("Language"))
    title = forms.CharField(label=_("Criterion"), max_length=300, required=False)
    guidance = forms.CharField(
        label=_("Guidance"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, original_language: str = "en", **kwargs):
        kwargs["prefix"] = "translation"
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["language"]).choices = [
            (code, name) for code, name in settings.LANGUAGES if code != original_language
        ]


class SchemeTranslationForm(forms.Form):
    """The award's name and summary in another language. An empty name removes it."""

    language = forms.ChoiceField(
        label=_("Language"),
        choices=[(code, name) for code, name in settings.LANGUAGES if code != "en"],
    )
    name = forms.CharField(label=_("Award name"), max_length=120, required=False)
    summary = forms.CharField(
        label=_("About the award"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, **kwargs):
        kwargs["prefix"] = "translation"
        super().__init__(*args, **kwargs)


class ApplicationLanguageForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = ["language"]


class AssignForm(forms.Form):
    """Seat panellists: ids are checked against the network's panellists by the queryset."""

    panellists = forms.ModelMultipleChoiceField(
        label=_("Panellists"), queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["panellists"].queryset = candidates


class ConflictForm(forms.ModelForm):
    class Meta:
        model = PanelAssignment
        fields = ["conflict", "conflict_note", "show_name_to_applicant"]
        widgets = {
            "conflict": forms.RadioSelect,
            "conflict_note": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"conflict": _("Do you have a conflict of interest?")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["conflict"].choices = [
            c for c in ConflictDeclaration.choices if c[0] != ConflictDeclaration.NOT_DECLARED
        ]
        self.fields["conflict_note"].help_text = _(
            "Only the coordinators and staff read this. You can leave it empty."
        )


RATING_CHOICES = [("", _("Not rated yet")), *Rating.choices]


class ReviewForm(forms.Form):
    """One rating and reason per criterion, then the panellist's overall comments.

    Field names carry the criterion id; the view passes the criteria of the application."""

    strengths = forms.CharField(
        label=_("Strengths"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    improvements = forms.CharField(
        label=_("Areas for improvement"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    questions = forms.CharField(
        label=_("Questions for the applicant"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, ratings, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for row in ratings:
            rating_name, reason_name = f"rating_{row.criterion_id}", f"reason_{row.criterion_id}"
            self.fields[rating_name] = forms.ChoiceField(
                label=_("Rating"),
                choices=RATING_CHOICES,
                required=False,
                initial=row.rating,
                widget=forms.RadioSelect,
            )
            self.fields[reason_name] = forms.CharField(
                label=_("Reason"),
                required=False,
                initial=row.reason,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.rows.append((row.criterion, self[rating_name], self[reason_name]))

    def ratings(self) -> dict[int, tuple[str, str]]:
        return {
            criterion.pk: (
                self.cleaned_data[f"rating_{criterion.pk}"],
                self.cleaned_data[f"reason_{criterion.pk}"],
            )
            for criterion, _rating, _reason in self.rows
        }


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("What happened"), choices=MeetingKind.choices)
    held_on = forms.DateField(
        label=_("Date"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    notes = forms.CharField(
        label=_("Notes for the panel"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Internal: never shown to the applicant."),
    )


class DecisionForm(forms.Form):
    """The panel's findings per criterion and its one decision."""

    outcome = forms.ChoiceField(
        label=_("Decision"), choices=DecisionOutcome.choices, widget=forms.RadioSelect
    )
    decided_on = forms.DateField(
        label=_("Date of the decision"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    appraisal_report = forms.CharField(
        label=_("Appraisal report for the applicant"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What the panel found, its thanks, and what could come next."),
    )
    evidence_requested = forms.CharField(
        label=_("What more evidence is needed"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only when asking for more evidence: the applicant sees exactly this."),
    )
    evidence_due_on = forms.DateField(
        label=_("Needed by"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    internal_notes = forms.CharField(
        label=_("Internal notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For the panel, coordinators and staff; never shown to the applicant."),
    )

    def __init__(self, *args, criteria, suggested: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        self.finding_fields = []
        for criterion in criteria:
            name = f"finding_{criterion.pk}"
            self.fields[name] = forms.ChoiceField(
                label=criterion.display_title,
                choices=Rating.choices,
                initial=suggested.get(criterion.pk),
                widget=forms.RadioSelect,
            )
            self.finding_fields.append((criterion, self[name]))

    def findings(self) -> dict[int, str]:
        return {c.pk: self.cleaned_data[f"finding_{c.pk}"] for c in self.criteria}


class CertificateLanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the certificate"), choices=settings.LANGUAGES)


class ReminderPreferencesForm(forms.Form):
    """The reminders a person may choose; the essential ones always go."""

    receive = forms.MultipleChoiceField(
        label=_("Reminders you would like to receive"),
        choices=[(kind.value, kind.label) for kind in ReminderKind if kind in OPTIONAL_REMINDERS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
