"""Lookups about signatures of the charter and the declaration: which count, the public lists
and their counts by network, the tokens that confirm one or invite someone to sign again."""

import datetime
from collections.abc import Mapping
from typing import Any

from allauth.account.models import EmailAddress
from django.core import signing
from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
)
from django.utils import timezone

from members.enums import (
    DocumentSlug,
    PartyKind,
)
from members.models import (
    Organisation,
    SignAgainReminder,
    Signature,
    User,
)
from members.queries import current_version, hash_token
from sanctuary.caching import cached
from sanctuary.models import Network


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


# Every document's signatures, for staff's reports: renewed with each document's group.
ALL_SIGNATURES = "members:signatures"


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


def public_signatory_count(document: str) -> int:
    """How many public_signatories(document) there are, counted once and kept with the
    document's other counts until the signing services renew them."""
    return cached(
        signature_lists_group(document),
        "listed",
        lambda: public_signatories(document).count(),
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
