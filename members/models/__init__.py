"""The members app's models, one module per domain; import them from here."""

from members.models.affiliation import AffiliationApplication, AffiliationComment
from members.models.api_tokens import ApiToken
from members.models.charter import DocumentVersion, SignAgainReminder, Signature
from members.models.estate import EstateImport
from members.models.exports import SignatoryExport
from members.models.invitations import MembershipInvitation
from members.models.lived_experience import (
    AdvisoryGroupMember,
    Ambassador,
    TrusteeMeetingInvitation,
)
from members.models.mail import MailDelivery, UndeliverableAddress
from members.models.partnerships import ForumMember, PartnershipForum
from members.models.people import (
    ContactInvitation,
    ContactRequest,
    CoordinatorInvitation,
    Membership,
    NetworkJoinRequest,
    Organisation,
    OrganisationContact,
    User,
    UserManager,
)
from members.models.privacy import Consent
from members.models.thanks import Contribution

__all__ = [
    "AdvisoryGroupMember",
    "AffiliationApplication",
    "AffiliationComment",
    "Ambassador",
    "ApiToken",
    "Consent",
    "ContactInvitation",
    "ContactRequest",
    "Contribution",
    "CoordinatorInvitation",
    "DocumentVersion",
    "EstateImport",
    "ForumMember",
    "MailDelivery",
    "Membership",
    "MembershipInvitation",
    "NetworkJoinRequest",
    "Organisation",
    "OrganisationContact",
    "PartnershipForum",
    "SignAgainReminder",
    "SignatoryExport",
    "Signature",
    "TrusteeMeetingInvitation",
    "UndeliverableAddress",
    "User",
    "UserManager",
]
