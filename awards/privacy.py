"""The awards part of a person's data download (members.services.privacy registers it)."""

from django_scopes import scopes_disabled

from awards.models import Application, PanelAssignment, Reminder, Review


def personal_award_data(user) -> dict:
    with scopes_disabled():  # the person's own rows, in every network
        applications = (
            Application.objects.filter(lead_contact=user)
            | Application.objects.filter(collaborators__user=user)
        ).select_related("organisation", "scheme")
        seats = PanelAssignment.objects.filter(panellist=user).select_related(
            "application__organisation", "application__scheme"
        )
        reviews = Review.objects.filter(assignment__panellist=user).select_related(
            "assignment__application__organisation"
        )
        return {
            "award_applications": [
                {
                    "organisation": a.organisation.name,
                    "award": a.scheme.name,
                    "state": a.state,
                    "lead": a.lead_contact_id == user.pk,
                }
                for a in applications.distinct()
            ],
            "panel_seats": [
                {
                    "organisation": s.application.organisation.name,
                    "award": s.application.scheme.name,
                    "conflict": s.conflict,
                    "reviews": [
                        {
                            "strengths": r.strengths,
                            "improvements": r.improvements,
                            "questions": r.questions,
                            "submitted": r.submitted_at.isoformat() if r.submitted_at else None,
                        }
                        for r in reviews
                        if r.assignment_id == s.pk
                    ],
                }
                for s in seats
            ],
            "reminders": [
                {
                    "kind": r.kind,
                    "about": r.due_on.isoformat(),
                    "sent": r.sent_at.isoformat() if r.sent_at else None,
                }
                for r in Reminder.objects.filter(recipient=user, sent_at__isnull=False)
            ],
        }
