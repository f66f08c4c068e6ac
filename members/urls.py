from django.urls import include, path

from members import views
from members.enums import DocumentSlug

app_name = "members"

urlpatterns = [
    path("groups/", views.NetworkDirectoryView.as_view(), name="network_directory"),
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("dashboard/profile/", views.ProfileView.as_view(), name="profile"),
    path("dashboard/api-tokens/", views.ApiTokensView.as_view(), name="api_tokens"),
    path(
        "dashboard/api-tokens/<int:token_id>/revoke/",
        views.ApiTokenRevokeView.as_view(),
        name="api_token_revoke",
    ),
    path(
        "organisations/<slug:slug>/",
        views.OrganisationDetailView.as_view(),
        name="organisation_detail",
    ),
    # The charter, the Birmingham Declaration and the handbook terms: read, sign, see who did.
    path("charter/", views.DocumentView.as_view(), name="charter"),
    path(
        "charter/versions/<int:number>/",
        views.DocumentView.as_view(),
        name="charter_version",
    ),
    path("charter/sign/", views.SignView.as_view(), name="charter_sign"),
    path("charter/signatories/", views.SignatoriesView.as_view(), name="charter_signatories"),
    path(
        "charter/confirm/<str:token>/",
        views.ConfirmSignatureView.as_view(),
        name="signature_confirm",
    ),
    path(
        "charter/declaration/",
        views.DocumentView.as_view(document=DocumentSlug.DECLARATION),
        name="declaration",
    ),
    path(
        "charter/declaration/endorse/",
        views.SignView.as_view(document=DocumentSlug.DECLARATION),
        name="declaration_endorse",
    ),
    path(
        "charter/declaration/endorsers/",
        views.SignatoriesView.as_view(document=DocumentSlug.DECLARATION),
        name="declaration_endorsers",
    ),
    path(
        "charter/handbook/",
        views.DocumentView.as_view(document=DocumentSlug.HANDBOOK),
        name="handbook",
    ),
    # Groups apply to affiliate; staff review.
    path("groups/apply/", views.AffiliationApplyView.as_view(), name="affiliation_apply"),
    path(
        "groups/apply/<int:application_id>/",
        views.AffiliationDetailView.as_view(),
        name="affiliation_detail",
    ),
    path(
        "groups/apply/<int:application_id>/document/",
        views.AffiliationDocumentView.as_view(),
        name="affiliation_document",
    ),
    path("staff/affiliations/", views.StaffAffiliationsView.as_view(), name="staff_affiliations"),
    path(
        "staff/affiliations/<int:application_id>/",
        views.StaffAffiliationDetailView.as_view(),
        name="staff_affiliation",
    ),
    path(
        "staff/affiliations/<int:application_id>/state/",
        views.StaffAffiliationStateView.as_view(),
        name="staff_affiliation_state",
    ),
    path(
        "staff/affiliations/<int:application_id>/comment/",
        views.StaffAffiliationCommentView.as_view(),
        name="staff_affiliation_comment",
    ),
    # Sanctuary Ambassadors and the Advisory Group: the person's own page, and staff's.
    path("dashboard/ambassador/", views.AmbassadorView.as_view(), name="ambassador"),
    path("staff/ambassadors/", views.StaffAmbassadorsView.as_view(), name="staff_ambassadors"),
    path(
        "staff/ambassadors/<int:ambassador_id>/status/",
        views.StaffAmbassadorStatusView.as_view(),
        name="staff_ambassador_status",
    ),
    path(
        "staff/advisory-group/",
        views.StaffAdvisoryGroupView.as_view(),
        name="staff_advisory_group",
    ),
    path(
        "staff/advisory-group/invite/",
        views.StaffAdvisoryInviteView.as_view(),
        name="staff_advisory_invite",
    ),
    path(
        "staff/advisory-group/nominate/",
        views.StaffAdvisoryNominateView.as_view(),
        name="staff_advisory_nominate",
    ),
    # Sanctuary Partnership forums across the movement.
    path("groups/partnerships/", views.PartnershipForumsView.as_view(), name="partnership_forums"),
    # Staff keep the documents and export the public list.
    path("staff/documents/", views.StaffDocumentsView.as_view(), name="staff_documents"),
    path("staff/documents/new/", views.StaffVersionCreateView.as_view(), name="staff_version_new"),
    path(
        "staff/documents/<int:version_id>/make-current/",
        views.StaffVersionMakeCurrentView.as_view(),
        name="staff_version_make_current",
    ),
    path(
        "staff/documents/<int:version_id>/translation/",
        views.StaffVersionTranslateView.as_view(),
        name="staff_version_translate",
    ),
    path(
        "staff/signatories.csv",
        views.StaffSignatoriesExportView.as_view(),
        name="staff_signatories_export",
    ),
]

# Mounted under /<network_slug>/ by the project's URLs.
network_urlpatterns = [
    path("", views.NetworkProfileView.as_view(), name="network_profile"),
    path("manage/", views.NetworkManageView.as_view(), name="network_manage"),
    path("manage/members/", views.NetworkMembersView.as_view(), name="network_members"),
    path("manage/members/add/", views.MembershipAddView.as_view(), name="membership_add"),
    path(
        "manage/members/<int:membership_id>/remove/",
        views.MembershipRemoveView.as_view(),
        name="membership_remove",
    ),
    path("manage/profile/", views.NetworkProfileEditView.as_view(), name="network_profile_edit"),
    path("manage/activity/", views.NetworkActivityView.as_view(), name="network_activity"),
    path("manage/partnerships/", views.NetworkForumsView.as_view(), name="network_forums"),
    path(
        "manage/partnerships/new/",
        views.NetworkForumCreateView.as_view(),
        name="network_forum_create",
    ),
    path(
        "manage/partnerships/<int:forum_id>/",
        views.NetworkForumView.as_view(),
        name="network_forum",
    ),
    path(
        "manage/partnerships/<int:forum_id>/members/add/",
        views.NetworkForumMemberAddView.as_view(),
        name="network_forum_member_add",
    ),
    path(
        "manage/partnerships/<int:forum_id>/members/<int:forum_member_id>/remove/",
        views.NetworkForumMemberRemoveView.as_view(),
        name="network_forum_member_remove",
    ),
]

urlpatterns += [path("<slug:network_slug>/", include(network_urlpatterns))]
