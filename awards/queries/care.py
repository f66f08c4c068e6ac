"""Lookups of the support contact that a network offers its panellists."""

from awards.models import SupportContact
from sanctuary.models import Network


def support_contact(network: Network) -> SupportContact | None:
    return SupportContact.objects.filter(network=network).first()
