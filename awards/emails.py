"""Who hears about each step of an application, and what they read, in their own language.

Called from awards/tasks.py after the transaction commits; sends through members.emails.
Applicants never read a panellist's name here, and panellists never read each other's.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from awards.enums import CONFLICTS, ApplicationState
from awards.models import Application, PanelAssignment
from awards.queries import applicant_people
from members.emails import absolute_url, send_to_person

APPLICANT_SUBJECTS = {
    ApplicationState.SUBMITTED: _("Your Sanctuary Award application is submitted"),
    ApplicationState.IN_REVIEW: _("A panel is reviewing your Sanctuary Award application"),
    ApplicationState.MORE_EVIDENCE_REQUESTED: _(
        "The panel asks for more evidence for your Sanctuary Award application"
    ),
    ApplicationState.RESUBMITTED: _("Your additional evidence is submitted"),
    ApplicationState.AWARDED: _("Congratulations: your Sanctuary Award"),
    ApplicationState.NOT_AWARDED: _("The panel's decision on your Sanctuary Award application"),
    ApplicationState.WITHDRAWN: _("Your Sanctuary Award application is withdrawn"),
}
PANELLIST_SUBJECTS = {
    ApplicationState.IN_REVIEW: _("An application is ready for your review"),
    ApplicationState.MORE_EVIDENCE_REQUESTED: _("The panel has asked for more evidence"),
    ApplicationState.RESUBMITTED: _("An applicant has sent more evidence"),
    ApplicationState.AWARDED: _("A panel you sat on has made its decision"),
    ApplicationState.NOT_AWARDED: _("A panel you sat on has made its decision"),
    ApplicationState.WITHDRAWN: _("An application you were reviewing is withdrawn"),
}


def _context(application: Application, state: str) -> dict:
    decision = application.decisions.order_by("-pk").first()
    award = getattr(application, "award", None) if state == ApplicationState.AWARDED else None
    return {
        "application": application,
        "state": state,
        "decision": decision,
        "award": award,
        "award_name": application.scheme.name,
        "organisation": application.organisation.name,
    }


def send_application_state(application: Application, state: str) -> int:
    """E-mail the applicant's people and the panellists without a conflict. Returns the count."""
    context = _context(application, state)
    sent = 0
    if state in APPLICANT_SUBJECTS:
        link = absolute_url(reverse("awards:application_detail", args=[application.pk]))
        for person in applicant_people(application):
            send_to_person(
                to=person.email,
                language=person.preferred_language,
                subject=APPLICANT_SUBJECTS[state],
                template="awards/emails/applicant.txt",
                context={**context, "person": person, "link": link},
            )
            sent += 1
    if state in PANELLIST_SUBJECTS:
        link = absolute_url(
            reverse("awards:panel_application", args=[application.network.slug, application.pk])
        )
        seats = application.panel.exclude(conflict__in=sorted(CONFLICTS)).select_related(
            "panellist"
        )
        for seat in seats:
            send_to_person(
                to=seat.panellist.email,
                language=seat.panellist.preferred_language,
                subject=PANELLIST_SUBJECTS[state],
                template="awards/emails/panellist.txt",
                context={**context, "person": seat.panellist, "link": link},
            )
            sent += 1
    return sent


def send_panellist_assigned(assignment: PanelAssignment) -> None:
    application = assignment.application
    send_to_person(
        to=assignment.panellist.email,
        language=assignment.panellist.preferred_language,
        subject=_("You are invited to sit on a Sanctuary Award panel"),
        template="awards/emails/panellist_assigned.txt",
        context={
            "person": assignment.panellist,
            "award_name": application.scheme.name,
            "organisation": application.organisation.name,
            "link": absolute_url(
                reverse("awards:review", args=[application.network.slug, application.pk])
            ),
        },
    )
