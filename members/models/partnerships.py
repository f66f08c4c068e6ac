"""Sanctuary Partnership forums: a local group's meeting place for the council, organisations
that support welcome, and people who have sought sanctuary. A forum belongs to the group's
network."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from members.enums import ForumMemberKind
from members.models.people import Organisation
from sanctuary.models import Network


class PartnershipForum(models.Model):
    network = models.ForeignKey(
        Network, related_name="partnership_forums", on_delete=models.PROTECT
    )
    name = models.CharField(_("name of the forum"), max_length=200)
    purpose = models.TextField(_("what the forum works on"), blank=True)
    is_listed = models.BooleanField(
        _("listed publicly"),
        default=True,
        help_text=_("The public list shows the forum and its member organisations, never people."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[models.Manager["PartnershipForum"]] = ScopedManager(network="network")

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("Sanctuary Partnership forum")
        verbose_name_plural = _("Sanctuary Partnership forums")
        constraints = [
            models.UniqueConstraint(fields=["network", "name"], name="one_forum_name_per_network"),
        ]

    def __str__(self) -> str:
        return self.name


class ForumMember(models.Model):
    """A council, an organisation or a person on a forum.

    A person is recorded as a person: the forum never says who has lived experience.
    """

    forum = models.ForeignKey(PartnershipForum, related_name="members", on_delete=models.PROTECT)
    kind = models.CharField(_("member"), max_length=20, choices=ForumMemberKind.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        related_name="forum_memberships",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        related_name="forum_memberships",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    role_title = models.CharField(_("role on the forum"), max_length=120, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[models.Manager["ForumMember"]] = ScopedManager(network="forum__network")

    class Meta:
        ordering = ["kind", "pk"]
        verbose_name = _("forum member")
        verbose_name_plural = _("forum members")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(organisation__isnull=False, user__isnull=True)
                    | models.Q(organisation__isnull=True, user__isnull=False)
                ),
                name="forum_member_is_organisation_or_person",
            ),
            models.UniqueConstraint(
                fields=["forum", "organisation"], name="organisation_once_per_forum"
            ),
            models.UniqueConstraint(fields=["forum", "user"], name="person_once_per_forum"),
        ]

    def __str__(self) -> str:
        return str(self.organisation or self.user)

    @property
    def display_name(self) -> str:
        if self.organisation is not None:
            return self.organisation.name
        return self.user.get_full_name() if self.user is not None else ""
