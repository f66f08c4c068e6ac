"""The award workflow's API, mounted under /api/v1/ by the project's URLs."""

from django.urls import include, path

from awards import api

app_name = "awards_api"

# /api/v1/me/applications/<id>/...: one application, for the people who work on it.
application_urlpatterns = [
    path("", api.MyApplicationView.as_view(), name="my_application"),
    path(
        "criteria/<int:criterion_id>/",
        api.CriterionResponseView.as_view(),
        name="criterion_response",
    ),
    path(
        "criteria/<int:criterion_id>/files/",
        api.EvidenceFilesView.as_view(),
        name="evidence_files",
    ),
    path(
        "criteria/<int:criterion_id>/links/",
        api.EvidenceLinksView.as_view(),
        name="evidence_links",
    ),
    path("files/<int:file_id>/", api.EvidenceFileView.as_view(), name="evidence_file"),
    path("links/<int:link_id>/", api.EvidenceLinkView.as_view(), name="evidence_link"),
    path("action-plan/", api.ActionPlanView.as_view(), name="action_plan"),
    path("submit/", api.SubmitView.as_view(), name="submit"),
    path("withdraw/", api.WithdrawView.as_view(), name="withdraw"),
]

# /api/v1/networks/<network_slug>/applications/<id>/...: for its chairs and its panel.
panel_urlpatterns = [
    path("", api.PanelApplicationView.as_view(), name="panel_application"),
    path("conflict/", api.ConflictView.as_view(), name="conflict"),
    path("review/", api.ReviewView.as_view(), name="review"),
    path("reviews/", api.ReviewsView.as_view(), name="reviews"),
]

urlpatterns = [
    path("awards/", api.AwardedListView.as_view(), name="awarded"),
    path(
        "certificates/<str:certificate_number>/",
        api.CertificateView.as_view(),
        name="certificate",
    ),
    path("me/applications/", api.MyApplicationsView.as_view(), name="my_applications"),
    path("me/applications/<int:award_application_id>/", include(application_urlpatterns)),
    path(
        "networks/<slug:network_slug>/applications/",
        api.NetworkApplicationsView.as_view(),
        name="network_applications",
    ),
    path(
        "networks/<slug:network_slug>/applications/<int:award_application_id>/",
        include(panel_urlpatterns),
    ),
    path("networks/<slug:network_slug>/panel/", api.PanelSeatsView.as_view(), name="panel"),
    path("staff/awards/", api.StaffAwardsView.as_view(), name="staff_awards"),
]
