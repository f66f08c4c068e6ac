"""Each person's choice of reminders."""

from django.db import transaction
from django.utils.translation import gettext as _

from awards.enums import COORDINATOR_NOTICES, OPTIONAL_REMINDERS, Action
from awards.models import DigestChoice, ReminderOptOut
from awards.services.errors import AwardError
from members.models import User
from sanctuary.activity import log_action


@transaction.atomic
def set_reminder_preferences(
    user: User,
    *,
    actor: User,
    receive: set[str],
    notices: set[str] | None = None,
    daily_digest: bool | None = None,
) -> set[str]:
    """A person chooses which non-essential reminders they receive; essential ones (an
    award's expiry to its contacts, evidence due, a check-in due, an idle draft's notice of
    deletion: awards/enums.py ESSENTIAL_REMINDERS) always go. `receive` names the reminders
    they want of the others; `notices` the coordinators' notices they want (None: as they
    are). A coordinator may also choose one digest a day instead of the notices
    (`daily_digest`; None keeps the choice as it is). Returns the kinds opted out."""
    if actor.pk != user.pk:
        raise AwardError(_("Each person chooses their own reminders."))
    if daily_digest is not None:
        _set_daily_digest(user, actor=actor, chosen=daily_digest)
    before = set(ReminderOptOut.objects.filter(user=user).values_list("kind", flat=True))
    reminders = {str(kind) for kind in OPTIONAL_REMINDERS - COORDINATOR_NOTICES}
    opted_out = reminders - set(receive)
    if notices is None:
        opted_out |= before & {str(kind) for kind in COORDINATOR_NOTICES}
    else:
        opted_out |= {str(kind) for kind in COORDINATOR_NOTICES} - set(notices)
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


def _set_daily_digest(user: User, *, actor: User, chosen: bool) -> None:
    before = DigestChoice.objects.filter(user=user).exists()
    if before == chosen:
        return
    if chosen:
        DigestChoice.objects.create(user=user)
    else:
        DigestChoice.objects.filter(user=user).delete()
    log_action(
        user,
        Action.REMINDERS_DIGEST_CHANGED,
        actor=actor,
        data={"daily_digest": {"old": before, "new": chosen}},
    )
