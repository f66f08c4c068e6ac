from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Role(models.TextChoices):
    COORDINATOR = "coordinator", pgettext_lazy("role in a network", "Coordinator")
    STEERING_MEMBER = "steering_member", pgettext_lazy("role in a network", "Steering group member")
    LOCAL_LEAD = "local_lead", pgettext_lazy("role in a network", "Local lead")
    MEMBER = "member", pgettext_lazy("role in a network", "Member")
    PANELLIST = "panellist", pgettext_lazy("role in a network", "Panellist")


# Roles whose holders must use multi-factor authentication.
PRIVILEGED_ROLES = frozenset({Role.COORDINATOR, Role.PANELLIST})
# Roles that may see who the network's members are.
MEMBER_LIST_ROLES = frozenset({Role.COORDINATOR, Role.STEERING_MEMBER})
# Roles that work with the organisations in a network.
ORGANISATION_ROLES = frozenset({Role.COORDINATOR, Role.STEERING_MEMBER, Role.LOCAL_LEAD})
# Pages only a network's coordinators use (adding members, editing the profile, forums); with
# staff, they manage the network (members.access.PersonAccess.can_manage).
COORDINATORS = frozenset({Role.COORDINATOR})
# The roles in a network that chair its award panels and decide, with movement staff
# (members.access.PersonAccess.can_chair; awards.enums.CHAIRS names the same set).
CHAIR_ROLES = frozenset({Role.COORDINATOR})


class OrganisationKind(models.TextChoices):
    SCHOOL = "school", _("School")
    UNIVERSITY = "university", _("University")
    FE_COLLEGE = "fe_college", _("Further education college")
    LIBRARY = "library", _("Library")
    LOCAL_AUTHORITY = "local_authority", _("Local authority")
    HEALTH = "health", _("Health service")
    MATERNITY = "maternity", _("Maternity service")
    ARTS = "arts", _("Arts organisation")
    FAITH = "faith", _("Faith community")
    SPORT = "sport", _("Sports club")
    GARDEN = "garden", _("Garden")
    CHARITY_SHOP = "charity_shop", _("Charity shop")
    BUSINESS = "business", _("Business")
    VOLUNTARY = "voluntary", _("Voluntary organisation")
    OTHER = "other", pgettext_lazy("kind of organisation", "Other")


class OrganisationStatus(models.TextChoices):
    """Whether an organisation that registered itself has been approved by a coordinator."""

    PENDING = "pending", pgettext_lazy("organisation registration", "Waiting for approval")
    APPROVED = "approved", pgettext_lazy("organisation registration", "Approved")
    REFUSED = "refused", pgettext_lazy("organisation registration", "Not approved")


# The coordinators' decisions about a registration. set_organisation_status() refuses others;
# a refused registration may be approved later (after a conversation, say).
ORGANISATION_TRANSITIONS: dict[str, frozenset[str]] = {
    OrganisationStatus.PENDING: frozenset(
        {OrganisationStatus.APPROVED, OrganisationStatus.REFUSED}
    ),
    OrganisationStatus.APPROVED: frozenset(),
    OrganisationStatus.REFUSED: frozenset({OrganisationStatus.APPROVED}),
}


# Organisations that no public list shows: waiting for a coordinator, or not approved.
NOT_PUBLIC_ORGANISATION_STATES = frozenset({OrganisationStatus.PENDING, OrganisationStatus.REFUSED})


class OfficialNumberKind(models.TextChoices):
    """The kind of an organisation's official number, used to catch duplicates."""

    URN = "urn", _("School URN (unique reference number)")
    UKPRN = "ukprn", _("UK provider reference number (UKPRN)")
    CHARITY = "charity", _("Charity number")
    COMPANY = "company", _("Company number")
    OTHER = "other", _("Other official number")


class RequestStatus(models.TextChoices):
    """A request to act for an organisation or to join a network."""

    PENDING = "pending", _("Waiting for a coordinator")
    APPROVED = "approved", pgettext_lazy("request to join", "Approved")
    REFUSED = "refused", pgettext_lazy("request to join", "Not approved")


