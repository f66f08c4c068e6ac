"""Care for panellists: the person a network names for panellists to turn to."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from sanctuary.models import Network


class SupportContact(models.Model):
    """Who a panellist can talk to, for example after reading distressing evidence."""

    network = models.OneToOneField(
        Network, related_name="panellist_support", on_delete=models.PROTECT
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=40, blank=True)
    note = models.CharField(
        _("a short note"),
        max_length=300,
        blank=True,
        help_text=_("For example when they can be reached, or what they can help with."),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.PROTECT, null=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(network="network")

    def __str__(self) -> str:
        return self.name
