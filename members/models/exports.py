"""Lists that staff download, made by a worker rather than inside a web request: the public
list of a document's signatories, 200,000 rows at the movement's size."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from members.enums import DocumentSlug, ExportState
from sanctuary.uploads import private_storage


def signatory_export_path(instance: "SignatoryExport", filename: str) -> str:
    # A name nobody can guess, though only a staff view ever serves the file.
    return f"exports/signatories/{uuid.uuid4().hex}.csv"


class SignatoryExport(models.Model):
    """One public list of a document's signatories, asked for by staff and written by a worker.

    Not tenant-owned: it lists signatories across the movement, for staff only. Rows stay as
    the record of who asked; the file of all but a document's newest ready list is deleted.
    """

    document = models.CharField(_("document"), max_length=40, choices=DocumentSlug.choices)
    state = models.CharField(
        _("state"), max_length=20, choices=ExportState.choices, default=ExportState.ASKED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked for by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    requested_at = models.DateTimeField(_("asked for at"))
    finished_at = models.DateTimeField(_("ready or failed at"), null=True, blank=True)
    file = models.FileField(
        upload_to=signatory_export_path, storage=private_storage, max_length=200, blank=True
    )
    size = models.PositiveBigIntegerField(_("size in bytes"), null=True, blank=True)
    rows = models.PositiveIntegerField(_("signatories listed"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("public list of signatories")
        verbose_name_plural = _("public lists of signatories")
        constraints = [
            # Asking again while a list is being made starts no second one: the database says.
            models.UniqueConstraint(
                fields=["document"],
                condition=Q(state=ExportState.ASKED),
                name="one_signatory_export_being_made",
            )
        ]
        indexes = [
            models.Index(fields=["document", "-requested_at"], name="signatory_export_recent")
        ]

    def __str__(self) -> str:
        return f"{self.document} ({self.state}, {self.requested_at:%Y-%m-%d %H:%M})"

    @property
    def is_ready(self) -> bool:
        return self.state == ExportState.READY and bool(self.file)

    @property
    def is_being_made(self) -> bool:
        return self.state == ExportState.ASKED

    @property
    def has_failed(self) -> bool:
        return self.state == ExportState.FAILED

    @property
    def download_name(self) -> str:
        """The file name staff's browser saves it as: the document and the day it was made."""
        day = (self.finished_at or self.requested_at).date().isoformat()
        return f"{self.document}-signatories-{day}.csv"
