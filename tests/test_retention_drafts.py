"""Retention of idle drafts (issue 11 item 6, awards/services/retention.py): the nudge tells
the draft's people, in their language, the day after which it goes; untouched by then, the
draft and its uploaded files are deleted, logged once without personal content. A draft
someone changed after the nudge is kept, and so is one whose nudge has not gone."""

import datetime
import threading

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django_scopes import scopes_disabled

from awards.enums import ReminderKind
from awards.models import Application, CriterionResponse, EvidenceFile, Reminder
from awards.services.applications import add_evidence_file, save_action_plan, save_response
from awards.services.reminders import set_reminder_preferences
from awards.services.retention import delete_idle_drafts, draft_deletion_date
from members.services.privacy import apply_retention
from sanctuary.models import ActivityLog
from sanctuary.uploads import check_upload, private_storage
from tests.conftest import skip_or_fail
from tests.factories.awards import days_ago, responses_of, started_application, sweep
from tests.test_upload_safety import pdf_bytes


def nudged(scheme, settings, *, name="Idle Primary", language="en") -> Application:
    """A draft with one uploaded file, idle for 61 days, whose lead contact was just nudged."""
    settings.SANCTUARY_DRAFT_IDLE_DAYS = 60
    settings.SANCTUARY_RETENTION_DRAFT_DAYS = 30
    application = started_application(scheme, name=name)
    lead = application.lead_contact
    lead.preferred_language = language
    lead.save(update_fields=["preferred_language"])
    response = responses_of(application)[0]
    upload = check_upload(SimpleUploadedFile("policy.pdf", pdf_bytes(b"BT (Our policy) Tj ET")))
    add_evidence_file(response, upload, actor=lead)
    with scopes_disabled():
        Application.objects.filter(pk=application.pk).update(
            created_at=days_ago(61), edited_at=days_ago(61)
        )
        CriterionResponse.objects.filter(application=application).update(updated_at=days_ago(61))
    assert sweep().sent == 1
    return application


def nudge_sent(application: Application, days: int) -> None:
    """Move the nudge's sending `days` back, as if that much time had passed since."""
    with scopes_disabled():
        Reminder.objects.filter(application=application, kind=ReminderKind.DRAFT_IDLE).update(
            sent_at=days_ago(days)
        )


def stored_files(application: Application) -> list[str]:
    with scopes_disabled():
        return list(
            EvidenceFile.objects.filter(response__application=application).values_list(
                "file", flat=True
            )
        )


def exists(application: Application) -> bool:
    with scopes_disabled():
        return Application.objects.filter(pk=application.pk).exists()


def deletion_entries() -> list[tuple]:
    with scopes_disabled():
        return list(
            ActivityLog.objects.filter(
                action="members.retention.applied", content_type__model="application"
            ).values_list("object_id", "network_id", "actor_id", "data")
        )


def test_nudge_names_the_deletion_day_in_the_persons_language(scheme, settings):
    nudged(scheme, settings, language="cy")
    [message] = mail.outbox
    day = draft_deletion_date(timezone.localdate())
    with translation.override("cy"):
        in_welsh = formats.date_format(day, "j F Y")
    assert day == timezone.localdate() + datetime.timedelta(days=30)
    assert in_welsh != formats.date_format(day, "j F Y")  # a Welsh month name
    assert in_welsh in message.body
    assert "we do not keep drafts" not in message.body  # the sentence is in Welsh too


