from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils import translation

from members.services.people import record_registration


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.full_name = form.cleaned_data.get("full_name", "")
        language = translation.get_language()
        if language in dict(settings.LANGUAGES):
            user.preferred_language = language
        if commit:
            user.save()
            record_registration(user)
        return user

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        """The failed-sign-in limit ("login_failed" in ACCOUNT_RATE_LIMITS, `key`) counts per
        address *and* client address: someone guessing a coordinator's password from one
        place slows down there, while the coordinator, signing in from anywhere else, is not
        locked out. The per-IP part of the limit still caps each place across addresses.
        The client address is allauth's (its trusted-proxy settings decide which one)."""
        key = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{key}:{self.get_client_ip(request)}"
