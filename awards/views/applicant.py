"""The applicant's pages: start, self-assess, add evidence, submit, withdraw, read the outcome.

Each page about one application goes through ApplicantMixin: 404 unless the person works on
it for its organisation, and the request then runs in the application's network scope.
"""

import copy

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View
from django_scopes import scopes_disabled

from awards.enums import (
    CLOSED_STATES,
    EDITABLE_STATES,
    ApplicationState,
    DecisionOutcome,
    Rating,
)
from awards.forms.applications import (
    ActionPlanForm,
    ApplicationLanguageForm,
    CollaboratorForm,
    EvidenceForm,
    ResponseForm,
    StartApplicationForm,
)
from awards.models import Application, Collaborator, CriterionResponse, EvidenceFile, EvidenceLink
from awards.permissions import ApplicantMixin
from awards.queries.applications import (
    applications_for_user,
    missing_for_submission,
    organisation_contacts,
    responses_with_evidence,
)
from awards.queries.decisions import DECISION_SHOWN_STATES, latest_decision
from awards.queries.panels import names_shown_to_applicant
from awards.queries.questions import unanswered_questions
from awards.queries.schemes import eligible_schemes_for
from awards.services.applications import (
    add_collaborator,
    add_evidence_file,
    add_evidence_link,
    remove_collaborator,
    remove_evidence_file,
    remove_evidence_link,
    save_action_plan,
    save_response,
    set_application_language,
    start_application,
    submit_application,
    withdraw_application,
)
from awards.services.errors import AwardError, SubmissionRefused
from members.permissions import SignedInMixin, signed_in_user
from members.queries import organisations_for_user
from sanctuary.page_cache import personal_page
from sanctuary.refusals import add_refusal_to_form


def error_summary(*forms) -> dict:
    """Context for includes/error_summary.html, for pages with several forms."""
    return {"error_forms": forms, "forms_have_errors": any(form.errors for form in forms)}


def own_applications(user) -> list[Application]:
    """A person's applications, across networks: their own rows, so scoping is lifted."""
    with scopes_disabled():
        return list(
            applications_for_user(user)
            .select_related("organisation", "scheme")
            .order_by("-created_at", "-pk")
        )


def start_options(user, applications: list[Application]) -> list[tuple]:
    """(organisation, scheme) pairs this person may start, leaving out those in progress."""
    in_progress = {
        (a.organisation_id, a.scheme_id) for a in applications if a.state not in CLOSED_STATES
    }
    organisations = list(organisations_for_user(user))
    eligible = eligible_schemes_for(organisations)
    return [
        (organisation, scheme)
        for organisation in organisations
        for scheme in eligible[organisation.pk]
        if (organisation.pk, scheme.pk) not in in_progress
    ]


@personal_page
class MyApplicationsView(SignedInMixin, TemplateView):
    template_name = "awards/my_applications.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["applications"] = own_applications(self.request.user)
        context["can_start"] = bool(start_options(self.request.user, context["applications"]))
        return context


class StartApplicationView(SignedInMixin, TemplateView):
    template_name = "awards/application_start.html"

    def get_form(self):
        options = start_options(self.request.user, own_applications(self.request.user))
        preselect = self.request.GET.get("organisation")
        initial = {}
        # One award to start (or one for the organisation a link named) is chosen already.
        matching = [f"{o.pk}:{s.pk}" for o, s in options if not preselect or o.slug == preselect]
        if len(matching) == 1:
            initial["choice"] = matching[0]
        return StartApplicationForm(self.request.POST or None, options=options, initial=initial)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self.get_form())
        context.update(error_summary(context["form"]))
        return context

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if form.is_valid():
            try:
                application = start_application(form.organisation, form.scheme, actor=request.user)
            except AwardError as error:
                add_refusal_to_form(form, error)
            else:
                messages.success(request, _("Your application is started. It saves as you go."))
                return redirect("awards:application_detail", application.pk)
        return self.render_to_response(self.get_context_data(form=form))


class ApplicantPage(ApplicantMixin, TemplateView):
    """Shared context for the pages of one application."""

    @property
    def is_editable(self) -> bool:
        return self.application.state in EDITABLE_STATES

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_editable"] = self.is_editable
        return context


