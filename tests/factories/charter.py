"""Factories for documents and signatures."""

import factory
from django.utils import timezone

from members.enums import DocumentSlug, PartyKind
from members.models import DocumentVersion, Signature
from members.queries import hash_token
from members.services.signature_lists import refresh_latest_signatures


class DocumentVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DocumentVersion

    document = DocumentSlug.CHARTER
    number = factory.LazyAttribute(
        lambda version: (
            1
            + max(
                DocumentVersion.objects.filter(document=version.document).values_list(
                    "number", flat=True
                ),
                default=0,
            )
        )
    )
    title = factory.Sequence(lambda n: f"Test Charter {n}")
    period = "2030-2035"
    body = "# Our hopes\n\nA short invented text for tests.\n\n- welcome\n- justice\n"
    is_current = False


class SignatureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signature

    version = factory.SubFactory(DocumentVersionFactory)
    party_kind = PartyKind.INDIVIDUAL
    party_key = "individual"
    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"signer{n}@example.org")
    listed_publicly = True
    confirmed_at = factory.LazyFunction(timezone.now)

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        """Mark the party's latest signature, as the signing services do."""
        super()._after_postgeneration(instance, create, results)
        if create:
            refresh_latest_signatures(instance.version.document, emails=[instance.email])
            instance.refresh_from_db(fields=["latest_of"])


def pending_signature_token(version: DocumentVersion | None = None) -> str:
    """A signature that waits for confirmation, and the token of its link."""
    token = "a-known-test-token-0123456789"
    SignatureFactory(
        version=version or DocumentVersionFactory(is_current=True),
        confirmed_at=None,
        token_hash=hash_token(token),
    )
    return token


def published_charter(world=None) -> DocumentVersion:
    """A current charter with sections and lists, and a few signatures, for page walks."""
    version = DocumentVersion.objects.filter(document=DocumentSlug.CHARTER, is_current=True).first()
    if version is not None:
        return version
    version = DocumentVersionFactory(
        is_current=True,
        body=(
            "# Why we gather\n\nNeighbours meet and nobody is turned away.\n\n"
            "# What we promise\n\n- to listen first\n- to share what we have\n\n"
            "1. one invented principle\n2. another\n"
        ),
    )
    SignatureFactory(version=version, name="Listed Lucy")
    SignatureFactory(
        version=version,
        party_kind=PartyKind.ORGANISATION,
        party_key="organisation-name:lucy's cafe",
        party_name="Lucy's Cafe",
        role_title="Owner",
        network=getattr(world, "network_a", None),
    )
    SignatureFactory(version=version, name="Private Pete", listed_publicly=False)
    SignatureFactory(version=DocumentVersionFactory(), name="Early Ed")
    return version
