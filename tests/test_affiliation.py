"""Group affiliation: applying with a checked governing document, staff review along the
allowed transitions only, one affiliated group per area."""

import io
import zipfile
from itertools import product
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from members.enums import (
    AFFILIATION_TRANSITIONS,
    AffiliationState,
    DocumentSlug,
    GovernanceType,
    PartyKind,
    Role,
)
from members.forms.affiliation import check_governing_document
from members.models import AffiliationApplication, Membership, Signature
from members.services.affiliation import AffiliationError, set_affiliation_state
from members.services.charter import create_document_version
from sanctuary.enums import AreaType, Nation, NetworkKind
from sanctuary.models import ActivityLog, Network
from tests.factories import UserFactory
from tests.factories.affiliation import AffiliationApplicationFactory
from tests.factories.queries import count_queries
from tests.fakes import EICAR

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def odt_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text"
        )  # stored first and uncompressed, as ODF requires
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def stored_files() -> list[Path]:
    folder = Path(settings.STORAGES["private"]["OPTIONS"]["location"]) / "affiliations"
    return sorted(folder.glob("*")) if folder.exists() else []


@pytest.fixture
def published(db):
    create_document_version(
        DocumentSlug.CHARTER, actor=None, title="Test Charter", body="# A\n\nB.", make_current=True
    )
    return create_document_version(
        DocumentSlug.HANDBOOK,
        actor=None,
        title="Test Handbook",
        body="# Terms\n\nInvented terms.",
        make_current=True,
    )


def application_data(**overrides) -> dict:
    data = {
        "group_name": "Riverford Town of Sanctuary",
        "area": "Riverford",
        "area_type": AreaType.TOWN,
        "nation": Nation.WALES,
        "governance_type": GovernanceType.COMMUNITY_GROUP,
        "contact_email": "hello@riverford.example.org",
        "role_title": "Chair",
        "accept_handbook": "on",
        "sign_charter": "on",
        "listed_publicly": "on",
        "document": SimpleUploadedFile("constitution.pdf", PDF, "application/pdf"),
    }
    data.update(overrides)
    return data


def test_a_group_applies_with_its_document_terms_and_charter(
    published, client, django_capture_on_commit_callbacks
):
    applicant = UserFactory(email="chair@riverford.example.org", full_name="Rhiannon Chair")
    client.force_login(applicant)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("members:affiliation_apply"), application_data())
    application = AffiliationApplication.objects.get()
    assert response["Location"] == application.get_absolute_url()
    assert (application.state, application.area_key, application.area_conflict) == (
        AffiliationState.SUBMITTED,
        "riverford",
        "",
    )
    assert application.handbook_version == published
    assert application.governing_document_type == "application/pdf"
    with application.governing_document.open("rb") as stored:
        assert stored.read() == PDF
    signature = application.charter_signature
    assert (signature.party_kind, signature.party_name, signature.is_confirmed) == (
        PartyKind.GROUP,
        "Riverford Town of Sanctuary",
        True,
    )
    assert [message.to for message in mail.outbox] == [["chair@riverford.example.org"]]
    with scopes_disabled():
        assert ActivityLog.objects.filter(action="members.affiliation.submitted").count() == 1


