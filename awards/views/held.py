"""An awarded organisation's pages about its award: the certificate to download or to have
made again, and the badge for its own website. For its contacts and staff (404 otherwise)."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import translation
from django.utils.html import format_html
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from awards.certificates import verification_url
from awards.forms import CertificateLanguageForm
from awards.permissions import AwardHolderMixin
from awards.services.certificates import request_certificate
from awards.services.errors import AwardError
from members.emails import absolute_url


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
