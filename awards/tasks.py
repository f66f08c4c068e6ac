"""Background work of the award workflow. Tasks take ids, load inside the network's scope and
send; they are enqueued after the transaction that changed the state commits."""

import datetime

from celery import shared_task
from django.db import InterfaceError, OperationalError
from django_scopes import scope, scopes_disabled

from awards import emails
from awards.models import Application, Award, PanelAssignment
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
    from awards.services.certificates import render_certificate

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
    from awards.renewals import run_renewal_sweep

    day = datetime.date.fromisoformat(today) if today else None
    return run_renewal_sweep(today=day).as_dict()


# Around the review (awards/notices.py): questions, answers, visits, concerns, free seats.


@shared_task(autoretry_for=TRANSIENT_MAIL_ERRORS, retry_backoff=True, max_retries=5)
def task_notify_question(*, network_id: int, entry_id: int) -> int:
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
        return notices.send_question(entry) if entry is not None else 0


@shared_task(autoretry_for=TRANSIENT_MAIL_ERRORS, retry_backoff=True, max_retries=5)
def task_notify_answer(*, network_id: int, entry_id: int) -> int:
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
        return notices.send_answer(entry) if entry is not None else 0


@shared_task(autoretry_for=TRANSIENT_MAIL_ERRORS, retry_backoff=True, max_retries=5)
def task_notify_visit_dates(*, network_id: int, application_id: int) -> int:
    from awards import notices

    with scope(network=Network.objects.get(pk=network_id)):
        application = (
            Application.objects.select_related("organisation", "scheme", "network")
            .filter(pk=application_id)
            .first()
        )
        return notices.send_visit_dates(application) if application is not None else 0


@shared_task(autoretry_for=TRANSIENT_MAIL_ERRORS, retry_backoff=True, max_retries=5)
def task_send_visit_confirmation(*, network_id: int, visit_id: int, chair_id: int) -> int:
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
        return notices.send_visit_confirmation(visit, chair)


@shared_task(autoretry_for=TRANSIENT_MAIL_ERRORS, retry_backoff=True, max_retries=5)
def task_notify_complaint(*, network_id: int, complaint_id: int, event: str) -> int:
    from awards import notices
    from awards.models import Complaint

    with scope(network=Network.objects.get(pk=network_id)):
        complaint = (
            Complaint.objects.select_related("award__organisation", "award__scheme")
            .filter(pk=complaint_id)
            .first()
        )
        return notices.send_complaint(complaint, event) if complaint is not None else 0


@shared_task(autoretry_for=TRANSIENT_MAIL_ERRORS, retry_backoff=True, max_retries=5)
def task_notify_seat_free(*, network_id: int, application_id: int) -> int:
    from awards import notices

    with scope(network=Network.objects.get(pk=network_id)):
        application = (
            Application.objects.select_related("organisation", "scheme", "network")
            .filter(pk=application_id)
            .first()
        )
        return notices.send_seat_free(application) if application is not None else 0
