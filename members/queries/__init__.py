"""Lookups that several views share."""

import hashlib
import math
from collections.abc import Iterable

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    Prefetch,
    Q,
    QuerySet,
    Value,
)
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import ASin, Cos, Power, Radians, Sin, Sqrt
from django.utils import timezone
from django_scopes import scopes_disabled

from members.enums import (
    PRIVILEGED_ROLES,
    OrganisationStatus,
    RequestStatus,
    Role,
)
from members.models import (
    AdvisoryGroupMember,
    AffiliationApplication,
    ApiToken,
    ContactInvitation,
    ContactRequest,
    CoordinatorInvitation,
    DocumentVersion,
    ForumMember,
    Membership,
    NetworkJoinRequest,
    Organisation,
    OrganisationContact,
    PartnershipForum,
    User,
)
from members.models.people import normalise_postcode, organisation_name_key
from members.places import EARTH_RADIUS_KM, Place
from sanctuary.caching import cached
from sanctuary.enums import AreaType, NetworkKind
from sanctuary.models import ActivityLog, Network


def memberships_for_user(user: User) -> list[Membership]:
    """A person's own roles, across networks. Scoping is lifted only for their own rows."""
    with scopes_disabled():
        return list(
            Membership.objects.filter(user=user)
            .select_related("network")
            .order_by("network__name", "role")
        )


def roles_in_network(user: User, network: Network) -> frozenset[str]:
    if not user.is_authenticated:
        return frozenset()
    return frozenset(
        Membership.objects.filter(network=network, user=user).values_list("role", flat=True)
    )


def distance_from(place: Place, network_path: str = "") -> "ExpressionWrapper[CombinedExpression]":
    """The great-circle distance in km from a place to a network's point (haversine), as a
    database expression, so the directory pages and sorts in the database. ``network_path``
    reaches the network from another model: "organisation__local_group__"."""
    latitude = Radians(F(f"{network_path}latitude"))
    longitude = Radians(F(f"{network_path}longitude"))
    phi = math.radians(place.latitude)
    lam = math.radians(place.longitude)
    half_chord = Power(Sin((latitude - Value(phi)) / 2), 2) + Value(math.cos(phi)) * Cos(
        latitude
    ) * Power(Sin((longitude - Value(lam)) / 2), 2)
    return ExpressionWrapper(
        Value(2 * EARTH_RADIUS_KM) * ASin(Sqrt(half_chord)), output_field=FloatField()
    )


def directory_networks(
    *, q: str = "", kind: str = "", nation: str = "", near: Place | None = None
) -> QuerySet[Network]:
    """The listed networks that the public directory shows, page and API alike. Near a place,
    only the networks with a point, nearest first, each with its ``distance_km``."""
    networks = Network.objects.filter(is_listed=True).select_related("parent", "coordinating_group")
    if q:
        networks = networks.filter(Q(name__icontains=q) | Q(region__icontains=q))
    if kind:
        networks = networks.filter(kind=kind)
    if nation:
        networks = networks.filter(nation=nation)
    if near is not None:
        return (
            networks.filter(latitude__isnull=False, longitude__isnull=False)
            .annotate(distance_km=distance_from(near))
            .order_by("distance_km", "name")
        )
    return networks.order_by("kind", "name")


def groups_covering_nation(nation: str) -> QuerySet[Network]:
    """Listed local groups for a whole nation ("Wales Nation of Sanctuary"): near any place in
    it, though they have no point of their own."""
    if not nation:
        return Network.objects.none()
    return Network.objects.filter(
        is_listed=True, kind=NetworkKind.LOCAL_GROUP, area_type=AreaType.NATION, nation=nation
    ).order_by("name")


def listed_local_streams(network: Network) -> QuerySet[Network] | None:
    """A network profile's local stream networks: a stream's own, or those a local group
    coordinates; None for a local stream network itself."""
    if network.kind == NetworkKind.STREAM:
        return network.local_streams.filter(is_listed=True).select_related("coordinating_group")
    if network.kind == NetworkKind.LOCAL_GROUP:
        return network.coordinated_streams.filter(is_listed=True).select_related("parent")
    return None


def networks_overview() -> QuerySet[Network]:
    """Every network, for staff, in the order they are listed. Its people are counted by
    count_people(), for the page shown only. Read it with scoping lifted."""
    return Network.objects.select_related("parent", "coordinating_group").order_by("kind", "name")


def count_people(networks: Iterable[Network]) -> None:
    """Set member_count and coordinator_count on each of these networks, from the counts
    kept until a membership changes (people_by_network): no aggregate over every
    membership on each page, and none in the paginator's count."""
    people = people_by_network()
    for network in networks:
        members, coordinators = people.get(network.pk, (0, 0))
        setattr(network, "member_count", members)  # noqa: B010 - not a model field
        setattr(network, "coordinator_count", coordinators)  # noqa: B010 - not a model field


