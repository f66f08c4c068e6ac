"""Questions from the panel, answers from the applicant, and the panel's own notes: one
thread kept with the application, in the order written."""

from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from awards.enums import WITH_PANEL_STATES, Action, ThreadKind
from awards.models import Application, PanelAssignment, ThreadEntry
from awards.queries.applications import applications_for_user
from awards.queries.panels import can_chair
from awards.services.errors import AwardError
from members.models import User
from sanctuary.activity import log_action


def _text(body: str) -> str:
    text = body.strip()
    if not text:
        raise AwardError(_("Write something first."), field="body")
    return text


def _language_of(user: User) -> str:
    """The language a panel member writes in: the one they chose for the platform."""
    return user.preferred_language or settings.LANGUAGE_CODE


def _check_open(application: Application) -> None:
    if application.state not in WITH_PANEL_STATES:
        raise AwardError(_("Questions and notes are written while the panel works on it."))


def is_applicant(user: User, application: Application) -> bool:
    with scopes_disabled():
        return applications_for_user(user).filter(pk=application.pk).exists()


def is_on_panel(user: User, application: Application) -> bool:
    return PanelAssignment.objects.filter(
        application=application, panellist=user, stepped_back_at__isnull=True
    ).exists()


@transaction.atomic
def ask_question(
    application: Application,
    *,
    actor: User,
    body: str,
    raised_by: PanelAssignment | None = None,
) -> ThreadEntry:
    """The chair asks the applicant a question for the panel, perhaps one a panellist raised
    (`raised_by`, whose name the applicant reads only if they chose to show it)."""
    with scope(network=application.network_id):
        if not can_chair(actor, application.network):
            raise AwardError(_("The panel's chair asks the applicant questions."))
        _check_open(application)
        if raised_by is not None and raised_by.application_id != application.pk:
            raise AwardError(_("Choose a panellist of this panel."), field="raised_by")
        entry = ThreadEntry.objects.create(
            application=application,
            kind=ThreadKind.QUESTION,
            body=_text(body),
            language=_language_of(actor),
            author=actor,
            raised_by=raised_by,
        )
        log_action(
            entry,
            Action.QUESTION_ASKED,
            actor=actor,
            network=application.network,
            data={"application": application.pk},
        )
    from awards import tasks  # tasks import this module

    transaction.on_commit(
        partial(
            tasks.task_notify_question.delay, network_id=application.network_id, entry_id=entry.pk
        )
    )
    return entry


@transaction.atomic
def answer_question(question: ThreadEntry, *, actor: User, body: str) -> ThreadEntry:
    """Someone who works on the application answers a question of the panel."""
    application = question.application
    with scope(network=application.network_id):
        if not question.is_question:
            raise AwardError(_("Only a question of the panel can be answered."))
        if not is_applicant(actor, application):
            raise AwardError(_("The people who work on the application answer its questions."))
        _check_open(application)
        entry = ThreadEntry.objects.create(
            application=application,
            kind=ThreadKind.ANSWER,
            body=_text(body),
            language=application.language,
            author=actor,
            answers=question,
        )
        log_action(
            entry,
            Action.QUESTION_ANSWERED,
            actor=actor,
            network=application.network,
            data={"application": application.pk, "question": question.pk},
        )
    from awards import tasks  # tasks import this module

    transaction.on_commit(
        partial(
            tasks.task_notify_answer.delay, network_id=application.network_id, entry_id=entry.pk
        )
    )
    return entry


@transaction.atomic
def add_panel_note(application: Application, *, actor: User, body: str) -> ThreadEntry:
    """A note for the panel only: the applicant never reads it, on a page, in an e-mail or
    through the API."""
    with scope(network=application.network_id):
        if not (can_chair(actor, application.network) or is_on_panel(actor, application)):
            raise AwardError(_("Only the panel writes panel notes."))
        _check_open(application)
        entry = ThreadEntry.objects.create(
            application=application,
            kind=ThreadKind.PANEL_NOTE,
            body=_text(body),
            language=_language_of(actor),
            author=actor,
        )
        log_action(
            entry,
            Action.PANEL_NOTE_ADDED,
            actor=actor,
            network=application.network,
            data={"application": application.pk},
        )
    return entry
