"""The members app's API, mounted under /api/v1/ by the project's URLs."""

from django.urls import path

from members import api

app_name = "members_api"

urlpatterns = [
    path("networks/", api.NetworkListView.as_view(), name="networks"),
    path("networks/<slug:network_slug>/", api.NetworkProfileView.as_view(), name="network"),
    path(
        "networks/<slug:network_slug>/members/",
        api.NetworkMembersView.as_view(),
        name="network_members",
    ),
    path("signatories/counts/", api.SignatoryCountsView.as_view(), name="signatory_counts"),
    path("me/organisations/", api.MyOrganisationsView.as_view(), name="my_organisations"),
    path("staff/signatories/", api.StaffSignatoriesView.as_view(), name="staff_signatories"),
    path("staff/networks/", api.StaffNetworksView.as_view(), name="staff_networks"),
]
