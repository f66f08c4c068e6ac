from django.urls import URLPattern, URLResolver, include, path

from members.enums import DocumentSlug
from members.views import (
    affiliation,
    api_tokens,
    charter,
    continuity,
    estate,
    lived_experience,
    networks,
    partnerships,
    people,
)

app_name = "members"

urlpatterns: list[URLPattern | URLResolver] = [
    path("groups/", networks.NetworkDirectoryView.as_view(), name="network_directory"),
    path("dashboard/", people.DashboardView.as_view(), name="dashboard"),
    path("dashboard/profile/", people.ProfileView.as_view(), name="profile"),
    path("dashboard/api-tokens/", api_tokens.ApiTokensView.as_view(), name="api_tokens"),
    path(
        "dashboard/api-tokens/<int:token_id>/revoke/",
        api_tokens.ApiTokenRevokeView.as_view(),
        name="api_token_revoke",
    ),
    path(
        "organisations/<slug:slug>/",
        people.OrganisationDetailView.as_view(),
        name="organisation_detail",
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
        charter.StaffSignatoriesExportView.as_view(),
        name="staff_signatories_export",
    ),
]

# Mounted under /<network_slug>/ by the project's URLs.
network_urlpatterns: list[URLPattern | URLResolver] = [
    path("", networks.NetworkProfileView.as_view(), name="network_profile"),
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
