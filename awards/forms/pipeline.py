"""The coordinators' filter of their network's award applications (a GET form)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from awards.enums import ApplicationState


class PipelineFilterForm(forms.Form):
    """By state; drafts are not listed (they are counted), so they are not a choice."""

    state = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", _("All"))] + [
            (state, label)
            for state, label in ApplicationState.choices
            if state != ApplicationState.DRAFT
        ]

    @property
    def chosen_state(self) -> str:
        """The state asked for, or "" for every state (and for one not understood)."""
        return self.cleaned_data.get("state", "") if self.is_valid() else ""