# The panel's latest decision is shown while it stands: until the applicant resubmits.
@personal_page
class ApplicationDetailView(ApplicantPage):
    template_name = "awards/application_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.application
        context["responses"] = responses_with_evidence(application)
        if self.is_editable:
            context["missing"] = missing_for_submission(application, context["responses"])
        decision = None
        if application.state in DECISION_SHOWN_STATES:
            decision = latest_decision(application)
        context["decision"] = decision
        if decision is not None and decision.outcome == DecisionOutcome.MORE_EVIDENCE:
            context["open_findings"] = [
                f for f in decision.findings.all() if f.rating != Rating.MET
            ]
        context["award"] = getattr(application, "award", None)
        # Names of panellists are shown to applicants only when they chose it (rule 5).
        context["named_panellists"] = names_shown_to_applicant(application)
        context["open_questions"] = unanswered_questions(application)
        context["collaborators"] = application.collaborators.select_related("user")
        context["can_withdraw"] = application.state not in CLOSED_STATES
        context.setdefault(
            "language_form", ApplicationLanguageForm(instance=copy.copy(application))
        )
        return context

    def post(self, request, *args, **kwargs):
        """The language the applicant writes in."""
        form = ApplicationLanguageForm(request.POST, instance=copy.copy(self.application))
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(language_form=form))
        try:
            set_application_language(
                self.application, actor=request.user, language=form.cleaned_data["language"]
            )
        except AwardError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The language of your application is saved."))
        return redirect("awards:application_detail", self.application.pk)


@personal_page
class CriterionEditView(ApplicantPage):
    """Self-assessment, narrative, links and files for one criterion. Drafts save as they go:
    with htmx the text saves itself while the person types; the button always works."""

    template_name = "awards/criterion_edit.html"

    def get_response(self) -> CriterionResponse:
        response = (
            self.application.responses.select_related("criterion")
            .filter(criterion_id=self.kwargs["criterion_id"])
            .first()
        )
        if response is None:
            raise Http404("No such criterion")
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        response = kwargs.get("response") or self.get_response()
        context["response"] = response
        context["criterion"] = response.criterion
        context.setdefault("form", ResponseForm(instance=response))
        context.setdefault("evidence_form", EvidenceForm())
        context.update(error_summary(context["form"], context["evidence_form"]))
        context["files"] = response.files.filter(removed_at__isnull=True)
        context["links"] = response.links.filter(removed_at__isnull=True)
        context["pledge"] = response.criterion.is_pledge
        return context

    def post(self, request, *args, **kwargs):
        response = self.get_response()
        if not self.is_editable:
            messages.error(request, _("The application cannot be changed now."))
            return redirect("awards:application_detail", self.application.pk)
        form = ResponseForm(request.POST, instance=copy.copy(response))
        if request.htmx:
            return self.autosave(response, form)
        evidence_form = EvidenceForm(request.POST, request.FILES)
        saved_text = form.is_valid()
        if saved_text:
            save_response(response, actor=request.user, **form.cleaned_data)
        if evidence_form.is_valid() and evidence_form.has_evidence:
            data = evidence_form.cleaned_data
            if data["link_url"]:
                add_evidence_link(
                    response,
                    actor=request.user,
                    url=data["link_url"],
                    title=data["link_title"],
                    content_note=data["link_content_note"],
                )
            if data["file"]:
                add_evidence_file(
                    response,
                    data["file"],
                    actor=request.user,
                    content_note=data["file_content_note"],
                )
        if saved_text and not evidence_form.errors:
            messages.success(request, _("Your draft is saved."))
            if "return" in request.POST:
                return redirect("awards:application_detail", self.application.pk)
            return redirect(request.path)
        if saved_text:
            messages.info(
                request,
                _("Your text is saved. Please check the link or choose the file again."),
            )
        return self.render_to_response(
            self.get_context_data(response=response, form=form, evidence_form=evidence_form)
        )

    def autosave(self, response: CriterionResponse, form: ResponseForm) -> HttpResponse:
        """The in-place save: a sentence for the status line, nothing else."""
        if not form.is_valid():
            return HttpResponse(_("Not saved yet: please check the form."))
        save_response(response, actor=signed_in_user(self.request), **form.cleaned_data)
        saved_at = time_format(timezone.localtime(), "H:i")
        return HttpResponse(_("Draft saved at %(time)s.") % {"time": saved_at})