def test_untouched_draft_and_its_files_go_after_the_day_the_nudge_gave(
    scheme, settings, django_capture_on_commit_callbacks
):
    application = nudged(scheme, settings)
    [name] = stored_files(application)
    assert private_storage().exists(name)

    nudge_sent(application, 30)  # the day the nudge named is today: not over yet
    assert apply_retention()["idle_drafts"] == 0
    assert exists(application)

    nudge_sent(application, 31)
    with scopes_disabled():
        network_id = Application.objects.get(pk=application.pk).network_id
    with django_capture_on_commit_callbacks(execute=True):
        removed = apply_retention()
    assert removed == {
        "unconfirmed_signatures": 0,
        "expired_invitations": 0,
        "revoked_api_tokens": 0,
        "idle_drafts": 1,
    }
    assert not exists(application)
    assert not private_storage().exists(name)
    with scopes_disabled():
        assert not Reminder.objects.filter(application_id=application.pk).exists()
    # Logged once, with no name, address or text: what went, and from which network.
    assert deletion_entries() == [
        (str(application.pk), network_id, None, {"removed": "idle draft", "files": 1, "links": 0})
    ]
    assert apply_retention()["idle_drafts"] == 0
    assert len(deletion_entries()) == 1


def test_draft_changed_after_the_nudge_is_kept(scheme, settings):
    edited = nudged(scheme, settings, name="Edited Primary")
    written = nudged(scheme, settings, name="Written Primary")
    nudge_sent(edited, 40)
    nudge_sent(written, 40)
    save_action_plan(edited, actor=edited.lead_contact, action_plan="Assemblies each term.")
    response = responses_of(written)[1]
    save_response(
        response,
        actor=written.lead_contact,
        self_assessment=response.self_assessment,
        narrative="We welcomed two families this term.",
    )
    assert apply_retention()["idle_drafts"] == 0
    assert exists(edited) and exists(written)
    assert deletion_entries() == []


def nudges(application: Application) -> list[tuple[int, bool]]:
    """The draft's nudges as (cycle, sent), oldest first."""
    with scopes_disabled():
        return [
            (cycle, sent_at is not None)
            for cycle, sent_at in Reminder.objects.filter(
                application=application, kind=ReminderKind.DRAFT_IDLE
            )
            .order_by("cycle", "pk")
            .values_list("cycle", "sent_at")
        ]


def test_draft_changed_after_its_nudge_is_nudged_again_when_idle_again_and_only_then_deleted(
    scheme, settings, django_capture_on_commit_callbacks
):
    application = nudged(scheme, settings)
    nudge_sent(application, 40)
    save_action_plan(
        application, actor=application.lead_contact, action_plan="Assemblies each term."
    )
    assert apply_retention()["idle_drafts"] == 0  # changed after the nudge: kept
    assert sweep().sent == 0  # and not idle: no new nudge
    assert nudges(application) == [(1, True)]

    # Nobody changes it for 61 days after that edit: idle again, a second cycle's nudge.
    nudge_sent(application, 100)
    with scopes_disabled():
        Application.objects.filter(pk=application.pk).update(edited_at=days_ago(61))
    assert apply_retention()["idle_drafts"] == 0  # the first nudge no longer counts
    assert sweep().sent == 1
    assert nudges(application) == [(1, True), (2, True)]
    [message] = mail.outbox
    day = formats.date_format(draft_deletion_date(timezone.localdate()), "j F Y")
    assert f"by the end of {day}, it will be deleted" in message.body
    assert sweep().sent == 0  # one nudge per idle spell
    assert apply_retention()["idle_drafts"] == 0  # the day the new nudge named is not over

    with scopes_disabled():
        Reminder.objects.filter(application=application, cycle=2).update(sent_at=days_ago(31))
    with django_capture_on_commit_callbacks(execute=True):
        assert apply_retention()["idle_drafts"] == 1
    assert not exists(application)
    assert len(deletion_entries()) == 1


