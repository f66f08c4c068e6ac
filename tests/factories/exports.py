"""Staff's public lists of signatories, made as the worker makes them."""

from members.enums import DocumentSlug
from members.models import SignatoryExport
from members.services.exports import make_signatory_export_now


def ready_export(actor, document: str = DocumentSlug.CHARTER) -> SignatoryExport:
    """A ready list of the document, asked for by `actor` and made at once (a test's
    transaction never commits, so a task enqueued after commit would never run)."""
    return make_signatory_export_now(document, actor=actor)


def exports_in_every_state(world) -> str:
    """The staff page with something to show: the charter's ready list and a new one being
    made, and a declaration list that failed. Returns the page's path. The last two are rows
    as a worker leaves them (the service would run the task at once where tests commit)."""
    from django.urls import reverse
    from django.utils import timezone

    from members.enums import ExportState

    ready_export(world.staff)
    now = timezone.now()
    SignatoryExport.objects.create(
        document=DocumentSlug.CHARTER, requested_by=world.staff, requested_at=now
    )
    SignatoryExport.objects.create(
        document=DocumentSlug.DECLARATION,
        requested_by=world.staff,
        requested_at=now,
        state=ExportState.FAILED,
        finished_at=now,
    )
    return reverse("members:staff_signatory_exports")
