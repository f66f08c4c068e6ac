"""Privacy people can exercise (issue 11, item 6): download everything held about you, delete
your account (anonymised in the history), retention of what nobody needs, the privacy notice,
and consent records."""

import datetime
import json

from allauth.account.models import EmailAddress
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from members.enums import PRIVACY_NOTICE_VERSION, Role
from members.models import (
    ApiToken,
    Consent,
    Membership,
    MembershipInvitation,
    Signature,
    User,
)
from members.services.api_tokens import create_api_token
from members.services.charter import sign_document
from members.services.privacy import ANONYMOUS_NAME, apply_retention, delete_account
from sanctuary.celery import app
from tests.factories import TEST_PASSWORD, StreamFactory, UserFactory
from tests.factories.awards import (
    coordinator,
    panel_in_review,
    scheme_with_criteria,
    submit_review,
    submitted_application,
)
from tests.factories.charter import DocumentVersionFactory, SignatureFactory


def test_a_person_downloads_everything_held_about_them(world, client):
    SignatureFactory(email=world.coordinator_a.email, user=world.coordinator_a)
    client.force_login(world.coordinator_a)
    response = client.get(reverse("members:my_data_download"))
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["profile"]["email"] == "ada@example.org"
    assert {role["network"] for role in data["roles"]} == {
        world.network_a.name,
        world.stream.name,
    }
    assert len(data["signatures"]) == 1
    assert "award_applications" in data and "panel_seats" in data
    page = client.get(reverse("members:my_data")).content.decode()
    assert "Ada Coordinator" in page
    assert "Your roles in networks" in page


def test_deleting_the_account_anonymises_the_person_and_keeps_the_reviews(db, client):
    scheme = scheme_with_criteria(StreamFactory(slug="schools"), name="School of Sanctuary")
    chair = coordinator(scheme.network)
    application = submitted_application(scheme)
    seats = panel_in_review(application, chair=chair)
    review = submit_review(seats[0])
    person = seats[0].panellist
    create_api_token(person, actor=person, name="Script")
    client.force_login(person)
    refused = client.post(reverse("members:delete_account"), {"password": "not it"})
    assert refused.status_code == 302
    assert User.objects.get(pk=person.pk).anonymised_at is None
    client.post(reverse("members:delete_account"), {"password": TEST_PASSWORD})
    gone = User.objects.get(pk=person.pk)
    assert (gone.full_name, gone.is_active, gone.has_usable_password()) == (
        ANONYMOUS_NAME,
        False,
        False,
    )
    assert gone.email == f"deleted-{person.pk}@anonymised.invalid"
    assert gone.anonymised_at is not None
    assert not EmailAddress.objects.filter(user=gone).exists()
    assert not gone.authenticator_set.exists()
    assert not ApiToken.objects.filter(user=gone, revoked_at__isnull=True).exists()
    with scopes_disabled():
        assert not Membership.objects.filter(user=gone).exists()
        review.refresh_from_db()
        assert review.assignment.panellist_id == gone.pk  # the review stays, the name goes
    assert "_auth_user_id" not in client.session
    # Signing in again is impossible.
    client.post(reverse("account_login"), {"login": person.email, "password": TEST_PASSWORD})
    assert "_auth_user_id" not in client.session


def test_two_deleted_accounts_have_distinct_addresses(db):
    one, two = UserFactory(), UserFactory()
    delete_account(one, actor=one)
    delete_account(two, actor=two)
    assert User.objects.get(pk=one.pk).email != User.objects.get(pk=two.pk).email


def test_retention_removes_old_unconfirmed_signatures_invitations_and_tokens(world, settings):
    settings.SANCTUARY_RETENTION_UNCONFIRMED_DAYS = 30
    settings.SANCTUARY_RETENTION_INVITATION_DAYS = 30
    settings.SANCTUARY_RETENTION_TOKEN_DAYS = 90
    long_ago = timezone.now() - datetime.timedelta(days=120)
    old = SignatureFactory(confirmed_at=None, email="old@example.org")
    recent = SignatureFactory(confirmed_at=None, email="recent@example.org")
    confirmed = SignatureFactory(email="kept@example.org")
    Signature.objects.filter(pk__in=[old.pk, confirmed.pk]).update(signed_at=long_ago)
    with scope(network=world.network_a):
        expired = MembershipInvitation.objects.create(
            network=world.network_a, email="x@example.org", role=Role.MEMBER, expires_at=long_ago
        )
        open_one = MembershipInvitation.objects.create(
            network=world.network_a,
            email="y@example.org",
            role=Role.MEMBER,
            expires_at=timezone.now() + datetime.timedelta(days=3),
        )
    token, _secret = create_api_token(world.member_a, actor=world.member_a, name="Old")
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=long_ago)
    assert apply_retention() == {
        "unconfirmed_signatures": 1,
        "expired_invitations": 1,
        "revoked_api_tokens": 1,
        "idle_drafts": 0,
    }
    assert set(Signature.objects.values_list("pk", flat=True)) == {recent.pk, confirmed.pk}
    with scopes_disabled():
        assert list(MembershipInvitation.objects.values_list("pk", flat=True)) == [open_one.pk]
        assert expired.pk not in MembershipInvitation.objects.values_list("pk", flat=True)
    assert not ApiToken.objects.filter(pk=token.pk).exists()
    assert apply_retention() == {
        "unconfirmed_signatures": 0,
        "expired_invitations": 0,
        "revoked_api_tokens": 0,
        "idle_drafts": 0,
    }


def test_the_beat_applies_retention_daily():
    entry = app.conf.beat_schedule["retention"]
    assert entry["task"] == "members.tasks.task_apply_retention"
    assert entry["schedule"].day_of_week == set(range(7))


def test_the_privacy_notice_is_public_and_linked_from_the_footer_and_sign_up(db, client):
    notice = client.get(reverse("members:privacy_notice")).content.decode()
    assert "Lived experience of seeking sanctuary" in notice
    assert PRIVACY_NOTICE_VERSION in notice
    link = f'href="{reverse("members:privacy_notice")}"'
    assert link in client.get(reverse("home")).content.decode()
    assert "how we look after your data" in client.get(reverse("account_signup")).content.decode()


def test_consents_record_when_and_to_which_words(db, client):
    version = DocumentVersionFactory(is_current=True)
    sign_document(
        version,
        actor=AnonymousUser(),
        name="Ana",
        email="Ana@example.org",
        listed_publicly=True,
    )
    sign_document(
        version,
        actor=AnonymousUser(),
        name="Ben",
        email="ben@example.org",
        listed_publicly=False,
    )
    client.post(
        reverse("account_signup"),
        {
            "full_name": "Cai",
            "email": "cai@example.org",
            "password1": "a long and unusual passphrase",
            "password2": "a long and unusual passphrase",
        },
    )
    assert sorted(Consent.objects.values_list("email", "kind", "text_version")) == [
        ("ana@example.org", "public_listing", PRIVACY_NOTICE_VERSION),
        ("cai@example.org", "email", PRIVACY_NOTICE_VERSION),
    ]
