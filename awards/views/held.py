"""An awarded organisation's pages about its award: the certificate to download or to have
made again, and the badge for its own website. For its contacts and staff (404 otherwise)."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View
from django_scopes import scope

from awards.certificates import verification_url
from awards.enums import OPEN_STATES
from awards.forms.awards import AwardWithdrawForm, CertificateLanguageForm, CheckInForm
from awards.models import CheckIn
from awards.permissions import AwardHolderMixin, get_award_for_user
from awards.services.certificates import request_certificate
from awards.services.check_ins import action_plan_items, submit_check_in
from awards.services.errors import AwardError
from awards.services.state import withdraw_award
from awards.views.applicant import error_summary
from members.emails import absolute_url
from members.permissions import StaffRequiredMixin
from sanctuary.page_cache import personal_page
from sanctuary.refusals import add_refusal_to_form


def badge_snippet(award, language: str) -> str:
    """The HTML an organisation pastes into its website: the badge, linking to verification."""
    from django.urls import reverse

    badge = absolute_url(reverse("awards:badge", args=[award.certificate_number]))
    return format_html(
        '<a href="{}"><img src="{}?lang={}" alt="{}" width="240" height="80"></a>',
        verification_url(award.certificate_number),
        badge,
        language,
        _("%(award)s: %(organisation)s. Check this award.")
        % {"award": award.scheme.display_name, "organisation": award.organisation.name},
    )


@personal_page
class AwardDetailView(AwardHolderMixin, TemplateView):
    template_name = "awards/award_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        award = self.award
        language = translation.get_language()
        context["award"] = award
        context.setdefault(
            "form",
            CertificateLanguageForm(initial={"language": award.certificate_language or language}),
        )
        context["check_ins"] = list(award.check_ins.all())
        if award.invites_renewal:
            # The renewal reminders link here: the way on is one button away.
            context["renewal"] = award.renewal_applications.filter(
                state__in=sorted(OPEN_STATES)
            ).first()
        context["today"] = timezone.localdate()
        if award.certificate_number:
            context["verification_url"] = verification_url(award.certificate_number)
            context["snippet"] = badge_snippet(award, language)
        return context


class CertificateDownloadView(AwardHolderMixin, View):
    def get(self, request, *args, **kwargs):
        award = self.award
        if not award.certificate_file:
            raise Http404("The certificate is not made yet")
        with award.certificate_file.open("rb") as stored:
            response = HttpResponse(stored.read(), content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=f"{award.certificate_number}.pdf"
        )
        return response


class CertificateRenderView(AwardHolderMixin, View):
    """Make the certificate again (in another language, say), keeping its number."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = CertificateLanguageForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose one of the platform's languages."))
            return redirect("awards:award_detail", self.award.pk)
        try:
            request_certificate(
                self.award, actor=request.user, language=form.cleaned_data["language"]
            )
        except AwardError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("The certificate is being made. It keeps its number; download it in a moment."),
            )
        return redirect("awards:award_detail", self.award.pk)


@personal_page
class CheckInView(AwardHolderMixin, TemplateView):
    """A check-in between awards: the organisation says how each item of its action plan is
    going. Submitted once; afterwards the page shows what was said."""

    template_name = "awards/check_in.html"

    def get_check_in(self) -> CheckIn:
        return get_object_or_404(CheckIn, pk=self.kwargs["check_in_id"], award=self.award)

    def items(self) -> list[str]:
        return action_plan_items(self.award.application.action_plan)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        check_in = kwargs.get("check_in") or self.get_check_in()
        context["award"] = self.award
        context["check_in"] = check_in
        context["is_overdue"] = not check_in.is_submitted and check_in.due_on < timezone.localdate()
        if not check_in.is_submitted:
            context.setdefault("form", CheckInForm(items=self.items()))
            context.update(error_summary(context["form"]))
        return context

    def post(self, request, *args, **kwargs):
        check_in = self.get_check_in()
        form = CheckInForm(request.POST, items=self.items())
        if form.is_valid():
            try:
                submit_check_in(
                    check_in,
                    actor=request.user,
                    progress=form.progress(),
                    notes=form.cleaned_data["notes"],
                )
            except AwardError as error:
                add_refusal_to_form(form, error)
            else:
                messages.success(
                    request, _("Thank you: your check-in is with the network's coordinators.")
                )
                return redirect("awards:award_detail", self.award.pk)
        return self.render_to_response(self.get_context_data(check_in=check_in, form=form))


class _InTheAwardsScope:
    """After the access check: the award, and the rest of the request in its network's scope."""

    def dispatch(self, request, *args, **kwargs):
        self.award = get_award_for_user(request.user, kwargs["award_id"])
        with scope(network=self.award.network):
            response = super().dispatch(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        return response


class AwardWithdrawView(StaffRequiredMixin, _InTheAwardsScope, FormView):
    """Staff withdraw an award, for example after a complaint, with the reason recorded
    (awards.services.state.withdraw_award). Its verification page then says it is withdrawn."""

    template_name = "awards/award_withdraw.html"
    form_class = AwardWithdrawForm

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "award": self.award}

    def form_valid(self, form):
        try:
            withdraw_award(self.award, actor=self.request.user, reason=form.cleaned_data["reason"])
        except AwardError as error:
            add_refusal_to_form(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The award is withdrawn, and the reason recorded."))
        return redirect("awards:award_detail", self.award.pk)
