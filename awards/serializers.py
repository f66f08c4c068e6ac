"""What the API shows of awards and applications, and what it reads.

The same lines as the pages: applicants never see panellists' names unless a panellist chose
to show theirs, nor internal notes (DESIGN.md rule 5); nobody but the person and staff sees
whether someone has lived experience (rule 6), so no serializer here has that field.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from awards.enums import CURRENT_AWARD_STATES, AwardState
from awards.models import Award
from members.serializers import NetworkRefSerializer
from sanctuary.enums import Nation

CURRENT_STATE_CHOICES = [(s, label) for s, label in AwardState.choices if s in CURRENT_AWARD_STATES]


class AwardedOrganisationSerializer(serializers.Serializer):
    name = serializers.CharField()
    town = serializers.CharField()
    nation = serializers.ChoiceField(choices=Nation.choices, allow_blank=True)
    local_group = NetworkRefSerializer(allow_null=True)


class AwardSerializer(serializers.ModelSerializer):
    """A Sanctuary Award held now, as the public list shows it."""

    award = serializers.CharField(source="scheme.name", read_only=True)
    organisation = AwardedOrganisationSerializer(read_only=True)
    network = NetworkRefSerializer(read_only=True, help_text=_("The network that awarded it."))
    status = serializers.ChoiceField(source="state", choices=CURRENT_STATE_CHOICES)

    class Meta:
        model = Award
        fields = ["id", "award", "organisation", "network", "awarded_on", "expires_on", "status"]


class AwardFilters(serializers.Serializer):
    stream = serializers.SlugField(
        required=False, help_text=_("A stream network's address: its award (schools).")
    )
    network = serializers.SlugField(
        required=False,
        help_text=_(
            "A network's address: the awards it made, and the awards of organisations in its area."
        ),
    )
    nation = serializers.ChoiceField(choices=Nation.choices, required=False)
    region = serializers.CharField(
        required=False, max_length=100, help_text=_("The region of the organisation's group.")
    )
    status = serializers.ChoiceField(choices=CURRENT_STATE_CHOICES, required=False)
    name = serializers.CharField(
        required=False, max_length=100, help_text=_("Part of the organisation's name.")
    )
