"""The award workflow's API, mounted under /api/v1/ by the project's URLs."""

from django.urls import include, path

from awards.api import applicant, network, panel, public, questions, staff

app_name = "awards_api"

# /api/v1/me/applications/<id>/...: one application, for the people who work on it.
application_urlpatterns = [
    path("", applicant.MyApplicationView.as_view(), name="my_application"),
    path(
        "criteria/<int:criterion_id>/",
        applicant.CriterionResponseView.as_view(),
        name="criterion_response",
    ),
    path(
        "criteria/<int:criterion_id>/files/",
        applicant.EvidenceFilesView.as_view(),
        name="evidence_files",
    ),
    path(
        "criteria/<int:criterion_id>/links/",
        applicant.EvidenceLinksView.as_view(),
        name="evidence_links",
    ),
    path("files/<int:file_id>/", applicant.EvidenceFileView.as_view(), name="evidence_file"),
    path("links/<int:link_id>/", applicant.EvidenceLinkView.as_view(), name="evidence_link"),
    path("action-plan/", applicant.ActionPlanView.as_view(), name="action_plan"),
    path("submit/", applicant.SubmitView.as_view(), name="submit"),
    path("withdraw/", applicant.WithdrawView.as_view(), name="withdraw"),
    path("questions/", questions.MyQuestionsView.as_view(), name="my_questions"),
    path(
        "questions/<int:question_id>/answer/",
        questions.AnswerView.as_view(),
        name="answer",
    ),
]

# /api/v1/networks/<network_slug>/applications/<id>/...: for its chairs and its panel.
panel_urlpatterns = [
    path("", panel.PanelApplicationView.as_view(), name="panel_application"),
    path("conflict/", panel.ConflictView.as_view(), name="conflict"),
    path("review/", panel.ReviewView.as_view(), name="review"),
    path("reviews/", panel.ReviewsView.as_view(), name="reviews"),
    path("questions/", questions.PanelQuestionsView.as_view(), name="panel_questions"),
]

urlpatterns = [
    path("awards/", public.AwardedListView.as_view(), name="awarded"),
    path(
        "certificates/<str:certificate_number>/",
        public.CertificateView.as_view(),
        name="certificate",
    ),
    path("me/applications/", applicant.MyApplicationsView.as_view(), name="my_applications"),
    path("me/applications/<int:award_application_id>/", include(application_urlpatterns)),
    path(
        "networks/<slug:network_slug>/applications/",
        network.NetworkApplicationsView.as_view(),
        name="network_applications",
    ),
    path(
        "networks/<slug:network_slug>/applications/<int:award_application_id>/",
        include(panel_urlpatterns),
    ),
    path("networks/<slug:network_slug>/panel/", panel.PanelSeatsView.as_view(), name="panel"),
    path("staff/awards/", staff.StaffAwardsView.as_view(), name="staff_awards"),
]