PEOPLE_BY_NETWORK = "members:people-by-network"


def people_by_network() -> dict[int, tuple[int, int]]:
    """Each network's people and coordinators (network id: (people, coordinators)), counted
    across every membership once and cached until one changes (memberships_changed())."""

    def count() -> dict[int, tuple[int, int]]:
        with scopes_disabled():
            rows = (
                Membership.objects.order_by()
                .values("network_id")
                .annotate(
                    people=Count("user", distinct=True),
                    coordinators=Count("pk", filter=Q(role=Role.COORDINATOR)),
                )
            )
            return {row["network_id"]: (row["people"], row["coordinators"]) for row in rows}

    return cached(PEOPLE_BY_NETWORK, "counts", count)


def organisations_for_user(user: User) -> QuerySet[Organisation]:
    return Organisation.objects.filter(contacts__user=user).select_related("local_group")


def user_needs_mfa(user: User) -> bool:
    if user.is_staff:
        return True
    with scopes_disabled():
        return Membership.objects.filter(user=user, role__in=PRIVILEGED_ROLES).exists()


SECOND_STEPS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]


def second_steps() -> QuerySet[Authenticator]:
    """Every second step of sign-in: an authenticator app or a passkey (recovery codes alone
    are only a way back in). Filter it by user, or by OuterRef("user") inside a query."""
    steps: QuerySet[Authenticator] = Authenticator.objects.filter(type__in=SECOND_STEPS)
    return steps


def user_has_mfa(user: User) -> bool:
    return bool(second_steps().filter(user=user).exists())


def current_version(document: str) -> DocumentVersion | None:
    return DocumentVersion.objects.filter(document=document, is_current=True).first()


def email_is_verified_for(user: User | AnonymousUser, email: str) -> bool:
    """Whether the signed-in person has confirmed this address with their account."""
    if not user.is_authenticated:
        return False
    return bool(EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists())


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def get_api_token(secret: str) -> ApiToken | None:
    """The active token with this secret, of an active person; None for anything else."""
    if not secret or len(secret) > 200:
        return None
    return (
        ApiToken.objects.filter(
            token_hash=hash_token(secret), revoked_at__isnull=True, user__is_active=True
        )
        .select_related("user")
        .first()
    )


def api_tokens_for_user(user: User) -> QuerySet[ApiToken]:
    """A person's own tokens, the ones still working first."""
    return ApiToken.objects.filter(user=user).order_by(
        F("revoked_at").desc(nulls_first=True), "-created_at", "-pk"
    )


def coordinated_groups_for_user(user: User) -> QuerySet[Network]:
    """The local groups this person coordinates: they may sign on those groups' behalf."""
    if not user.is_authenticated:
        return Network.objects.none()
    return Network.objects.filter(
        kind=NetworkKind.LOCAL_GROUP, memberships__user=user, memberships__role=Role.COORDINATOR
    ).distinct()


# Organisations changed in bulk (the estate import), which sends no signal: the apps above
# that cache what follows organisations read this group's generation too.
ORGANISATIONS = "members:organisations"


def affiliation_history(application: AffiliationApplication) -> list[ActivityLog]:
    """Every logged change of one application, oldest first. For staff: scoping is lifted for
    this one object's entries."""
    with scopes_disabled():
        return list(
            ActivityLog.objects.filter(
                content_type=ContentType.objects.get_for_model(application),
                object_id=str(application.pk),
            )
            .select_related("actor")
            .order_by("timestamp", "pk")
        )


def advisory_rotation() -> QuerySet[AdvisoryGroupMember]:
    """The Advisory Group in the order of the rotation: who is invited next comes first."""
    return (
        AdvisoryGroupMember.objects.filter(is_active=True)
        .select_related("ambassador__user")
        .order_by(F("last_invited_at").asc(nulls_first=True), "nominated_at", "pk")
    )


def public_partnership_forums() -> list[PartnershipForum]:
    """Listed forums of listed local groups, with their member organisations and how many
    people take part. Never who the people are. Scoping is lifted to read across groups."""
    with scopes_disabled():
        organisations = ForumMember.objects.filter(organisation__isnull=False).select_related(
            "organisation"
        )
        return list(
            PartnershipForum.objects.filter(is_listed=True, network__is_listed=True)
            .select_related("network")
            .annotate(person_count=Count("members", filter=Q(members__user__isnull=False)))
            .prefetch_related(Prefetch("members", queryset=organisations, to_attr="organisations"))
            .order_by("network__name", "name")
        )


# Getting in: organisations that register themselves, requests to act for one or to join a
# network, and the invitations that bring colleagues and coordinators in.


