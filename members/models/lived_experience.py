"""Sanctuary Ambassadors and the Experts by Experience Advisory Group.

Everything here says that a person has lived experience of seeking sanctuary, so it is
private: only the person and movement staff see it (DESIGN.md section 4, rule 6). None of
these rows belongs to a network, and no network page reads them. The platform never asks
for immigration status or documents.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from members.enums import AmbassadorRole, AmbassadorStatus


class Ambassador(models.Model):
    """A person with lived experience who registered to take part in the movement's work."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, related_name="ambassador", on_delete=models.PROTECT
    )
    languages = models.CharField(
        _("languages you speak"),
        max_length=200,
        help_text=_("For example: Tigrinya, Arabic, English."),
    )
    skills = models.TextField(
        _("skills and interests"),
        blank=True,
        help_text=_("Anything you would like to bring: cooking, music, teaching, writing..."),
    )
    availability = models.CharField(
        _("when you are available"),
        max_length=200,
        blank=True,
        help_text=_("For example: weekday evenings, or two days a month."),
    )
    roles_wanted = models.JSONField(_("what you would like to do"), default=list, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AmbassadorStatus.choices,
        default=AmbassadorStatus.PENDING,
    )
    registered_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        related_name="+",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )

    class Meta:
        ordering = ["registered_at", "pk"]
        verbose_name = _("Sanctuary Ambassador")
        verbose_name_plural = _("Sanctuary Ambassadors")

    def __str__(self) -> str:
        return str(self.user)

    def get_roles_wanted_display(self) -> list[str]:
        labels = dict(AmbassadorRole.choices)
        return [str(labels[role]) for role in self.roles_wanted if role in labels]

    @property
    def is_pending(self) -> bool:
        return self.status == AmbassadorStatus.PENDING

    @property
    def is_approved(self) -> bool:
        return self.status == AmbassadorStatus.APPROVED


class AdvisoryGroupMember(models.Model):
    """An ambassador nominated to the Experts by Experience Advisory Group.

    Invitations to trustees' meetings rotate fairly: whoever was invited least recently
    (never, first) is next.
    """

    ambassador = models.OneToOneField(
        Ambassador, related_name="advisory_membership", on_delete=models.PROTECT
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.PROTECT, null=True
    )
    nominated_at = models.DateTimeField(auto_now_add=True)
    is_active = models.BooleanField(_("active"), default=True)
    last_invited_at = models.DateTimeField(_("last invited"), null=True, blank=True)
    invitation_count = models.PositiveIntegerField(_("invitations"), default=0)

    class Meta:
        ordering = ["nominated_at", "pk"]
        verbose_name = _("Advisory Group member")
        verbose_name_plural = _("Advisory Group members")

    def __str__(self) -> str:
        return str(self.ambassador)


class TrusteeMeetingInvitation(models.Model):
    """One invitation of an Advisory Group member to one trustees' meeting."""

    member = models.ForeignKey(
        AdvisoryGroupMember, related_name="invitations", on_delete=models.PROTECT
    )
    meeting_date = models.DateField(_("meeting date"))
    invited_at = models.DateTimeField(auto_now_add=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.PROTECT, null=True
    )

    class Meta:
        ordering = ["-meeting_date", "pk"]
        verbose_name = _("trustees' meeting invitation")
        verbose_name_plural = _("trustees' meeting invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "meeting_date"], name="one_invitation_per_meeting"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} to the meeting of {self.meeting_date}"
