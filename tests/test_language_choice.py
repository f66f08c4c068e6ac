"""The chosen language sticks: chosen on a page before signing in, it becomes the person's saved
preference at sign-in (never the other way round), and e-mails follow the saved preference."""

from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django_scopes import scopes_disabled

from members.enums import AmbassadorStatus
from members.models import Ambassador
from members.services.lived_experience import register_ambassador
from sanctuary.models import ActivityLog
from tests.factories import TEST_PASSWORD


def sign_in(client, user):
    return client.post(reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD})


def language_changes():
    with scopes_disabled():
        return list(
            ActivityLog.objects.filter(action="members.user.language_changed").values_list(
                "actor__email", "data"
            )
        )


def test_language_chosen_before_signing_in_becomes_the_preference(world, client):
    member = world.member_a
    assert member.preferred_language == "en"
    client.post(reverse("set_language"), {"language": "ar", "next": "/"})
    sign_in(client, member)
    member.refresh_from_db()
    assert member.preferred_language == "ar"
    assert language_changes() == [
        (member.email, {"preferred_language": {"old": "en", "new": "ar"}})
    ]
    page = client.get(reverse("members:dashboard")).content.decode()
    assert '<html lang="ar" dir="rtl">' in page


def test_the_saved_preference_does_not_override_a_fresh_choice(world, client):
    member = world.member_a
    member.preferred_language = "cy"
    member.save(update_fields=["preferred_language"])
    client.post(reverse("set_language"), {"language": "ti", "next": "/"})
    sign_in(client, member)
    member.refresh_from_db()
    assert member.preferred_language == "ti"
    assert '<html lang="ti" dir="ltr">' in client.get(reverse("home")).content.decode()


def test_signing_in_without_choosing_keeps_the_saved_preference(world, client):
    member = world.member_a
    member.preferred_language = "uk"
    member.save(update_fields=["preferred_language"])
    # The browser's own languages are a guess, not a choice.
    sign_in(client, member)
    client.get(reverse("home"), headers={"accept-language": "fa"})
    member.refresh_from_db()
    assert member.preferred_language == "uk"
    assert language_changes() == []
    page = client.get(reverse("home"), headers={"accept-language": "fa"}).content.decode()
    assert '<html lang="uk" dir="ltr">' in page


def test_choosing_the_saved_language_again_logs_nothing(world, client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    sign_in(client, world.member_a)
    assert language_changes() == []


def test_a_signed_in_person_switching_language_saves_it(world, client):
    member = world.member_a
    sign_in(client, member)
    client.post(reverse("set_language"), {"language": "fa", "next": "/"})
    member.refresh_from_db()
    assert member.preferred_language == "fa"
    assert language_changes() == [
        (member.email, {"preferred_language": {"old": "en", "new": "fa"}})
    ]


def test_emails_follow_the_language_chosen_at_sign_in(
    world, client, django_capture_on_commit_callbacks
):
    member = world.member_a
    client.post(reverse("set_language"), {"language": "ar", "next": "/"})
    sign_in(client, member)
    register_ambassador(member, actor=member, languages="Arabic")
    ambassador = Ambassador.objects.get()

    # Staff approve from an English page; the e-mail still goes out in her language.
    staff_client = Client()
    staff_client.force_login(world.staff)
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            reverse("members:staff_ambassador_status", args=[ambassador.pk]),
            {"status": AmbassadorStatus.APPROVED},
        )
    with translation.override("ar"):
        subject = translation.gettext("Welcome to the Sanctuary Ambassador Network")
    assert subject != "Welcome to the Sanctuary Ambassador Network"
    assert [(message.to, message.subject) for message in mail.outbox] == [([member.email], subject)]
