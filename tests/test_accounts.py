from allauth.account.models import EmailAddress
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django_scopes import scopes_disabled

from members.models import User
from sanctuary.models import ActivityLog
from tests.factories import TEST_PASSWORD, UserFactory


def test_signup_creates_user_in_chosen_language_and_sends_verification(db, client):
    client.cookies["django_language"] = "cy"
    response = client.post(
        reverse("account_signup"),
        {
            "full_name": "Rhian Example",
            "email": "Rhian@Example.org",
            "password1": "a long and unusual passphrase",
            "password2": "a long and unusual passphrase",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="rhian@example.org")
    assert (user.full_name, user.preferred_language) == ("Rhian Example", "cy")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["rhian@example.org"]
    with scopes_disabled():
        assert ActivityLog.objects.filter(action="members.user.registered").count() == 1


def test_signup_with_mismatched_passwords_keeps_what_was_typed(db, client):
    response = client.post(
        reverse("account_signup"),
        {
            "full_name": "Rhian Example",
            "email": "rhian@example.org",
            "password1": "a long and unusual passphrase",
            "password2": "something else entirely",
        },
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert 'value="rhian@example.org"' in text
    assert 'value="Rhian Example"' in text
    assert User.objects.count() == 0


def test_unverified_email_cannot_sign_in(db, client):
    user = UserFactory(email="new@example.org")
    EmailAddress.objects.filter(user=user).update(verified=False)
    response = client.post(
        reverse("account_login"), {"login": "new@example.org", "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_verified_person_signs_in(db, client):
    UserFactory(email="ok@example.org")
    response = client.post(
        reverse("account_login"), {"login": "ok@example.org", "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("members:dashboard")


def test_failed_logins_are_rate_limited(db, client):
    UserFactory(email="target@example.org")
    url = reverse("account_login")
    responses = [
        client.post(url, {"login": "target@example.org", "password": "wrong"}) for _ in range(6)
    ]
    assert "Too many failed login attempts" not in responses[0].content.decode()
    assert "Too many failed login attempts" in responses[-1].content.decode()
    # Even the right password is refused while the limit holds.
    client.post(url, {"login": "target@example.org", "password": TEST_PASSWORD})
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_mail(db, client):
    UserFactory(email="forgot@example.org")
    client.post(reverse("account_reset_password"), {"email": "forgot@example.org"})
    assert len(mail.outbox) == 1
    assert "forgot@example.org" in mail.outbox[0].to


def test_coordinator_without_mfa_is_sent_to_set_it_up(world, client):
    world.coordinator_a.authenticator_set.all().delete()
    client.force_login(world.coordinator_a)
    response = client.get(reverse("members:network_manage", args=[world.network_a.slug]))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_staff_without_mfa_cannot_reach_the_admin(world, client):
    world.staff.authenticator_set.all().delete()
    client.force_login(world.staff)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_supporter_needs_no_mfa(world, client):
    client.force_login(world.member_a)
    response = client.get(reverse("members:dashboard"))
    assert response.status_code == 200
    assert "Alphaville City of Sanctuary" in response.content.decode()


@override_settings(SANCTUARY_REQUIRE_MFA=False)
def test_demo_setting_lets_coordinator_through_without_mfa(world, client):
    world.coordinator_a.authenticator_set.all().delete()
    client.force_login(world.coordinator_a)
    response = client.get(reverse("members:network_manage", args=[world.network_a.slug]))
    assert response.status_code == 200


def test_admin_is_404_or_login_for_non_staff(world, client):
    client.force_login(world.member_a)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_language_switch_is_kept_on_the_person(world, client):
    client.force_login(world.member_a)
    client.post(reverse("set_language"), {"language": "ar", "next": "/"})
    world.member_a.refresh_from_db()
    assert world.member_a.preferred_language == "ar"
    response = client.get(reverse("home"))
    assert '<html lang="ar" dir="rtl">' in response.content.decode()


def test_profile_keeps_lived_experience_private_in_the_log(world, client):
    client.force_login(world.member_a)
    client.post(
        reverse("members:profile"),
        {"full_name": "Mo Member", "preferred_language": "en", "has_lived_experience": "on"},
    )
    world.member_a.refresh_from_db()
    assert world.member_a.has_lived_experience is True
    with scopes_disabled():
        entry = ActivityLog.objects.get(action="members.user.profile_changed")
    assert entry.data == {"has_lived_experience": {"old": "(private)", "new": "(private)"}}
