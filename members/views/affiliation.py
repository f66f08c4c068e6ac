"""Group affiliation: the group's application and staff's review of it."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView, TemplateView, View

from members.enums import AFFILIATION_HOLDS_AREA, AFFILIATION_OPEN, AffiliationState, DocumentSlug
from members.forms.affiliation import AffiliationCommentForm, AffiliationForm, AffiliationStateForm
from members.models import AffiliationApplication
from members.permissions import SignedInMixin, StaffRequiredMixin, get_affiliation_for_user
from members.queries import affiliation_history, current_version
from members.services.affiliation import (
    AffiliationError,
    add_affiliation_comment,
    apply_for_affiliation,
    resubmit_affiliation_application,
    set_affiliation_state,
)
from members.services.charter import SignatureError
from sanctuary.page_cache import personal_page
from sanctuary.refusals import add_refusal_to_form
from sanctuary.tenancy import Access


@personal_page
class AffiliationApplyView(SignedInMixin, FormView):
    """A group applies to affiliate. Needs an account: the applicant becomes its coordinator."""

    template_name = "members/affiliation_apply.html"
    form_class = AffiliationForm

    def dispatch(self, request, *args, **kwargs):
        self.handbook = current_version(DocumentSlug.HANDBOOK)
        self.charter = current_version(DocumentSlug.CHARTER)
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"contact_email": self.request.user.email}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            handbook=self.handbook,
            charter=self.charter,
            my_applications=AffiliationApplication.objects.filter(
                applicant=self.request.user
            ).order_by("-submitted_at"),
        )
        return context

    def form_valid(self, form):
        if self.handbook is None or self.charter is None:
            form.add_error(
                None, _("Applications open once the charter and handbook are published.")
            )
            return self.form_invalid(form)
        data = dict(form.cleaned_data)
        upload = data.pop("document")
        role_title = data.pop("role_title")
        listed = data.pop("listed_publicly")
        data.pop("accept_handbook")
        data.pop("sign_charter")
        try:
            application = apply_for_affiliation(
                actor=self.request.user,
                upload=upload,
                handbook_version=self.handbook,
                role_title=role_title,
                listed_publicly=listed,
                **data,
            )
        except (AffiliationError, SignatureError) as error:
            add_refusal_to_form(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Thank you. Your application is with movement staff; we will e-mail you."),
        )
        return redirect(application.get_absolute_url())


@personal_page
class AffiliationDetailView(FormView):
    """The applicant follows their application, and makes changes when staff ask for them."""

    access = Access.OBJECT
    template_name = "members/affiliation_detail.html"
    form_class = AffiliationForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        self.application = get_affiliation_for_user(request.user, kwargs["application_id"])
        return super().dispatch(request, *args, **kwargs)

    @property
    def can_resubmit(self) -> bool:
        return (
            self.application.state == AffiliationState.CHANGES_REQUESTED
            and self.application.applicant_id == self.request.user.pk
        )

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        # A fresh copy: the form writes onto its instance, and the service compares old and new.
        kwargs["instance"] = AffiliationApplication.objects.get(pk=self.application.pk)
        kwargs["resubmit"] = True
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(application=self.application, can_resubmit=self.can_resubmit)
        # Rule 9: after new handbook terms, an affiliated group accepts them here.
        terms = current_version(DocumentSlug.HANDBOOK)
        if (
            terms is not None
            and self.application.handbook_version_id != terms.pk
            and self.application.state in AFFILIATION_HOLDS_AREA
        ):
            context["new_terms"] = terms
        return context

    def post(self, request, *args, **kwargs):
        if not self.can_resubmit:
            messages.error(request, _("This application is not waiting for changes."))
            return redirect(self.application.get_absolute_url())
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        upload = data.pop("document")
        try:
            resubmit_affiliation_application(
                self.application, actor=self.request.user, upload=upload, **data
            )
        except AffiliationError as error:
            add_refusal_to_form(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Thank you. Your changes are with movement staff."))
        return redirect(self.application.get_absolute_url())


class AffiliationDocumentView(View):
    """The governing document, to the applicant and staff only, as a download."""

    access = Access.OBJECT

    def get(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        application = get_affiliation_for_user(request.user, kwargs["application_id"])
        if not application.governing_document:
            raise Http404("No document")
        # Read whole (uploads are small, see SANCTUARY_UPLOAD_MAX_BYTES) so the file is closed
        # however the response ends.
        with application.governing_document.open("rb") as stored:
            content = stored.read()
        response = HttpResponse(content, content_type=application.governing_document_type)
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=application.governing_document_name
        )
        return response


@personal_page
class StaffAffiliationsView(StaffRequiredMixin, ListView):
    template_name = "members/staff_affiliations.html"
    context_object_name = "applications"
    paginate_by = 50

    def get_queryset(self):
        self.state = self.request.GET.get("state", "open")
        applications = AffiliationApplication.objects.select_related("applicant", "network")
        if self.state == "open":
            applications = applications.filter(state__in=AFFILIATION_OPEN)
        elif self.state in AffiliationState.values:
            applications = applications.filter(state=self.state)
        return applications.order_by("submitted_at", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            state=self.state,
            states=[("open", _("Waiting for staff")), *AffiliationState.choices, ("all", _("All"))],
            query_string=f"state={self.state}",
        )
        return context


@personal_page
class StaffAffiliationDetailView(StaffRequiredMixin, TemplateView):
    template_name = "members/staff_affiliation_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = kwargs.get("application") or get_affiliation_for_user(
            self.request.user, self.kwargs["application_id"]
        )
        context.update(
            application=application,
            comments=application.comments.select_related("author"),
            state_form=kwargs.get("state_form") or AffiliationStateForm(application=application),
            comment_form=kwargs.get("comment_form") or AffiliationCommentForm(),
            history=affiliation_history(application),
        )
        return context


class StaffAffiliationStateView(StaffAffiliationDetailView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        application = get_affiliation_for_user(request.user, kwargs["application_id"])
        form = AffiliationStateForm(request.POST, application=application)
        if form.is_valid():
            try:
                set_affiliation_state(
                    application,
                    form.cleaned_data["state"],
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                    network=form.cleaned_data["network"],
                )
            except AffiliationError as error:
                add_refusal_to_form(form, error)
            else:
                messages.success(request, _("The status is changed and the group is told."))
                return redirect("members:staff_affiliation", application_id=application.pk)
        return self.render_to_response(
            self.get_context_data(application=application, state_form=form)
        )


class StaffAffiliationCommentView(StaffAffiliationDetailView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        application = get_affiliation_for_user(request.user, kwargs["application_id"])
        form = AffiliationCommentForm(request.POST)
        if form.is_valid():
            add_affiliation_comment(application, actor=request.user, text=form.cleaned_data["text"])
            messages.success(request, _("Your comment is saved."))
            return redirect("members:staff_affiliation", application_id=application.pk)
        return self.render_to_response(
            self.get_context_data(application=application, comment_form=form)
        )
