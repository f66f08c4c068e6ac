"""The appraisal visit: the applicant offers dates, the chair confirms one, the panel notes it.
The applicant reads only the notes marked for them."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from awards.forms.around import VisitConfirmForm, VisitNoteForm, VisitOfferForm
from awards.permissions import ApplicantMixin
from awards.queries.care import support_contact
from awards.queries.visits import confirmed_visit, visit_dates
from awards.services.errors import AwardError
from awards.services.visits import add_visit_note, confirm_visit, offer_visit_dates
from awards.views.applicant import error_summary
from awards.views.panel import PanelApplicationMixin
from members.permissions import NetworkAccessMixin
from sanctuary.page_cache import personal_page
from sanctuary.refusals import add_refusal_to_form


@personal_page
class ApplicantVisitView(ApplicantMixin, TemplateView):
    template_name = "awards/application_visit.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        visit = confirmed_visit(self.application)
        context["visit"] = visit
        context["shared_notes"] = (
            [note for note in visit.notes.all() if note.for_applicant] if visit else []
        )
        context["offered"] = list(visit_dates(self.application)) if visit is None else []
        context["can_offer"] = visit is None and not self.application.is_closed
        context.setdefault("form", VisitOfferForm())
        context.update(error_summary(context["form"]))
        return context

    def post(self, request, *args, **kwargs):
        form = VisitOfferForm(request.POST)
        if form.is_valid():
            try:
                offer_visit_dates(self.application, actor=request.user, dates=form.dates())
            except AwardError as error:
                add_refusal_to_form(form, error)
            else:
                messages.success(request, _("Your dates are sent to the panel's chair."))
                return redirect("awards:application_visit", self.application.pk)
        return self.render_to_response(self.get_context_data(form=form))


@personal_page
class PanelVisitView(NetworkAccessMixin, PanelApplicationMixin, TemplateView):
    template_name = "awards/panel_visit.html"

    def offered(self):
        return self.application.visit_dates.filter(confirmed_at__isnull=True)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        visit = confirmed_visit(self.application)
        context["visit"] = visit
        context["offered"] = list(visit_dates(self.application)) if visit is None else []
        context["support"] = support_contact(self.network)
        forms = []
        if visit is None and self.is_chair and context["offered"]:
            context.setdefault("confirm_form", VisitConfirmForm(offered=self.offered()))
            forms.append(context["confirm_form"])
        if visit is not None:
            context.setdefault("note_form", VisitNoteForm())
            forms.append(context["note_form"])
        context.update(error_summary(*forms))
        return context

    def post(self, request, *args, **kwargs):
        if "confirm" in request.POST and self.is_chair:
            form = VisitConfirmForm(request.POST, offered=self.offered())
            if form.is_valid():
                data = form.cleaned_data
                try:
                    confirm_visit(
                        data["visit"],
                        actor=request.user,
                        mode=data["mode"],
                        address=data["address"],
                        online_link=data["online_link"],
                    )
                except AwardError as error:
                    add_refusal_to_form(form, error)
                else:
                    messages.success(
                        request, _("The visit is confirmed. Everyone gets a calendar file.")
                    )
                    return redirect(request.path)
            return self.render_to_response(self.get_context_data(confirm_form=form))
        form = VisitNoteForm(request.POST)
        visit = confirmed_visit(self.application)
        if form.is_valid() and visit is not None:
            try:
                add_visit_note(
                    visit,
                    actor=request.user,
                    body=form.cleaned_data["body"],
                    for_applicant=form.cleaned_data["for_applicant"],
                )
            except AwardError as error:
                add_refusal_to_form(form, error)
            else:
                messages.success(request, _("The note is recorded."))
                return redirect(request.path)
        return self.render_to_response(self.get_context_data(note_form=form))
