"""Background work of the award workflow. Tasks take ids, load inside the network's scope and
send; they are enqueued after the transaction that changed the state commits."""

from celery import shared_task
from django_scopes import scope

from awards import emails
from awards.models import Application, PanelAssignment
from members.tasks import TRANSIENT_MAIL_ERRORS
from sanctuary.models import Network


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