def test_person_who_opted_out_of_reminders_is_told_and_the_draft_goes(scheme, settings):
    """The nudge announces a deletion: it is essential, so an opt-out does not stop it, and
    the draft is not kept forever for want of a nudge."""
    settings.SANCTUARY_DRAFT_IDLE_DAYS = 60
    settings.SANCTUARY_RETENTION_DRAFT_DAYS = 30
    application = started_application(scheme, name="Quiet Primary")
    set_reminder_preferences(
        application.lead_contact, actor=application.lead_contact, receive=set()
    )
    with scopes_disabled():
        Application.objects.filter(pk=application.pk).update(created_at=days_ago(61))
        CriterionResponse.objects.filter(application=application).update(updated_at=days_ago(61))
    assert sweep().sent == 1
    [message] = mail.outbox
    assert message.to == [application.lead_contact.email]
    assert "it will be deleted" in message.body
    assert "even to those who chose to receive fewer reminders" in message.body
    nudge_sent(application, 31)
    assert apply_retention()["idle_drafts"] == 1
    assert not exists(application)


def test_draft_whose_nudge_did_not_go_is_kept(scheme, settings):
    waiting = nudged(scheme, settings, name="Waiting Primary")
    refused = nudged(scheme, settings, name="Refused Primary")
    with scopes_disabled():  # one nudge still to be sent, one given up (the address refused)
        Reminder.objects.filter(application=waiting).update(sent_at=None, claimed_at=None)
        Reminder.objects.filter(application=refused).update(
            sent_at=None, given_up_at=days_ago(40), failure="550 no such user"
        )
    assert apply_retention()["idle_drafts"] == 0
    assert exists(waiting) and exists(refused)


def test_a_file_another_application_shares_stays_in_storage(
    scheme, settings, django_capture_on_commit_callbacks
):
    """A renewal shares the files it carried forward; deleting one draft keeps them."""
    application = nudged(scheme, settings)
    [name] = stored_files(application)
    other = started_application(scheme, name="Other Primary")
    with scopes_disabled():
        EvidenceFile.objects.create(
            response=responses_of(other)[0],
            file=name,
            original_name="policy.pdf",
            content_type="application/pdf",
            size=1,
            carried_forward=True,
        )
    nudge_sent(application, 31)
    with django_capture_on_commit_callbacks(execute=True):
        assert apply_retention()["idle_drafts"] == 1
    assert not exists(application)
    assert private_storage().exists(name)
    assert stored_files(other) == [name]


def test_privacy_notice_says_what_the_code_does(db, client, settings):
    settings.SANCTUARY_DRAFT_IDLE_DAYS = 60
    settings.SANCTUARY_RETENTION_DRAFT_DAYS = 30
    notice = client.get(reverse("members:privacy_notice")).content.decode()
    assert (
        "When nobody has changed a draft award application for 60 days, we write to its lead "
        "contact and collaborators, and say on which day it will be deleted."
    ) in notice
    assert (
        "If nobody changes it in the 30 days after that e-mail, the draft is deleted, with the "
        "files uploaded to it. A draft that someone changes is kept."
    ) in notice


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_retention_on_postgresql_skips_a_draft_someone_holds_and_deletes_it_once(scheme, settings):
    """On PostgreSQL the row lock matters: a draft being saved at this moment is left for the
    next run, and two runs at once delete and log it exactly once."""
    if connection.vendor != "postgresql":
        skip_or_fail("this test needs PostgreSQL: set DATABASE_URL")
    application = nudged(scheme, settings)
    [name] = stored_files(application)
    nudge_sent(application, 31)

    holding, release = threading.Event(), threading.Event()

    def hold_the_row():
        try:
            with transaction.atomic(), scopes_disabled():
                Application.objects.select_for_update().get(pk=application.pk)
                holding.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    holder = threading.Thread(target=hold_the_row)
    holder.start()
    assert holding.wait(timeout=30)
    try:
        assert delete_idle_drafts() == 0
        assert exists(application)
    finally:
        release.set()
        holder.join(timeout=30)

    results: list[int] = []

    def run_retention():
        try:
            results.append(delete_idle_drafts())
        finally:
            connection.close()

    runs = [threading.Thread(target=run_retention) for _ in range(2)]
    for run in runs:
        run.start()
    for run in runs:
        run.join(timeout=60)
    assert sorted(results) == [0, 1]
    assert not exists(application)
    assert not private_storage().exists(name)
    assert len(deletion_entries()) == 1
