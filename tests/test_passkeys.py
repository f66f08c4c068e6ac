"""A panellist adds a passkey and signs in with it, in headless Chromium with its virtual
authenticator (a phone's built-in passkey store, simulated through the DevTools protocol).

allauth's own scripts run the WebAuthn ceremony under the strict policy (script-src 'self'):
any policy violation the page reports fails the test. WebAuthn needs a secure context and an
RP ID that is a domain: the live server answers on localhost, which is both, and allauth takes
the RP ID from the request's host.
"""

import os
from urllib.parse import urlparse

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from members.enums import Role
from tests.factories import TEST_PASSWORD, MembershipFactory, UserFactory

pytestmark = pytest.mark.browser

# Playwright's sync API runs an event loop in this thread; the ORM calls here are test setup.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def add_virtual_authenticator(context, page):
    """A phone's built-in authenticator: it keeps passkeys and checks the person (UV)."""
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    added = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return cdp, added["authenticatorId"]


def policy_violations(page) -> list[str]:
    """Collects what the strict Content Security Policy blocked on this page."""
    found: list[str] = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.on("pageerror", lambda error: found.append(f"script error: {error}"))
    return found


def test_panellist_adds_a_passkey_then_signs_in_with_it(browser, live_server, world):
    assert urlparse(live_server.url).hostname == "localhost"
    panellist = UserFactory(full_name="Pia Panellist", email="pia@example.org")
    MembershipFactory(network=world.network_a, user=panellist, role=Role.PANELLIST)

    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    cdp, authenticator_id = add_virtual_authenticator(context, page)
    blocked = policy_violations(page)
    try:
        # Signed in with the password, the panellist is sent to set up a second step; allauth
        # asks for the password once more before a sign-in method is added (settings.py says
        # why), and then the passkey is the first thing offered.
        page.goto(live_server.url + reverse("account_login"))
        page.fill("#id_login", panellist.email)
        page.fill("#id_password", TEST_PASSWORD)
        page.locator("#id_password").press("Enter")
        page.wait_for_url(f"**{reverse('account_reauthenticate')}**")
        page.fill("#id_password", TEST_PASSWORD)
        page.locator("#id_password").press("Enter")
        page.wait_for_url(f"**{reverse('mfa_activate_totp')}")
        page.get_by_role("link", name="Add a passkey").click()
        page.wait_for_url(f"**{reverse('mfa_add_webauthn')}")
        assert page.locator("#id_passwordless").is_checked()
        page.get_by_role("button", name="Create the passkey").click()
        page.wait_for_url(f"**{reverse('mfa_view_recovery_codes')}")
        assert page.locator(".recovery-codes li").count() == 10
        assert page.get_by_role("button", name="Print these codes").is_visible()

        passkeys = Authenticator.objects.filter(user=panellist, type=Authenticator.Type.WEBAUTHN)
        assert passkeys.count() == 1
        assert passkeys.get().wrap().is_passwordless is True
        stored = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})
        assert len(stored["credentials"]) == 1
        assert stored["credentials"][0]["isResidentCredential"] is True

        # Signed out, then in again with the passkey alone: no password, no code.
        page.get_by_role("button", name="Sign out").click()
        page.wait_for_load_state()
        page.goto(live_server.url + reverse("account_login"))
        page.get_by_role("button", name="Sign in with a passkey").click()
        page.wait_for_url(f"**{reverse('members:dashboard')}")
        manage = reverse("awards:my_applications")
        page.goto(live_server.url + manage)
        assert page.url == live_server.url + manage  # no detour to set up a second step
        assert page.get_by_role("button", name="Sign out").is_visible()
        assert blocked == []
    finally:
        context.close()
