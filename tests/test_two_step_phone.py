"""Two-step sign-in on one phone: a passkey offered first and counted as the second step, the
authenticator secret as text and as a link, printable recovery codes, allauth's passkey scripts
allowed by the strict policy, and the password asked again only where it protects something."""

import re

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from django.urls import reverse
from django.utils import translation

from members.queries import user_has_mfa
from tests.factories import TEST_PASSWORD
from tests.factories.passkeys import give_passkey

SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)


def signed_in_and_confirmed(client, user):
    """Signed in, and the password typed again a moment ago (allauth's reauthentication)."""
    client.force_login(user)
    client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})


def executable_inline_scripts(html: str) -> list[str]:
    """Script tags a browser would run that do not come from a file: the policy blocks them."""
    found = []
    for attributes in SCRIPT_TAG.findall(html):
        if "src=" in attributes or 'type="application/json"' in attributes:
            continue
        found.append(attributes)
    return found


def test_a_passkey_counts_as_the_second_step(world, client):
    coordinator = world.coordinator_a
    coordinator.authenticator_set.all().delete()
    assert user_has_mfa(coordinator) is False
    give_passkey(coordinator)
    assert user_has_mfa(coordinator) is True
    client.force_login(coordinator)
    response = client.get(reverse("members:network_manage", args=[world.network_a.slug]))
    assert response.status_code == 200


def test_recovery_codes_alone_are_not_a_second_step(world):
    coordinator = world.coordinator_a
    coordinator.authenticator_set.all().delete()
    RecoveryCodes.activate(coordinator)
    assert user_has_mfa(coordinator) is False


def test_set_up_page_offers_a_passkey_first_then_the_secret_as_text_and_a_link(world, client):
    coordinator = world.coordinator_a
    coordinator.authenticator_set.all().delete()
    signed_in_and_confirmed(client, coordinator)
    response = client.get(reverse("mfa_activate_totp"))
    text = response.content.decode()
    secret = client.session[SECRET_SESSION_KEY]
    assert response.status_code == 200
    assert text.index(reverse("mfa_add_webauthn")) < text.index('id="totp-secret"')
    assert f'<code id="totp-secret" class="secret" dir="ltr" translate="no">{secret}</code>' in text
    assert 'data-copy-from="totp-secret"' in text
    assert 'href="otpauth://totp/' in text
    assert f"secret={secret}" in text
    assert executable_inline_scripts(text) == []


def test_two_step_page_lists_passkeys_before_the_app_and_codes(world, client):
    client.force_login(world.member_a)
    text = client.get(reverse("mfa_index")).content.decode()
    assert text.index('id="passkeys-heading"') < text.index('id="totp-heading"')
    assert text.index('id="totp-heading"') < text.index('id="codes-heading"')
    assert reverse("mfa_add_webauthn") in text


def test_recovery_codes_page_can_be_printed(world, client):
    member = world.member_a
    give_passkey(member)
    codes = RecoveryCodes.activate(member)
    signed_in_and_confirmed(client, member)
    response = client.get(reverse("mfa_view_recovery_codes"))
    text = response.content.decode()
    assert response.status_code == 200
    for code in codes.get_unused_codes():
        assert f"<li><code>{code}</code></li>" in text
    assert 'href="/static/css/print.css" media="print"' in text
    assert "data-print hidden" in text
    assert executable_inline_scripts(text) == []


@pytest.mark.parametrize("name", ["mfa_add_webauthn", "mfa_list_webauthn"])
def test_passkey_pages_run_only_scripts_from_files(world, client, name):
    signed_in_and_confirmed(client, world.member_a)
    response = client.get(reverse(name))
    text = response.content.decode()
    assert response.status_code == 200
    assert executable_inline_scripts(text) == []
    if name == "mfa_add_webauthn":
        assert '<script src="/static/mfa/js/webauthn.js">' in text
        assert '<script id="js_data" type="application/json">' in text


def test_sign_in_page_offers_a_passkey_with_allauths_script(db, client):
    text = client.get(reverse("account_login")).content.decode()
    assert 'id="passkey_login"' in text
    assert '<script src="/static/mfa/js/webauthn.js">' in text
    assert 'data-allauth-onload="allauth.webauthn.forms.loginForm"' in text
    assert executable_inline_scripts(text) == []


def test_second_step_page_offers_the_passkey_first(world, client):
    coordinator = world.coordinator_a
    give_passkey(coordinator)
    client.post(reverse("account_login"), {"login": coordinator.email, "password": TEST_PASSWORD})
    text = client.get(reverse("mfa_authenticate")).content.decode()
    assert text.index('id="mfa_webauthn_authenticate"') < text.index('name="code"')
    assert executable_inline_scripts(text) == []


def test_adding_a_passkey_asks_for_the_password_again(world, client):
    client.post(
        reverse("account_login"), {"login": world.member_a.email, "password": TEST_PASSWORD}
    )
    response = client.get(reverse("mfa_add_webauthn"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))


def test_adding_an_email_address_asks_for_the_password_again(world, client):
    client.post(
        reverse("account_login"), {"login": world.member_a.email, "password": TEST_PASSWORD}
    )
    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "other@example.org"}
    )
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert world.member_a.emailaddress_set.filter(email="other@example.org").exists() is False


def test_viewing_the_two_step_page_asks_nothing_more(world, client):
    client.post(
        reverse("account_login"), {"login": world.member_a.email, "password": TEST_PASSWORD}
    )
    response = client.get(reverse("mfa_index"))
    assert response.status_code == 200


@pytest.mark.parametrize("language", ["cy", "ar", "fa", "ckb", "uk", "ti"])
def test_two_step_pages_are_translated(world, client, language):
    client.cookies["django_language"] = language
    member = world.member_a
    member.preferred_language = language
    member.save(update_fields=["preferred_language"])
    signed_in_and_confirmed(client, member)
    for name in ["mfa_index", "mfa_activate_totp", "mfa_add_webauthn"]:
        text = client.get(reverse(name)).content.decode()
        with translation.override(language):
            heading = {
                "mfa_index": translation.gettext("Two-step sign-in"),
                "mfa_activate_totp": translation.gettext("Set up two-step sign-in"),
                "mfa_add_webauthn": translation.gettext("Add a passkey"),
            }[name]
        assert f"<h1>{heading}</h1>" in text
        assert heading not in {"Two-step sign-in", "Set up two-step sign-in", "Add a passkey"}
