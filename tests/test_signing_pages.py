"""Signing pages, confirmation, the public lists and the staff export, as people use them."""

import csv
import io

import pytest
from django.core import mail
from django.urls import reverse

from members.enums import DocumentSlug, PartyKind
from members.models import DocumentVersion, Signature
from members.queries.signatures import organisation_has_pledge
from members.services.charter import (
    confirm_signature,
    create_document_version,
    make_version_current,
    sign_document,
)
from tests.factories import UserFactory
from tests.factories.charter import DocumentVersionFactory, SignatureFactory
from tests.factories.exports import ready_export
from tests.factories.queries import count_queries


# Not conftest's charter: the contents list below needs two headings.
@pytest.fixture
def charter(db) -> DocumentVersion:
    return create_document_version(
        DocumentSlug.CHARTER,
        actor=None,
        title="Test Charter",
        period="2030-2035",
        body="# Welcome first\n\nAn invented text.\n\n# Justice too\n\nMore.",
        make_current=True,
    )


@pytest.fixture
def declaration(db) -> DocumentVersion:
    return create_document_version(
        DocumentSlug.DECLARATION,
        actor=None,
        title="Test Declaration",
        body="1. first invented principle\n2. second invented principle\n",
        make_current=True,
    )


def confirmation_path(message) -> str:
    line = next(line for line in message.body.splitlines() if "/charter/confirm/" in line)
    return line[line.index("/charter/confirm/") :]


def test_charter_page_shows_the_text_and_its_contents(charter, client):
    text = client.get(reverse("members:charter")).content.decode()
    assert "<h1" in text and "Test Charter" in text
    assert '<a href="#section-welcome-first">Welcome first</a>' in text
    assert reverse("members:charter_sign") in text


def test_welsh_reader_sees_the_welsh_translation(charter, client, world):
    client.force_login(world.staff)
    client.post(
        reverse("members:staff_version_translate", args=[charter.pk]),
        {"language": "cy", "title": "Siarter Prawf", "body": "# Croeso\n\nTestun."},
    )
    client.logout()
    client.cookies["django_language"] = "cy"
    text = client.get(reverse("members:charter")).content.decode()
    assert "Siarter Prawf" in text and "Croeso" in text
    client.cookies["django_language"] = "en"
    assert "Siarter Prawf" not in client.get(reverse("members:charter")).content.decode()


def test_a_newcomer_signs_confirms_and_finds_their_name(
    charter, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("members:charter_sign"),
            {
                "party_kind": PartyKind.INDIVIDUAL,
                "name": "Amira Newcomer",
                "email": "amira@example.org",
                "listed_publicly": "on",
            },
        )
    assert response.status_code == 302
    listing = reverse("members:charter_signatories")
    assert "Amira Newcomer" not in client.get(listing).content.decode()
    path = confirmation_path(mail.outbox[0])
    page = client.get(path).content.decode()
    assert "Confirm my signature" in page
    assert Signature.objects.get().is_confirmed is False  # opening the link is not enough
    response = client.post(path)
    assert response["Location"] == listing
    assert "Amira Newcomer" in client.get(listing).content.decode()


def test_signing_for_a_school_by_its_contact_is_its_pledge(
    charter, client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.contact_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("members:charter_sign"),
            {
                "party_kind": PartyKind.ORGANISATION,
                "name": "Cleo Contact",
                "email": world.contact_a.email,
                "organisation": world.organisation_a.pk,
                "role_title": "Head teacher",
                "listed_publicly": "on",
            },
        )
    assert response["Location"] == reverse("members:charter_signatories")
    assert mail.outbox == []  # the account's confirmed address needs no link
    assert organisation_has_pledge(world.organisation_a) is True
    text = client.get(reverse("members:charter_signatories")).content.decode()
    assert "Alpha Primary" in text and "Head teacher" in text


