"""Local groups applying to affiliate to City of Sanctuary UK, and staff's review of them."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from members.enums import AFFILIATION_HOLDS_AREA, AffiliationState, GovernanceType
from members.models.charter import DocumentVersion, Signature
from sanctuary.enums import AreaType, Nation
from sanctuary.models import Network
from sanctuary.uploads import private_storage


def area_key(area: str) -> str:
    """The area's name, compared without case or extra spaces: "Sheffield " is "sheffield"."""
    return " ".join(area.split()).casefold()


def governing_document_path(instance, filename: str) -> str:
    # The stored name says nothing about the group or the file; the original name is a field.
    return f"affiliations/{uuid.uuid4().hex}"


class AffiliationApplication(models.Model):
    """A group's application to affiliate, from submission to affiliated, suspended or lapsed.

    Not tenant-owned: the group's network exists only once it is affiliated.
    """

    group_name = models.CharField(_("name of the group"), max_length=200)
    area = models.CharField(
        _("area"), max_length=120, help_text=_("The city, town, region or nation you cover.")
    )
    area_key = models.CharField(max_length=120, editable=False, db_index=True)
    area_type = models.CharField(_("type of area"), max_length=20, choices=AreaType.choices)
    nation = models.CharField(_("nation"), max_length=20, choices=Nation.choices)
    governance_type = models.CharField(
        _("how the group is governed"), max_length=30, choices=GovernanceType.choices
    )
    lead_organisation = models.CharField(
        _("lead organisation"),
        max_length=200,
        blank=True,
        help_text=_("Only for a network with a lead organisation: the organisation's name."),
    )
    charity_number = models.CharField(_("charity number"), max_length=40, blank=True)
    about = models.TextField(_("about the group"), blank=True)
    contact_email = models.EmailField(_("contact e-mail"))
    governing_document = models.FileField(
        _("governing document"),
        upload_to=governing_document_path,
        storage=private_storage,
        max_length=200,
    )
    governing_document_type = models.CharField(max_length=120, editable=False)
    governing_document_name = models.CharField(max_length=200, editable=False)
    handbook_version = models.ForeignKey(
        DocumentVersion,
        verbose_name=_("handbook terms accepted"),
        related_name="+",
        on_delete=models.PROTECT,
    )
    charter_signature = models.ForeignKey(
        Signature,
        verbose_name=_("charter signed on the group's behalf"),
        related_name="+",
        on_delete=models.PROTECT,
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="affiliation_applications", on_delete=models.PROTECT
    )
    state = models.CharField(
        _("status"),
        max_length=20,
        choices=AffiliationState.choices,
        default=AffiliationState.SUBMITTED,
    )
    state_reason = models.TextField(_("reason"), blank=True)
    state_changed_at = models.DateTimeField(null=True, blank=True)
    # Set when the application was made while another group already held the area.
    area_conflict = models.CharField(_("area already covered by"), max_length=200, blank=True)
    network = models.ForeignKey(
        Network,
        verbose_name=_("local group network"),
        related_name="affiliations",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("affiliation application")
        verbose_name_plural = _("affiliation applications")
        constraints = [
            # One affiliated group per area, however many apply.
            models.UniqueConstraint(
                fields=["area_key", "nation"],
                condition=Q(state__in=sorted(AFFILIATION_HOLDS_AREA)),
                name="one_affiliated_group_per_area",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group_name} ({self.get_state_display()})"

    def get_absolute_url(self) -> str:
        return reverse("members:affiliation_detail", kwargs={"application_id": self.pk})

    @property
    def is_affiliated(self) -> bool:
        return self.state == AffiliationState.AFFILIATED


class AffiliationComment(models.Model):
    """A note staff write while reviewing. The group does not see these."""

    application = models.ForeignKey(
        AffiliationApplication, related_name="comments", on_delete=models.PROTECT
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="+", on_delete=models.PROTECT)
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")

    def __str__(self) -> str:
        return f"Comment by {self.author_id} on {self.application_id}"
