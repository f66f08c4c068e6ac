"""Factories for group affiliation."""

import factory

from members.enums import AffiliationState, DocumentSlug, GovernanceType, PartyKind
from members.models import AffiliationApplication, DocumentVersion
from sanctuary.enums import AreaType, Nation
from tests.factories import UserFactory
from tests.factories.charter import DocumentVersionFactory, SignatureFactory, published_charter


class AffiliationApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AffiliationApplication

    group_name = factory.Sequence(lambda n: f"Newtown {n} City of Sanctuary")
    area = factory.Sequence(lambda n: f"Newtown {n}")
    area_key = factory.LazyAttribute(lambda application: application.area.casefold())
    area_type = AreaType.TOWN
    nation = Nation.ENGLAND
    governance_type = GovernanceType.COMMUNITY_GROUP
    contact_email = "hello@newtown.example.org"
    governing_document = factory.django.FileField(data=b"%PDF-1.4\n% test\n", filename="rules.pdf")
    governing_document_name = "rules.pdf"
    governing_document_type = "application/pdf"
    applicant = factory.SubFactory(UserFactory)
    handbook_version = factory.SubFactory(DocumentVersionFactory, document=DocumentSlug.HANDBOOK)
    charter_signature = factory.SubFactory(
        SignatureFactory,
        party_kind=PartyKind.GROUP,
        party_key=factory.SelfAttribute("..group_name"),
        party_name=factory.SelfAttribute("..group_name"),
        email=factory.SelfAttribute("..applicant.email"),
    )
    state = AffiliationState.SUBMITTED


def published_handbook() -> DocumentVersion:
    """Current charter and handbook terms, so that groups may apply."""
    published_charter()
    handbook = DocumentVersion.objects.filter(
        document=DocumentSlug.HANDBOOK, is_current=True
    ).first()
    return handbook or DocumentVersionFactory(document=DocumentSlug.HANDBOOK, is_current=True)


def application_needing_changes(world) -> AffiliationApplication:
    """An application by the world's organisation contact, with a flag and a staff reason."""
    return AffiliationApplicationFactory(
        applicant=world.contact_a,
        group_name="Riverford Town of Sanctuary",
        area="Alphaville",
        area_conflict="Alphaville City of Sanctuary",
        about="We meet on Tuesdays.",
        state=AffiliationState.CHANGES_REQUESTED,
        state_reason="Please tell us who chairs the group.",
    )
