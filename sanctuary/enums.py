from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class NetworkKind(models.TextChoices):
    LOCAL_GROUP = "local_group", pgettext_lazy("kind of network", "Local group")
    STREAM = "stream", pgettext_lazy("kind of network", "Stream network")
    LOCAL_STREAM = "local_stream", pgettext_lazy("kind of network", "Local stream network")


class AreaType(models.TextChoices):
    CITY = "city", _("City")
    TOWN = "town", _("Town")
    VILLAGE = "village", _("Village")
    REGION = "region", _("Region")
    NATION = "nation", _("Nation")


class Nation(models.TextChoices):
    ENGLAND = "england", _("England")
    SCOTLAND = "scotland", _("Scotland")
    WALES = "wales", _("Wales")
    NORTHERN_IRELAND = "northern_ireland", _("Northern Ireland")


class Action(models.TextChoices):
    """Dotted names of the activity log entries sanctuary writes, and their words."""

    NETWORK_CREATED = "sanctuary.network.created", _("Network created")
    NETWORK_PROFILE_CHANGED = "sanctuary.network.profile_changed", _("Public profile changed")
    NETWORK_PROFILE_TRANSLATED = (
        "sanctuary.network.profile_translated",
        _("Public profile translated"),
    )
