"""The two state machines: every change of an application's or an award's state."""

from collections.abc import Mapping
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from awards.enums import (
    ALLOWED_AWARD_TRANSITIONS,
    ALLOWED_TRANSITIONS,
    APPLICATION_STATE_ACTIONS,
    AWARD_STATE_ACTIONS,
    ApplicationState,
    AwardState,
    ReminderKind,
)
from awards.models import (
    Application,
    Award,
)
from awards.services.common import locked
from awards.services.errors import AwardError
from members.models import User
from sanctuary.activity import log_action

# Submitted or resubmitted: the coordinators seat (or reopen) a panel.
WAITING_FOR_PANEL = frozenset({ApplicationState.SUBMITTED, ApplicationState.RESUBMITTED})


@transaction.atomic
def set_application_state(
    application: Application,
    new_state: ApplicationState,
    *,
    actor: User | None,
    data: Mapping[str, Any] | None = None,
) -> Application:
    """The one way an application changes state: checks the map, saves, logs, notifies."""
    with scope(network=application.network_id):
        old_state = locked(application).state
        if new_state not in ALLOWED_TRANSITIONS[old_state]:
            raise AwardError(
                _("An application that is “%(old)s” cannot become “%(new)s”.")
                % {
                    "old": ApplicationState(old_state).label,
                    "new": ApplicationState(new_state).label,
                }
            )
        application.state = new_state
        application.state_changed_at = timezone.now()
        application.save(update_fields=["state", "state_changed_at"])
        log_action(
            application,
            APPLICATION_STATE_ACTIONS[new_state],
            actor=actor,
            network=application.network,
            data={"state": {"old": old_state, "new": str(new_state)}, **(data or {})},
        )
    from awards.tasks import task_notify_application  # tasks import this module

    transaction.on_commit(
        partial(
            task_notify_application.delay,
            network_id=application.network_id,
            application_id=application.pk,
            state=str(new_state),
        )
    )
    if new_state in WAITING_FOR_PANEL:
        notify_coordinators_later(application, ReminderKind.APPLICATION_WAITING)
    return application


def notify_coordinators_later(application: Application, kind: ReminderKind) -> None:
    """After commit, tell the network's coordinators (awards/coordinator_notices.py: once per
    submission and person, in their language, unless they turned it off or read the daily
    digest)."""
    from awards.tasks import task_notify_coordinators  # tasks import this module

    transaction.on_commit(
        partial(
            task_notify_coordinators.delay,
            network_id=application.network_id,
            application_id=application.pk,
            kind=str(kind),
        )
    )


@transaction.atomic
def set_award_state(
    award: Award, new_state: AwardState, *, actor: User | None, reason: str = ""
) -> Award:
    """The one way an award changes state: checks the map, saves, logs."""
    with scope(network=award.network_id):
        old_state = Award.objects.select_for_update().only("state").get(pk=award.pk).state
        if new_state not in ALLOWED_AWARD_TRANSITIONS[old_state]:
            raise AwardError(
                _("An award that is “%(old)s” cannot become “%(new)s”.")
                % {"old": AwardState(old_state).label, "new": AwardState(new_state).label}
            )
        award.state = new_state
        award.state_changed_at = timezone.now()
        fields = ["state", "state_changed_at"]
        if new_state == AwardState.WITHDRAWN:
            award.withdrawn_reason = reason
            fields.append("withdrawn_reason")
        award.save(update_fields=fields)
        log_action(
            award,
            AWARD_STATE_ACTIONS[new_state],
            actor=actor,
            network=award.network,
            data={"state": {"old": old_state, "new": str(new_state)}, "reason": reason},
        )
    return award


def withdraw_award(award: Award, *, actor: User, reason: str) -> Award:
    """Staff withdraw an award, for example after a complaint, with a recorded reason."""
    if not actor.is_staff:
        raise AwardError(_("Only movement staff withdraw an award."))
    if not reason.strip():
        raise AwardError(_("Say why the award is withdrawn."))
    return set_award_state(award, AwardState.WITHDRAWN, actor=actor, reason=reason.strip())
