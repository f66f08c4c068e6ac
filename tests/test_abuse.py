"""Abuse resistance, the application half (issue 11, item 3): failed sign-ins slow an attacker
without locking the real person out; the sign-up, charter and add-member forms answer the same
whether or not an address has an account or has signed; a double click on the ambassador
registration is no error."""

import re
import threading

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.db import OperationalError, connection, connections
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from members.enums import PartyKind, Role
from members.models import Ambassador, Membership, MembershipInvitation, Signature, User
from members.services.invitations import InvitationError, accept_invitation
from members.services.lived_experience import register_ambassador
from tests.factories import TEST_PASSWORD, UserFactory
from tests.factories.charter import DocumentVersionFactory, SignatureFactory

ATTACKER = "198.51.100.7"
OWNER = "203.0.113.20"
TOO_MANY = "Too many failed login attempts"


def sign_in(client, email, password, ip):
    return client.post(
        reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=ip
    )


def test_wrong_passwords_from_one_place_do_not_lock_the_person_out_elsewhere(db, client):
    UserFactory(email="coordinator@example.org")
    answers = [sign_in(client, "coordinator@example.org", "wrong", ATTACKER) for _ in range(6)]
    assert TOO_MANY in answers[-1].content.decode()
    # The attacker's place stays slowed down, even with the right password...
    sign_in(client, "coordinator@example.org", TEST_PASSWORD, ATTACKER)
    assert "_auth_user_id" not in client.session
    # ...while the coordinator, from their own place, signs in.
    response = sign_in(client, "coordinator@example.org", TEST_PASSWORD, OWNER)
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def test_one_place_is_limited_across_addresses(db, client):
    for number in range(11):
        last = sign_in(client, f"guess{number}@example.org", "wrong", ATTACKER)
    assert TOO_MANY in last.content.decode()


# Sign-up -----------------------------------------------------------------------------------


def sign_up(client, email):
    return client.post(
        reverse("account_signup"),
        {
            "full_name": "Someone",
            "email": email,
            "password1": "a long and unusual passphrase",
            "password2": "a long and unusual passphrase",
        },
    )


def test_sign_up_answers_the_same_for_an_address_with_an_account(db, client):
    UserFactory(email="taken@example.org")
    taken = sign_up(client, "taken@example.org")
    client.cookies.clear()
    new = sign_up(client, "new@example.org")
    assert (taken.status_code, taken["Location"]) == (new.status_code, new["Location"])
    # Both addresses get an e-mail; only the new address gets an account.
    assert sorted(m.to[0] for m in mail.outbox) == ["new@example.org", "taken@example.org"]
    assert User.objects.filter(email="taken@example.org").count() == 1


class CountingHasher(MD5PasswordHasher):
    """Counts the passwords hashed: the slow step of a sign-up (PBKDF2 in production)."""

    algorithm = "counting_md5"
    hashed = 0

    def encode(self, password, salt):
        CountingHasher.hashed += 1
        return super().encode(password, salt)


@pytest.mark.parametrize("address", ["taken@example.org", "new@example.org"])
def test_sign_up_does_the_same_slow_work_whether_or_not_the_address_has_an_account(
    db, client, settings, address
):
    """Same time, not only the same words: both answers hash one password and send one
    e-mail, so a stopwatch cannot tell a known address from a new one."""
    UserFactory(email="taken@example.org")
    settings.PASSWORD_HASHERS = ["tests.test_abuse.CountingHasher"]
    CountingHasher.hashed = 0
    mail.outbox.clear()
    response = sign_up(client, address)
    assert response.status_code == 302
    assert (CountingHasher.hashed, [m.to for m in mail.outbox]) == (1, [[address]])


# The charter -------------------------------------------------------------------------------


def sign_charter(client, email):
    return client.post(
        reverse("members:charter_sign"),
        {"party_kind": PartyKind.INDIVIDUAL, "name": "Ana", "email": email},
        follow=True,
    )


def visible_text(response) -> str:
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(text.split())


