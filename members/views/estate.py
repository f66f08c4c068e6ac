"""Staff bring in the existing movement from spreadsheets: upload a file, match its columns
to fields (guessed from the headers), see a dry run, then run it."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView

from members.forms.estate import EstateMappingForm, EstateUploadForm
from members.models import EstateImport
from members.permissions import StaffRequiredMixin
from members.services.estate import (
    importer_for,
    importers,
    receive_estate_file,
    run_estate_import,
    table_of,
)
from members.tabular import TableError
from sanctuary.page_cache import personal_page


@personal_page
class StaffImportView(StaffRequiredMixin, FormView):
    template_name = "members/staff_import.html"
    form_class = EstateUploadForm

    def get_form_kwargs(self):
        kinds = [(i.kind, str(i.label)) for i in importers()]
        return {**super().get_form_kwargs(), "kinds": kinds}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["recent"] = EstateImport.objects.select_related("uploaded_by")[:10]
        return context

    def form_valid(self, form):
        uploaded = form.cleaned_data["file"]
        try:
            upload, _table = receive_estate_file(
                form.cleaned_data["kind"],
                actor=self.request.user,
                name=uploaded.name,
                data=uploaded.read(),
            )
        except TableError as error:
            form.add_error("file", str(error))
            return self.form_invalid(form)
        return redirect("members:staff_import_mapping", import_id=upload.pk)


class StaffImportMappingView(StaffRequiredMixin, FormView):
    """The mapping step; "Preview" runs it dry, "Import" runs it for real."""

    template_name = "members/staff_import_mapping.html"
    form_class = EstateMappingForm

    def dispatch(self, request, *args, **kwargs):
        self.upload = get_object_or_404(EstateImport, pk=kwargs["import_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        self.importer = importer_for(self.upload.kind)
        try:
            self.table = table_of(self.upload)
        except TableError:
            self.table = None
        fields = [(f.name, f.label + (" *" if f.required else "")) for f in self.importer.fields()]
        return {
            **super().get_form_kwargs(),
            "headers": self.table.headers if self.table else [],
            "fields": fields,
            "initial_mapping": {int(k): v for k, v in self.upload.mapping.items()},
            "with_document": self.upload.kind == "signatures",
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = self.table.rows[:5] if self.table else []
        context.update(
            upload=self.upload,
            label=self.importer.label,
            headers=self.table.headers if self.table else [],
            sample=rows,
            row_count=len(self.table.rows) if self.table else 0,
        )
        return context

    def form_valid(self, form):
        dry_run = self.request.POST.get("action") != "run"
        options = {"document": form.cleaned_data.get("document") or ""}
        report = run_estate_import(
            self.upload,
            form.mapping(),
            actor=self.request.user,
            dry_run=dry_run,
            options=options,
            table=self.table,
        )
        if report.stored:
            messages.success(
                self.request,
                _(
                    "Imported: %(created)s rows created, %(updated)s updated, %(unchanged)s "
                    "unchanged."
                )
                % {
                    "created": report.created,
                    "updated": report.updated,
                    "unchanged": report.unchanged,
                },
            )
        return self.render_to_response(self.get_context_data(form=form, report=report))
