"""Lookups that several views share."""

import datetime
import hashlib
import math
from collections.abc import Mapping
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db.models import (
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
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
    DocumentSlug,
    OrganisationStatus,
    PartyKind,
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
    SignAgainReminder,
    Signature,
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
    """Every network with its people counted, for staff. Read it with scoping lifted."""
    return (
        Network.objects.annotate(
            member_count=Count("memberships__user", distinct=True),
            coordinator_count=Count(
                "memberships", filter=Q(memberships__role=Role.COORDINATOR), distinct=True
            ),
        )
        .select_related("parent", "coordinating_group")
        .order_by("kind", "name")
    )


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


def counting_versions(today: datetime.date | None = None) -> Q:
    """Versions whose signatures count (rule 9): the current one, and an earlier one until
    the last day of its grace period. For a Signature query: `version__...`."""
    today = today or timezone.localdate()
    return Q(version__is_current=True) | Q(version__counts_until__gte=today)


def confirmed_pledges() -> QuerySet[Signature]:
    """Organisations' confirmed signatures of the charter that count: their pledges. A pledge
    to an earlier version counts through the grace period that followed it."""
    return Signature.objects.filter(
        counting_versions(),
        party_kind=PartyKind.ORGANISATION,
        organisation__isnull=False,
        confirmed_at__isnull=False,
        version__document=DocumentSlug.CHARTER,
    )


def organisation_has_pledge(
    organisation: Organisation, *, since: datetime.datetime | None = None
) -> bool:
    """True once someone acting for the organisation signed the charter, confirmed: the
    current version, or an earlier one within its grace period.

    The award workflow counts this pledge towards an application. With `since` (when the
    application began) a pledge to the version that was current then counts too, however
    long the application takes: a new charter never blocks an application in progress.
    """
    if confirmed_pledges().filter(organisation=organisation).exists():
        return True
    if since is None:
        return False
    # A pledge given before the application began, to a version that counted that day.
    began = timezone.localdate(since)
    return bool(
        Signature.objects.filter(
            counting_versions(began),
            party_kind=PartyKind.ORGANISATION,
            organisation=organisation,
            confirmed_at__isnull=False,
            confirmed_at__lte=since,
            version__document=DocumentSlug.CHARTER,
        ).exists()
    )


def has_pledge(organisation_ref: str = "pk") -> Exists:
    """The same test as an annotation for lists, e.g. `has_pledge("organisation")`."""
    return Exists(confirmed_pledges().filter(organisation=OuterRef(organisation_ref)))


def organisations_with_pledge(organisation_ids: list[int]) -> set[int]:
    """Which of these organisations have a pledge that counts, as has_pledge() tells: one
    query for a page of a list (as an annotation, PostgreSQL hashed every pledge first)."""
    if not organisation_ids:
        return set()
    return set(
        confirmed_pledges()
        .filter(organisation_id__in=organisation_ids)
        .order_by()
        .values_list("organisation_id", flat=True)
        .distinct()
    )


def get_signature_by_token(token: str) -> Signature | None:
    if not token or len(token) > 200:
        return None
    return (
        Signature.objects.filter(token_hash=hash_token(token))
        .select_related("version", "organisation", "group")
        .first()
    )


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


# Every document's signatures, for staff's reports: renewed with each document's group.
ALL_SIGNATURES = "members:signatures"
# Organisations changed in bulk (the estate import), which sends no signal: the apps above
# that cache what follows organisations read this group's generation too.
ORGANISATIONS = "members:organisations"


def signature_lists_group(document: str) -> str:
    """The cache group of a document's public counts (sanctuary.caching)."""
    return f"members:signatures:{document}"


def latest_confirmed_signatures(document: str) -> QuerySet[Signature]:
    """Each party's latest confirmed signature of the document, in any version.

    Someone who signed an earlier version and not the current one appears once, with
    that earlier version: the pages say "signed an earlier version". The signatures are
    marked as they are confirmed (members.services.signature_lists), so this reads an index.
    """
    return Signature.objects.filter(latest_of=document)


def public_signatories(document: str) -> QuerySet[Signature]:
    """The signatories who agreed to be listed. Every public list and export starts here."""
    return (
        latest_confirmed_signatures(document)
        .filter(listed_publicly=True)
        .select_related("version", "network")
        .defer("version__body", "version__translations")
        .order_by("-confirmed_at", "-pk")
    )


def _counts_by_network(document: str, *, listed_only: bool) -> list[Mapping[str, Any]]:
    """Signatures counted by local group: (network id, count) cached until a signature of the
    document changes, the groups' names and addresses read fresh (they change on their own).
    Most first, then by name, signatures without a group last."""

    def count() -> list[tuple[int | None, int]]:
        signatures = latest_confirmed_signatures(document)
        if listed_only:
            signatures = signatures.filter(listed_publicly=True)
        return [
            (row["network"], row["count"])
            for row in signatures.order_by().values("network").annotate(count=Count("pk"))
        ]

    name = "listed-by-network" if listed_only else "by-network"
    counts = cached(signature_lists_group(document), name, count)
    networks = {
        network.pk: network
        for network in Network.objects.filter(
            pk__in=[pk for pk, _count in counts if pk is not None]
        ).only("name", "slug")
    }
    rows = []
    for pk, number in counts:
        network = networks.get(pk) if pk is not None else None
        rows.append(
            {
                "network__name": network.name if network else None,
                "network__slug": network.slug if network else None,
                "count": number,
            }
        )
    return sorted(
        rows,
        key=lambda row: (-row["count"], row["network__name"] is None, row["network__name"] or ""),
    )


def confirmed_signatures_by_version(document: str) -> dict[int, int]:
    """How many confirmed signatures each version of the document has ({version id: count},
    versions without any left out), cached with the document's public counts: every
    confirmation goes through members.services.signature_lists, and confirmed signatures are
    never deleted (only unconfirmed ones, by retention)."""

    def count() -> dict[int, int]:
        rows = Signature.objects.filter(version__document=document, confirmed_at__isnull=False)
        return dict(rows.order_by().values_list("version").annotate(n=Count("pk")))

    return cached(signature_lists_group(document), "confirmed-by-version", count)


def signature_counts_by_network(document: str) -> list[Mapping[str, Any]]:
    """How many confirmed signatures each local group has, listed or not: numbers, no names."""
    return _counts_by_network(document, listed_only=False)


def listed_signatory_counts_by_network(document: str) -> list[Mapping[str, Any]]:
    """How many signatories agreed to be listed, by local group: the public list, counted."""
    return _counts_by_network(document, listed_only=True)


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


SIGN_AGAIN_SALT = "members.signature.sign-again"
SIGN_AGAIN_MAX_AGE = 60 * 60 * 24 * 90  # an invitation's link fills the form in for 90 days


def sign_again_token(signature: Signature) -> str:
    return signing.dumps(signature.pk, salt=SIGN_AGAIN_SALT)


def signature_to_sign_again(token: str) -> Signature | None:
    """The earlier signature an invitation link names, if the link is genuine and recent."""
    try:
        pk = signing.loads(token, salt=SIGN_AGAIN_SALT, max_age=SIGN_AGAIN_MAX_AGE)
    except signing.BadSignature:
        return None
    return Signature.objects.filter(pk=pk).first()


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


def own_signatures(user: User) -> QuerySet[Signature]:
    """Signatures the person gave: signed in, or with an address their account confirmed.

    The addresses are read first (one small query): given as a list, PostgreSQL combines the
    user and address indexes; as a subquery inside the OR it read every signature."""
    verified = list(
        EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    )
    return (
        Signature.objects.filter(Q(user=user) | Q(email__in=verified, user__isnull=True))
        .select_related("version")
        .defer("version__body", "version__translations")
        .order_by("-signed_at", "-pk")
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


def network_signatories(network: Network, document: str) -> QuerySet[Signature]:
    """For a network's coordinators: each party's latest confirmed signature of the document,
    given in the network, listed or not, with whether a reminder to sign the current version
    went. Who has signed the current version and who has not, in one query."""
    current = current_version(document)
    reminded = (
        SignAgainReminder.objects.filter(version=current, email=OuterRef("email"))
        if current is not None
        else SignAgainReminder.objects.none()
    )
    return (
        latest_confirmed_signatures(document)
        .filter(network=network)
        .select_related("version")
        .defer("version__body", "version__translations")
        .annotate(reminded=Exists(reminded))
        .order_by("version__is_current", "name", "pk")
    )
