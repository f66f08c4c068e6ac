"""Privacy people can exercise: the privacy notice, everything held about a person (a page
and a JSON download) and deleting one's account (members.services.privacy)."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from members.enums import PRIVACY_NOTICE_VERSION
from members.permissions import SignedInMixin
from members.services.privacy import delete_account, personal_data, record_data_download
from sanctuary.tenancy import Access


class PrivacyNoticeView(TemplateView):
    access = Access.PUBLIC
    template_name = "members/privacy_notice.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "version": PRIVACY_NOTICE_VERSION,
            "unconfirmed_days": settings.SANCTUARY_RETENTION_UNCONFIRMED_DAYS,
            "invitation_days": settings.SANCTUARY_RETENTION_INVITATION_DAYS,
            "token_days": settings.SANCTUARY_RETENTION_TOKEN_DAYS,
            "draft_idle_days": settings.SANCTUARY_DRAFT_IDLE_DAYS,
            "draft_days": settings.SANCTUARY_RETENTION_DRAFT_DAYS,
        }


SECTION_TITLES = {
    "email_addresses": gettext_lazy("Sign-in addresses"),
    "roles": gettext_lazy("Your roles in networks"),
    "organisations": gettext_lazy("Organisations you act for"),
    "signatures": gettext_lazy("What you signed"),
    "consents": gettext_lazy("What you agreed to"),
    "api_tokens": gettext_lazy("API tokens"),
    "ambassador": gettext_lazy("Sanctuary Ambassador registration"),
    "award_applications": gettext_lazy("Award applications you lead or work on"),
    "panel_seats": gettext_lazy("Panels you sit on, and your reviews"),
    "reminders": gettext_lazy("Reminders sent to you"),
}


class MyDataView(SignedInMixin, TemplateView):
    """What the platform holds about you, readable, with the download and account deletion."""

    template_name = "members/my_data.html"

    def get_context_data(self, **kwargs):
        data = personal_data(self.request.user)
        sections = [
            (SECTION_TITLES.get(key, key), value)
            for key, value in data.items()
            if key not in {"format", "exported_at", "profile"}
        ]
        return {**super().get_context_data(**kwargs), "data": data, "sections": sections}


class MyDataDownloadView(SignedInMixin, View):
    def get(self, request, *args, **kwargs):
        record_data_download(request.user, actor=request.user)
        body = json.dumps(personal_data(request.user), indent=2, ensure_ascii=False)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="my-city-of-sanctuary-data.json"'
        return response


class DeleteAccountView(SignedInMixin, View):
    """Delete your account (POST only), confirmed with your password."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        if not request.user.check_password(request.POST.get("password", "")):
            messages.error(request, _("That is not your password. Your account is unchanged."))
            return redirect("members:my_data")
        delete_account(request.user, actor=request.user)
        logout(request)
        messages.success(
            request,
            _("Your account is deleted. Thank you for everything you did with City of Sanctuary."),
        )
        return redirect("home")