# The coordinators' decisions about a request; nothing is decided twice.
REQUEST_TRANSITIONS: dict[str, frozenset[str]] = {
    RequestStatus.PENDING: frozenset({RequestStatus.APPROVED, RequestStatus.REFUSED}),
    RequestStatus.APPROVED: frozenset(),
    RequestStatus.REFUSED: frozenset(),
}


class DocumentSlug(models.TextChoices):
    """The movement's versioned documents. Each has numbered versions; one is current."""

    CHARTER = "charter", _("City of Sanctuary Charter")
    DECLARATION = "birmingham-declaration", _("The Birmingham Declaration")
    HANDBOOK = "handbook", _("Handbook terms for affiliated groups")


# Documents that people sign (the charter) or endorse (a declaration). Handbook terms are
# accepted with an affiliation application instead.
SIGNABLE_DOCUMENTS = frozenset({DocumentSlug.CHARTER, DocumentSlug.DECLARATION})


class PartyKind(models.TextChoices):
    """On whose behalf a signature is given."""

    INDIVIDUAL = "individual", pgettext_lazy("signed on behalf of", "Individual")
    ORGANISATION = "organisation", pgettext_lazy("signed on behalf of", "Organisation")
    GROUP = "group", pgettext_lazy("signed on behalf of", "Local group")


class GovernanceType(models.TextChoices):
    CHARITY = "charity", pgettext_lazy("governance", "Charity")
    LEAD_ORGANISATION = "lead_organisation", _("Network with a lead organisation")
    COMMUNITY_GROUP = "community_group", pgettext_lazy("governance", "Community group")


