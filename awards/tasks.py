"""Background work of the award workflow. Tasks take ids, load inside the network's scope and
send; they are enqueued after the transaction that changed the state commits. Every e-mail is
claimed per recipient before it goes (members.emails.deliver), so a retry sends only what is
not yet sent; every task has a soft and a hard time limit."""

import datetime
import uuid
from functools import partial

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError, transaction
from django_scopes import scope, scopes_disabled

from awards import emails
from awards.enums import ReminderKind
from awards.models import Application, Award, PanelAssignment
from awards.renewals import run_renewal_sweep, send_reminders
from awards.services.certificates import render_certificate
from members.emails import MailDeferred, retry_deferred
from members.models import User
from members.tasks import MAIL_TASK, notification_key
from sanctuary.models import Network

# A database that restarts, or a storage volume that hiccups, is worth another try.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, OSError)
# The sweep also retries when some reminders were deferred: the retry sends only those.
SWEEP_RETRIES = (*TRANSIENT_ERRORS, MailDeferred)


@shared_task(**MAIL_TASK)
def task_notify_application(self, *, network_id: int, application_id: int, state: str) -> int:
    """E-mail the applicant's people and the panel about a change of state, each in their
    own language, each once however often the task is retried. Returns how many e-mails
    went in this run."""
    network = Network.objects.get(pk=network_id)
    with scope(network=network):
        application = (
            Application.objects.select_related("organisation", "scheme", "network", "lead_contact")
            .filter(pk=application_id)
            .first()
        )
        if application is None:
            return 0
        key = notification_key(self, f"application:{application.pk}:{state}")
        return retry_deferred(emails.send_application_state(application, state, key=key))


@shared_task(**MAIL_TASK)
def task_notify_panellist_assigned(
    self, *, network_id: int, assignment_id: int, again: str = ""
) -> int:
    """Invite a panellist to their seat. `again` names a re-seating after they stepped back
    (when it happened), so that invitation is a notice of its own, sent once too."""
    network = Network.objects.get(pk=network_id)
    with scope(network=network):
        assignment = (
            PanelAssignment.objects.select_related(
                "panellist",
                "application__organisation",
                "application__scheme",
                "application__network",
            )
            .filter(pk=assignment_id, stepped_back_at__isnull=True)
            .first()
        )
        if assignment is None:
            return 0  # removed from the panel, or stepped back, before this ran
        key = f"panellist-assigned:{assignment.pk}" + (f":{again}" if again else "")
        return retry_deferred([emails.send_panellist_assigned(assignment, key=key)])


@shared_task(
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    max_retries=5,
    soft_time_limit=5 * 60,
    time_limit=6 * 60,
)
def task_render_certificate(
    *, award_id: int, language: str | None = None, actor_id: int | None = None
) -> str | None:
    """Render (or render again) an award's certificate. Idempotent: the number stays the
    same, and a repeat only replaces the PDF. Returns the certificate number."""
    with scopes_disabled():  # an id from our own queue; the service enters the award's scope
        award = Award.objects.filter(pk=award_id).first()
    if award is None:
        return None
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    return render_certificate(award, actor=actor, language=language).certificate_number


@shared_task(
    autoretry_for=SWEEP_RETRIES,
    retry_backoff=60,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=6,
    soft_time_limit=50 * 60,
    time_limit=55 * 60,
)
def task_run_renewal_sweep(*, today: str | None = None) -> dict[str, int]:
    """The daily sweep (the beat runs it; see sanctuary/celery.py). Safe to run twice at once
    or again after a crash: every reminder is claimed by a unique row before it is sent.

    With a broker, the reminders go out through task_send_reminders, a chunk per task, so
    every worker shares the sending. Without one (tasks run in-process), this task sends
    them itself, and reminders a mail server deferred make it retry later, for those alone."""
    day = datetime.date.fromisoformat(today) if today else None
    fan_out = not settings.CELERY_TASK_ALWAYS_EAGER
    result = run_renewal_sweep(today=day, dispatch=enqueue_reminders if fan_out else None)
    if result.deferred:
        raise MailDeferred(f"{result.deferred} reminder(s) deferred; retrying later")
    return result.as_dict()


def enqueue_reminders(reminder_ids: list[int], claimed_by: uuid.UUID) -> None:
    """The sweep's dispatch: one task_send_reminders for this chunk, once the claims commit."""
    transaction.on_commit(
        partial(task_send_reminders.delay, reminder_ids=reminder_ids, claimed_by=str(claimed_by))
    )


