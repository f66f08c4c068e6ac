from django.urls import URLPattern, URLResolver, include, path

from awards.views import (
    applicant,
    care,
    complaints,
    held,
    movement,
    network,
    panel,
    public,
    questions,
    reminders,
    reports,
    visits,
)

app_name = "awards"

application_urlpatterns: list[URLPattern | URLResolver] = [
    path("", applicant.ApplicationDetailView.as_view(), name="application_detail"),
    path(
        "criteria/<int:criterion_id>/",
        applicant.CriterionEditView.as_view(),
        name="criterion_edit",
    ),
    path("action-plan/", applicant.ActionPlanView.as_view(), name="action_plan"),
    path("collaborators/", applicant.CollaboratorsView.as_view(), name="collaborators"),
    path(
        "collaborators/<int:collaborator_id>/remove/",
        applicant.CollaboratorRemoveView.as_view(),
        name="collaborator_remove",
    ),
    path("submit/", applicant.SubmitView.as_view(), name="application_submit"),
    path("withdraw/", applicant.WithdrawView.as_view(), name="application_withdraw"),
    path(
        "questions/",
        questions.ApplicationQuestionsView.as_view(),
        name="application_questions",
    ),
    path("visit/", visits.ApplicantVisitView.as_view(), name="application_visit"),
    path(
        "files/<int:file_id>/",
        applicant.EvidenceFileDownloadView.as_view(),
        name="evidence_file",
    ),
    path(
        "files/<int:evidence_id>/remove/",
        applicant.EvidenceFileRemoveView.as_view(),
        name="evidence_file_remove",
    ),
    path(
        "links/<int:evidence_id>/remove/",
        applicant.EvidenceLinkRemoveView.as_view(),
        name="evidence_link_remove",
    ),
]

urlpatterns: list[URLPattern | URLResolver] = [
    path("awards/", public.AwardedListView.as_view(), name="awarded_list"),
    path("awards/applications/", applicant.MyApplicationsView.as_view(), name="my_applications"),
    path(
        "awards/applications/start/",
        applicant.StartApplicationView.as_view(),
        name="application_start",
    ),
    path("awards/applications/<int:award_application_id>/", include(application_urlpatterns)),
    # An awarded organisation's own page: the certificate and the badge.
    path("awards/held/<int:award_id>/", held.AwardDetailView.as_view(), name="award_detail"),
    path(
        "awards/held/<int:award_id>/check-ins/<int:check_in_id>/",
        held.CheckInView.as_view(),
        name="check_in",
    ),
    path(
        "awards/held/<int:award_id>/certificate.pdf",
        held.CertificateDownloadView.as_view(),
        name="certificate_download",
    ),
    path(
        "awards/held/<int:award_id>/certificate/",
        held.CertificateRenderView.as_view(),
        name="certificate_render",
    ),
    path(
        "awards/held/<int:award_id>/withdraw/",
        held.AwardWithdrawView.as_view(),
        name="award_withdraw",
    ),
    # Public verification (the certificate's QR code opens it) and the badge image.
    path(
        "verify/<path:certificate_number>/concern/",
        complaints.RaiseComplaintView.as_view(),
        name="complaint_raise",
    ),
    path(
        "awards/held/<int:award_id>/concerns/<int:complaint_id>/",
        complaints.AwardComplaintView.as_view(),
        name="award_complaint",
    ),
    path("staff/concerns/", complaints.StaffComplaintsView.as_view(), name="staff_complaints"),
    path(
        "staff/concerns/<int:complaint_id>/",
        complaints.StaffComplaintView.as_view(),
        name="staff_complaint",
    ),
    path(
        "verify/<path:certificate_number>/badge.svg",
        public.BadgeView.as_view(),
        name="badge",
    ),
    # After the longer addresses above: <path:> would take their endings as part of a number.
    path("verify/<path:certificate_number>/", public.VerifyView.as_view(), name="verify"),
    # The staff's view of the movement, and the lists behind its figures.
    path("staff/movement/", movement.MovementView.as_view(), name="movement"),
    path("staff/reports/", reports.StaffReportView.as_view(), name="staff_reports"),
    path(
        "staff/movement/applications/",
        movement.MovementApplicationsView.as_view(),
        name="movement_applications",
    ),
    path("staff/movement/awards/", movement.MovementAwardsView.as_view(), name="movement_awards"),
    path(
        "staff/movement/waiting/<str:source>/",
        movement.MovementWaitingView.as_view(),
        name="movement_waiting",
    ),
    # A person's reminders and their choices.
    path("dashboard/reminders/", reminders.MyRemindersView.as_view(), name="my_reminders"),
]

network_application_urlpatterns: list[URLPattern | URLResolver] = [
    path("", panel.PanelApplicationView.as_view(), name="panel_application"),
    path("panel/", panel.PanelAssignView.as_view(), name="panel_assign"),
    path(
        "panel/<int:assignment_id>/remove/",
        panel.PanelRemoveView.as_view(),
        name="panel_remove",
    ),
    path("start-review/", panel.StartReviewView.as_view(), name="review_start"),
    path("review/", panel.ReviewView.as_view(), name="review"),
    path("reviews/", panel.ReviewsView.as_view(), name="reviews"),
    path("decision/", panel.DecisionView.as_view(), name="decision"),
    path(
        "files/<int:file_id>/",
        panel.PanelEvidenceFileView.as_view(),
        name="panel_evidence_file",
    ),
    path("questions/", questions.PanelQuestionsView.as_view(), name="panel_questions"),
    path("visit/", visits.PanelVisitView.as_view(), name="panel_visit"),
    path("step-back/", care.StepBackView.as_view(), name="step_back"),
]

# Mounted under /<network_slug>/awards/.
network_urlpatterns: list[URLPattern | URLResolver] = [
    path("", network.NetworkAwardsView.as_view(), name="network_awards"),
    path("scheme/", network.SchemeSettingsView.as_view(), name="scheme_settings"),
    path(
        "check-ins/<int:check_in_id>/",
        network.NetworkCheckInView.as_view(),
        name="network_check_in",
    ),
    path("scheme/windows/", network.WindowAddView.as_view(), name="window_add"),
    path(
        "scheme/windows/<int:window_id>/",
        network.WindowStatusView.as_view(),
        name="window_status",
    ),
    path("scheme/criteria/", network.CriteriaView.as_view(), name="criteria"),
    path("support/", care.SupportContactView.as_view(), name="support_contact"),
    path(
        "scheme/criteria/<int:criterion_id>/",
        network.CriterionManageView.as_view(),
        name="criterion_manage",
    ),
    path("applications/<int:award_application_id>/", include(network_application_urlpatterns)),
]

urlpatterns += [
    path("<slug:network_slug>/awards/", include(network_urlpatterns)),
    path(
        "<slug:network_slug>/reports/",
        reports.NetworkReportView.as_view(),
        name="network_reports",
    ),
]
