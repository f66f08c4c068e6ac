from django.db import models
from django.utils.translation import gettext_lazy as _


class StreamMembershipStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the coordinator")
    ACTIVE = "active", _("Member")
    LEFT = "left", _("Left the stream")