def test_signing_again_shows_a_clear_message_and_keeps_what_was_typed(charter, client):
    # Said only to the owner of the address, signed in with it confirmed: anyone else gets
    # the answer a new signature gets (tests/test_abuse.py), so the form tells no one who
    # has signed (issue 11, item 3).
    client.force_login(UserFactory(email="twice@example.org"))
    SignatureFactory(version=charter, email="twice@example.org")
    response = client.post(
        reverse("members:charter_sign"),
        {"party_kind": PartyKind.INDIVIDUAL, "name": "Twice Person", "email": "twice@example.org"},
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "You have already signed this version with this e-mail address." in text
    assert 'value="Twice Person"' in text
    assert Signature.objects.count() == 1


def test_organisation_without_a_name_gets_a_message_beside_the_field(charter, client):
    response = client.post(
        reverse("members:charter_sign"),
        {"party_kind": PartyKind.ORGANISATION, "name": "Pat", "email": "pat@example.org"},
    )
    text = response.content.decode()
    assert 'id="id_party_name_error"' in text
    assert "Please give the organisation" in text
    assert 'id="id_role_title_error"' in text
    assert 'value="pat@example.org"' in text
    assert Signature.objects.count() == 0


def test_invalid_confirmation_link_says_so(charter, client):
    response = client.get(reverse("members:signature_confirm", args=["not-a-real-token"]))
    assert response.status_code == 404
    assert "This link is not valid" in response.content.decode()


def test_public_list_respects_consent_and_shows_earlier_versions(charter, client, world):
    SignatureFactory(version=charter, name="Listed Lucy", network=world.network_a)
    SignatureFactory(version=charter, name="Private Pete", listed_publicly=False)
    SignatureFactory(version=charter, name="Pending Polly", confirmed_at=None)
    older = DocumentVersionFactory(title="Old Charter")
    SignatureFactory(version=older, name="Early Ed", email="ed@example.org")
    # Someone who signed both versions appears once, with the current one.
    SignatureFactory(version=older, name="Both Bea", email="bea@example.org")
    SignatureFactory(version=charter, name="Both Bea", email="bea@example.org")
    response = client.get(reverse("members:charter_signatories"))
    text = response.content.decode()
    names = [signature.name for signature in response.context["signatures"]]
    assert sorted(names) == ["Both Bea", "Early Ed", "Listed Lucy"]
    assert "Private Pete" not in text and "Pending Polly" not in text
    assert "Signed an earlier version" in text
    counts = {row["network__slug"]: row["count"] for row in response.context["counts"]}
    assert counts == {"alphaville": 1, None: 3}  # Pete counts, unnamed; Polly is unconfirmed


def test_public_list_search_filters_by_name_kind_and_group(charter, client, world):
    SignatureFactory(version=charter, name="Listed Lucy", network=world.network_a)
    SignatureFactory(version=charter, name="Private Lucy", listed_publicly=False)
    SignatureFactory(
        version=charter,
        name="Signer",
        party_kind=PartyKind.ORGANISATION,
        party_key="organisation-name:lucy's cafe",
        party_name="Lucy's Cafe",
    )
    url = reverse("members:charter_signatories")

    def names(query):
        response = client.get(url, query)
        return sorted(signature.display_name for signature in response.context["signatures"])

    assert names({"q": "lucy"}) == ["Listed Lucy", "Lucy's Cafe"]
    assert names({"q": "lucy", "kind": PartyKind.ORGANISATION}) == ["Lucy's Cafe"]
    assert names({"network": "alphaville"}) == ["Listed Lucy"]
    assert names({"q": "signer"}) == []  # an organisation's signer is not listed by name


def test_endorsers_list_shows_only_declaration_endorsers(charter, declaration, client):
    SignatureFactory(version=declaration, name="Endorsing Emma")
    SignatureFactory(version=declaration, name="Quiet Quentin", listed_publicly=False)
    SignatureFactory(version=charter, name="Charter Only Carl")
    text = client.get(reverse("members:declaration_endorsers")).content.decode()
    assert "Endorsing Emma" in text
    assert "Quiet Quentin" not in text and "Charter Only Carl" not in text


def test_endorsing_the_declaration(declaration, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("members:declaration_endorse"),
            {
                "party_kind": PartyKind.ORGANISATION,
                "name": "Omar",
                "email": "omar@example.org",
                "party_name": "Riverside Mosque",
                "role_title": "Trustee",
                "listed_publicly": "on",
            },
        )
    client.post(confirmation_path(mail.outbox[0]))
    assert "Please confirm your endorsement" in mail.outbox[0].subject
    text = client.get(reverse("members:declaration_endorsers")).content.decode()
    assert "Riverside Mosque" in text


def test_staff_export_lists_only_people_who_agreed(charter, client, world):
    SignatureFactory(version=charter, name="Listed Lucy", email="lucy@example.org")
    SignatureFactory(version=charter, name="Private Pete", listed_publicly=False)
    SignatureFactory(version=charter, name="=HYPERLINK(1)")
    ready_export(world.staff)  # made by a worker (tests/test_signatory_exports.py)
    client.force_login(world.staff)
    response = client.get(reverse("members:staff_signatories_export"))
    text = b"".join(response.streaming_content).decode()  # the stored file, as it is
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "name"
    assert sorted(row[0] for row in rows[1:]) == ["'=HYPERLINK(1)", "Listed Lucy"]
    assert "Private Pete" not in text
    assert "lucy@example.org" not in text


def test_staff_export_is_staff_only(charter, client, world):
    client.force_login(world.coordinator_a)
    assert client.get(reverse("members:staff_signatories_export")).status_code == 404


def test_staff_add_a_version_and_make_it_current(charter, client, world):
    client.force_login(world.staff)
    response = client.post(
        reverse("members:staff_version_new"),
        {
            "document": DocumentSlug.CHARTER,
            "title": "Test Charter II",
            "period": "2035-2040",
            "body": "# New\n\nText.",
            "language": "en",
        },
    )
    assert response.status_code == 302
    new = DocumentVersion.objects.get(title="Test Charter II")
    assert (new.number, new.is_current) == (2, False)
    client.post(reverse("members:staff_version_make_current", args=[new.pk]))
    new.refresh_from_db()
    charter.refresh_from_db()
    assert (new.is_current, charter.is_current) == (True, False)


def test_staff_version_form_keeps_what_was_typed(charter, client, world):
    client.force_login(world.staff)
    response = client.post(
        reverse("members:staff_version_new"),
        {"document": DocumentSlug.CHARTER, "title": "Half done", "body": "", "language": "en"},
    )
    text = response.content.decode()
    assert 'id="id_body_error"' in text
    assert 'value="Half done"' in text


def test_signatories_query_count_is_constant(charter, client, world):
    url = reverse("members:charter_signatories")
    SignatureFactory(version=charter, network=world.network_a)
    few = count_queries(client, url)
    older = DocumentVersionFactory()
    SignatureFactory.create_batch(4, version=charter, network=world.network_b)
    SignatureFactory.create_batch(3, version=older)
    assert count_queries(client, url) == few


def test_endorsers_query_count_is_constant(declaration, client):
    url = reverse("members:declaration_endorsers")
    SignatureFactory(version=declaration)
    few = count_queries(client, url)
    SignatureFactory.create_batch(5, version=declaration)
    assert count_queries(client, url) == few


@pytest.mark.usefixtures("rendered_afresh")
def test_staff_documents_query_count_is_constant(charter, client, world):
    client.force_login(world.staff)
    url = reverse("members:staff_documents")
    assert count_queries(client, url) <= 7  # the cached counts read: one query per document
    few = count_queries(client, url)
    DocumentVersionFactory.create_batch(3)
    DocumentVersionFactory(document=DocumentSlug.HANDBOOK)
    assert count_queries(client, url) == few


def test_staff_documents_counts_are_renewed_as_signatures_are_confirmed(charter, client, world):
    """The counts per version are cached: a confirmation shows at once, an unconfirmed
    signature never counts, and a new version starts at nought."""
    client.force_login(world.staff)
    url = reverse("members:staff_documents")
    SignatureFactory.create_batch(2, version=charter)
    assert client.get(url).context["documents"][0]["versions"][0].signature_count == 2
    waiting = sign_document(charter, actor=None, name="Ann", email="ann@example.org")
    assert client.get(url).context["documents"][0]["versions"][0].signature_count == 2
    confirm_signature(waiting, actor=None)
    assert client.get(url).context["documents"][0]["versions"][0].signature_count == 3
    create_document_version(
        DocumentSlug.CHARTER, actor=None, title="Next", period="2035-2040", body="# New\n"
    )
    newest, earlier = client.get(url).context["documents"][0]["versions"]
    assert (newest.signature_count, earlier.signature_count) == (0, 3)


def test_an_unpublished_version_is_not_public(charter, client):
    draft = DocumentVersionFactory(published_on=None)
    url = reverse("members:charter_version", args=[draft.number])
    assert client.get(url).status_code == 404
    assert client.get(reverse("members:charter_version", args=[charter.number])).status_code == 200


def test_the_invitation_to_sign_again_fills_the_form_in(
    charter, client, world, django_capture_on_commit_callbacks
):
    SignatureFactory(
        version=charter,
        name="Rhys Jones",
        email="rhys@example.org",
        party_kind=PartyKind.ORGANISATION,
        party_key="organisation-name:valley choir",
        party_name="Valley Choir",
        role_title="Secretary",
        network=world.network_a,
    )
    new = create_document_version(
        DocumentSlug.CHARTER, actor=world.staff, title="Test Charter II", body="# New\n\nText."
    )
    with django_capture_on_commit_callbacks(execute=True):
        make_version_current(new, actor=world.staff)
    link = next(line for line in mail.outbox[0].body.splitlines() if "?again=" in line)
    response = client.get(link[link.index("/charter/sign/") :])
    form = response.context["form"]
    assert (form["name"].value(), form["party_name"].value(), form["network"].value()) == (
        "Rhys Jones",
        "Valley Choir",
        world.network_a.pk,
    )
    assert "Test Charter II" in response.content.decode()
    tampered = client.get(reverse("members:charter_sign") + "?again=1:forged")
    assert tampered.context["form"]["name"].value() is None


def test_staff_administration_lists_signatures_and_applications(charter, client, world):
    SignatureFactory(version=charter, name="Listed Lucy", party_kind=PartyKind.INDIVIDUAL)
    world.staff.is_superuser = True
    world.staff.save(update_fields=["is_superuser"])
    client.force_login(world.staff)
    for name in ("signature", "documentversion", "affiliationapplication"):
        response = client.get(reverse(f"admin:members_{name}_changelist"))
        assert response.status_code == 200, name
    assert (
        "Listed Lucy" in client.get(reverse("admin:members_signature_changelist")).content.decode()
    )
