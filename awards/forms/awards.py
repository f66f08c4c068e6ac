"""Forms of an award held: its certificate's language, its withdrawal, and its check-ins.
They parse and check input; the services decide and write."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class CertificateLanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the certificate"), choices=settings.LANGUAGES)


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