@shared_task(**MAIL_TASK)
def task_send_reminders(self, *, reminder_ids: list[int], claimed_by: str) -> int:
    """Send one chunk of the sweep's reminders (awards/renewals.py). The rows are taken under
    a token of this run's own, so a failure here releases only what this run holds; a retry
    (a deferred recipient, a mail server away) sends only the rows not yet sent or given up.
    Returns how many went in this run."""
    with scopes_disabled():  # ids from our own sweep; each row names its own network
        outcome = send_reminders(reminder_ids, token=uuid.uuid4(), claimed_by=uuid.UUID(claimed_by))
    if outcome.deferred:
        raise MailDeferred(f"{outcome.deferred} reminder(s) deferred; retrying later")
    return outcome.sent


# Around the review (awards/notices.py): questions, answers, visits, concerns, free seats.
# Each e-mail is claimed per recipient; the task retries the deferred ones alone and returns
# how many went in this run.


@shared_task(**MAIL_TASK)
def task_notify_question(self, *, network_id: int, entry_id: int) -> int:
    from awards import notices
    from awards.models import ThreadEntry

    with scope(network=Network.objects.get(pk=network_id)):
        entry = (
            ThreadEntry.objects.select_related(
                "application__organisation", "application__scheme", "raised_by__panellist"
            )
            .filter(pk=entry_id)
            .first()
        )
        return retry_deferred(notices.send_question(entry)) if entry is not None else 0


@shared_task(**MAIL_TASK)
def task_notify_answer(self, *, network_id: int, entry_id: int) -> int:
    from awards import notices
    from awards.models import ThreadEntry

    with scope(network=Network.objects.get(pk=network_id)):
        entry = (
            ThreadEntry.objects.select_related(
                "application__organisation",
                "application__scheme",
                "application__network",
                "answers__author",
            )
            .filter(pk=entry_id)
            .first()
        )
        return retry_deferred(notices.send_answer(entry)) if entry is not None else 0


@shared_task(**MAIL_TASK)
def task_notify_visit_dates(self, *, network_id: int, application_id: int) -> int:
    from awards import notices

    with scope(network=Network.objects.get(pk=network_id)):
        application = (
            Application.objects.select_related("organisation", "scheme", "network")
            .filter(pk=application_id)
            .first()
        )
        if application is None:
            return 0
        return retry_deferred(notices.send_visit_dates(application))


@shared_task(**MAIL_TASK)
def task_send_visit_confirmation(self, *, network_id: int, visit_id: int, chair_id: int) -> int:
    from awards import notices
    from awards.models import VisitDate

    with scope(network=Network.objects.get(pk=network_id)):
        visit = (
            VisitDate.objects.select_related(
                "application__organisation", "application__scheme", "application__network"
            )
            .filter(pk=visit_id)
            .first()
        )
        chair = User.objects.filter(pk=chair_id).first()
        if visit is None or chair is None:
            return 0
        return retry_deferred(notices.send_visit_confirmation(visit, chair))


@shared_task(**MAIL_TASK)
def task_notify_complaint(self, *, network_id: int, complaint_id: int, event: str) -> int:
    from awards import notices
    from awards.models import Complaint

    with scope(network=Network.objects.get(pk=network_id)):
        complaint = (
            Complaint.objects.select_related("award__organisation", "award__scheme")
            .filter(pk=complaint_id)
            .first()
        )
        if complaint is None:
            return 0
        return retry_deferred(notices.send_complaint(complaint, event))


@shared_task(**MAIL_TASK)
def task_notify_seat_free(self, *, network_id: int, application_id: int) -> int:
    from awards import notices

    with scope(network=Network.objects.get(pk=network_id)):
        application = (
            Application.objects.select_related("organisation", "scheme", "network")
            .filter(pk=application_id)
            .first()
        )
        if application is None:
            return 0
        return retry_deferred(notices.send_seat_free(application))


@shared_task(**MAIL_TASK)
def task_notify_coordinators(self, *, network_id: int, application_id: int, kind: str) -> int:
    """Tell the network's coordinators about an application (awards/coordinator_notices.py):
    each notice is claimed by a unique row first, so a retry or a second run sends nothing twice."""
    from awards.coordinator_notices import notify_coordinators

    network = Network.objects.get(pk=network_id)
    with scope(network=network):
        application = (
            Application.objects.select_related("organisation", "scheme", "network")
            .filter(pk=application_id)
            .first()
        )
        if application is None:
            return 0
        return notify_coordinators(application, ReminderKind(kind))


@shared_task(**MAIL_TASK)
def task_send_daily_digests(self, *, today: str | None = None) -> int:
    """The coordinators' daily digest (the beat runs it; see sanctuary/celery.py). Safe to run
    twice: each person's digest of a day is claimed by a unique row before it is sent."""
    from awards.coordinator_notices import send_daily_digests

    day = datetime.date.fromisoformat(today) if today else None
    return send_daily_digests(today=day)
