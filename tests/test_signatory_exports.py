"""Staff's public lists of signatories, made by a worker (members/services/exports.py): the same
rows and columns the download inside the request had, only people who agreed to be listed and
no address, staff only, one list at a time per document, the stored file downloaded as it is."""

import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from members.enums import DocumentSlug, ExportState, PartyKind
from members.models import SignatoryExport
from members.services import exports
from members.services.exports import (
    COLUMNS,
    copy_signatories_csv,
    format_signatories_csv,
    make_signatory_export,
    request_signatory_export,
)
from sanctuary.models import ActivityLog
from tests.factories import UserFactory
from tests.factories.charter import DocumentVersionFactory, SignatureFactory
from tests.factories.exports import ready_export
from tests.factories.queries import count_queries

PAGE = reverse("members:staff_signatory_exports")
OLD_URL = reverse("members:staff_signatories_export")


@pytest.fixture
def versions(db):
    """An earlier charter and the current one."""
    earlier = DocumentVersionFactory(
        document=DocumentSlug.CHARTER, number=1, title="Charter 2015-2020"
    )
    current = DocumentVersionFactory(
        document=DocumentSlug.CHARTER, number=2, title="Charter 2026-2031", is_current=True
    )
    return earlier, current


@pytest.fixture
def signatories(versions, world):
    """Listed people and organisations, someone who signed again, one who chose not to be
    listed, and a name that a spreadsheet would run as a formula."""
    earlier, current = versions
    day = timezone.now().replace(microsecond=0)
    SignatureFactory(
        version=earlier,
        name="Earlier Only",
        email="earlier@example.org",
        confirmed_at=day - datetime.timedelta(days=400),
    )
    SignatureFactory(version=earlier, name="Old Name", email="again@example.org", confirmed_at=day)
    SignatureFactory(
        version=current,
        name="Signed Again",
        email="again@example.org",
        network=world.network_a,
        confirmed_at=day - datetime.timedelta(days=2),
    )
    SignatureFactory(
        version=current,
        party_kind=PartyKind.ORGANISATION,
        party_key="organisation:riverside",
        name="Rosa Contact",
        email="rosa@example.org",
        party_name="Riverside Library",
        role_title='Librarian, "events"',
        confirmed_at=day - datetime.timedelta(days=1),
    )
    SignatureFactory(
        version=current,
        name="=HYPERLINK(1)",
        email="formula@example.org",
        confirmed_at=day - datetime.timedelta(days=3),
    )
    SignatureFactory(
        version=current,
        name="Private Pete",
        email="pete@example.org",
        listed_publicly=False,
        confirmed_at=day,
    )
    return day


