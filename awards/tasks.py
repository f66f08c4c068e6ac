"""Background work of the award workflow. Tasks take ids, load inside the network's scope and
send; they are enqueued after the transaction that changed the state commits."""

import datetime

from celery import shared_task
from django.db import InterfaceError, OperationalError
from django_scopes import scope, scopes_disabled

from awards import emails
from awards.enums import ReminderKind
from awards.models import Application, Award, PanelAssignment
from awards.renewals import run_renewal_sweep
from awards.services.certificates import render_certificate
from members.models import User
from members.tasks import TRANSIENT_MAIL_ERRORS
from sanctuary.models import Network

# A database that restarts, or a storage volume that hiccups, is worth another try.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, OSError)


@shared_task(autoretry_for=TRANSIENT_MAIL_ERRORS, retry_backoff=True, max_retries=5)
def task_notify_application(*, network_id: int, application_id: int, state: str) -> int:
    """E-mail the applicant's people and the panel about a change of state, each in their
    own language. Returns how many e-mails went."""
    network = Network.objects.get(pk=network_id)
    with scope(network=network):
        application = (
            Application.objects.select_related("organisation", "scheme", "network", "lead_contact")
            .filter(pk=application_id)
            .first()
        )
        if application is None:
            return 0
        return emails.send_application_state(application, state)


@shared_task(autoretry_for=TRANSIENT_MAIL_ERRORS, retry_backoff=True, max_retries=5)
def task_notify_panellist_assigned(*, network_id: int, assignment_id: int) -> int:
    network = Network.objects.get(pk=network_id)
    with scope(network=network):
        assignment = (
            PanelAssignment.objects.select_related(
                "panellist",
                "application__organisation",
                "application__scheme",
                "application__network",
            )
            .filter(pk=assignment_id)
            .first()
        )
        if assignment is None:
            return 0  # removed from the panel before this ran
        emails.send_panellist_assigned(assignment)
        return 1


@shared_task(autoretry_for=TRANSIENT_ERRORS, retry_backoff=True, max_retries=5)
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


@shared_task(autoretry_for=TRANSIENT_ERRORS, retry_backoff=True, max_retries=5)
def task_run_renewal_sweep(*, today: str | None = None) -> dict[str, int]:
    """The daily sweep (the beat runs it; see sanctuary/celery.py). Safe to run twice at once
    or again after a crash: every reminder is claimed by a unique row before it is sent."""
    day = datetime.date.fromisoformat(today) if today else None
    return run_renewal_sweep(today=day).as_dict()


@shared_task(autoretry_for=TRANSIENT_MAIL_ERRORS, retry_backoff=True, max_retries=5)
def task_notify_coordinators(*, network_id: int, application_id: int, kind: str) -> int:
    """Tell the network's coordinators about an application (awards/notices.py): each notice
    is claimed by a unique row first, so a retry or a second run sends nothing twice."""
    from awards.notices import notify_coordinators

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


@shared_task(autoretry_for=TRANSIENT_MAIL_ERRORS, retry_backoff=True, max_retries=5)
def task_send_daily_digests(*, today: str | None = None) -> int:
    """The coordinators' daily digest (the beat runs it; see sanctuary/celery.py). Safe to run
    twice: each person's digest of a day is claimed by a unique row before it is sent."""
    from awards.notices import send_daily_digests

    day = datetime.date.fromisoformat(today) if today else None
    return send_daily_digests(today=day)
