"""The thread kept with an application: the panel's questions, the applicant's answers, and
the panel's own notes (never shown to the applicant)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from awards.enums import APPLICANT_THREAD_KINDS, ThreadKind
from awards.models.applications import Application
from awards.models.panels import PanelAssignment


class ThreadEntry(models.Model):
    """One entry in an application's thread, in the order written."""

    application = models.ForeignKey(Application, related_name="thread", on_delete=models.PROTECT)
    kind = models.CharField(_("kind"), max_length=20, choices=ThreadKind.choices)
    body = models.TextField(_("text"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="+", on_delete=models.PROTECT)
    # A question the chair asks for a panellist: the applicant reads the panellist's name only
    # if that panellist chose to show it (PanelAssignment.name_for_applicant).
    raised_by = models.ForeignKey(
        PanelAssignment, related_name="+", on_delete=models.PROTECT, null=True, blank=True
    )
    # An answer names the question it answers.
    answers = models.ForeignKey(
        "self", related_name="replies", on_delete=models.PROTECT, null=True, blank=True
    )
    # The language the text is written in, so pages mark it with its own `lang` and a reader
    # of another language can read it machine-translated: an answer is in the application's
    # language, a question or note in its writer's ("" when nobody knows).
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, blank=True, default=""
    )
    written_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(network="application__network")

    class Meta:
        ordering = ["written_at", "pk"]
        verbose_name = _("thread entry")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"

    @property
    def is_question(self) -> bool:
        return self.kind == ThreadKind.QUESTION

    @property
    def is_answer(self) -> bool:
        return self.kind == ThreadKind.ANSWER

    @property
    def is_panel_note(self) -> bool:
        return self.kind == ThreadKind.PANEL_NOTE

    @property
    def applicant_may_read(self) -> bool:
        return self.kind in APPLICANT_THREAD_KINDS
