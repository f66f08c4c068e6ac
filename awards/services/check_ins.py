"""Check-ins between awards: scheduled when an award is issued, at the points its scheme
sets; submitted once by the organisation's contacts; the renewal starts from the latest."""

import calendar
import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from awards.enums import CURRENT_AWARD_STATES, Action
from awards.models import DEFAULT_CHECK_IN_MONTHS, Award, CheckIn
from awards.services.common import is_contact
from awards.services.errors import AwardError
from members.models import User
from sanctuary.activity import log_action

BULLETS = "-*•–·"


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day when it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def action_plan_items(action_plan: str) -> list[str]:
    """The items of an action plan: its lines that say something, without their bullets or
    numbers ("1. Train the staff" → "Train the staff")."""
    items = []
    for line in action_plan.splitlines():
        text = line.strip().lstrip(BULLETS).strip()
        head, dot, rest = text.partition(".")
        if dot and head.isdigit():
            text = rest.strip()
        if text:
            items.append(text)
    return items


def schedule_check_ins(award: Award, *, actor: User | None) -> list[CheckIn]:
    """The award's check-ins at its scheme's points, those due before it expires. Called by
    the service that issues the award, inside its transaction."""
    months = award.scheme.check_in_months
    if months is None:
        months = list(DEFAULT_CHECK_IN_MONTHS)
    with scope(network=award.network_id):
        rows = [
            CheckIn(
                network_id=award.network_id,
                award=award,
                months=month,
                due_on=add_months(award.awarded_on, month),
            )
            for month in sorted(set(months))
        ]
        rows = [row for row in rows if row.due_on < award.expires_on]
        CheckIn.objects.bulk_create(rows)
        if rows:
            log_action(
                award,
                Action.CHECK_INS_SCHEDULED,
                actor=actor,
                network=award.network,
                data={"due_on": [str(row.due_on) for row in rows]},
            )
    return rows


@transaction.atomic
def submit_check_in(check_in: CheckIn, *, actor: User, progress: list[str], notes: str) -> CheckIn:
    """The organisation says how each item of its action plan is going (`progress`, one
    text per item, in order) and anything else. Once only; any contact of the organisation
    may, while the award is current."""
    award = check_in.award
    with scope(network=check_in.network_id):
        fresh = CheckIn.objects.select_for_update().get(pk=check_in.pk)
        if not is_contact(actor, award.organisation):
            raise AwardError(_("Only the organisation's contacts tell us how it is going."))
        if award.state not in CURRENT_AWARD_STATES:
            raise AwardError(_("The award is no longer current: there is nothing to check in."))
        if fresh.submitted_at is not None:
            raise AwardError(_("This check-in is submitted already. Thank you."))
        items = action_plan_items(award.application.action_plan)
        if len(progress) != len(items):
            raise AwardError(_("Say how each item of the action plan is going."))
        rows = [
            {"item": item, "progress": text.strip()}
            for item, text in zip(items, progress, strict=True)
        ]
        if not notes.strip() and not any(row["progress"] for row in rows):
            raise AwardError(_("Tell us how at least one thing is going before you submit."))
        check_in.progress = rows
        check_in.notes = notes.strip()
        check_in.submitted_at = timezone.now()
        check_in.submitted_by = actor
        check_in.save(update_fields=["progress", "notes", "submitted_at", "submitted_by"])
        log_action(
            check_in,
            Action.CHECK_IN_SUBMITTED,
            actor=actor,
            network=award.network,
            data={"award": award.pk, "months": check_in.months, "due_on": str(check_in.due_on)},
        )
    return check_in


def action_plan_from_check_in(check_in: CheckIn) -> str:
    """A renewal's action plan, starting from the latest check-in: each item with the
    progress reported on it, then what else the organisation said."""
    parts = []
    for row in check_in.progress:
        if row.get("progress"):
            parts.append(
                _("%(item)s\nProgress at our check-in: %(progress)s")
                % {"item": row["item"], "progress": row["progress"]}
            )
        else:
            parts.append(row["item"])
    if check_in.notes:
        parts.append(_("Also at our check-in: %(notes)s") % {"notes": check_in.notes})
    return "\n\n".join(parts)
