"""Each person's choice of reminders."""

from django.db import transaction
from django.utils.translation import gettext as _

from awards.enums import OPTIONAL_REMINDERS, Action
from awards.models import ReminderOptOut
from awards.services.errors import AwardError
from members.models import User
from sanctuary.activity import log_action


@transaction.atomic
def set_reminder_preferences(user: User, *, actor: User, receive: set[str]) -> set[str]:
    """A person chooses which non-essential reminders they receive; essential ones (an
    award's expiry to its contacts, evidence due) always go. Returns the kinds opted out."""
    if actor.pk != user.pk:
        raise AwardError(_("Each person chooses their own reminders."))
    opted_out = {str(kind) for kind in OPTIONAL_REMINDERS} - set(receive)
    before = set(ReminderOptOut.objects.filter(user=user).values_list("kind", flat=True))
    if before == opted_out:
        return opted_out
    ReminderOptOut.objects.filter(user=user).exclude(kind__in=sorted(opted_out)).delete()
    ReminderOptOut.objects.bulk_create(
        [ReminderOptOut(user=user, kind=kind) for kind in sorted(opted_out - before)]
    )
    log_action(
        user,
        Action.REMINDERS_PREFERENCES_CHANGED,
        actor=actor,
        data={"opted_out": {"old": sorted(before), "new": sorted(opted_out)}},
    )
    return opted_out
