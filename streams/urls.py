from django.urls import URLPattern, URLResolver, include, path

from streams import views
from streams.enums import StreamMembershipStatus

app_name = "streams"

network_urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "manage/organisations/",
        views.NetworkOrganisationsView.as_view(),
        name="network_organisations",
    ),
    path(
        "manage/organisations/<int:stream_membership_id>/approve/",
        views.StreamMembershipDecisionView.as_view(decision=StreamMembershipStatus.ACTIVE),
        name="stream_membership_approve",
    ),
    path(
        "manage/organisations/<int:stream_membership_id>/route/",
        views.StreamMembershipDecisionView.as_view(decision=StreamMembershipStatus.ROUTED),
        name="stream_membership_route",
    ),
]

urlpatterns: list[URLPattern | URLResolver] = [
    path("groups/supporters/", views.SupportersView.as_view(), name="supporters"),
    path("organisations/<slug:slug>/join-stream/", views.JoinStreamView.as_view(), name="join"),
    path("<slug:network_slug>/", include(network_urlpatterns)),
]
