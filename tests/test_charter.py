"""The charter and declarations: versions, import, signing, confirmation, pledges, new versions."""

import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.management import call_command
from django.db import OperationalError, connection, connections
from django_scopes import scopes_disabled

from members.enums import DocumentSlug, PartyKind, Role
from members.models import DocumentVersion, Signature
from members.queries import current_version
from members.queries.signatures import get_signature_by_token, organisation_has_pledge
from members.services.charter import (
    SignatureError,
    confirm_signature,
    create_document_version,
    make_version_current,
    sign_document,
)
from members.tasks import task_invite_to_sign_again
from members.texts import render_markdown, section_titles
from sanctuary.models import ActivityLog
from tests.conftest import skip_or_fail
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.factories.charter import DocumentVersionFactory, SignatureFactory

SEEDS = Path(settings.BASE_DIR).parent / "shared" / "seeds"

# An invented text in the shape of the real ones: short title lines, paragraphs, bullets.
OWN_TEXT = """Our Little Charter 2030

Why we gather

Neighbours meet in kitchens and libraries, and nobody is turned away at the door.

What we promise

We promise these things:
• to listen first
• to share what we have
1. one
2. two

<script>alert("no")</script>
"""


def test_import_charter_turns_plain_text_into_sections(db, tmp_path):
    path = tmp_path / "charter.txt"
    path.write_text(OWN_TEXT, encoding="utf-8")
    call_command("import_charter", path, "--title", "Our Little Charter 2030", "--period", "2030")
    version = DocumentVersion.objects.get(document=DocumentSlug.CHARTER)
    html = render_markdown(version.body)
    assert (version.number, version.is_current, version.period) == (1, True, "2030")
    assert [s["title"] for s in section_titles(version.body)] == [
        "Why we gather",
        "What we promise",
    ]
    assert '<h2 id="section-why-we-gather">Why we gather</h2>' in html
    assert "<li>to listen first</li>" in html
    assert html.count("<ol>") == 1
    assert "<script" not in html


def test_second_import_is_not_current_unless_asked(db, tmp_path):
    path = tmp_path / "charter.txt"
    path.write_text(OWN_TEXT, encoding="utf-8")
    call_command("import_charter", path, "--title", "First", "--period", "2020")
    call_command("import_charter", path, "--title", "Second", "--period", "2025")
    call_command("import_charter", path, "--title", "Third", "--period", "2030", "--make-current")
    versions = list(
        DocumentVersion.objects.order_by("number").values_list("title", "number", "is_current")
    )
    assert versions == [("First", 1, False), ("Second", 2, False), ("Third", 3, True)]


def test_markdown_is_sanitised(db):
    html = render_markdown(
        '# Hi\n\n[click](javascript:alert(1)) <img src=x onerror="alert(1)">'
        "<a href='https://example.org' onclick='x()'>ok</a>"
    )
    assert "javascript:" not in html
    assert "onerror" not in html and "<img" not in html
    assert "onclick" not in html
    assert 'href="https://example.org"' in html
    assert "<h2" in html and "<h1" not in html


@pytest.fixture
def seeds():
    if not SEEDS.is_dir():
        skip_or_fail(f"The movement's texts are not beside the checkout at {SEEDS}")
    return SEEDS


def test_import_of_the_charter_2026_2031_keeps_its_sections(db, seeds):
    call_command(
        "import_charter",
        seeds / "000_6c6835585e6a0b63.txt",
        "--title",
        "City of Sanctuary UK Charter 2026-2031",
        "--period",
        "2026-2031",
    )
    version = current_version(DocumentSlug.CHARTER)
    titles = [section["title"] for section in section_titles(version.body)]
    for expected in [
        "Vision",
        "Our Values",
        "Sanctuary Awards",
        "Sanctuary Ambassador Network",
        "Experts by Experience Advisory Group",
        "Our Pathway to Change",
    ]:
        assert titles.count(expected) == 1, expected
    # Page headers repeated in the source come through once.
    assert len(titles) == len(set(titles))
    html = render_markdown(version.body)
    assert html.count("<h2") == len(titles)
    assert html.count("<ul>") >= 3


