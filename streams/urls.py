from django.urls import include, path

from streams import views

app_name = "streams"

network_urlpatterns = [
    path(
        "manage/organisations/",
        views.NetworkOrganisationsView.as_view(),
        name="network_organisations",
    ),
]

urlpatterns = [path("<slug:network_slug>/", include(network_urlpatterns))]
