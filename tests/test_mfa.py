"""The whole two-step sign-in journey of a coordinator, with allauth's real TOTP forms."""

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.urls import reverse

from tests.factories import TEST_PASSWORD


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(iter(yield_hotp_counters_from_time()))))


def test_coordinator_sets_up_totp_then_signs_in_with_a_code(world, client):
    coordinator = world.coordinator_a
    coordinator.authenticator_set.all().delete()
    manage = reverse("members:network_manage", args=[world.network_a.slug])

    client.post(reverse("account_login"), {"login": coordinator.email, "password": TEST_PASSWORD})
    assert client.get(manage)["Location"] == reverse("mfa_activate_totp")

    # allauth asks for the password again before an authenticator is added.
    assert client.get(reverse("mfa_activate_totp"))["Location"].startswith(
        reverse("account_reauthenticate")
    )
    client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    client.get(reverse("mfa_activate_totp"))
    secret = client.session[SECRET_SESSION_KEY]
    response = client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})
    assert response.status_code == 302
    kinds = set(coordinator.authenticator_set.values_list("type", flat=True))
    assert kinds == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}
    assert client.get(manage).status_code == 200

    client.post(reverse("account_logout"))
    response = client.post(
        reverse("account_login"), {"login": coordinator.email, "password": TEST_PASSWORD}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(manage).status_code == 302  # not signed in until the second step

    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200
    assert "_auth_user_id" not in client.session


def test_signing_in_with_the_authenticator_code_reaches_the_network(world, client):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    coordinator = world.coordinator_a
    coordinator.authenticator_set.all().delete()
    secret = generate_totp_secret()
    TOTP.activate(coordinator, secret)
    client.post(reverse("account_login"), {"login": coordinator.email, "password": TEST_PASSWORD})
    response = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert response.status_code == 302
    manage = reverse("members:network_manage", args=[world.network_a.slug])
    assert client.get(manage).status_code == 200