def test_import_of_the_earlier_charter_keeps_its_sections_and_the_declaration(db, seeds):
    call_command(
        "import_charter",
        seeds / "000_6c6835585e6a0b63.txt",
        "--title",
        "City of Sanctuary UK Charter 2026-2031",
        "--period",
        "2026-2031",
    )
    call_command(
        "import_charter",
        seeds / "001_d31360af8fb476d4.txt",
        "--title",
        "City of Sanctuary Charter (earlier)",
    )
    earlier = DocumentVersion.objects.get(number=2)
    assert not earlier.is_current
    titles = [section["title"] for section in section_titles(earlier.body)]
    assert "Our Charter" in titles and "About Us" in titles
    html = render_markdown(earlier.body)
    # The Birmingham Declaration's five principles stay a numbered list of five.
    ordered = html.split("<ol>")[1].split("</ol>")[0]
    assert ordered.count("<li>") == 5
    assert html.count("<ul>") >= 2


def test_signing_without_an_account_waits_for_confirmation(
    charter, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        signature = sign_document(
            charter,
            actor=AnonymousUser(),
            name="Rana Example",
            email="Rana@Example.org",
            listed_publicly=True,
        )
    assert (signature.email, signature.is_confirmed) == ("rana@example.org", False)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["rana@example.org"]
    link = next(line for line in mail.outbox[0].body.splitlines() if "/charter/confirm/" in line)
    token = link.rstrip("/").rsplit("/", 1)[1]
    found = get_signature_by_token(token)
    assert found == signature
    confirm_signature(found, actor=AnonymousUser())
    signature.refresh_from_db()
    assert signature.is_confirmed
    with scopes_disabled():
        actions = list(ActivityLog.objects.order_by("pk").values_list("action", flat=True))
    assert actions[-2:] == ["members.signature.signed", "members.signature.confirmed"]


def test_signed_in_person_with_confirmed_address_counts_at_once(
    charter, django_capture_on_commit_callbacks
):
    person = UserFactory(email="kofi@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        signature = sign_document(charter, actor=person, name="Kofi", email="kofi@example.org")
    assert signature.is_confirmed
    assert signature.user == person
    assert mail.outbox == []


def test_signing_twice_gives_a_clear_message_and_no_duplicate(charter):
    sign_document(charter, actor=AnonymousUser(), name="Ana", email="ana@example.org")
    with pytest.raises(SignatureError, match="already signed this version"):
        sign_document(charter, actor=AnonymousUser(), name="Ana B", email="ANA@example.org ")
    assert Signature.objects.count() == 1


def test_the_same_person_may_sign_for_themselves_and_for_an_organisation(charter):
    sign_document(charter, actor=AnonymousUser(), name="Ana", email="ana@example.org")
    sign_document(
        charter,
        actor=AnonymousUser(),
        name="Ana",
        email="ana@example.org",
        party_kind=PartyKind.ORGANISATION,
        party_name="Hilltop  Bakery",
        role_title="Owner",
    )
    with pytest.raises(SignatureError, match="on behalf of Hilltop Bakery"):
        sign_document(
            charter,
            actor=AnonymousUser(),
            name="Ana",
            email="ana@example.org",
            party_kind=PartyKind.ORGANISATION,
            party_name="hilltop bakery",
        )
    assert Signature.objects.count() == 2


def test_the_database_refuses_a_duplicate_even_past_the_service(charter):
    SignatureFactory(version=charter, email="ana@example.org", party_key="individual")
    from django.db import IntegrityError, transaction

    with (
        pytest.raises(IntegrityError, match=r"UNIQUE constraint|duplicate key"),
        transaction.atomic(),
    ):
        SignatureFactory(version=charter, email="ana@example.org", party_key="individual")


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_signatures_make_one_row():
    """Two requests at the same moment: on PostgreSQL both pass the service's check, and the
    unique constraint makes the second insert fail; the service turns that into its message."""
    version = DocumentVersionFactory(is_current=True)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def sign():
        try:
            barrier.wait(timeout=10)
            sign_document(version, actor=AnonymousUser(), name="Twin", email="twin@example.org")
            outcomes.append("signed")
        except SignatureError:
            outcomes.append("already signed")
        except OperationalError:
            # SQLite locks the whole database instead; the row count below still holds.
            outcomes.append("locked")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sign) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert Signature.objects.filter(version=version).count() == 1
    if connection.vendor == "postgresql":
        assert sorted(outcomes) == ["already signed", "signed"]
    else:
        # SQLite serialises writers: the second may meet the lock instead of the constraint.
        assert len(outcomes) == 2


def test_only_contacts_sign_for_a_registered_organisation(charter):
    school = OrganisationFactory(name="Brook School")
    stranger = UserFactory()
    with pytest.raises(SignatureError, match="Only people who act for Brook School"):
        sign_document(
            charter,
            actor=stranger,
            name="S",
            email=stranger.email,
            party_kind=PartyKind.ORGANISATION,
            organisation=school,
        )


def test_only_coordinators_sign_for_a_registered_group(world, charter):
    with pytest.raises(SignatureError, match="Only the coordinators"):
        sign_document(
            charter,
            actor=world.member_a,
            name="Mo",
            email=world.member_a.email,
            party_kind=PartyKind.GROUP,
            group=world.network_a,
        )
    signature = sign_document(
        charter,
        actor=world.coordinator_a,
        name="Ada",
        email=world.coordinator_a.email,
        party_kind=PartyKind.GROUP,
        group=world.network_a,
        role_title="Coordinator",
    )
    assert (signature.party_name, signature.network) == (world.network_a.name, world.network_a)


def test_organisation_pledge_counts_once_confirmed_for_the_current_charter(world, charter):
    organisation = world.organisation_a
    assert organisation_has_pledge(organisation) is False
    signature = sign_document(
        charter,
        actor=world.contact_a,
        name="Cleo",
        email="cleo.other@example.org",  # not the account's confirmed address
        party_kind=PartyKind.ORGANISATION,
        organisation=organisation,
        role_title="Head teacher",
    )
    assert organisation_has_pledge(organisation) is False
    confirm_signature(signature, actor=world.contact_a)
    assert organisation_has_pledge(organisation) is True
    assert organisation_has_pledge(world.organisation_b) is False
    assert signature.network == world.network_a  # the organisation's local group


def test_new_current_version_invites_earlier_signatories_once(
    world, charter, django_capture_on_commit_callbacks
):
    sign_document(
        charter,
        actor=world.contact_a,
        name="Cleo",
        email=world.contact_a.email,
        party_kind=PartyKind.ORGANISATION,
        organisation=world.organisation_a,
    )
    welsh = SignatureFactory(version=charter, email="rhys@example.org", language="cy")
    SignatureFactory(version=charter, email="pending@example.org", confirmed_at=None)
    new = create_document_version(
        DocumentSlug.CHARTER, actor=world.staff, title="Test Charter II", body="# New\n\nText."
    )
    with django_capture_on_commit_callbacks(execute=True):
        make_version_current(new, actor=world.staff)
    assert sorted(message.to[0] for message in mail.outbox) == [
        "cleo@example.org",
        "rhys@example.org",
    ]
    # Rule 9: the earlier pledge keeps counting through the grace period (12 months by
    # default), while its signatory is invited to sign the new version.
    assert organisation_has_pledge(world.organisation_a) is True
    welsh.refresh_from_db()
    assert welsh.invited_for_version == new
    # Running the task again invites nobody twice.
    assert task_invite_to_sign_again(version_id=new.pk) == 0
    assert len(mail.outbox) == 2


def test_only_the_current_version_can_be_signed(charter):
    older = DocumentVersionFactory(is_current=False)
    with pytest.raises(SignatureError, match="can no longer be signed"):
        sign_document(older, actor=AnonymousUser(), name="A", email="a@example.org")


def test_one_current_version_per_document(charter, world):
    other = DocumentVersionFactory()
    make_version_current(other, actor=world.staff)
    charter.refresh_from_db()
    assert (charter.is_current, other.is_current) == (False, True)
    assert DocumentVersion.objects.filter(is_current=True).count() == 1


def test_group_coordinator_membership_needed_even_with_role_elsewhere(world, charter):
    MembershipFactory(network=world.network_b, user=world.member_a, role=Role.COORDINATOR)
    with pytest.raises(SignatureError, match=r"Only the coordinators of .+ can sign on its behalf"):
        sign_document(
            charter,
            actor=world.member_a,
            name="Mo",
            email=world.member_a.email,
            party_kind=PartyKind.GROUP,
            group=world.network_a,
        )


def test_one_address_gets_a_few_confirmation_e_mails_a_day_at_most(
    charter, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(3):
            sign_document(
                charter,
                actor=AnonymousUser(),
                name="Someone",
                email="victim@example.org",
                party_kind=PartyKind.ORGANISATION,
                party_name=f"Organisation {number}",
                role_title="Chair",
            )
        with pytest.raises(SignatureError, match="several confirmation e-mails"):
            sign_document(charter, actor=AnonymousUser(), name="S", email="victim@example.org")
    assert len(mail.outbox) == 3