class EvidenceRemoveView(ApplicantMixin, View):
    """Hide a file or a link from the application (POST only). Submissions keep their copy."""

    http_method_names = ["post"]
    model: type[EvidenceFile] | type[EvidenceLink]  # each subclass names its own

    def post(self, request, *args, **kwargs):
        item = get_object_or_404(
            self.model.objects.select_related("response"),
            pk=kwargs["evidence_id"],
            response__application=self.application,
            removed_at__isnull=True,
        )
        remove = remove_evidence_file if self.model is EvidenceFile else remove_evidence_link
        try:
            remove(item, actor=request.user)
        except AwardError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Removed from the application."))
        return redirect("awards:criterion_edit", self.application.pk, item.response.criterion_id)


class EvidenceFileRemoveView(EvidenceRemoveView):
    model = EvidenceFile


class EvidenceLinkRemoveView(EvidenceRemoveView):
    model = EvidenceLink


def evidence_download(evidence: EvidenceFile) -> HttpResponse:
    """Always an attachment, with the type the content showed when it was checked.

    Read whole (uploads are at most SANCTUARY_UPLOAD_MAX_BYTES), so the file is closed at once.
    """
    with evidence.file.open("rb") as stored:
        response = HttpResponse(stored.read(), content_type=evidence.content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=evidence.original_name
    )
    return response


class EvidenceFileDownloadView(ApplicantMixin, View):
    def get(self, request, *args, **kwargs):
        evidence = get_object_or_404(
            EvidenceFile,
            pk=kwargs["file_id"],
            response__application=self.application,
            removed_at__isnull=True,
        )
        return evidence_download(evidence)


@personal_page
class ActionPlanView(ApplicantPage):
    template_name = "awards/action_plan.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ActionPlanForm(instance=copy.copy(self.application)))
        return context

    def post(self, request, *args, **kwargs):
        if not self.is_editable:
            messages.error(request, _("The application cannot be changed now."))
            return redirect("awards:application_detail", self.application.pk)
        form = ActionPlanForm(request.POST, instance=copy.copy(self.application))
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        save_action_plan(
            self.application, actor=request.user, action_plan=form.cleaned_data["action_plan"]
        )
        messages.success(request, _("Your action plan is saved."))
        return redirect("awards:application_detail", self.application.pk)


@personal_page
class CollaboratorsView(ApplicantPage):
    template_name = "awards/collaborators.html"

    def candidates(self):
        taken = [
            self.application.lead_contact_id,
            *self.collaborators.values_list("user_id", flat=True),
        ]
        return organisation_contacts(self.application.organisation).exclude(pk__in=taken)

    @property
    def collaborators(self):
        return self.application.collaborators.select_related("user")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["collaborators"] = self.collaborators
        context.setdefault("form", CollaboratorForm(candidates=self.candidates()))
        return context

    def post(self, request, *args, **kwargs):
        form = CollaboratorForm(request.POST, candidates=self.candidates())
        if form.is_valid():
            try:
                add_collaborator(self.application, form.cleaned_data["user"], actor=request.user)
            except AwardError as error:
                add_refusal_to_form(form, error)
            else:
                messages.success(request, _("They can now work on the application with you."))
                return redirect("awards:collaborators", self.application.pk)
        return self.render_to_response(self.get_context_data(form=form))


class CollaboratorRemoveView(ApplicantMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        collaborator = get_object_or_404(
            Collaborator, pk=kwargs["collaborator_id"], application=self.application
        )
        remove_collaborator(collaborator, actor=request.user)
        messages.success(request, _("They no longer work on the application."))
        if collaborator.user_id == request.user.pk:
            return redirect("awards:my_applications")
        return redirect("awards:collaborators", self.application.pk)


class SubmitView(ApplicantPage):
    """Check, then submit. Refused with the list of what is missing (rule 2)."""

    template_name = "awards/application_submit.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.is_editable and "missing" not in context:
            context["missing"] = missing_for_submission(self.application)
        context["is_resubmission"] = (
            self.application.state == ApplicationState.MORE_EVIDENCE_REQUESTED
        )
        return context

    def post(self, request, *args, **kwargs):
        try:
            submit_application(self.application, actor=request.user)
        except SubmissionRefused as refused:
            return self.render_to_response(self.get_context_data(missing=refused.missing))
        except AwardError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("Thank you: your application is submitted. We will e-mail you.")
            )
        return redirect("awards:application_detail", self.application.pk)


class WithdrawView(ApplicantPage):
    template_name = "awards/application_withdraw.html"

    def post(self, request, *args, **kwargs):
        try:
            withdraw_application(self.application, actor=request.user)
        except AwardError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The application is withdrawn."))
        return redirect(reverse("awards:application_detail", args=[self.application.pk]))
