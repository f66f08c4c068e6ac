from django.db import models
from django.utils.translation import gettext_lazy as _


class NetworkKind(models.TextChoices):
    LOCAL_GROUP = "local_group", _("Local group")
    STREAM = "stream", _("Stream network")
    LOCAL_STREAM = "local_stream", _("Local stream network")


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
