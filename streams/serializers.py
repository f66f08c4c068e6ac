"""What the API shows of the organisations a network works with."""

from functools import cached_property

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from members.models import Organisation
from members.serializers import NetworkRefSerializer
from streams.enums import StreamMembershipStatus
from streams.models import StreamMembership


class NetworkOrganisationDetailSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["slug", "name", "kind", "town", "nation"]


class StreamMembershipSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(choices=StreamMembershipStatus.choices)
    local_group = NetworkRefSerializer(read_only=True, allow_null=True)
    routed_to = NetworkRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = StreamMembership
        fields = ["id", "status", "local_group", "routed_to", "joined_at", "decided_at"]


class NetworkOrganisationSerializer(serializers.Serializer):
    """A row of the network's organisations page: a stream's member (with its membership),
    or an organisation in a local group's area (membership null)."""

    organisation = serializers.SerializerMethodField()
    has_pledge = serializers.BooleanField(
        read_only=True, help_text=_("Signed the current charter, confirmed.")
    )
    membership = serializers.SerializerMethodField(
        help_text=_("In a stream network: the organisation's membership of the stream.")
    )

    # One nested serializer of each kind for the whole list: building a ModelSerializer
    # works out its fields from the model, which cost more than the database per row.
    @cached_property
    def organisation_serializer(self) -> NetworkOrganisationDetailSerializer:
        return NetworkOrganisationDetailSerializer(context=self.context)

    @cached_property
    def membership_serializer(self) -> StreamMembershipSerializer:
        return StreamMembershipSerializer(context=self.context)

    @extend_schema_field(NetworkOrganisationDetailSerializer)
    def get_organisation(self, row):
        organisation = row.organisation if isinstance(row, StreamMembership) else row
        return self.organisation_serializer.to_representation(organisation)

    @extend_schema_field(StreamMembershipSerializer(allow_null=True))
    def get_membership(self, row):
        if isinstance(row, StreamMembership):
            return self.membership_serializer.to_representation(row)
        return None