class AffiliationState(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("affiliation state", "Submitted")
    IN_REVIEW = "in_review", pgettext_lazy("affiliation state", "In review")
    CHANGES_REQUESTED = "changes_requested", pgettext_lazy("affiliation state", "Changes requested")
    AFFILIATED = "affiliated", pgettext_lazy("affiliation state", "Affiliated")
    SUSPENDED = "suspended", pgettext_lazy("affiliation state", "Suspended")
    LAPSED = "lapsed", pgettext_lazy("affiliation state", "Lapsed")
    DECLINED = "declined", pgettext_lazy("affiliation state", "Not affiliated")


# Every move an affiliation may make. set_affiliation_state() refuses anything else.
AFFILIATION_TRANSITIONS: dict[str, frozenset[str]] = {
    AffiliationState.SUBMITTED: frozenset(
        {AffiliationState.IN_REVIEW, AffiliationState.CHANGES_REQUESTED}
    ),
    AffiliationState.IN_REVIEW: frozenset(
        {
            AffiliationState.CHANGES_REQUESTED,
            AffiliationState.AFFILIATED,
            AffiliationState.DECLINED,
        }
    ),
    AffiliationState.CHANGES_REQUESTED: frozenset({AffiliationState.SUBMITTED}),
    AffiliationState.AFFILIATED: frozenset({AffiliationState.SUSPENDED, AffiliationState.LAPSED}),
    AffiliationState.SUSPENDED: frozenset({AffiliationState.AFFILIATED, AffiliationState.LAPSED}),
    AffiliationState.LAPSED: frozenset(),
    AffiliationState.DECLINED: frozenset(),
}
# Moves that need a reason the group can read.
AFFILIATION_REASON_REQUIRED = frozenset(
    {
        AffiliationState.CHANGES_REQUESTED,
        AffiliationState.SUSPENDED,
        AffiliationState.LAPSED,
        AffiliationState.DECLINED,
    }
)
# Moves the applicant makes; staff make every other one.
AFFILIATION_APPLICANT_STATES = frozenset({AffiliationState.SUBMITTED})
# A group in these states holds its area: one affiliated group per area.
AFFILIATION_HOLDS_AREA = frozenset({AffiliationState.AFFILIATED, AffiliationState.SUSPENDED})
# Applications that staff still have to decide.
AFFILIATION_OPEN = frozenset(
    {
        AffiliationState.SUBMITTED,
        AffiliationState.IN_REVIEW,
        AffiliationState.CHANGES_REQUESTED,
    }
)


class AmbassadorStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("ambassador status", "Waiting for staff")
    APPROVED = "approved", pgettext_lazy("ambassador status", "Sanctuary Ambassador")
    DECLINED = "declined", pgettext_lazy("ambassador status", "Not approved")


# Staff approve or decline a registration; a declined one may be approved later.
AMBASSADOR_TRANSITIONS: dict[str, frozenset[str]] = {
    AmbassadorStatus.PENDING: frozenset({AmbassadorStatus.APPROVED, AmbassadorStatus.DECLINED}),
    AmbassadorStatus.APPROVED: frozenset(),
    AmbassadorStatus.DECLINED: frozenset({AmbassadorStatus.APPROVED}),
}


class AmbassadorRole(models.TextChoices):
    PANELS = "panels", _("Award panels")
    STEERING_GROUPS = "steering_groups", _("Steering groups")
    MEDIA = "media", _("Media")
    SPEAKING = "speaking", _("Speaking at events")


class ForumMemberKind(models.TextChoices):
    """Who sits on a Sanctuary Partnership forum. Never whether a person has lived experience."""

    COUNCIL = "council", pgettext_lazy("kind of forum member", "Council")
    ORGANISATION = "organisation", pgettext_lazy("kind of forum member", "Supporting organisation")
    PERSON = "person", pgettext_lazy("kind of forum member", "Person")


class ExportState(models.TextChoices):
    """A staff export made in the background (members.models.exports.SignatoryExport)."""

    ASKED = "asked", pgettext_lazy("export state", "Being made")
    READY = "ready", pgettext_lazy("export state", "Ready")
    FAILED = "failed", pgettext_lazy("export state", "Failed")
    REPLACED = "replaced", pgettext_lazy("export state", "Replaced by a newer list")


# Every move an export makes (members.services.exports). A new list, once ready, replaces the
# document's earlier ready one, whose file is deleted: at most one file per document.
EXPORT_TRANSITIONS: dict[str, frozenset[str]] = {
    ExportState.ASKED: frozenset({ExportState.READY, ExportState.FAILED}),
    ExportState.READY: frozenset({ExportState.REPLACED}),
    ExportState.FAILED: frozenset(),
    ExportState.REPLACED: frozenset(),
}


class Action(models.TextChoices):
    """Dotted names of the activity log entries members writes, and their words."""

    USER_REGISTERED = "members.user.registered", _("Account created")
    USER_LANGUAGE_CHANGED = "members.user.language_changed", _("Preferred language changed")
    USER_PROFILE_CHANGED = "members.user.profile_changed", _("Profile changed")
    MEMBERSHIP_ADDED = "members.membership.added", _("Role given")
    MEMBERSHIP_REMOVED = "members.membership.removed", _("Role removed")
    MEMBERSHIP_INVITED = "members.membership.invited", _("Invited to a role")
    MEMBERSHIP_INVITATION_ACCEPTED = (
        "members.membership.invitation_accepted",
        _("Invitation to a role accepted"),
    )
    ORGANISATION_CREATED = "members.organisation.created", _("Organisation added")
    ORGANISATION_CONTACT_ADDED = (
        "members.organisation.contact_added",
        _("Organisation contact added"),
    )
    ORGANISATION_REGISTERED = "members.organisation.registered", _("Organisation registered")
    ORGANISATION_APPROVED = "members.organisation.approved", _("Organisation approved")
    ORGANISATION_REFUSED = "members.organisation.refused", _("Organisation not approved")
    ORGANISATION_PLEDGE_LINKED = (
        "members.organisation.pledge_linked",
        _("Earlier pledge linked to the organisation"),
    )
    ORGANISATION_CONTACT_REMOVED = (
        "members.organisation.contact_removed",
        _("Organisation contact removed"),
    )
    CONTACT_REQUESTED = "members.contact_request.made", _("Asked to act for an organisation")
    CONTACT_REQUEST_APPROVED = (
        "members.contact_request.approved",
        _("Request to act for an organisation approved"),
    )
    CONTACT_REQUEST_REFUSED = (
        "members.contact_request.refused",
        _("Request to act for an organisation not approved"),
    )
    CONTACT_INVITED = "members.contact_invitation.sent", _("Colleague invited as a contact")
    CONTACT_INVITATION_ACCEPTED = (
        "members.contact_invitation.accepted",
        _("Invitation to act for an organisation accepted"),
    )
    NETWORK_JOIN_REQUESTED = "members.join_request.made", _("Asked to join the network")
    NETWORK_JOIN_APPROVED = "members.join_request.approved", _("Request to join approved")
    NETWORK_JOIN_REFUSED = "members.join_request.refused", _("Request to join not approved")
    NETWORK_JOINED = "members.network.joined", _("Joined the network")
    NETWORK_LEFT = "members.network.left", _("Left the network")
    NETWORK_SETTINGS_CHANGED = "members.network.settings_changed", _("Network settings changed")
    COORDINATOR_INVITED = "members.coordinator_invitation.sent", _("Coordinator invited")
    COORDINATOR_INVITATION_ACCEPTED = (
        "members.coordinator_invitation.accepted",
        _("Invitation to coordinate accepted"),
    )
    SIGNATURE_LISTING_CHANGED = (
        "members.signature.listing_changed",
        _("Public listing of a signature changed"),
    )
    API_TOKEN_CREATED = "members.api_token.created", _("API token created")
    API_TOKEN_REVOKED = "members.api_token.revoked", _("API token revoked")
    DOCUMENT_VERSION_CREATED = "members.document.version_created", _("Document version added")
    DOCUMENT_VERSION_MADE_CURRENT = (
        "members.document.version_made_current",
        _("Document version made current"),
    )
    DOCUMENT_TRANSLATION_SAVED = (
        "members.document.translation_saved",
        _("Document translation saved"),
    )
    SIGNATURE_SIGNED = "members.signature.signed", _("Signed")
    SIGNATURE_CONFIRMED = "members.signature.confirmed", _("Signature confirmed")
    SIGNATURE_INVITED_TO_SIGN_AGAIN = (
        "members.signature.invited_to_sign_again",
        _("Invited to sign the new version"),
    )
    AFFILIATION_SUBMITTED = "members.affiliation.submitted", _("Affiliation application submitted")
    AFFILIATION_IN_REVIEW = (
        "members.affiliation.in_review",
        _("Affiliation application taken into review"),
    )
    AFFILIATION_CHANGES_REQUESTED = (
        "members.affiliation.changes_requested",
        _("Changes to the affiliation application asked for"),
    )
    AFFILIATION_AFFILIATED = "members.affiliation.affiliated", _("Group affiliated")
    AFFILIATION_SUSPENDED = "members.affiliation.suspended", _("Group affiliation suspended")
    AFFILIATION_LAPSED = "members.affiliation.lapsed", _("Group affiliation lapsed")
    AFFILIATION_DECLINED = "members.affiliation.declined", _("Group not affiliated")
    AFFILIATION_UPDATED = "members.affiliation.updated", _("Affiliation application changed")
    AFFILIATION_COMMENTED = "members.affiliation.commented", _("Review comment added")
    AMBASSADOR_REGISTERED = "members.ambassador.registered", _("Ambassador registration received")
    AMBASSADOR_UPDATED = "members.ambassador.updated", _("Ambassador details changed")
    AMBASSADOR_APPROVED = "members.ambassador.approved", _("Ambassador approved")
    AMBASSADOR_DECLINED = "members.ambassador.declined", _("Ambassador not approved")
    USER_DATA_DOWNLOADED = "members.user.data_downloaded", _("Downloaded their data")
    USER_ANONYMISED = "members.user.anonymised", _("Account deleted: the person anonymised")
    CONSENT_GIVEN = "members.consent.given", _("Consent given")
    RETENTION_APPLIED = "members.retention.applied", _("Old data removed")
    LIVED_EXPERIENCE_SEEN = (
        "members.lived_experience.seen",
        _("Saw whether a person has lived experience"),
    )
    ADVISORY_NOMINATED = "members.advisory.nominated", _("Nominated to the Advisory Group")
    ADVISORY_INVITED = "members.advisory.invited", _("Invited to a trustees' meeting")
    FORUM_CREATED = "members.forum.created", _("Partnership forum created")
    FORUM_MEMBER_ADDED = "members.forum.member_added", _("Partnership forum member added")
    FORUM_MEMBER_REMOVED = "members.forum.member_removed", _("Partnership forum member removed")
    MAIL_ADDRESS_UNDELIVERABLE = (
        "members.mail.address_undeliverable",
        _("E-mail address marked undeliverable"),
    )
    MAIL_ADDRESS_CLEARED = (
        "members.mail.address_cleared",
        _("E-mail address may receive mail again"),
    )
    ORGANISATION_UPDATED = "members.organisation.updated", _("Organisation details changed")
    DOCUMENT_GRACE_PERIOD_SET = (
        "members.document.grace_period_set",
        _("Grace period for earlier signatures set"),
    )
    SIGNATURE_REMINDED_TO_SIGN_AGAIN = (
        "members.signature.reminded_to_sign_again",
        _("Reminded to sign the new version"),
    )
    SIGNATURE_UPDATED = "members.signature.updated", _("Signature details changed")
    AFFILIATION_TERMS_ACCEPTED = (
        "members.affiliation.terms_accepted",
        _("New handbook terms accepted"),
    )
    ESTATE_FILE_UPLOADED = "members.estate.file_uploaded", _("File uploaded for import")
    ESTATE_IMPORTED = "members.estate.imported", _("File imported")
    CONTRIBUTION_RECORDED = (
        "members.contribution.recorded",
        _("Time given by a person with lived experience recorded"),
    )
    CONTRIBUTION_PAID = "members.contribution.paid", _("Thanks for time given marked paid")
    SIGNATORY_EXPORT_ASKED = (
        "members.signatory_export.asked",
        _("Public list of signatories asked for"),
    )
    SIGNATORY_EXPORT_READY = (
        "members.signatory_export.ready",
        _("Public list of signatories ready to download"),
    )
    SIGNATORY_EXPORT_FAILED = (
        "members.signatory_export.failed",
        _("Public list of signatories could not be made"),
    )


# The log entry of each move of an affiliation's state machine (set_affiliation_state()).
# Keyed by the state's value: a TextChoices member is its own str, and callers pass either.
AFFILIATION_ACTIONS: dict[str, Action] = {
    AffiliationState.SUBMITTED: Action.AFFILIATION_SUBMITTED,
    AffiliationState.IN_REVIEW: Action.AFFILIATION_IN_REVIEW,
    AffiliationState.CHANGES_REQUESTED: Action.AFFILIATION_CHANGES_REQUESTED,
    AffiliationState.AFFILIATED: Action.AFFILIATION_AFFILIATED,
    AffiliationState.SUSPENDED: Action.AFFILIATION_SUSPENDED,
    AffiliationState.LAPSED: Action.AFFILIATION_LAPSED,
    AffiliationState.DECLINED: Action.AFFILIATION_DECLINED,
}
# The log entry of each decision on an ambassador's registration (set_ambassador_status()).
AMBASSADOR_ACTIONS: dict[str, Action] = {
    AmbassadorStatus.APPROVED: Action.AMBASSADOR_APPROVED,
    AmbassadorStatus.DECLINED: Action.AMBASSADOR_DECLINED,
}


class UndeliverableReason(models.TextChoices):
    """Why mail to an address stopped: each is permanent until staff clear the address."""

    REFUSED = "refused", _("The mail server refused it")
    INVALID = "invalid", _("Not a valid address")
    BOUNCED = "bounced", _("Mail to it bounced")
    COMPLAINED = "complained", _("Its owner reported our mail as spam")


# The version of the privacy notice's words (templates/members/privacy_notice.html): change it
# when the words change, so each consent says which words the person agreed to.
PRIVACY_NOTICE_VERSION = "2026-12"


class ContributionKind(models.TextChoices):
    """What a person with lived experience gave their time to."""

    PANEL = "panel", _("Award panel")
    STEERING_GROUP = "steering_group", _("Steering group")
    ADVISORY_GROUP = "advisory_group", _("Advisory Group meeting")


class ThanksKind(models.TextChoices):
    """How a person is thanked for their time."""

    HONORARIUM = "honorarium", _("Honorarium")
    VOUCHER = "voucher", _("Voucher")
    DECLINED = "declined", _("Declined")


class ConsentKind(models.TextChoices):
    PUBLIC_LISTING = "public_listing", _("To be listed publicly as a signatory")
    EMAIL = "email", _("To receive e-mail from the platform")
