"""What the API shows of networks, people, organisations and signatures, and the query
parameters it reads. Never whether a person has lived experience (DESIGN.md rule 6), never
an e-mail address of someone who did not give it for the public."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from members.enums import SIGNABLE_DOCUMENTS, DocumentSlug, PartyKind
from members.models import Membership, Organisation, Signature
from members.places import Place, PlaceNotFound, find_place, place_not_found_message
from sanctuary.enums import Nation, NetworkKind
from sanctuary.models import Network

SIGNABLE_CHOICES = [
    (slug, label) for slug, label in DocumentSlug.choices if slug in SIGNABLE_DOCUMENTS
]


class NetworkRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Network
        fields = ["slug", "name"]


class NetworkSerializer(serializers.ModelSerializer):
    """A network as the public directory shows it."""

    parent = NetworkRefSerializer(read_only=True, allow_null=True)
    coordinating_group = NetworkRefSerializer(read_only=True, allow_null=True)
    distance_km = serializers.SerializerMethodField(
        help_text=_("Kilometres from the place asked for with `near`; null without it.")
    )

    class Meta:
        model = Network
        fields = [
            "slug",
            "name",
            "kind",
            "area_type",
            "nation",
            "region",
            "summary",
            "website",
            "parent",
            "coordinating_group",
            "place_name",
            "latitude",
            "longitude",
            "distance_km",
        ]

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_distance_km(self, network) -> float | None:
        distance = getattr(network, "distance_km", None)
        return None if distance is None else round(distance, 1)


class NetworkProfileSerializer(NetworkSerializer):
    """A network's public profile: the directory's entry, what it says about itself, how to
    get in touch, and its listed local stream networks."""

    local_streams = NetworkRefSerializer(source="listed_streams", many=True, read_only=True)

    class Meta(NetworkSerializer.Meta):
        fields = [*NetworkSerializer.Meta.fields, "description", "contact_email", "local_streams"]


class NetworkFilters(serializers.Serializer):
    q = serializers.CharField(
        required=False, max_length=100, help_text=_("Part of the name or the region.")
    )
    kind = serializers.ChoiceField(choices=NetworkKind.choices, required=False)
    nation = serializers.ChoiceField(choices=Nation.choices, required=False)
    near = serializers.CharField(
        required=False,
        max_length=100,
        help_text=_(
            "A town, city, postcode district or postcode (“Rotherham”, “S1”, “CF10 1AA”): "
            "only networks with a location, nearest first, each with its `distance_km`."
        ),
    )

    def validate_near(self, value: str) -> Place | None:
        if not value.strip():
            return None
        try:
            return find_place(value)
        except PlaceNotFound as error:
            raise serializers.ValidationError(place_not_found_message(error)) from error


class DocumentQuery(serializers.Serializer):
    document = serializers.ChoiceField(
        choices=SIGNABLE_CHOICES, default=DocumentSlug.CHARTER, required=False
    )


class SignatoryCountSerializer(serializers.Serializer):
    network = serializers.SerializerMethodField(
        help_text=_("The local group they named, or null when they named none.")
    )
    count = serializers.IntegerField()

    @extend_schema_field(NetworkRefSerializer(allow_null=True))
    def get_network(self, row):
        if not row["network__slug"]:
            return None
        return {"slug": row["network__slug"], "name": row["network__name"]}


class SignatoryCountsSerializer(serializers.Serializer):
    document = serializers.ChoiceField(choices=SIGNABLE_CHOICES)
    total = serializers.IntegerField(help_text=_("Signatories who agreed to be listed."))
    networks = SignatoryCountSerializer(many=True)


class OrganisationSerializer(serializers.ModelSerializer):
    local_group = NetworkRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Organisation
        fields = ["slug", "name", "kind", "town", "nation", "website", "local_group"]


class MemberSerializer(serializers.ModelSerializer):
    """A role in the network, as its members page shows it: the person's name and the role."""

    name = serializers.CharField(source="user.get_full_name", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "name", "role", "created_at"]

    def to_representation(self, instance: Membership) -> dict:
        # The same fields DRF's walk over them gives (tests/test_api_queries.py holds them
        # alike), written out: a group's list is a page of these, and the generic walk cost
        # most of the page's time per row (issue 15).
        return {
            "id": instance.pk,
            "name": instance.user.get_full_name(),
            "role": instance.role,
            "created_at": self.fields["created_at"].to_representation(instance.created_at),
        }


class SignatorySerializer(serializers.ModelSerializer):
    """A listed signatory, as staff export them: no e-mail addresses."""

    name = serializers.CharField(source="display_name", read_only=True)
    signed_as = serializers.ChoiceField(source="party_kind", choices=PartyKind.choices)
    local_group = NetworkRefSerializer(source="network", read_only=True, allow_null=True)
    version = serializers.IntegerField(source="version.number", read_only=True)
    version_title = serializers.CharField(source="version.title", read_only=True)
    signed_an_earlier_version = serializers.SerializerMethodField()

    class Meta:
        model = Signature
        fields = [
            "id",
            "name",
            "signed_as",
            "role_title",
            "local_group",
            "version",
            "version_title",
            "signed_an_earlier_version",
            "confirmed_at",
        ]

    def get_signed_an_earlier_version(self, signature) -> bool:
        return not signature.version.is_current


class StaffNetworkSerializer(NetworkSerializer):
    member_count = serializers.IntegerField(read_only=True)
    coordinator_count = serializers.IntegerField(read_only=True)

    class Meta(NetworkSerializer.Meta):
        fields = [*NetworkSerializer.Meta.fields, "is_listed", "member_count", "coordinator_count"]
