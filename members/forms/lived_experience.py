"""The forms of Sanctuary Ambassadors and the Advisory Group."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.enums import (
    AmbassadorRole,
    AmbassadorStatus,
)
from members.models import (
    Ambassador,
)


class AmbassadorForm(forms.ModelForm):
    """Registering as a Sanctuary Ambassador. Never asks about immigration status."""

    roles_wanted = forms.MultipleChoiceField(
        label=_("What you would like to do"),
        choices=AmbassadorRole.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Choose any. You can change this later."),
    )

    class Meta:
        model = Ambassador
        fields = ["languages", "skills", "availability", "roles_wanted"]
        widgets = {"skills": forms.Textarea(attrs={"rows": 3})}


class NominateAdviserForm(forms.Form):
    ambassador = forms.ModelChoiceField(
        label=_("Sanctuary Ambassador to nominate"),
        queryset=Ambassador.objects.none(),
        empty_label=_("Choose an ambassador"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ambassador"].queryset = (
            Ambassador.objects.filter(
                status=AmbassadorStatus.APPROVED, advisory_membership__isnull=True
            )
            .select_related("user")
            .order_by("user__full_name", "user__email")
        )


class InviteAdvisersForm(forms.Form):
    meeting_date = forms.DateField(
        label=_("Date of the trustees' meeting"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    count = forms.IntegerField(
        label=_("How many members to invite"),
        min_value=1,
        max_value=12,
        initial=2,
        help_text=_("The next ones in the rotation: whoever was invited least recently."),
    )

    def clean_meeting_date(self):
        meeting_date = self.cleaned_data["meeting_date"]
        if meeting_date < timezone.localdate():
            raise forms.ValidationError(_("The meeting date is in the past."))
        return meeting_date
