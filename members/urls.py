from django.urls import URLPattern, URLResolver, include, path

from members.enums import DocumentSlug
from members.views import (
    affiliation,
    api_tokens,
    charter,
    continuity,
    estate,
    exports,
    invitations,
    joining,
    lived_experience,
    movement,
    networks,
    organisations,
    partnerships,
    people,
    privacy,
    thanks,
)

app_name = "members"

urlpatterns: list[URLPattern | URLResolver] = [
    path("groups/", networks.NetworkDirectoryView.as_view(), name="network_directory"),
    path("dashboard/", people.DashboardView.as_view(), name="dashboard"),
    path("dashboard/work/", people.WorkView.as_view(), name="my_work"),
    path("dashboard/profile/", people.ProfileView.as_view(), name="profile"),
    path("dashboard/your-data/", privacy.MyDataView.as_view(), name="my_data"),
    path(
        "dashboard/your-data/download/",
        privacy.MyDataDownloadView.as_view(),
        name="my_data_download",
    ),
    path(
        "dashboard/your-data/delete-account/",
        privacy.DeleteAccountView.as_view(),
        name="delete_account",
    ),
    path("privacy/", privacy.PrivacyNoticeView.as_view(), name="privacy_notice"),
    path(
        "groups/invitations/<str:membership_token>/",
        invitations.InvitationView.as_view(),
        name="invitation",
    ),
    path("dashboard/api-tokens/", api_tokens.ApiTokensView.as_view(), name="api_tokens"),
    path(
        "dashboard/api-tokens/<int:token_id>/revoke/",
        api_tokens.ApiTokenRevokeView.as_view(),
        name="api_token_revoke",
    ),
    # Organisations register themselves, or ask to act for one that is here already; their
    # contacts invite colleagues. These fixed addresses come before an organisation's own.
    path(
        "organisations/register/",
        organisations.OrganisationRegisterView.as_view(),
        name="organisation_register",
    ),
    path(
        "organisations/find/",
        organisations.OrganisationFindView.as_view(),
        name="organisation_find",
    ),
    path(
        "invitations/organisation/<str:invitation_token>/",
        organisations.ContactInvitationView.as_view(),
        name="contact_invitation",
    ),
    path(
        "invitations/coordinate/<str:invitation_token>/",
        joining.CoordinatorInvitationView.as_view(),
        name="coordinator_invitation",
    ),
    path(
        "organisations/<slug:slug>/",
        people.OrganisationDetailView.as_view(),
        name="organisation_detail",
    ),
    path(
        "organisations/<slug:slug>/ask-to-join/",
        organisations.ContactRequestView.as_view(),
        name="contact_request",
    ),
    path(
        "organisations/<slug:slug>/contacts/",
        organisations.OrganisationContactsView.as_view(),
        name="organisation_contacts",
    ),
    path(
        "organisations/<slug:slug>/contacts/<int:contact_id>/remove/",
        organisations.ContactRemoveView.as_view(),
        name="contact_remove",
    ),
    path(
        "dashboard/signatures/<int:signature_id>/listing/",
        joining.SignatureListingView.as_view(),
        name="signature_listing",
    ),
    # Staff set the movement up: networks and their first coordinators.
    path("staff/networks/", movement.StaffNetworksView.as_view(), name="staff_networks"),
    path(
        "staff/networks/new/", movement.StaffNetworkCreateView.as_view(), name="staff_network_new"
    ),
    path(
        "staff/networks/<int:network_id>/",
        movement.StaffNetworkView.as_view(),
        name="staff_network",
    ),
    path(
        "staff/networks/<int:network_id>/invite/",
        movement.StaffCoordinatorInviteView.as_view(),
        name="staff_coordinator_invite",
    ),
    # The charter, the Birmingham Declaration and the handbook terms: read, sign, see who did.
    path("charter/", charter.DocumentView.as_view(), name="charter"),
    path(
        "charter/versions/<int:number>/",
        charter.DocumentView.as_view(),
        name="charter_version",
    ),
    path("charter/sign/", charter.SignView.as_view(), name="charter_sign"),
    path("charter/signatories/", charter.SignatoriesView.as_view(), name="charter_signatories"),
    path(
        "charter/confirm/<str:token>/",
        charter.ConfirmSignatureView.as_view(),
        name="signature_confirm",
    ),
    path(
        "charter/declaration/",
        charter.DocumentView.as_view(document=DocumentSlug.DECLARATION),
        name="declaration",
    ),
    path(
        "charter/declaration/endorse/",
        charter.SignView.as_view(document=DocumentSlug.DECLARATION),
        name="declaration_endorse",
    ),
    path(
        "charter/declaration/endorsers/",
        charter.SignatoriesView.as_view(document=DocumentSlug.DECLARATION),
        name="declaration_endorsers",
    ),
    path(
        "charter/handbook/",
        charter.DocumentView.as_view(document=DocumentSlug.HANDBOOK),
        name="handbook",
    ),
    # Groups apply to affiliate; staff review.
    path("groups/apply/", affiliation.AffiliationApplyView.as_view(), name="affiliation_apply"),
    path(
        "groups/apply/<int:application_id>/",
        affiliation.AffiliationDetailView.as_view(),
        name="affiliation_detail",
    ),
    path(
        "groups/apply/<int:application_id>/document/",
        affiliation.AffiliationDocumentView.as_view(),
        name="affiliation_document",
    ),
    path(
        "staff/affiliations/",
        affiliation.StaffAffiliationsView.as_view(),
        name="staff_affiliations",
    ),
    path(
        "staff/affiliations/<int:application_id>/",
        affiliation.StaffAffiliationDetailView.as_view(),
        name="staff_affiliation",
    ),
    path(
        "staff/affiliations/<int:application_id>/state/",
        affiliation.StaffAffiliationStateView.as_view(),
        name="staff_affiliation_state",
    ),
    path(
        "staff/affiliations/<int:application_id>/comment/",
        affiliation.StaffAffiliationCommentView.as_view(),
        name="staff_affiliation_comment",
    ),
    # Sanctuary Ambassadors and the Advisory Group: the person's own page, and staff's.
    path("dashboard/thanks/", thanks.MyThanksView.as_view(), name="my_thanks"),
    path("staff/thanks/", thanks.StaffThanksView.as_view(), name="staff_thanks"),
    path(
        "staff/thanks/<int:contribution_id>/paid/",
        thanks.StaffThanksPaidView.as_view(),
        name="staff_thanks_paid",
    ),
    path("dashboard/ambassador/", lived_experience.AmbassadorView.as_view(), name="ambassador"),
    path(
        "staff/ambassadors/",
        lived_experience.StaffAmbassadorsView.as_view(),
        name="staff_ambassadors",
    ),
    path(
        "staff/ambassadors/<int:ambassador_id>/status/",
        lived_experience.StaffAmbassadorStatusView.as_view(),
        name="staff_ambassador_status",
    ),
    path(
        "staff/advisory-group/",
        lived_experience.StaffAdvisoryGroupView.as_view(),
        name="staff_advisory_group",
    ),
    path(
        "staff/advisory-group/invite/",
        lived_experience.StaffAdvisoryInviteView.as_view(),
        name="staff_advisory_invite",
    ),
    path(
        "staff/advisory-group/nominate/",
        lived_experience.StaffAdvisoryNominateView.as_view(),
        name="staff_advisory_nominate",
    ),
    # Sanctuary Partnership forums across the movement.
    path(
        "groups/partnerships/",
        partnerships.PartnershipForumsView.as_view(),
        name="partnership_forums",
    ),
    # Staff keep the documents and export the public list.
    path("staff/documents/", charter.StaffDocumentsView.as_view(), name="staff_documents"),
    path(
        "staff/documents/<int:version_id>/grace-period/",
        continuity.StaffGracePeriodView.as_view(),
        name="staff_grace_period",
    ),
    path(
        "staff/affiliations/handbook-terms/",
        continuity.StaffHandbookTermsView.as_view(),
        name="staff_handbook_terms",
    ),
    path(
        "groups/apply/<int:application_id>/accept-terms/",
        continuity.AffiliationAcceptTermsView.as_view(),
        name="affiliation_accept_terms",
    ),
    # Importing the existing movement from spreadsheets.
    path("staff/import/", estate.StaffImportView.as_view(), name="staff_import"),
    path(
        "staff/import/<int:import_id>/",
        estate.StaffImportMappingView.as_view(),
        name="staff_import_mapping",
    ),
    path(
        "staff/documents/new/",
        charter.StaffVersionCreateView.as_view(),
        name="staff_version_new",
    ),
    path(
        "staff/documents/<int:version_id>/make-current/",
        charter.StaffVersionMakeCurrentView.as_view(),
        name="staff_version_make_current",
    ),
    path(
        "staff/documents/<int:version_id>/translation/",
        charter.StaffVersionTranslateView.as_view(),
        name="staff_version_translate",
    ),
    path(
        "staff/signatories.csv",
        exports.StaffSignatoriesExportView.as_view(),
        name="staff_signatories_export",
    ),
    path(
        "staff/exports/signatories/",
        exports.StaffSignatoryExportsView.as_view(),
        name="staff_signatory_exports",
    ),
    path(
        "staff/exports/signatories/<int:export_id>/",
        exports.StaffSignatoryExportDownloadView.as_view(),
        name="staff_signatory_export_download",
    ),
]

