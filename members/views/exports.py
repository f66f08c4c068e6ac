"""Staff's public lists of signatories: asked for on a page, made by a worker
(members.services.exports), downloaded as the stored file."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from members.enums import SIGNABLE_DOCUMENTS, DocumentSlug, ExportState
from members.models import SignatoryExport
from members.permissions import StaffRequiredMixin, signed_in_user
from members.queries.exports import latest_ready_signatory_export, recent_signatory_exports
from members.services.exports import ExportError, request_signatory_export
from sanctuary.page_cache import personal_page


def _file_answer(export: SignatoryExport) -> FileResponse:
    """The stored file as it is, as an attachment; FileResponse closes it when sent."""
    return FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=export.download_name,
        content_type="text/csv; charset=utf-8",
    )


@personal_page
class StaffSignatoryExportsView(StaffRequiredMixin, TemplateView):
    """Each document's latest lists with their state; a POST asks for a new one."""

    template_name = "members/staff_signatory_exports.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        documents = []
        for slug, exports in recent_signatory_exports().items():
            ready = next((e for e in exports if e.state == ExportState.READY), None)
            documents.append(
                {
                    "slug": slug,
                    "name": DocumentSlug(slug).label,
                    "exports": exports,
                    "ready": ready,
                    "being_made": next((e for e in exports if e.is_being_made), None),
                    # The newest attempt failed: said above the table, not only in it.
                    "failed": exports[0] if exports and exports[0].has_failed else None,
                }
            )
        context["documents"] = documents
        return context

    def post(self, request, *args, **kwargs):
        try:
            _export, started = request_signatory_export(
                request.POST.get("document", ""), actor=signed_in_user(request)
            )
        except ExportError as error:
            messages.error(request, error.message)
        else:
            if started:
                messages.success(
                    request,
                    _("A new list is being made. This page shows it once it is ready."),
                )
            else:
                messages.info(
                    request,
                    _("A list is already being made, so no second one was started."),
                )
        return redirect("members:staff_signatory_exports")


class StaffSignatoryExportDownloadView(StaffRequiredMixin, View):
    """One ready list, as the file the worker stored."""

    def get(self, request, *args, **kwargs):
        export = get_object_or_404(SignatoryExport, pk=kwargs["export_id"], state=ExportState.READY)
        if not export.file:
            raise Http404("The file is gone")
        return _file_answer(export)


class StaffSignatoriesExportView(StaffRequiredMixin, View):
    """The old address of the download, kept for bookmarks: the document's latest ready list,
    or, while there is none, the page that makes one."""

    def get(self, request, *args, **kwargs):
        document = request.GET.get("document", DocumentSlug.CHARTER)
        if document not in SIGNABLE_DOCUMENTS:
            raise Http404("No such document")
        export = latest_ready_signatory_export(document)
        if export is not None:
            return _file_answer(export)
        messages.info(request, _("No list is ready yet. Make one here: it takes a minute or so."))
        return redirect(reverse("members:staff_signatory_exports") + f"#export-{document}")
