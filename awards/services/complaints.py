"""Concerns about an awarded organisation: anyone raises one, staff review and decide (no
action, suspension, withdrawal with a reason), the organisation is told and may respond.

Only staff and the organisation's contacts read a concern; nobody else, not the network's
coordinators, not another organisation (the pages answer 404)."""

from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from awards.enums import (
    COMPLAINT_DECISIONS,
    COMPLAINT_TRANSITIONS,
    CURRENT_AWARD_STATES,
    Action,
    AwardState,
    ComplaintEntryKind,
    ComplaintState,
)
from awards.models import Award, Complaint, ComplaintEntry
from awards.services.common import is_contact
from awards.services.errors import AwardError
from awards.services.state import set_award_state, withdraw_award
from members.models import User
from sanctuary.activity import log_action

# Awards someone may raise a concern about: held now, or suspended already.
COMPLAINABLE_STATES = CURRENT_AWARD_STATES | {AwardState.SUSPENDED}


def _staff_only(actor: User) -> None:
    if not actor.is_staff:
        raise AwardError(_("Only movement staff handle concerns about awards."))


@transaction.atomic
def raise_complaint(
    award: Award,
    *,
    actor: User | None,
    name: str,
    email: str,
    body: str,
    language: str = "",
) -> Complaint:
    """Anyone, signed in or not, raises a concern about an award. `actor` is the signed-in
    person, or None. They hear back at `email`, in `language`."""
    with scope(network=award.network_id):
        if award.state not in COMPLAINABLE_STATES:
            raise AwardError(_("This award is not held now, so there is nothing to raise."))
        if not body.strip():
            raise AwardError(_("Tell us what concerns you."), field="body")
        if not name.strip():
            raise AwardError(_("Give your name."), field="name")
        complaint = Complaint.objects.create(
            network_id=award.network_id,
            award=award,
            name=name.strip(),
            email=email.strip(),
            raised_by=actor if actor is not None and actor.is_authenticated else None,
            language=language,
            body=body.strip(),
        )
        log_action(
            complaint,
            Action.COMPLAINT_RAISED,
            actor=complaint.raised_by,
            network=award.network,
            data={"award": award.pk},
        )
    from awards import tasks  # tasks import this module

    transaction.on_commit(
        partial(
            tasks.task_notify_complaint.delay,
            network_id=award.network_id,
            complaint_id=complaint.pk,
            event="raised",
        )
    )
    return complaint


def _set_complaint_state(
    complaint: Complaint,
    new_state: ComplaintState,
    *,
    actor: User,
    action: Action,
    data: dict[str, Any] | None = None,
) -> Complaint:
    old = Complaint.objects.select_for_update().only("state").get(pk=complaint.pk).state
    if new_state not in COMPLAINT_TRANSITIONS[old]:
        raise AwardError(
            _("A concern that is “%(old)s” cannot become “%(new)s”.")
            % {"old": ComplaintState(old).label, "new": ComplaintState(new_state).label}
        )
    complaint.state = new_state
    fields = ["state"]
    if new_state in COMPLAINT_DECISIONS:
        complaint.decided_at = timezone.now()
        complaint.decided_by = actor
        fields += ["decided_at", "decided_by"]
    complaint.save(update_fields=fields + (["reason"] if "reason" in (data or {}) else []))
    log_action(
        complaint,
        action,
        actor=actor,
        network=complaint.network,
        data={"state": {"old": old, "new": str(new_state)}, **(data or {})},
    )
    return complaint


@transaction.atomic
def take_complaint_into_review(complaint: Complaint, *, actor: User) -> Complaint:
    """Staff look into the concern; the organisation's contacts are told and may respond."""
    _staff_only(actor)
    with scope(network=complaint.network_id):
        _set_complaint_state(
            complaint, ComplaintState.IN_REVIEW, actor=actor, action=Action.COMPLAINT_IN_REVIEW
        )
    from awards import tasks  # tasks import this module

    transaction.on_commit(
        partial(
            tasks.task_notify_complaint.delay,
            network_id=complaint.network_id,
            complaint_id=complaint.pk,
            event="in_review",
        )
    )
    return complaint


@transaction.atomic
def decide_complaint(
    complaint: Complaint, *, actor: User, outcome: ComplaintState, reason: str
) -> Complaint:
    """Staff decide: no action (a suspended award is reinstated), suspension, or withdrawal
    with a reason. The award changes state through its own state machine."""
    _staff_only(actor)
    if outcome not in COMPLAINT_DECISIONS:
        raise AwardError(_("Choose a decision."), field="outcome")
    reason = reason.strip()
    if outcome != ComplaintState.NO_ACTION and not reason:
        raise AwardError(_("Say why, for the record and for the organisation."), field="reason")
    with scope(network=complaint.network_id):
        award = complaint.award
        complaint.reason = reason
        _set_complaint_state(
            complaint,
            outcome,
            actor=actor,
            action=Action.COMPLAINT_DECIDED,
            data={"award": award.pk, "reason": reason},
        )
        current = Award.objects.only("state").get(pk=award.pk).state
        if outcome == ComplaintState.SUSPENDED:
            set_award_state(award, AwardState.SUSPENDED, actor=actor, reason=reason)
        elif outcome == ComplaintState.WITHDRAWN:
            withdraw_award(award, actor=actor, reason=reason)
        elif current == AwardState.SUSPENDED:
            set_award_state(award, AwardState.ACTIVE, actor=actor, reason=reason)
    from awards import tasks  # tasks import this module

    transaction.on_commit(
        partial(
            tasks.task_notify_complaint.delay,
            network_id=complaint.network_id,
            complaint_id=complaint.pk,
            event="decided",
        )
    )
    return complaint


@transaction.atomic
def add_complaint_note(complaint: Complaint, *, actor: User, body: str) -> ComplaintEntry:
    """Staff record what they learnt (a call, a visit): for staff only."""
    _staff_only(actor)
    return _add_entry(complaint, actor=actor, body=body, kind=ComplaintEntryKind.STAFF_NOTE)


@transaction.atomic
def respond_to_complaint(complaint: Complaint, *, actor: User, body: str) -> ComplaintEntry:
    """A contact of the organisation responds to the concern while it is open."""
    with scope(network=complaint.network_id):
        if not is_contact(actor, complaint.award.organisation):
            raise AwardError(_("The organisation's contacts respond to a concern about it."))
        if complaint.state not in {ComplaintState.IN_REVIEW, ComplaintState.SUSPENDED}:
            raise AwardError(_("This concern is not open for a response."))
    return _add_entry(complaint, actor=actor, body=body, kind=ComplaintEntryKind.RESPONSE)


def _add_entry(
    complaint: Complaint, *, actor: User, body: str, kind: ComplaintEntryKind
) -> ComplaintEntry:
    if not body.strip():
        raise AwardError(_("Write something first."), field="body")
    with scope(network=complaint.network_id):
        entry = ComplaintEntry.objects.create(
            complaint=complaint, kind=kind, body=body.strip(), author=actor
        )
        log_action(
            entry,
            Action.COMPLAINT_RESPONSE_ADDED
            if kind == ComplaintEntryKind.RESPONSE
            else Action.COMPLAINT_NOTE_ADDED,
            actor=actor,
            network=complaint.network,
            data={"complaint": complaint.pk},
        )
    return entry
