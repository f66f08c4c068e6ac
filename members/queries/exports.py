"""Lookups about the staff's exports made in the background (members.services.exports)."""

from members.enums import SIGNABLE_DOCUMENTS, DocumentSlug, ExportState
from members.models import SignatoryExport

# How many of a document's lists the staff page shows: the newest, with the state of each.
RECENT_EXPORTS = 5


def recent_signatory_exports() -> dict[str, list[SignatoryExport]]:
    """Each signable document's newest lists, newest first: {document: [export, ...]}, with
    every document present. One query per document, whatever the number of lists."""
    return {
        document: list(
            SignatoryExport.objects.filter(document=document)
            .select_related("requested_by")
            .order_by("-requested_at", "-pk")[:RECENT_EXPORTS]
        )
        for document in sorted(SIGNABLE_DOCUMENTS, key=_document_order)
    }


def latest_ready_signatory_export(document: str) -> SignatoryExport | None:
    return (
        SignatoryExport.objects.filter(document=document, state=ExportState.READY)
        .exclude(file="")
        .order_by("-finished_at", "-pk")
        .first()
    )


def _document_order(document: str) -> int:
    return list(DocumentSlug.values).index(document)
