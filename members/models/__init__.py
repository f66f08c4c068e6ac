"""The members app's models, one module per domain; import them from here."""

from members.models.affiliation import AffiliationApplication, AffiliationComment
from members.models.api_tokens import ApiToken
from members.models.charter import DocumentVersion, SignAgainReminder, Signature
from members.models.estate import EstateImport
from members.models.lived_experience import (
    AdvisoryGroupMember,
    Ambassador,
    TrusteeMeetingInvitation,
)
from members.models.partnerships import ForumMember, PartnershipForum
from members.models.people import (
    Membership,
    Organisation,
    OrganisationContact,
    User,
    UserManager,
)

__all__ = [
    "AdvisoryGroupMember",
    "AffiliationApplication",
    "AffiliationComment",
    "Ambassador",
    "ApiToken",
    "DocumentVersion",
    "EstateImport",
    "ForumMember",
    "Membership",
    "Organisation",
    "OrganisationContact",
    "PartnershipForum",
    "SignAgainReminder",
    "Signature",
    "TrusteeMeetingInvitation",
    "User",
    "UserManager",
]