def test_signing_again_answers_as_a_first_signature_and_emails_the_address(
    db, client, django_capture_on_commit_callbacks
):
    DocumentVersionFactory(is_current=True)
    with django_capture_on_commit_callbacks(execute=True):
        first = sign_charter(client, "ana@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        again = sign_charter(client, "ana@example.org")
    assert again.redirect_chain == first.redirect_chain
    assert "already signed" not in again.content.decode()
    assert visible_text(again) == visible_text(first)
    assert Signature.objects.count() == 1
    assert [m.subject for m in mail.outbox] == [
        "Please confirm your signature of the charter",
        "You have signed already",
    ]
    # The address is told, with the confirmation link again since it is still unconfirmed.
    assert "http" in mail.outbox[1].body


def test_confirmed_signature_signed_again_is_told_to_the_address_only(
    db, client, django_capture_on_commit_callbacks
):
    version = DocumentVersionFactory(is_current=True)
    SignatureFactory(version=version, email="kofi@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_charter(client, "kofi@example.org")
    assert "We have sent a link to kofi@example.org" in response.content.decode()
    assert [m.to for m in mail.outbox] == [["kofi@example.org"]]
    assert "The signature stands" in mail.outbox[0].body


# Adding a member ---------------------------------------------------------------------------


def add_member(client, world, email, role=Role.MEMBER):
    return client.post(
        reverse("members:membership_add", args=[world.network_a.slug]),
        {"email": email, "role": role},
        follow=True,
    )


def test_add_member_answers_the_same_whether_or_not_the_address_has_an_account(
    world, client, django_capture_on_commit_callbacks
):
    UserFactory(email="known@example.org")
    client.force_login(world.coordinator_a)
    with django_capture_on_commit_callbacks(execute=True):
        known = add_member(client, world, "known@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        unknown = add_member(client, world, "unknown@example.org")
    strip = lambda response: visible_text(response).replace("unknown@", "known@")  # noqa: E731
    assert strip(known) == strip(unknown)
    assert "We have sent an invitation to known@example.org" in known.content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == ["known@example.org", "unknown@example.org"]
    assert (
        mail.outbox[0].body.replace("unknown@", "known@").split("http")[0]
        == (mail.outbox[1].body.replace("unknown@", "known@").split("http")[0])
    )
    with scope(network=world.network_a):
        assert MembershipInvitation.objects.count() == 2
        assert not Membership.objects.filter(user__email="known@example.org").exists()


def test_invitation_is_accepted_only_with_the_invited_address(
    world, client, django_capture_on_commit_callbacks
):
    invited = UserFactory(email="invited@example.org")
    client.force_login(world.coordinator_a)
    with django_capture_on_commit_callbacks(execute=True):
        add_member(client, world, "invited@example.org", role=Role.PANELLIST)
    with scopes_disabled():
        invitation = MembershipInvitation.objects.get()
    with pytest.raises(InvitationError, match="another e-mail address"):
        accept_invitation(invitation, actor=world.member_a)
    path = re.search(r"/groups/invitations/\S+/", mail.outbox[0].body).group(0)
    client.force_login(invited)
    page = client.get(path).content.decode()
    assert "Your privacy as a panellist" in page
    client.post(path)
    with scope(network=world.network_a):
        membership = Membership.objects.get(user=invited, role=Role.PANELLIST)
    assert membership.agreed_at is not None


# A double click on the ambassador registration ---------------------------------------------


def test_registering_twice_updates_the_one_registration(db, client):
    person = UserFactory()
    client.force_login(person)
    for languages in ["Arabic", "Arabic, English"]:
        response = client.post(
            reverse("members:ambassador"), {"languages": languages, "roles_wanted": ["panels"]}
        )
        assert response.status_code == 302
    assert list(Ambassador.objects.values_list("user_id", "languages")) == [
        (person.pk, "Arabic, English")
    ]


@pytest.mark.django_db(transaction=True)
def test_two_registrations_at_once_make_one_and_no_error():
    """A double click: two requests at the same moment. On PostgreSQL the person's row lock
    puts them one after the other; the second updates the first's registration."""
    person = UserFactory()
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def register():
        try:
            barrier.wait(timeout=10)
            register_ambassador(person, actor=person, languages="Tigrinya")
            outcomes.append("registered")
        except OperationalError:
            outcomes.append("locked")  # SQLite locks the whole database instead
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    rows = Ambassador.objects.filter(user=person).count()
    if connection.vendor == "postgresql":
        assert (outcomes, rows) == (["registered", "registered"], 1)
    else:
        # SQLite locks the whole file: on a busy machine both may wait past its timeout. Never
        # two rows, and one as soon as either got through.
        assert rows == min(outcomes.count("registered"), 1)


def test_anonymous_signature_service_still_refuses_a_duplicate(db):
    from members.services.charter import AlreadySigned, sign_document

    version = DocumentVersionFactory(is_current=True)
    sign_document(version, actor=AnonymousUser(), name="Ana", email="ana@example.org")
    with pytest.raises(AlreadySigned, match=r"already signed this version"):
        sign_document(version, actor=AnonymousUser(), name="Ana", email="ana@example.org")
