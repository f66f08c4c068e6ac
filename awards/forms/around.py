"""Forms around the review: questions, visits, concerns, care for panellists. They parse and
check input; the services decide and write."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from awards.enums import VisitMode
from awards.models import PanelAssignment


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
