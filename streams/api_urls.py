"""The streams app's API, mounted under /api/v1/ by the project's URLs."""

from django.urls import path

from streams import api

app_name = "streams_api"

urlpatterns = [
    path(
        "networks/<slug:network_slug>/organisations/",
        api.NetworkOrganisationsView.as_view(),
        name="network_organisations",
    ),
]
