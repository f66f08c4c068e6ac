"""The accounts library's hooks: how allauth creates people, names passkeys and offers them."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from allauth.mfa.webauthn.forms import AddWebAuthnForm
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

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


class MFAAdapter(DefaultMFAAdapter):
    def get_public_key_credential_rp_entity(self) -> dict[str, str]:
        # The id stays the request's host (so a test server on localhost works as well as the
        # production domain); the name is what the phone shows when it offers the passkey.
        entity = super().get_public_key_credential_rp_entity()
        entity["name"] = settings.MFA_TOTP_ISSUER
        return entity

    def generate_authenticator_name(self, user, type) -> str:
        count = Authenticator.objects.filter(user_id=user.pk, type=type).count()
        if count == 0:
            return gettext("My passkey")
        return gettext("Passkey %(number)s") % {"number": count + 1}


class AddPasskeyForm(AddWebAuthnForm):
    """Adding a passkey: it signs in on its own unless the person unticks the box.

    allauth calls a key that can sign in alone "passwordless"; on a phone that is what a
    passkey is, so it is the default here, said in plain words.
    """

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("initial", {}).setdefault("passwordless", True)
        super().__init__(*args, **kwargs)
        self.fields["name"].label = _("A name for this passkey")
        self.fields["name"].help_text = _(
            "So you can tell your passkeys apart, for example “My phone”."
        )
        self.fields["passwordless"].label = _("Sign in with this passkey alone")
        self.fields["passwordless"].help_text = _(
            "Your phone asks for its screen lock (fingerprint, face or PIN) instead of your "
            "password. Untick this only if your device has no screen lock."
        )
