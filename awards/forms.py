"""Forms of the award workflow. They parse and check input; the services decide and write."""

import datetime
from typing import cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from awards.enums import (
    COORDINATOR_NOTICES,
    OPTIONAL_REMINDERS,
    ConflictDeclaration,
    DecisionOutcome,
    MeetingKind,
    Rating,
    ReminderKind,
    VisitMode,
    WindowStatus,
)
from awards.models import (
    MAX_GRACE_DAYS,
    Application,
    AwardScheme,
    Criterion,
    CriterionResponse,
    PanelAssignment,
    default_check_in_months,
    default_grace_days,
    default_reminder_days,
    validate_check_in_months,
)
from members.models import User
from sanctuary.enums import Nation, NetworkKind
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


def whole_numbers(text: str) -> list[int]:
    """'90, 30, 7' as [90, 30, 7]; a ValidationError for anything else."""
    try:
        return [int(part) for part in text.replace(" ", "").split(",") if part]
    except ValueError:
        raise forms.ValidationError(_("Give whole numbers separated by commas.")) from None


class SchemeSettingsForm(forms.ModelForm):
    """The scheme's settings, each shown with its current value (the movement's defaults
    for a new scheme). Left empty, the grace period and the check-ins keep their value."""

    reminder_days = forms.CharField(
        label=_("Reminders before an award expires (days)"),
        help_text=_("Numbers of days before expiry, separated by commas; 0 is the day itself."),
    )
    grace_days = forms.IntegerField(
        label=_("Days of grace before an award lapses"),
        required=False,
        min_value=0,
        max_value=MAX_GRACE_DAYS,
        help_text=_(
            "An award not renewed by its expiry date lapses this many days later. "
            "Reminders before expiry still go on the days above."
        ),
    )
    check_in_months = forms.CharField(
        label=_("Check-ins between awards (months after the award)"),
        required=False,
        help_text=_(
            "Numbers of months, separated by commas: the organisation tells the network "
            "how its action plan is going. 12, 24 is one and two years in."
        ),
    )

    class Meta:
        model = AwardScheme
        fields = ["name", "summary", "min_panel_size", "reminder_days"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scheme = self.instance
        if not self.is_bound:
            days = scheme.reminder_days if scheme.pk else default_reminder_days()
            months = scheme.check_in_months if scheme.pk else default_check_in_months()
            self.initial["reminder_days"] = ", ".join(str(d) for d in days)
            self.initial["check_in_months"] = ", ".join(str(m) for m in months)
            self.initial["grace_days"] = scheme.grace_days if scheme.pk else default_grace_days()
        self.fields["min_panel_size"].widget.attrs["min"] = 2

    def clean_reminder_days(self):
        return sorted(whole_numbers(self.cleaned_data["reminder_days"]), reverse=True)

    def clean_check_in_months(self):
        text = self.cleaned_data["check_in_months"].strip()
        if not text:
            return None
        months = sorted(whole_numbers(text))
        validate_check_in_months(months)
        return months


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
        choices=[
            (kind.value, kind.label)
            for kind in ReminderKind
            if kind in OPTIONAL_REMINDERS and kind not in COORDINATOR_NOTICES
        ],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    notices = forms.MultipleChoiceField(
        label=_("For coordinators: e-mails about the work in your networks"),
        choices=[(kind.value, kind.label) for kind in ReminderKind if kind in COORDINATOR_NOTICES],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    # Says the form showed the coordinators' choices, so that a form without them (an older
    # page, a script) leaves them as they are.
    notices_shown = forms.BooleanField(required=False, widget=forms.HiddenInput, initial=True)
    daily_digest = forms.BooleanField(
        label=_("For coordinators: one e-mail a day, listing everything waiting for you"),
        help_text=_(
            "Instead of an e-mail about each application in your networks. It is sent only "
            "on days when something is waiting."
        ),
        required=False,
    )


class MovementFilterForm(forms.Form):
    """The staff's filters of the movement's figures and lists (a GET form): by stream,
    nation, region and network. The choices are read once per page."""

    stream = forms.ChoiceField(label=_("Stream"), required=False)
    nation = forms.ChoiceField(label=_("Nation"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    network = forms.ChoiceField(label=_("Network"), required=False)

    def __init__(self, *args, networks, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["stream"].choices = everything + [
            (n.slug, n.name) for n in networks if n.kind == NetworkKind.STREAM
        ]
        self.fields["nation"].choices = everything + list(Nation.choices)
        regions = sorted({n.region for n in networks if n.region})
        self.fields["region"].choices = everything + [(r, r) for r in regions]
        self.fields["network"].choices = everything + [(n.slug, n.name) for n in networks]


class AwardWithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the award withdrawn?"),
        help_text=_(
            "Recorded with the award and in the activity log, for staff. The public "
            "verification page says only that the award was withdrawn."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
    )


class CheckInForm(forms.Form):
    """How each item of the action plan is going (one field per item, labelled with it),
    then anything else."""

    notes = forms.CharField(
        label=_("Anything else you would like the network to know"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, items: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        notes = self.fields.pop("notes")
        for index, item in enumerate(items):
            self.fields[f"progress_{index}"] = forms.CharField(
                label=item,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_("How is this going? What has changed since the award?"),
            )
        self.fields["notes"] = notes

    def progress(self) -> list[str]:
        return [self.cleaned_data[f"progress_{index}"] for index in range(len(self.items))]


# Around the review: questions, visits, concerns, care for panellists ----------------------


class ThreadForm(forms.Form):
    body = forms.CharField(label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 4}))


class QuestionForm(forms.Form):
    body = forms.CharField(
        label=_("Question for the applicant"), widget=forms.Textarea(attrs={"rows": 4})
    )
    raised_by = forms.ModelChoiceField(
        label=_("Raised by (optional)"),
        queryset=PanelAssignment.objects.none(),
        required=False,
        empty_label=_("The panel"),
        help_text=_(
            "The applicant reads a panellist's name only if that panellist chose to show it."
        ),
    )

    def __init__(self, *args, seats=None, **kwargs):
        super().__init__(*args, **kwargs)
        if seats is not None:
            self.fields["raised_by"].queryset = seats
        self.fields["raised_by"].label_from_instance = lambda seat: seat.panellist.get_full_name()


class PanelNoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note for the panel"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Internal: never shown to the applicant."),
    )


def _date_input():
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def _time_input():
    return forms.TimeInput(format="%H:%M", attrs={"type": "time"})


class VisitOfferForm(forms.Form):
    """Up to three dates for the visit, each a day with a start and an end time (UK time)."""

    OPTIONS = 3

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, self.OPTIONS + 1):
            required = n == 1
            self.fields[f"day_{n}"] = forms.DateField(
                label=_("Date %(n)s") % {"n": n}, required=required, widget=_date_input()
            )
            self.fields[f"from_{n}"] = forms.TimeField(
                label=_("From (UK time)"), required=required, widget=_time_input()
            )
            self.fields[f"to_{n}"] = forms.TimeField(
                label=_("To (UK time)"), required=required, widget=_time_input()
            )

    def clean(self):
        cleaned = super().clean()
        for n in range(2, self.OPTIONS + 1):
            given = [cleaned.get(f"{part}_{n}") for part in ("day", "from", "to")]
            if any(given) and not all(given):
                self.add_error(f"day_{n}", _("Give the date, the start and the end time."))
        return cleaned

    def dates(self):
        from django.utils import timezone

        chosen = []
        for n in range(1, self.OPTIONS + 1):
            day = self.cleaned_data.get(f"day_{n}")
            start, end = self.cleaned_data.get(f"from_{n}"), self.cleaned_data.get(f"to_{n}")
            if day and start and end:
                chosen.append(
                    (
                        timezone.make_aware(datetime.datetime.combine(day, start)),
                        timezone.make_aware(datetime.datetime.combine(day, end)),
                    )
                )
        return chosen


class VisitConfirmForm(forms.Form):
    visit: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Date of the visit"), queryset=None, widget=forms.RadioSelect, empty_label=None
    )
    mode = forms.ChoiceField(
        label=_("How the visit happens"), choices=VisitMode.choices, widget=forms.RadioSelect
    )
    address = forms.CharField(
        label=_("Address (in person)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    online_link = forms.URLField(
        label=_("Link to join (online)"), required=False, max_length=500, assume_scheme="https"
    )

    def __init__(self, *args, offered=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visit"].queryset = offered
        self.fields["visit"].label_from_instance = _visit_label


def _visit_label(visit) -> str:
    from django.utils import timezone
    from django.utils.formats import date_format

    start, end = timezone.localtime(visit.starts_at), timezone.localtime(visit.ends_at)
    return f"{date_format(start, 'l j F Y, H:i')}–{date_format(end, 'H:i')}"


class VisitNoteForm(forms.Form):
    body = forms.CharField(label=_("Visit note"), widget=forms.Textarea(attrs={"rows": 4}))
    for_applicant = forms.BooleanField(
        label=_("Share this note with the applicant"),
        required=False,
        help_text=_("Otherwise only the panel, coordinators and staff read it."),
    )


class ComplaintForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("We write to you here. You need no account."),
    )
    body = forms.CharField(
        label=_("Your concern"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        help_text=_("What happened, and when. Only movement staff and the organisation read it."),
    )


class ComplaintDecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect, choices=[])
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed for a suspension or a withdrawal; the organisation reads it."),
    )

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = list(choices)


class ComplaintEntryForm(forms.Form):
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 4}))


class SupportContactForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-mail address"), required=False)
    phone = forms.CharField(label=_("Phone number"), max_length=40, required=False)
    note = forms.CharField(
        label=_("A short note"),
        max_length=300,
        required=False,
        help_text=_("For example when they can be reached, or what they can help with."),
    )


class ReportPeriodForm(forms.Form):
    """The period of a report (a GET form); both days included."""

    start = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    end = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            raise forms.ValidationError(_("The start of the period must be before its end."))
        return data
