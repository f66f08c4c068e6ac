"""DESIGN.md rule 9, continuity: a new version of the charter or the handbook never voids what
was signed. Earlier pledges count through the grace period staff set, applications in progress
are never blocked, coordinators see who has signed the new version and remind the others."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django_scopes import scopes_disabled

from awards.enums import ApplicationState
from awards.services.applications import submit_application
from members.enums import AffiliationState, DocumentSlug, PartyKind
from members.models import DocumentVersion, SignAgainReminder, Signature
from members.queries import current_version, terms_still_count
from members.queries.signatures import organisation_has_pledge
from members.services.affiliation import accept_handbook_terms
from members.services.charter import (
    create_document_version,
    make_version_current,
    remind_to_sign_again,
    set_grace_period,
    sign_document,
)
from tests.conftest import skip_or_fail
from tests.factories.affiliation import AffiliationApplicationFactory
from tests.factories.awards import (
    applicant,
    fill_evidence,
    give_pledge,
    scheme_with_criteria,
    started_application,
)
from tests.factories.charter import DocumentVersionFactory, SignatureFactory

SEEDS = Path(settings.BASE_DIR).parent / "shared" / "seeds"


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


def new_version(document=DocumentSlug.CHARTER, **kwargs):
    return create_document_version(
        document, actor=None, title="Version two", body="# Two\n\nText.", **kwargs
    )


@pytest.fixture
def pledged(world):
    charter = DocumentVersionFactory(document=DocumentSlug.CHARTER, is_current=True)
    give_pledge(world.organisation_a, world.contact_a)
    return charter


def test_earlier_pledge_counts_through_the_grace_period_then_stops(world, pledged, monkeypatch):
    version = new_version()
    make_version_current(version, actor=world.staff)
    pledged.refresh_from_db()
    today = timezone.localdate()
    assert pledged.counts_until == today.replace(year=today.year + 1) or pledged.counts_until
    assert organisation_has_pledge(world.organisation_a) is True
    after = pledged.counts_until + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *a: after)
    assert organisation_has_pledge(world.organisation_a) is False


def test_staff_set_the_grace_period_and_it_moves_the_last_day(world, pledged):
    version = new_version()
    make_version_current(version, actor=world.staff)
    set_grace_period(version, 3, actor=world.staff)
    pledged.refresh_from_db()
    today = timezone.localdate()
    assert (pledged.counts_until - today).days in range(89, 93)
    set_grace_period(version, 0, actor=world.staff)
    pledged.refresh_from_db()
    assert pledged.counts_until == today


def test_grace_period_form_on_the_documents_page(world, pledged, client):
    version = new_version()
    make_version_current(version, actor=world.staff)
    client.force_login(world.staff)
    page = client.get(reverse("members:staff_documents"))
    assert "Months the earlier version keeps counting" in page.content.decode()
    client.post(reverse("members:staff_grace_period", args=[version.pk]), {"grace_months": "6"})
    version.refresh_from_db()
    assert version.grace_months == 6


def test_an_application_in_progress_keeps_the_pledge_it_began_with(world, pledged):
    scheme = scheme_with_criteria(world.stream, pledge=True)
    application = started_application(
        scheme, organisation=world.organisation_a, contact=world.contact_a
    )
    fill_evidence(application)
    # The application began weeks ago, after the pledge.
    weeks_ago = timezone.now() - datetime.timedelta(days=40)
    with scopes_disabled():
        type(application).objects.filter(pk=application.pk).update(created_at=weeks_ago)
        application.refresh_from_db()
    Signature.objects.filter(organisation=world.organisation_a).update(
        confirmed_at=weeks_ago - datetime.timedelta(days=1)
    )
    version = new_version(make_current=True)
    set_grace_period(version, 0, actor=world.staff)
    pledged.refresh_from_db()
    pledged.counts_until = timezone.localdate() - datetime.timedelta(days=1)
    pledged.save(update_fields=["counts_until"])  # long after the switch: the grace is over
    assert organisation_has_pledge(world.organisation_a) is False
    submit_application(application, actor=world.contact_a)
    application.refresh_from_db()
    assert application.state == ApplicationState.SUBMITTED


@pytest.fixture
def seeds():
    if not SEEDS.is_dir():
        skip_or_fail(f"The movement's texts are not beside the checkout at {SEEDS}")
    return SEEDS


def test_importing_the_real_charter_blocks_no_application_in_progress(world, seeds):
    call_command(
        "import_charter",
        seeds / "001_d31360af8fb476d4.txt",
        "--title",
        "City of Sanctuary Charter",
        "--period",
        "",
    )
    scheme = scheme_with_criteria(world.stream, pledge=True)
    drafts = []
    for name in ["Oakfield Primary", "Ysgol Bro Ŵy", "Al-Huda Academy"]:
        organisation, contact = applicant(scheme, name=name)
        give_pledge(organisation, contact)
        application = started_application(scheme, organisation=organisation, contact=contact)
        fill_evidence(application)
        drafts.append(application)
    call_command(
        "import_charter",
        seeds / "000_6c6835585e6a0b63.txt",
        "--title",
        "City of Sanctuary UK Charter 2026-2031",
        "--period",
        "2026-2031",
        "--make-current",
    )
    assert current_version(DocumentSlug.CHARTER).period == "2026-2031"
    for application in drafts:
        submit_application(application, actor=application.lead_contact)
        with scopes_disabled():
            application.refresh_from_db()
        assert application.state == ApplicationState.SUBMITTED


def test_coordinator_sees_who_signed_the_new_version_and_reminds_once(
    world, django_capture_on_commit_callbacks, client
):
    charter = DocumentVersionFactory(document=DocumentSlug.CHARTER, is_current=True)
    earlier = SignatureFactory(
        version=charter, email="rhian@example.org", name="Rhian Ŷnys", network=world.network_a
    )
    SignatureFactory(version=charter, email="other@example.org", network=world.network_b)
    with django_capture_on_commit_callbacks(execute=True):
        version = new_version(make_current=True)
    mail.outbox.clear()
    SignatureFactory(
        version=version, email="now@example.org", name="Nadia Haddad", network=world.network_a
    )
    client.force_login(world.coordinator_a)
    page = client.get(reverse("members:network_signatories", args=[world.network_a.slug]))
    text = page.content.decode()
    assert page.context["not_yet"] == [earlier]
    assert [s.name for s in page.context["signed"]] == ["Nadia Haddad"]
    assert "other@example.org" not in text
    url = reverse("members:network_signatory_remind", args=[world.network_a.slug, earlier.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
        client.post(url)
    assert [m.to for m in mail.outbox] == [["rhian@example.org"]]
    with scopes_disabled():
        reminder = SignAgainReminder.objects.get()
    assert (reminder.sent_by, reminder.sent_at is not None) == (world.coordinator_a, True)
    page = client.get(reverse("members:network_signatories", args=[world.network_a.slug]))
    assert page.context["not_yet"][0].reminded is True


def test_coordinator_cannot_remind_someone_of_another_network(world, client):
    charter = DocumentVersionFactory(document=DocumentSlug.CHARTER, is_current=True)
    theirs = SignatureFactory(version=charter, network=world.network_b)
    new_version(make_current=True)
    client.force_login(world.coordinator_a)
    url = reverse("members:network_signatory_remind", args=[world.network_a.slug, theirs.pk])
    assert client.post(url).status_code == 404


def test_public_list_says_which_version_each_signed(world, client):
    charter = DocumentVersionFactory(
        document=DocumentSlug.CHARTER, is_current=True, title="Charter One"
    )
    SignatureFactory(version=charter, name="Early Signer", listed_publicly=True)
    version = new_version(make_current=True)
    SignatureFactory(version=version, name="Later Signer", listed_publicly=True)
    text = client.get(reverse("members:charter_signatories")).content.decode()
    assert "Signed an earlier version" in text
    assert "Charter One" in text and "Version two" in text


def test_affiliated_group_keeps_its_affiliation_through_the_grace_period(world, client):
    terms = DocumentVersionFactory(document=DocumentSlug.HANDBOOK, is_current=True)
    application = AffiliationApplicationFactory(
        applicant=world.contact_a, handbook_version=terms, state=AffiliationState.AFFILIATED
    )
    version = new_version(DocumentSlug.HANDBOOK, make_current=True)
    application.refresh_from_db()
    assert terms_still_count(application) is True
    client.force_login(world.staff)
    page = client.get(reverse("members:staff_handbook_terms"))
    assert page.context["not_yet"] == [application]
    client.force_login(world.contact_a)
    detail = client.get(reverse("members:affiliation_detail", args=[application.pk]))
    assert "We accept the new handbook terms" in detail.content.decode()
    client.post(
        reverse("members:affiliation_accept_terms", args=[application.pk]),
        {"version": version.pk},
    )
    application.refresh_from_db()
    assert application.handbook_version == version
    client.force_login(world.staff)
    page = client.get(reverse("members:staff_handbook_terms"))
    assert page.context["accepted"] == [application]


def test_only_the_groups_applicant_accepts_its_terms(world):
    terms = DocumentVersionFactory(document=DocumentSlug.HANDBOOK, is_current=True)
    application = AffiliationApplicationFactory(
        applicant=world.contact_a, handbook_version=terms, state=AffiliationState.AFFILIATED
    )
    version = new_version(DocumentSlug.HANDBOOK, make_current=True)
    from members.services.affiliation import AffiliationError

    with pytest.raises(AffiliationError, match="Only the group's applicant or staff"):
        accept_handbook_terms(application, version, actor=world.member_a)


def test_reminding_someone_who_signed_the_current_version_is_refused(world):
    from members.services.charter import SignatureError

    charter = DocumentVersionFactory(document=DocumentSlug.CHARTER, is_current=True)
    signature = SignatureFactory(version=charter, network=world.network_a)
    with pytest.raises(SignatureError, match="no newer version"):
        remind_to_sign_again(signature, actor=world.coordinator_a, network=world.network_a)
    assert DocumentVersion.objects.count() == 1
    assert sign_document and PartyKind  # the services these rules sit beside