def rows_of(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8"))))


def stored_bytes(export: SignatoryExport) -> bytes:
    with export.file.open("rb") as stored:
        return stored.read()


def stored_rows(export: SignatoryExport) -> list[list[str]]:
    return rows_of(stored_bytes(export))


def downloaded(response) -> bytes:
    """A FileResponse's bytes, read to the end, which closes the file."""
    return b"".join(response.streaming_content)


def log_entries(action: str) -> list[ActivityLog]:
    with scopes_disabled():  # the log of staff's work across networks
        return list(ActivityLog.objects.filter(action=action).order_by("pk"))


def ask(client, document=DocumentSlug.CHARTER, capture=None):
    """Staff press the button; the task runs when the request's transaction commits."""
    with capture(execute=True):
        return client.post(PAGE, {"document": document})


# What the list holds -------------------------------------------------------------------------


def test_the_list_has_the_same_columns_and_rows_as_the_download_had(
    signatories, world, client, django_capture_on_commit_callbacks
):
    day = signatories
    client.force_login(world.staff)

    response = ask(client, capture=django_capture_on_commit_callbacks)

    assert response.status_code == 302
    export = SignatoryExport.objects.get()
    assert export.state == ExportState.READY
    rows = stored_rows(export)
    date = lambda days: (day - datetime.timedelta(days=days)).date().isoformat()  # noqa: E731
    current, earlier = ["2", "Charter 2026-2031", "no"], ["1", "Charter 2015-2020", "yes"]
    assert rows == [
        COLUMNS,
        ["Riverside Library", "organisation", 'Librarian, "events"', "", *current, date(1)],
        ["Signed Again", "individual", "", "Alphaville City of Sanctuary", *current, date(2)],
        ["'=HYPERLINK(1)", "individual", "", "", *current, date(3)],
        ["Earlier Only", "individual", "", "", *earlier, date(400)],
    ]
    assert COLUMNS == [
        "name",
        "signed_as",
        "role",
        "local_group",
        "version",
        "version_title",
        "signed_an_earlier_version",
        "confirmed_on",
    ]
    assert (export.rows, export.size) == (4, export.file.size)
    assert export.finished_at is not None


def test_nobody_unlisted_and_no_address_is_in_the_list(signatories, world):
    text = stored_bytes(ready_export(world.staff)).decode()

    assert "Private Pete" not in text
    assert "Old Name" not in text  # signed again: listed once, with the later signature
    assert "@example.org" not in text


def test_the_declaration_lists_its_own_endorsers(signatories, world):
    declaration = DocumentVersionFactory(document=DocumentSlug.DECLARATION, is_current=True)
    SignatureFactory(version=declaration, name="Riverside Mosque", email="m@example.org")

    export = ready_export(world.staff, DocumentSlug.DECLARATION)

    assert [row[0] for row in stored_rows(export)[1:]] == ["Riverside Mosque"]
    assert export.download_name.startswith("birmingham-declaration-signatories-")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
def test_postgresql_copy_writes_what_python_writes(signatories):
    by_copy, by_python = io.BytesIO(), io.BytesIO()

    copied = copy_signatories_csv(DocumentSlug.CHARTER, by_copy)
    formatted = format_signatories_csv(DocumentSlug.CHARTER, by_python)

    assert (copied, formatted) == (4, 4)
    assert rows_of(by_copy.getvalue()) == rows_of(by_python.getvalue())


# Asking, once ------------------------------------------------------------------------------


def test_asking_twice_while_a_list_is_made_starts_one_job(
    signatories, world, client, django_capture_on_commit_callbacks
):
    client.force_login(world.staff)
    with django_capture_on_commit_callbacks() as first:
        client.post(PAGE, {"document": DocumentSlug.CHARTER})
    with django_capture_on_commit_callbacks() as second:
        response = client.post(PAGE, {"document": DocumentSlug.CHARTER}, follow=True)

    assert (len(first), len(second)) == (1, 0)
    assert SignatoryExport.objects.get().state == ExportState.ASKED
    assert "A list is already being made, so no second one was started." in (
        response.content.decode()
    )
    asked = log_entries("members.signatory_export.asked")
    assert [(entry.actor, entry.data) for entry in asked] == [
        (world.staff, {"document": DocumentSlug.CHARTER})
    ]


def test_the_other_document_may_be_made_at_the_same_time(signatories, world):
    charter, started_charter = request_signatory_export(DocumentSlug.CHARTER, actor=world.staff)
    declaration, started_declaration = request_signatory_export(
        DocumentSlug.DECLARATION, actor=world.staff
    )

    assert (started_charter, started_declaration) == (True, True)
    assert charter.pk != declaration.pk


def test_a_list_whose_worker_was_lost_is_failed_by_the_next_request(signatories, world):
    lost, _started = request_signatory_export(DocumentSlug.CHARTER, actor=world.staff)
    SignatoryExport.objects.filter(pk=lost.pk).update(
        requested_at=timezone.now() - exports.GIVE_UP_AFTER - datetime.timedelta(minutes=1)
    )

    fresh, started = request_signatory_export(DocumentSlug.CHARTER, actor=world.staff)

    lost.refresh_from_db()
    assert (lost.state, started, fresh.state) == (ExportState.FAILED, True, ExportState.ASKED)


def test_the_handbook_terms_have_no_public_list(world, client):
    client.force_login(world.staff)
    response = client.post(PAGE, {"document": DocumentSlug.HANDBOOK}, follow=True)

    assert "Choose the charter or the declaration." in response.content.decode()
    assert SignatoryExport.objects.count() == 0


def test_a_task_handed_out_again_changes_nothing(signatories, world):
    export = ready_export(world.staff)

    assert make_signatory_export(export.pk) is None
    export.refresh_from_db()
    assert export.state == ExportState.READY


def test_the_command_makes_both_lists_at_once(signatories):
    out = io.StringIO()
    call_command("make_signatory_exports", stdout=out)

    made = {export.document: export for export in SignatoryExport.objects.all()}
    assert {document: export.state for document, export in made.items()} == {
        DocumentSlug.CHARTER: ExportState.READY,
        DocumentSlug.DECLARATION: ExportState.READY,
    }
    assert f"charter: 4 signatories, {made['charter'].size} bytes" in out.getvalue()
    assert made["charter"].requested_by is None


# Ready, replaced, failed ----------------------------------------------------------------------


def test_a_new_list_replaces_the_earlier_one_and_deletes_its_file(
    signatories, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = ready_export(world.staff)
    first_name = first.file.name
    with django_capture_on_commit_callbacks(execute=True):
        second = ready_export(world.staff)

    first.refresh_from_db()
    assert (first.state, first.file.name) == (ExportState.REPLACED, "")
    assert not second.file.storage.exists(first_name)
    assert second.state == ExportState.READY
    ready = log_entries("members.signatory_export.ready")[-1]
    assert (ready.object_id, ready.actor) == (str(second.pk), None)
    assert ready.data == {
        "document": DocumentSlug.CHARTER,
        "rows": 4,
        "size": second.size,
        "replaced": [first.pk],
    }


def test_a_failed_list_shows_as_failed_and_may_be_asked_for_again(
    signatories, world, client, monkeypatch, rendered_afresh, django_capture_on_commit_callbacks
):
    def disk_full(document, out):
        raise OSError("No space left on device")

    monkeypatch.setattr(exports, "write_signatories_csv", disk_full)
    client.force_login(world.staff)
    ask(client, capture=django_capture_on_commit_callbacks)

    failed = SignatoryExport.objects.get()
    assert (failed.state, failed.file.name, failed.rows) == (ExportState.FAILED, "", None)
    page = client.get(PAGE).content.decode()
    assert "The last list could not be made." in page
    assert "<td>Failed</td>" in page
    assert [entry.data for entry in log_entries("members.signatory_export.failed")] == [
        {"document": DocumentSlug.CHARTER, "reason": "OSError"}
    ]

    monkeypatch.undo()
    ask(client, capture=django_capture_on_commit_callbacks)
    assert SignatoryExport.objects.filter(state=ExportState.READY).count() == 1


def test_the_page_shows_each_documents_lists_with_their_state(signatories, world, client):
    ready = ready_export(world.staff)
    request_signatory_export(DocumentSlug.CHARTER, actor=world.staff)
    client.force_login(world.staff)

    page = client.get(PAGE).content.decode()

    download = reverse("members:staff_signatory_export_download", args=[ready.pk])
    assert f'href="{download}"' in page
    assert "A new list is being made" in page
    assert page.count("<td>Being made</td>") == 1
    assert "<strong>Ready</strong>" in page
    assert "No list has been made yet." in page  # the declaration's
    assert 'name="document" value="birmingham-declaration"' in page
    # While the charter's list is being made, it offers no second button.
    assert 'name="document" value="charter"' not in page


def test_the_page_makes_the_same_queries_for_one_list_and_several(signatories, world, client):
    client.force_login(world.staff)
    ready_export(world.staff)
    one = count_queries(client, PAGE)
    for _n in range(3):
        ready_export(world.staff)
        ready_export(world.staff, DocumentSlug.DECLARATION)
    assert count_queries(client, PAGE) == one


# Downloading -------------------------------------------------------------------------------


def test_the_download_is_the_stored_file_as_an_attachment(signatories, world, client):
    export = ready_export(world.staff)
    client.force_login(world.staff)

    response = client.get(reverse("members:staff_signatory_export_download", args=[export.pk]))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (f'attachment; filename="{export.download_name}"')
    assert downloaded(response) == stored_bytes(export)


def test_the_old_address_serves_the_latest_ready_list(signatories, world, client):
    ready_export(world.staff)
    newest = ready_export(world.staff)
    client.force_login(world.staff)

    response = client.get(OLD_URL)

    assert rows_of(downloaded(response)) == stored_rows(newest)


def test_the_old_address_sends_staff_to_the_page_while_no_list_is_ready(world, client):
    client.force_login(world.staff)

    response = client.get(OLD_URL, {"document": DocumentSlug.DECLARATION})

    assert response.status_code == 302
    assert response["Location"] == f"{PAGE}#export-birmingham-declaration"
    assert client.get(OLD_URL, {"document": "handbook"}).status_code == 404


def test_a_replaced_list_is_not_downloaded(signatories, world, client):
    first = ready_export(world.staff)
    ready_export(world.staff)
    client.force_login(world.staff)

    url = reverse("members:staff_signatory_export_download", args=[first.pk])
    assert client.get(url).status_code == 404


# Who may ------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["coordinator_a", "member_a", "coordinator_b"])
def test_only_staff_ask_for_see_or_download_the_lists(
    persona, signatories, world, client, django_capture_on_commit_callbacks
):
    export = ready_export(world.staff)
    client.force_login(getattr(world, persona))
    download = reverse("members:staff_signatory_export_download", args=[export.pk])

    with django_capture_on_commit_callbacks() as enqueued:
        asked = client.post(PAGE, {"document": DocumentSlug.DECLARATION})

    assert [client.get(url).status_code for url in (PAGE, download, OLD_URL)] == [404] * 3
    assert (asked.status_code, len(enqueued)) == (404, 0)
    assert SignatoryExport.objects.count() == 1


def test_a_visitor_is_asked_to_sign_in(signatories, world, client):
    export = ready_export(world.staff)
    download = reverse("members:staff_signatory_export_download", args=[export.pk])
    for response in (client.get(PAGE), client.get(download), client.post(PAGE)):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_a_staff_member_without_two_step_sign_in_is_sent_to_set_it_up(signatories, world, client):
    client.force_login(UserFactory(is_staff=True))
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/")
