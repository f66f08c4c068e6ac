"""Lookups of check-ins between awards."""

import datetime

from awards.enums import CURRENT_AWARD_STATES
from awards.models import Award, CheckIn
from sanctuary.models import Network

# A check-in shows as due this many days before its date (when its first reminder goes).
CHECK_IN_NOTICE_DAYS = 30


def latest_check_in(award: Award) -> CheckIn | None:
    """The award's latest submitted check-in, which its renewal starts from."""
    return (
        CheckIn.objects.filter(award=award, submitted_at__isnull=False)
        .order_by("-due_on", "-pk")
        .first()
    )


def check_ins_waiting(network: Network, today: datetime.date) -> list[CheckIn]:
    """The network's check-ins not yet submitted, of awards still current, due within
    CHECK_IN_NOTICE_DAYS or overdue, the most overdue first; each says `is_overdue`."""
    waiting = list(
        CheckIn.objects.filter(
            network=network,
            submitted_at__isnull=True,
            award__state__in=sorted(CURRENT_AWARD_STATES),
            due_on__lte=today + datetime.timedelta(days=CHECK_IN_NOTICE_DAYS),
        )
        .select_related("award__organisation", "award__scheme")
        .order_by("due_on", "pk")
    )
    for check_in in waiting:
        check_in.is_overdue = check_in.due_on < today
    return waiting


def check_ins_submitted(network: Network, *, limit: int = 20) -> list[CheckIn]:
    """The network's latest submitted check-ins, for its coordinators to read."""
    return list(
        CheckIn.objects.filter(network=network, submitted_at__isnull=False)
        .select_related("award__organisation", "award__scheme")
        .order_by("-submitted_at", "-pk")[:limit]
    )
