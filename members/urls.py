from django.urls import include, path

from members import views

app_name = "members"

urlpatterns = [
    path("groups/", views.NetworkDirectoryView.as_view(), name="network_directory"),
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("dashboard/profile/", views.ProfileView.as_view(), name="profile"),
    path(
        "organisations/<slug:slug>/",
        views.OrganisationDetailView.as_view(),
        name="organisation_detail",
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
]

urlpatterns += [path("<slug:network_slug>/", include(network_urlpatterns))]
