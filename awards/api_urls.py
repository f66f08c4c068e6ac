"""The award workflow's API, mounted under /api/v1/ by the project's URLs."""

from django.urls import include, path

from awards.api import (
    applicant,
    concerns,
    held,
    network,
    panel,
    public,
    questions,
    staff,
    visits,
)

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
    path("visits/", visits.MyVisitsView.as_view(), name="my_visits"),
]

# /api/v1/networks/<network_slug>/applications/<id>/...: for its chairs and its panel.
panel_urlpatterns = [
    path("", panel.PanelApplicationView.as_view(), name="panel_application"),
    path("conflict/", panel.ConflictView.as_view(), name="conflict"),
    path("review/", panel.ReviewView.as_view(), name="review"),
    path("reviews/", panel.ReviewsView.as_view(), name="reviews"),
    path("questions/", questions.PanelQuestionsView.as_view(), name="panel_questions"),
    path("visits/", visits.PanelVisitsView.as_view(), name="panel_visits"),
    path("visits/<int:visit_id>/confirm/", visits.ConfirmVisitView.as_view(), name="confirm_visit"),
    path("visits/<int:visit_id>/notes/", visits.VisitNotesView.as_view(), name="visit_notes"),
]

# /api/v1/me/awards/<award_id>/...: an award, for its organisation's contacts (and staff).
award_urlpatterns = [
    path("concerns/", held.MyConcernsView.as_view(), name="my_concerns"),
    path("concerns/<int:complaint_id>/", held.MyConcernView.as_view(), name="my_concern"),
    path(
        "concerns/<int:complaint_id>/responses/",
        held.ConcernResponsesView.as_view(),
        name="concern_responses",
    ),
    path("check-ins/", held.MyCheckInsView.as_view(), name="my_check_ins"),
    path("check-ins/<int:check_in_id>/", held.MyCheckInView.as_view(), name="my_check_in"),
]

# /api/v1/staff/concerns/...: concerns about awards, for movement staff.
concern_urlpatterns = [
    path("", concerns.StaffConcernView.as_view(), name="staff_concern"),
    path("review/", concerns.ConcernReviewView.as_view(), name="concern_review"),
    path("decision/", concerns.ConcernDecisionView.as_view(), name="concern_decision"),
    path("notes/", concerns.ConcernNotesView.as_view(), name="concern_notes"),
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
    path(
        "networks/<slug:network_slug>/check-ins/",
        network.NetworkCheckInsView.as_view(),
        name="network_check_ins",
    ),
    path("me/awards/<int:award_id>/", include(award_urlpatterns)),
    path("staff/awards/", staff.StaffAwardsView.as_view(), name="staff_awards"),
    path("staff/concerns/", concerns.StaffConcernsView.as_view(), name="staff_concerns"),
    path("staff/concerns/<int:complaint_id>/", include(concern_urlpatterns)),
]
