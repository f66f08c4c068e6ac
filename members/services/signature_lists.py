"""Who has signed, kept ready to read.

The public lists show each party's latest confirmed signature of a document, in whichever
version. Working that out on every view meant an anti-join over every signature of the
document, three times per page. Instead `Signature.latest_of` marks those signatures, and
the counts by local group are cached (sanctuary.caching) until a change could alter them.
Every service that confirms, imports, re-addresses or unlists signatures calls
`refresh_latest_signatures()` or `signature_lists_changed()`.
"""

from collections.abc import Iterable

from django.db.models import Exists, OuterRef

from members.models import Signature
from members.queries.signatures import ALL_SIGNATURES, signature_lists_group
from sanctuary.caching import invalidate


def signature_lists_changed(document: str) -> None:
    """Something the document's public lists or counts show changed (a signature confirmed,
    listed or unlisted, re-addressed): their cached counts are read afresh."""
    invalidate(signature_lists_group(document))
    invalidate(ALL_SIGNATURES)


def refresh_latest_signatures(document: str, *, emails: Iterable[str] | None = None) -> None:
    """Mark each party's latest confirmed signature of the document, and unmark the rest;
    only the signers with these addresses when given, else every signer. Two set-based
    UPDATEs that touch only the rows whose mark changes."""
    signatures = Signature.objects.filter(version__document=document)
    if emails is not None:
        signatures = signatures.filter(email__in=sorted(set(emails)))
    later = Signature.objects.filter(
        version__document=document,
        confirmed_at__isnull=False,
        email=OuterRef("email"),
        party_key=OuterRef("party_key"),
        version__number__gt=OuterRef("version__number"),
    )
    latest = signatures.filter(confirmed_at__isnull=False).filter(~Exists(later))
    Signature.objects.filter(latest_of=document, pk__in=signatures.values("pk")).exclude(
        pk__in=latest.values("pk")
    ).update(latest_of="")
    Signature.objects.filter(pk__in=latest.exclude(latest_of=document).values("pk")).update(
        latest_of=document
    )
    signature_lists_changed(document)