def likely_duplicates(
    *, name: str, postcode: str = "", official_number: str = "", official_number_kind: str = ""
) -> list[Organisation]:
    """Organisations that are probably the one being registered: the same normalised name
    at the same postcode, or the same official number of the same kind. Refused
    registrations do not count: their name is free again."""
    match = Q(pk__in=[])
    key = organisation_name_key(name)
    if key and postcode.strip():
        match |= Q(name_key=key, postcode=normalise_postcode(postcode))
    number = "".join(official_number.split()).upper()
    if number and official_number_kind:
        match |= Q(official_number=number, official_number_kind=official_number_kind)
    return list(
        Organisation.objects.filter(match)
        .exclude(status=OrganisationStatus.REFUSED)
        .order_by("name", "pk")[:5]
    )


def find_organisations(q: str) -> QuerySet[Organisation]:
    """Approved organisations by name, town or postcode, for someone looking for theirs."""
    q = " ".join(q.split())
    organisations = Organisation.objects.filter(status=OrganisationStatus.APPROVED)
    if not q:
        return organisations.none()
    return organisations.filter(
        Q(name__icontains=q) | Q(town__icontains=q) | Q(postcode__iexact=q)
    ).order_by("name", "pk")


def organisations_deciding_network(network: Network) -> Q:
    """The organisations whose registration and requests this network's coordinators decide:
    those in the local group's area, or in the stream they said they belong to."""
    return Q(local_group=network) | Q(stream=network)


def pending_organisations_for(network: Network) -> QuerySet[Organisation]:
    """Organisations waiting for this network's coordinators to approve their registration."""
    return (
        Organisation.objects.filter(organisations_deciding_network(network))
        .filter(status=OrganisationStatus.PENDING)
        .select_related("registered_by", "stream", "local_group")
        .order_by("created_at", "pk")
    )


def pending_contact_requests_for(network: Network) -> QuerySet[ContactRequest]:
    """Requests to act for an organisation of this network that are waiting for a decision."""
    return (
        ContactRequest.objects.filter(
            status=RequestStatus.PENDING,
            organisation__in=Organisation.objects.filter(organisations_deciding_network(network)),
        )
        .select_related("organisation", "user")
        .order_by("created_at", "pk")
    )


def pending_join_requests_for(network: Network) -> QuerySet[NetworkJoinRequest]:
    """People waiting to join this network. Call it inside the network's scope."""
    return (
        NetworkJoinRequest.objects.filter(network=network, status=RequestStatus.PENDING)
        .select_related("user")
        .order_by("created_at", "pk")
    )


def waiting_counts_for(network: Network) -> dict[str, int]:
    """How much waits for this network's coordinators: for dashboards' links."""
    return {
        "organisations": pending_organisations_for(network).count(),
        "contact_requests": pending_contact_requests_for(network).count(),
        "join_requests": pending_join_requests_for(network).count(),
    }


def organisation_contacts(organisation: Organisation) -> QuerySet[OrganisationContact]:
    return organisation.contacts.select_related("user").order_by(
        "-is_lead", "user__full_name", "user__email"
    )


def open_contact_invitations(organisation: Organisation) -> QuerySet[ContactInvitation]:
    return organisation.invitations.filter(
        accepted_at__isnull=True, expires_at__gt=timezone.now()
    ).order_by("-created_at", "-pk")


def get_contact_invitation(token: str) -> ContactInvitation | None:
    if not token or len(token) > 200:
        return None
    return (
        ContactInvitation.objects.filter(token_hash=hash_token(token))
        .select_related("organisation", "invited_by")
        .first()
    )


def get_coordinator_invitation(token: str) -> CoordinatorInvitation | None:
    """The invitation a link names, across networks: the link itself is the credential."""
    if not token or len(token) > 200:
        return None
    with scopes_disabled():
        return (
            CoordinatorInvitation.objects.filter(token_hash=hash_token(token))
            .select_related("network", "invited_by")
            .first()
        )


def own_join_requests(user: User) -> list[NetworkJoinRequest]:
    """A person's own requests to join networks that still wait. Their own rows only."""
    with scopes_disabled():
        return list(
            NetworkJoinRequest.objects.filter(user=user, status=RequestStatus.PENDING)
            .select_related("network")
            .order_by("network__name")
        )


def own_contact_requests(user: User) -> QuerySet[ContactRequest]:
    return (
        ContactRequest.objects.filter(user=user, status=RequestStatus.PENDING)
        .select_related("organisation")
        .order_by("organisation__name")
    )


def coordinator_invitations_for(network: Network) -> QuerySet[CoordinatorInvitation]:
    """A network's invitations to coordinate, for staff. Call it inside its scope."""
    return (
        CoordinatorInvitation.objects.filter(network=network)
        .select_related("invited_by", "accepted_by")
        .order_by("-created_at", "-pk")
    )


def terms_still_count(application: AffiliationApplication) -> bool:
    """The handbook terms the group accepted count: the current ones, or earlier ones within
    their grace period. An affiliated group keeps its affiliation meanwhile (rule 9)."""
    return application.handbook_version.still_counts
