"""Concerns about an awarded organisation: raised by anyone from the award's public page,
handled by staff, read and answered by the organisation's contacts. Nobody else reads one:
another organisation, or a network's coordinators, get 404."""

from django.contrib import messages
from django.core.cache import cache
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View
from django_scopes import scope, scopes_disabled

from awards.enums import COMPLAINT_TRANSITIONS, ComplaintEntryKind, ComplaintState
from awards.forms.around import ComplaintDecisionForm, ComplaintEntryForm, ComplaintForm
from awards.models import Complaint
from awards.permissions import AwardHolderMixin
from awards.queries.awards import award_for_number
from awards.services.complaints import (
    add_complaint_note,
    decide_complaint,
    raise_complaint,
    respond_to_complaint,
    take_complaint_into_review,
)
from awards.services.errors import AwardError
from awards.views.applicant import error_summary
from members.permissions import StaffRequiredMixin
from sanctuary.page_cache import personal_page
from sanctuary.refusals import add_refusal_to_form
from sanctuary.tenancy import Access

# Concerns one address may raise in an hour: enough for a person, too few for a flood.
RAISE_LIMIT = 5
RAISE_WINDOW_SECONDS = 3600


def over_the_limit(request) -> bool:
    key = f"awards:concern:{request.META.get('REMOTE_ADDR', '')}"
    cache.add(key, 0, RAISE_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, RAISE_WINDOW_SECONDS)
        count = 1
    return count > RAISE_LIMIT


class RaiseComplaintView(View):
    """Raise a concern about an award, signed in or not: a name and an e-mail address."""

    access = Access.PUBLIC

    def award(self, number):
        award = award_for_number(number)
        if award is None or award.state not in {"active", "renewal_due", "suspended"}:
            return None
        return award

    def page(self, request, award, form, status=200):
        return render(
            request,
            "awards/complaint_raise.html",
            {"award": award, "form": form, **error_summary(form)},
            status=status,
        )

    def get(self, request, certificate_number):
        award = self.award(certificate_number)
        if award is None:
            return render(
                request, "awards/verify_not_found.html", {"number": certificate_number}, status=404
            )
        initial = {}
        if request.user.is_authenticated:
            initial = {"name": request.user.get_full_name(), "email": request.user.email}
        return self.page(request, award, ComplaintForm(initial=initial))

    def post(self, request, certificate_number):
        award = self.award(certificate_number)
        if award is None:
            return render(
                request, "awards/verify_not_found.html", {"number": certificate_number}, status=404
            )
        form = ComplaintForm(request.POST)
        if over_the_limit(request):
            form.add_error(
                None, _("Too many concerns from here in the last hour. Please try later.")
            )
            return self.page(request, award, form, status=429)
        if form.is_valid():
            try:
                raise_complaint(
                    award,
                    actor=request.user if request.user.is_authenticated else None,
                    language=translation.get_language(),
                    **form.cleaned_data,
                )
            except AwardError as error:
                add_refusal_to_form(form, error)
            else:
                return render(request, "awards/complaint_thanks.html", {"award": award})
        return self.page(request, award, form)


@personal_page
class AwardComplaintView(AwardHolderMixin, TemplateView):
    """A concern about the organisation's award, once staff look into it: what was raised
    (not who raised it), the decision, and the organisation's responses."""

    template_name = "awards/award_complaint.html"

    def get_complaint(self) -> Complaint:
        return get_object_or_404(
            Complaint.objects.exclude(state=ComplaintState.RECEIVED),
            pk=self.kwargs["complaint_id"],
            award=self.award,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        complaint = self.get_complaint()
        context["award"] = self.award
        context["complaint"] = complaint
        context["responses"] = complaint.entries.filter(
            kind=ComplaintEntryKind.RESPONSE
        ).select_related("author")
        context["can_respond"] = complaint.state in {
            ComplaintState.IN_REVIEW,
            ComplaintState.SUSPENDED,
        }
        context.setdefault("form", ComplaintEntryForm())
        context.update(error_summary(context["form"]))
        return context

    def post(self, request, *args, **kwargs):
        complaint = self.get_complaint()
        form = ComplaintEntryForm(request.POST)
        if form.is_valid():
            try:
                respond_to_complaint(complaint, actor=request.user, body=form.cleaned_data["body"])
            except AwardError as error:
                add_refusal_to_form(form, error)
            else:
                messages.success(request, _("Your response is recorded."))
                return redirect(request.path)
        return self.render_to_response(self.get_context_data(form=form))


@personal_page
class StaffComplaintsView(StaffRequiredMixin, TemplateView):
    """Every concern, across networks: scoping lifted on purpose, for staff."""

    template_name = "awards/staff_complaints.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        with scopes_disabled():
            context["complaints"] = list(
                Complaint.objects.select_related("award__organisation", "award__scheme")[:200]
            )
        return context


@personal_page
class StaffComplaintView(StaffRequiredMixin, TemplateView):
    template_name = "awards/staff_complaint.html"

    def dispatch(self, request, *args, **kwargs):
        with scopes_disabled():
            self.complaint = (
                Complaint.objects.select_related("award__organisation", "award__scheme", "network")
                .filter(pk=kwargs["complaint_id"])
                .first()
            )
        if self.complaint is None:
            from django.http import Http404

            raise Http404("No such concern")
        with scope(network=self.complaint.network):
            response = super().dispatch(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        return response

    def decision_choices(self):
        allowed = COMPLAINT_TRANSITIONS[self.complaint.state]
        return [
            (value, label)
            for value, label in ComplaintState.choices
            if value in allowed and value != ComplaintState.IN_REVIEW
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        complaint = self.complaint
        context["complaint"] = complaint
        context["entries"] = complaint.entries.select_related("author")
        context["can_review"] = ComplaintState.IN_REVIEW in COMPLAINT_TRANSITIONS[complaint.state]
        choices = self.decision_choices()
        context["can_decide"] = bool(choices)
        context.setdefault("decision_form", ComplaintDecisionForm(choices=choices))
        context.setdefault("note_form", ComplaintEntryForm())
        context.update(error_summary(context["decision_form"], context["note_form"]))
        return context

    def post(self, request, *args, **kwargs):
        complaint = self.complaint
        if "review" in request.POST:
            try:
                take_complaint_into_review(complaint, actor=request.user)
            except AwardError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("In review. The organisation is told."))
            return redirect(request.path)
        if "decide" in request.POST:
            form = ComplaintDecisionForm(request.POST, choices=self.decision_choices())
            if form.is_valid():
                try:
                    decide_complaint(
                        complaint,
                        actor=request.user,
                        outcome=form.cleaned_data["outcome"],
                        reason=form.cleaned_data["reason"],
                    )
                except AwardError as error:
                    add_refusal_to_form(form, error)
                else:
                    messages.success(request, _("The decision is recorded."))
                    return redirect(request.path)
            return self.render_to_response(self.get_context_data(decision_form=form))
        form = ComplaintEntryForm(request.POST)
        if form.is_valid():
            add_complaint_note(complaint, actor=request.user, body=form.cleaned_data["body"])
            messages.success(request, _("The note is recorded."))
            return redirect(request.path)
        return self.render_to_response(self.get_context_data(note_form=form))
