"""Who hears about each step of an application, and what they read, in their own language.

Called from awards/tasks.py after the transaction commits; sends through members.emails.
Applicants never read a panellist's name here, and panellists never read each other's.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from awards.certificates import language_or_default
from awards.enums import (
    COORDINATOR_NOTICES,
    OPTIONAL_REMINDERS,
    ApplicationState,
    ReminderKind,
)
from awards.models import Application, AwardScheme, PanelAssignment, Reminder
from awards.queries.applications import applicant_people
from awards.queries.panels import active_panel
from awards.services.retention import draft_deletion_date
from members.emails import Outcome, absolute_url, deliver, send_to_person


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


def send_application_state(application: Application, state: str, *, key: str) -> list[Outcome]:
    """E-mail the applicant's people and the active panel (no conflict, not stepped back:
    queries.panels.active_panel), each once for
    the notification `key` (members.emails.deliver). Returns each e-mail's outcome."""
    context = _context(application, state)
    outcomes: list[Outcome] = []
    if state in APPLICANT_SUBJECTS:
        link = absolute_url(reverse("awards:application_detail", args=[application.pk]))
        for person in applicant_people(application):
            outcome = deliver(
                key=key,
                to=person.email,
                language=person.preferred_language,
                subject=APPLICANT_SUBJECTS[state],
                template="awards/emails/applicant.txt",
                context={**context, "person": person, "link": link},
            )
            outcomes.append(outcome)
    if state in PANELLIST_SUBJECTS:
        link = absolute_url(
            reverse("awards:panel_application", args=[application.network.slug, application.pk])
        )
        for seat in active_panel(application).select_related("panellist"):
            outcome = deliver(
                key=key,
                to=seat.panellist.email,
                language=seat.panellist.preferred_language,
                subject=PANELLIST_SUBJECTS[state],
                template="awards/emails/panellist.txt",
                context={**context, "person": seat.panellist, "link": link},
            )
            outcomes.append(outcome)
    return outcomes


def send_panellist_assigned(assignment: PanelAssignment, *, key: str) -> Outcome:
    application = assignment.application
    return deliver(
        key=key,
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
    if reminder.kind == ReminderKind.CHECK_IN_DUE:
        return _("How is your action plan going? Your Sanctuary Award check-in")
    return _("Your draft Sanctuary Award application is waiting for you")


def reminder_link(reminder: Reminder) -> str:
    if reminder.kind == ReminderKind.AWARD_EXPIRY:
        return absolute_url(reverse("awards:award_detail", args=[reminder.award_id]))
    if reminder.kind == ReminderKind.AWARD_EXPIRY_NETWORK:
        award = reminder.award
        assert award is not None  # an expiry reminder is about an award
        return absolute_url(reverse("awards:network_awards", args=[award.network.slug]))
    if reminder.kind == ReminderKind.CHECK_IN_DUE:
        return absolute_url(
            reverse("awards:check_in", args=[reminder.award_id, reminder.check_in_id])
        )
    if reminder.kind == ReminderKind.REVIEW_OVERDUE:
        application = reminder.application
        assert application is not None  # a review reminder is about an application
        return absolute_url(
            reverse("awards:review", args=[application.network.slug, application.pk])
        )
    return absolute_url(reverse("awards:application_detail", args=[reminder.application_id]))


def send_reminder(reminder: Reminder) -> str:
    """One reminder to its person, in their language. Returns the language it went in."""
    if reminder.kind in COORDINATOR_NOTICES:
        return send_coordinator_notice(reminder)
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
            # An idle draft's nudge names the day after which it is deleted, untouched.
            "deletes_on": draft_deletion_date(timezone.localdate())
            if reminder.kind == ReminderKind.DRAFT_IDLE
            else None,
        },
    )
    return language


COORDINATOR_SUBJECTS: dict[str, StrOrPromise] = {
    ReminderKind.APPLICATION_WAITING: _("An award application is waiting for a panel"),
    ReminderKind.PANEL_READY: _("A Sanctuary Award panel can now decide"),
    ReminderKind.REVIEWS_OVERDUE_NETWORK: _("Reviews are overdue on a Sanctuary Award panel"),
}


def send_coordinator_notice(reminder: Reminder) -> str:
    """A notice to one of the network's coordinators about an application
    (awards/coordinator_notices.py), in their language. Returns the language it went in."""
    person = reminder.recipient
    application = reminder.application
    assert application is not None  # coordinator notices are about an application
    language = language_or_default(person.preferred_language)
    send_to_person(
        to=person.email,
        language=language,
        subject=COORDINATOR_SUBJECTS[reminder.kind],
        template="awards/emails/coordinator_notice.txt",
        context={
            "person": person,
            "reminder": reminder,
            "kinds": ReminderKind,
            "award_name": application.scheme.text_in(language)["name"],
            "organisation": application.organisation.name,
            "network": application.network.name,
            "resubmitted": reminder.cycle > 1,
            "link": absolute_url(
                reverse("awards:panel_application", args=[application.network.slug, application.pk])
            ),
            "opt_out_link": absolute_url(reverse("awards:my_reminders")),
        },
    )
    return language


def send_daily_digest(person, items, day) -> str:
    """One coordinator's digest of what waits in their networks, oldest first."""
    language = language_or_default(person.preferred_language)
    send_to_person(
        to=person.email,
        language=language,
        subject=_("What is waiting for you on the Sanctuary platform"),
        template="awards/emails/coordinator_digest.txt",
        context={
            "person": person,
            "day": day,
            "items": [(item, absolute_url(item.url)) for item in items],
            "dashboard_link": absolute_url(reverse("members:dashboard")),
            "opt_out_link": absolute_url(reverse("awards:my_reminders")),
        },
    )
    return language
