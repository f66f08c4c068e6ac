"""The form of a person's reminder choices. It parses and checks input; the services decide
and write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from awards.enums import COORDINATOR_NOTICES, OPTIONAL_REMINDERS, ReminderKind


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
