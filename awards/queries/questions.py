"""Lookups of an application's thread: questions, answers and panel notes."""

from django.db.models import QuerySet

from awards.enums import APPLICANT_THREAD_KINDS, ThreadKind
from awards.models import Application, ThreadEntry


def thread_for_panel(application: Application) -> QuerySet[ThreadEntry]:
    """The whole thread, panel notes included, in order."""
    return application.thread.select_related("author", "raised_by__panellist", "answers")


def thread_for_applicant(application: Application) -> QuerySet[ThreadEntry]:
    """Questions and answers only: never a panel note (DESIGN.md rule 5)."""
    return application.thread.filter(kind__in=sorted(APPLICANT_THREAD_KINDS)).select_related(
        "author", "raised_by__panellist", "answers"
    )


def unanswered_questions(application: Application) -> int:
    """How many of the panel's questions have no answer yet."""
    return application.thread.filter(kind=ThreadKind.QUESTION, replies__isnull=True).count()