# Mounted under /<network_slug>/ by the project's URLs.
network_urlpatterns: list[URLPattern | URLResolver] = [
    path("", networks.NetworkProfileView.as_view(), name="network_profile"),
    path("join/", joining.NetworkJoinView.as_view(), name="network_join"),
    path("leave/", joining.NetworkLeaveView.as_view(), name="network_leave"),
    path("manage/waiting/", joining.NetworkWaitingView.as_view(), name="network_waiting"),
    path(
        "manage/waiting/organisations/<int:item_id>/",
        joining.OrganisationDecisionView.as_view(),
        name="organisation_decide",
    ),
    path(
        "manage/waiting/contact-requests/<int:item_id>/",
        joining.ContactRequestDecisionView.as_view(),
        name="contact_request_decide",
    ),
    path(
        "manage/waiting/join-requests/<int:item_id>/",
        joining.JoinRequestDecisionView.as_view(),
        name="join_request_decide",
    ),
    path("manage/", networks.NetworkManageView.as_view(), name="network_manage"),
    path("manage/members/", networks.NetworkMembersView.as_view(), name="network_members"),
    path("manage/members/add/", networks.MembershipAddView.as_view(), name="membership_add"),
    path(
        "manage/members/<int:membership_id>/remove/",
        networks.MembershipRemoveView.as_view(),
        name="membership_remove",
    ),
    path(
        "manage/profile/",
        networks.NetworkProfileEditView.as_view(),
        name="network_profile_edit",
    ),
    path("manage/activity/", networks.NetworkActivityView.as_view(), name="network_activity"),
    path(
        "manage/signatories/",
        continuity.NetworkSignatoriesView.as_view(),
        name="network_signatories",
    ),
    path(
        "manage/signatories/<int:signature_id>/remind/",
        continuity.NetworkSignatoryRemindView.as_view(),
        name="network_signatory_remind",
    ),
    path(
        "manage/partnerships/",
        partnerships.NetworkForumsView.as_view(),
        name="network_forums",
    ),
    path(
        "manage/partnerships/new/",
        partnerships.NetworkForumCreateView.as_view(),
        name="network_forum_create",
    ),
    path(
        "manage/partnerships/<int:forum_id>/",
        partnerships.NetworkForumView.as_view(),
        name="network_forum",
    ),
    path(
        "manage/partnerships/<int:forum_id>/members/add/",
        partnerships.NetworkForumMemberAddView.as_view(),
        name="network_forum_member_add",
    ),
    path(
        "manage/partnerships/<int:forum_id>/members/<int:forum_member_id>/remove/",
        partnerships.NetworkForumMemberRemoveView.as_view(),
        name="network_forum_member_remove",
    ),
]

urlpatterns += [path("<slug:network_slug>/", include(network_urlpatterns))]
