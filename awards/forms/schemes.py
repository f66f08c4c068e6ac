"""Forms of a scheme's settings, windows, criteria and translations. They parse and check
input; the services decide and write."""

from typing import cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from awards.enums import WindowStatus
from awards.models import (
    MAX_GRACE_DAYS,
    AwardScheme,
    Criterion,
    default_check_in_months,
    default_grace_days,
    default_reminder_days,
    validate_check_in_months,
)


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
