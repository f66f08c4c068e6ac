from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from sanctuary.enums import NetworkKind
from sanctuary.models import Network
from streams.enums import IN_STREAM


class RouteForm(forms.Form):
    """Pass an organisation to one of the stream's local networks."""

    routed_to = forms.ModelChoiceField(
        label=_("Local network"), queryset=Network.objects.none(), empty_label=None
    )

    def __init__(self, *args, stream: Network, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["routed_to"]).queryset = Network.objects.filter(
            parent=stream, kind=NetworkKind.LOCAL_STREAM
        ).select_related("coordinating_group")


class JoinStreamForm(forms.Form):
    stream = forms.ModelChoiceField(
        label=_("Stream network to join"),
        queryset=Network.objects.none(),
        empty_label=_("Choose a stream network"),
        help_text=_("The stream's coordinators welcome you and tell you about the next steps."),
    )
    seeks_award = forms.TypedChoiceField(
        label=_("How do you want to take part?"),
        choices=[
            ("yes", _("Work towards the stream's Sanctuary Award")),
            ("no", _("Join as a member without working towards the award for now")),
        ],
        coerce=lambda value: value == "yes",
        empty_value=True,  # type: ignore[arg-type]  # any value coerce gives; stubs say str
        required=False,
        initial="yes",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stream"].queryset = (
            Network.objects.filter(kind=NetworkKind.STREAM, is_listed=True)
            .exclude(
                stream_memberships__organisation=organisation,
                stream_memberships__status__in=IN_STREAM,
            )
            .order_by("name")
        )
