"""The members app's models, one module per domain; import them from here."""

from members.models.affiliation import AffiliationApplication, AffiliationComment
from members.models.charter import DocumentVersion, Signature
from members.models.people import (
    Membership,
    Organisation,
    OrganisationContact,
    User,
    UserManager,
)

__all__ = [
    "AffiliationApplication",
    "AffiliationComment",
    "DocumentVersion",
    "Membership",
    "Organisation",
    "OrganisationContact",
    "Signature",
    "User",
    "UserManager",
]