def test_the_applicant_downloads_the_document_and_others_get_404(published, client, world):
    application = AffiliationApplicationFactory(applicant=world.contact_a)
    url = reverse("members:affiliation_document", args=[application.pk])
    client.force_login(world.contact_a)
    response = client.get(url)
    assert response["Content-Disposition"] == 'attachment; filename="rules.pdf"'
    assert response.content.startswith(b"%PDF")
    client.force_login(world.coordinator_b)
    assert client.get(url).status_code == 404
    assert client.get(application.get_absolute_url()).status_code == 404
    client.force_login(world.staff)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"%PDF-1.4\n" + EICAR, "rules.pdf", "did not pass the virus check"),
        (b"just some words, not a document", "rules.pdf", "its content is not one of the kinds"),
        (b"MZ\x90\x00\x03" + b"\x00" * 200, "rules.docx", "its content is not one of the kinds"),
        (b"", "rules.pdf", "file is empty"),
    ],
    ids=["malware", "text-named-pdf", "program-named-docx", "empty"],
)
def test_a_rejected_upload_is_explained_and_nothing_is_stored(
    published, client, content, name, message
):
    client.force_login(UserFactory())
    before = stored_files()
    response = client.post(
        reverse("members:affiliation_apply"),
        application_data(document=SimpleUploadedFile(name, content, "application/pdf")),
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert message in text
    assert 'id="id_document_error"' in text
    assert 'value="Riverford Town of Sanctuary"' in text  # what was typed stays
    assert AffiliationApplication.objects.count() == 0
    assert Signature.objects.count() == 0
    assert stored_files() == before


def test_a_too_large_upload_is_refused(published, client, settings):
    settings.SANCTUARY_UPLOAD_MAX_BYTES = 100
    client.force_login(UserFactory())
    response = client.post(
        reverse("members:affiliation_apply"),
        application_data(document=SimpleUploadedFile("big.pdf", PDF + b" " * 200)),
    )
    assert "files can be up to 100" in response.content.decode()
    assert AffiliationApplication.objects.count() == 0


def test_governing_documents_may_be_pdf_word_odf_or_pictures():
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
    for name, content, mime in [
        ("a.pdf", PDF, "application/pdf"),
        (
            "a.docx",
            docx_bytes(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("a.odt", odt_bytes(), "application/vnd.oasis.opendocument.text"),
        ("a.png", png, "image/png"),
    ]:
        assert check_governing_document(SimpleUploadedFile(name, content)).content_type == mime
    spreadsheet = io.BytesIO()
    with zipfile.ZipFile(spreadsheet, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(
        ValidationError, match=r"upload the document as a PDF, Word or OpenDocument text"
    ):
        check_governing_document(SimpleUploadedFile("a.xlsx", spreadsheet.getvalue()))


def test_lead_organisation_is_needed_for_a_network_with_a_lead(published, client):
    client.force_login(UserFactory())
    response = client.post(
        reverse("members:affiliation_apply"),
        application_data(governance_type=GovernanceType.LEAD_ORGANISATION),
    )
    assert 'id="id_lead_organisation_error"' in response.content.decode()
    assert AffiliationApplication.objects.count() == 0


def test_a_second_application_for_a_held_area_is_flagged(published, client, world):
    first = AffiliationApplicationFactory(area="Riverford", nation=Nation.WALES)
    set_affiliation_state(first, AffiliationState.IN_REVIEW, actor=world.staff)
    set_affiliation_state(first, AffiliationState.AFFILIATED, actor=world.staff)
    client.force_login(UserFactory())
    client.post(reverse("members:affiliation_apply"), application_data(area=" riverford "))
    second = AffiliationApplication.objects.exclude(pk=first.pk).get()
    assert second.area_conflict == first.group_name
    client.force_login(world.staff)
    text = client.get(reverse("members:staff_affiliations")).content.decode()
    assert f"Area already held by {first.group_name}" in text


def test_an_area_named_by_an_existing_group_network_is_flagged(published, client, world):
    client.force_login(UserFactory())
    client.post(
        reverse("members:affiliation_apply"),
        application_data(area="Alphaville", nation=Nation.ENGLAND),
    )
    assert AffiliationApplication.objects.get().area_conflict == "Alphaville City of Sanctuary"


def test_affiliating_creates_the_group_network_and_its_coordinator(
    published, world, django_capture_on_commit_callbacks
):
    application = AffiliationApplicationFactory(area="Riverford", group_name="Riverford Group")
    set_affiliation_state(application, AffiliationState.IN_REVIEW, actor=world.staff)
    with django_capture_on_commit_callbacks(execute=True):
        set_affiliation_state(application, AffiliationState.AFFILIATED, actor=world.staff)
    application.refresh_from_db()
    network = application.network
    assert (network.slug, network.name, network.kind) == (
        "riverford",
        "Riverford Group",
        NetworkKind.LOCAL_GROUP,
    )
    with scope(network=network):
        roles = list(Membership.objects.filter(network=network).values_list("user", "role"))
    assert roles == [(application.applicant_id, Role.COORDINATOR)]
    application.charter_signature.refresh_from_db()
    assert application.charter_signature.group == network
    assert "Welcome: your group is affiliated" in mail.outbox[-1].subject


def test_affiliating_can_link_an_existing_network(published, world):
    application = AffiliationApplicationFactory(area="Alphaville", group_name="Alphaville CoS")
    set_affiliation_state(application, AffiliationState.IN_REVIEW, actor=world.staff)
    set_affiliation_state(
        application, AffiliationState.AFFILIATED, actor=world.staff, network=world.network_a
    )
    application.refresh_from_db()
    assert application.network == world.network_a
    assert Network.objects.filter(kind=NetworkKind.LOCAL_GROUP).count() == 2


def test_one_affiliated_group_per_area(published, world):
    first = AffiliationApplicationFactory(area="Riverford")
    second = AffiliationApplicationFactory(area="RIVERFORD")
    for application in (first, second):
        set_affiliation_state(application, AffiliationState.IN_REVIEW, actor=world.staff)
    set_affiliation_state(first, AffiliationState.AFFILIATED, actor=world.staff)
    with pytest.raises(AffiliationError, match="one affiliated group per area"):
        set_affiliation_state(second, AffiliationState.AFFILIATED, actor=world.staff)
    set_affiliation_state(first, AffiliationState.LAPSED, actor=world.staff, reason="Inactive")
    set_affiliation_state(second, AffiliationState.AFFILIATED, actor=world.staff)
    second.refresh_from_db()
    assert second.state == AffiliationState.AFFILIATED


ALL_MOVES = list(product(AffiliationState.values, AffiliationState.values))


@pytest.mark.parametrize(("old", "new"), ALL_MOVES, ids=[f"{o}-to-{n}" for o, n in ALL_MOVES])
def test_affiliation_moves_only_along_allowed_transitions(published, world, old, new):
    application = AffiliationApplicationFactory(state=old, applicant=world.member_a)
    if old in {AffiliationState.AFFILIATED, AffiliationState.SUSPENDED}:
        application.network = world.network_b
        application.save(update_fields=["network"])
    actor = world.member_a if new == AffiliationState.SUBMITTED else world.staff
    with scopes_disabled():
        logged_before = ActivityLog.objects.count()
    if new in AFFILIATION_TRANSITIONS[old]:
        set_affiliation_state(application, new, actor=actor, reason="Because.")
        application.refresh_from_db()
        assert application.state == new
        with scopes_disabled():
            entry = ActivityLog.objects.order_by("-pk").first()
        assert (entry.action, entry.data["state"]) == (
            f"members.affiliation.{new}",
            {"old": old, "new": new},
        )
        assert entry.actor == actor
    else:
        with pytest.raises(AffiliationError, match="cannot become"):
            set_affiliation_state(application, new, actor=actor, reason="Because.")
        application.refresh_from_db()
        assert application.state == old
        with scopes_disabled():
            assert ActivityLog.objects.count() == logged_before


def test_staff_give_a_reason_for_suspending(published, world):
    application = AffiliationApplicationFactory(
        state=AffiliationState.AFFILIATED, network=world.network_b
    )
    with pytest.raises(AffiliationError, match="Please give a reason"):
        set_affiliation_state(application, AffiliationState.SUSPENDED, actor=world.staff)


def test_only_staff_review(published, world):
    application = AffiliationApplicationFactory(applicant=world.member_a)
    with pytest.raises(AffiliationError, match="Only movement staff"):
        set_affiliation_state(application, AffiliationState.IN_REVIEW, actor=world.member_a)
    with pytest.raises(AffiliationError, match="Only movement staff"):
        set_affiliation_state(application, AffiliationState.IN_REVIEW, actor=world.coordinator_a)


def test_staff_ask_for_changes_and_the_group_resubmits(
    published, client, world, django_capture_on_commit_callbacks
):
    application = AffiliationApplicationFactory(applicant=world.contact_a, about="")
    client.force_login(world.staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("members:staff_affiliation_state", args=[application.pk]),
            {"state": AffiliationState.CHANGES_REQUESTED, "reason": "Please tell us more."},
        )
    assert "Please make some changes" in mail.outbox[-1].subject
    assert "Please tell us more." in mail.outbox[-1].body
    client.force_login(world.contact_a)
    page = client.get(application.get_absolute_url()).content.decode()
    assert "Please tell us more." in page
    response = client.post(
        application.get_absolute_url(),
        {
            "group_name": application.group_name,
            "area": application.area,
            "area_type": application.area_type,
            "nation": application.nation,
            "governance_type": application.governance_type,
            "contact_email": application.contact_email,
            "about": "We meet every Tuesday.",
        },
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.state, application.about) == (
        AffiliationState.SUBMITTED,
        "We meet every Tuesday.",
    )
    with scopes_disabled():
        actions = list(
            ActivityLog.objects.filter(
                object_id=str(application.pk), action__startswith="members.affiliation."
            )
            .order_by("pk")
            .values_list("action", flat=True)
        )
    assert actions == [
        "members.affiliation.changes_requested",
        "members.affiliation.updated",
        "members.affiliation.submitted",
    ]


def test_staff_state_form_shows_the_reason_error_beside_the_field(published, client, world):
    application = AffiliationApplicationFactory()
    client.force_login(world.staff)
    response = client.post(
        reverse("members:staff_affiliation_state", args=[application.pk]),
        {"state": AffiliationState.CHANGES_REQUESTED, "reason": ""},
    )
    text = response.content.decode()
    assert 'id="id_reason_error"' in text
    application.refresh_from_db()
    assert application.state == AffiliationState.SUBMITTED


def test_staff_state_form_offers_only_allowed_moves(published, client, world):
    application = AffiliationApplicationFactory(state=AffiliationState.IN_REVIEW)
    client.force_login(world.staff)
    response = client.get(reverse("members:staff_affiliation", args=[application.pk]))
    choices = [value for value, _label in response.context["state_form"].fields["state"].choices]
    assert choices == ["changes_requested", "affiliated", "declined"]
    response = client.post(
        reverse("members:staff_affiliation_state", args=[application.pk]),
        {"state": AffiliationState.LAPSED, "reason": "x"},
    )
    assert 'id="id_state_error"' in response.content.decode()


def test_staff_comments_stay_with_staff(published, client, world):
    application = AffiliationApplicationFactory(applicant=world.contact_a)
    client.force_login(world.staff)
    client.post(
        reverse("members:staff_affiliation_comment", args=[application.pk]),
        {"text": "Checked the constitution: fine."},
    )
    assert (
        "Checked the constitution"
        in client.get(reverse("members:staff_affiliation", args=[application.pk])).content.decode()
    )
    client.force_login(world.contact_a)
    assert (
        "Checked the constitution"
        not in client.get(application.get_absolute_url()).content.decode()
    )


def test_staff_affiliations_query_count_is_constant(published, client, world):
    client.force_login(world.staff)
    url = reverse("members:staff_affiliations") + "?state=all"
    AffiliationApplicationFactory()
    few = count_queries(client, url)
    AffiliationApplicationFactory.create_batch(4)
    AffiliationApplicationFactory(state=AffiliationState.AFFILIATED, network=world.network_b)
    assert count_queries(client, url) == few
