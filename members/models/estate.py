"""Files of the existing movement brought in by staff: one row per uploaded file, which keeps
the file for the mapping step, the preview and the run."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanctuary.uploads import private_storage


def estate_file_path(instance, filename: str) -> str:
    return f"estate/{uuid.uuid4().hex}"


class EstateImport(models.Model):
    """An uploaded file to import, and what became of it. Not tenant-owned: staff import
    across the movement."""

    kind = models.CharField(_("what the file holds"), max_length=20)
    file = models.FileField(upload_to=estate_file_path, storage=private_storage, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    # Column index (as text, JSON keys) → field name, as staff last chose it.
    mapping = models.JSONField(default=dict, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.PROTECT, null=True
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # The counts of the last real run, once one stored the file's rows.
    imported_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(default=dict, blank=True)

    # The file's bytes, on a record not saved yet (the command's): stored with a real run.
    pending_data: bytes = b""

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("estate import")
        verbose_name_plural = _("estate imports")

    def __str__(self) -> str:
        return f"{self.kind}: {self.original_name}"
