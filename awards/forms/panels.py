"""Forms of the panel's work: seats, conflicts, reviews, meetings and the decision. They
parse and check input; the services decide and write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from awards.enums import ConflictDeclaration, DecisionOutcome, MeetingKind, Rating
from awards.models import PanelAssignment
from members.models import User


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
