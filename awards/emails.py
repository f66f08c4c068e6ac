"""Who hears about each step of an application, and what they read, in their own language.

Called from awards/tasks.py after the transaction commits; sends through members.emails.
Applicants never read a panellist's name here, and panellists never read each other's.
"""

from django.urls import reverse
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from awards.certificates import language_or_default
from awards.enums import CONFLICTS, OPTIONAL_REMINDERS, ApplicationState, ReminderKind
from awards.models import Application, AwardScheme, PanelAssignment, Reminder
from awards.queries import applicant_people
from members.emails import absolute_url, send_to_person


def name_in_recipients_language(scheme: AwardScheme) -> str:
    """The award's name, read when the e-mail is rendered, in the recipient's language."""
    return lazy(lambda: str(scheme.display_name), str)()


# Keyed by the state's value, as the task hands it over (a str).
APPLICANT_SUBJECTS: dict[str, StrOrPromise] = {
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
PANELLIST_SUBJECTS: dict[str, StrOrPromise] = {
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
        "states": ApplicationState,
        "decision": decision,
        "award": award,
        "award_name": name_in_recipients_language(application.scheme),
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
            "award_name": name_in_recipients_language(application.scheme),
            "organisation": application.organisation.name,
            "link": absolute_url(
                reverse("awards:review", args=[application.network.slug, application.pk])
            ),
        },
    )


def reminder_subject(reminder: Reminder):
    if reminder.kind == ReminderKind.AWARD_EXPIRY:
        if reminder.milestone == 0:
            return _("Your Sanctuary Award expires today: time to renew")
        return _("Your Sanctuary Award is due for renewal")
    if reminder.kind == ReminderKind.AWARD_EXPIRY_NETWORK:
        return _("A Sanctuary Award in your network is due for renewal")
    if reminder.kind == ReminderKind.EVIDENCE_DUE:
        return _("A reminder: more evidence is due for your Sanctuary Award application")
    if reminder.kind == ReminderKind.REVIEW_OVERDUE:
        return _("A reminder: your review for a Sanctuary Award panel")
    return _("Your draft Sanctuary Award application is waiting for you")


def reminder_link(reminder: Reminder) -> str:
    if reminder.kind == ReminderKind.AWARD_EXPIRY:
        return absolute_url(reverse("awards:award_detail", args=[reminder.award_id]))
    if reminder.kind == ReminderKind.AWARD_EXPIRY_NETWORK:
        award = reminder.award
        assert award is not None  # an expiry reminder is about an award
        return absolute_url(reverse("awards:network_awards", args=[award.network.slug]))
    if reminder.kind == ReminderKind.REVIEW_OVERDUE:
        application = reminder.application
        assert application is not None  # a review reminder is about an application
        return absolute_url(
            reverse("awards:review", args=[application.network.slug, application.pk])
        )
    return absolute_url(reverse("awards:application_detail", args=[reminder.application_id]))


def send_reminder(reminder: Reminder) -> str:
    """One reminder to its person, in their language. Returns the language it went in."""
    person = reminder.recipient
    language = language_or_default(person.preferred_language)
    subject_of = reminder.award or reminder.application
    assert subject_of is not None  # the check constraint reminder_is_about_something
    send_to_person(
        to=person.email,
        language=language,
        subject=reminder_subject(reminder),
        template="awards/emails/reminder.txt",
        context={
            "person": person,
            "reminder": reminder,
            "kinds": ReminderKind,
            "award": reminder.award,
            "award_name": name_in_recipients_language(subject_of.scheme),
            "organisation": subject_of.organisation.name,
            "link": reminder_link(reminder),
            "opt_out_link": absolute_url(reverse("awards:my_reminders")),
            "optional": reminder.kind in OPTIONAL_REMINDERS,
        },
    )
    return language
