"""The renewal engine and every reminder: DESIGN.md rule 3, "Three years".

One daily sweep (task_run_renewal_sweep, on the beat; or `manage.py run_renewal_sweep`):

1. awards at their first milestone move from active to renewal due;
2. every reminder due today is *claimed*: one Reminder row per subject, cycle, milestone and
   person, inserted with ON CONFLICT DO NOTHING, so a second sweep (run twice, retried, or
   at the same time) inserts nothing for a reminder that exists;
3. awards past their expiry plus the grace period lapse;
4. the claimed rows are *sent*, each taken by an atomic conditional UPDATE first, so two
   senders never send one row; `sent_at` marks it done. A row claimed but never sent (the
   sweep crashed in between) is taken by a later sweep once its claim is older than
   SANCTUARY_REMINDER_RETRY_SECONDS, so nothing is skipped.

The sending is spread over the workers: the sweep task (with a broker) enqueues one
task_send_reminders per SEND_CHUNK rows, a recipient's rows together, and every worker
takes a share. Each chunk task takes its rows under a token of its own (a row the sweep
claimed may be taken by it), so one chunk's failure releases only what that chunk holds,
never a row another worker is sending. Without a broker (embedded, the management
command) the same chunks are sent one after another in this process.

Each scheme sets its reminder days and its grace period before lapsing (AwardScheme's
reminder_days and grace_days). Steps 1 to 3 are set-based: one query per milestone (and per
distinct list of milestones and grace period among the schemes), whatever the number of
awards, never a Python loop over awards. Nothing
is scheduled ahead as a delayed task: the dates in the database decide.

Mail cannot block (rule 10): each reminder is sent on its own. A refusal for good (an SMTP 5xx
for the address, an invalid address, a provider's rejection) records the address as
undeliverable and gives the row up; a reminder to an address already recorded is given up
without trying; a recipient deferred for now (an SMTP 4xx) releases only its row, which the
task's retry takes (with backoff), until SANCTUARY_MAIL_MAX_ATTEMPTS. Everyone else is
reminded meanwhile. Only a mail server out of reach stops the sending, for everyone, and
raises so that the task retries.

The one gap no database can close: a crash after the mail server accepted an e-mail and
before `sent_at` is written sends that one e-mail again. It is the width of one UPDATE.
"""

import datetime
import logging
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django_scopes import scopes_disabled

from awards import emails
from awards.coordinator_notices import reviews_overdue_rows
from awards.enums import (
    ALLOWED_AWARD_TRANSITIONS,
    AWARD_STATE_ACTIONS,
    CURRENT_AWARD_STATES,
    OPTIONAL_REMINDERS,
    ApplicationState,
    AwardState,
    ReminderKind,
)
from awards.models import (
    DEFAULT_REMINDER_DAYS,
    Application,
    Award,
    AwardScheme,
    CheckIn,
    Decision,
    Reminder,
    ReminderOptOut,
)
from awards.movement_cache import movement_changed
from awards.queries.panels import overdue_review_seats
from awards.services.retention import drafts_to_nudge
from members.emails import Failure, classify_failure, failure_detail, refusal_reason
from members.enums import Role
from members.models import UndeliverableAddress
from members.services.mail import record_undeliverable
from sanctuary.activity import log_actions_in_bulk
from sanctuary.bulk import insert_rows

logger = logging.getLogger(__name__)

# Before the day more evidence is due: a week ahead, and on the day.
EVIDENCE_MILESTONES = (7, 0)
# Before a check-in is due: a month ahead, and on the day (sent up to a month late, when a
# sweep missed it).
CHECK_IN_MILESTONES = (30, 0)
CHECK_IN_LATE_DAYS = 30
BATCH = 1000
# Reminder rows per sending task: a few seconds of work each, so that several workers share
# a large sweep and a retry repeats little.
SEND_CHUNK = 100


@dataclass
class SweepResult:
    renewal_due: int = 0
    lapsed: int = 0
    claimed: int = 0
    sent: int = 0
    # Reminders not sent: refused for good (or to an address recorded as undeliverable), and
    # deferred for the task's retry. In as_dict() only when there are any.
    refused: int = 0
    deferred: int = 0
    # Sending tasks enqueued for the workers (dispatch): their rows are sent there, so they
    # are not in `sent` here. In as_dict() only when there are any.
    dispatched: int = 0

    def as_dict(self) -> dict[str, int]:
        counts = asdict(self)
        for optional in ("refused", "deferred", "dispatched"):
            if not counts[optional]:
                del counts[optional]
        return counts


# Hands one chunk of reminder ids, claimed by the sweep's token, to a worker.
Dispatch = Callable[[list[int], uuid.UUID], object]


def run_renewal_sweep(
    *, today: datetime.date | None = None, dispatch: Dispatch | None = None
) -> SweepResult:
    """The daily sweep. `today` moves the clock (the management command's --today); the
    claims and `sent_at` still record the real time. With `dispatch` the reminders go to
    the workers in chunks (dispatch_reminders); without, this process sends them."""
    today = today or timezone.localdate()
    token = uuid.uuid4()
    result = SweepResult()
    # The sweep looks across every network by design: each row names its own network.
    with scopes_disabled():
        result.renewal_due = mark_renewal_due(today)
        claim_reminders(today, token=token)
        result.claimed = Reminder.objects.filter(claim_token=token).count()
        result.lapsed = mark_lapsed(today)
        if dispatch is not None:
            result.dispatched = dispatch_reminders(token=token, dispatch=dispatch)
        else:
            outcome = send_pending_reminders(token=token)
            result.sent, result.refused, result.deferred = (
                outcome.sent,
                outcome.refused,
                outcome.deferred,
            )
    logger.info("Renewal sweep for %s: %s", today, result.as_dict())
    return result


# Award states, set-based ----------------------------------------------------------------


def transition_awards(awards: QuerySet[Award], new_state: AwardState) -> int:
    """set_award_state() for many awards at once, for the sweep: the same transitions map,
    the same log actions, one UPDATE. Rows that another sweep holds are skipped; it moves
    them. Returns how many moved."""
    allowed_from = sorted(
        old for old, targets in ALLOWED_AWARD_TRANSITIONS.items() if new_state in targets
    )
    with transaction.atomic():
        rows = list(
            awards.filter(state__in=allowed_from)
            .order_by()
            .select_for_update(skip_locked=True)
            .values_list("pk", "state", "network_id")
        )
        now = timezone.now()
        for start in range(0, len(rows), BATCH):
            Award.objects.filter(pk__in=[pk for pk, _, _ in rows[start : start + BATCH]]).update(
                state=new_state, state_changed_at=now
            )
        movement_changed()  # a bulk update sends no signal (awards.movement_cache)
        log_actions_in_bulk(
            Award,
            AWARD_STATE_ACTIONS[new_state],
            [
                (pk, network_id, {"state": {"old": old, "new": str(new_state)}, "reason": ""})
                for pk, old, network_id in rows
            ],
        )
    return len(rows)


@dataclass(frozen=True)
class SchemeRules:
    """What a group of schemes shares for the sweep: their reminder days (largest first)
    and their grace period before lapsing."""

    days: tuple[int, ...]
    grace_days: int

    @property
    def grace(self) -> datetime.timedelta:
        return datetime.timedelta(days=self.grace_days)


def scheme_groups() -> dict[SchemeRules, list[int]]:
    """Schemes by their reminder days and grace period: usually one group, (90, 30, 7, 0)
    with 30 days of grace. The sweep's queries grow with these groups, never with the
    awards."""
    groups: dict[SchemeRules, list[int]] = defaultdict(list)
    for scheme_id, days, grace_days in AwardScheme.objects.values_list(
        "pk", "reminder_days", "grace_days"
    ):
        rules = SchemeRules(
            tuple(sorted(set(days or DEFAULT_REMINDER_DAYS), reverse=True)), grace_days
        )
        groups[rules].append(scheme_id)
    return dict(groups)


def milestone_groups() -> dict[tuple[int, ...], list[int]]:
    """Schemes by their list of reminder days alone, largest first."""
    groups: dict[tuple[int, ...], list[int]] = defaultdict(list)
    for rules, scheme_ids in scheme_groups().items():
        groups[rules.days] += scheme_ids
    return dict(groups)


def windows(days: tuple[int, ...]) -> list[tuple[int, int | None]]:
    """Each milestone with the next one after it: (90, 30), (30, 7), (7, 0), (0, None)."""
    return [(day, days[i + 1] if i + 1 < len(days) else None) for i, day in enumerate(days)]


def mark_renewal_due(today: datetime.date) -> int:
    """Active awards at or past their scheme's first milestone become due for renewal."""
    moved = 0
    for days, scheme_ids in milestone_groups().items():
        due = Award.objects.filter(
            scheme_id__in=scheme_ids,
            state=AwardState.ACTIVE,
            expires_on__lte=today + datetime.timedelta(days=days[0]),
        )
        moved += transition_awards(due, AwardState.RENEWAL_DUE)
    return moved


def grace_groups() -> dict[int, list[int]]:
    """Schemes by their grace period alone."""
    groups: dict[int, list[int]] = defaultdict(list)
    for rules, scheme_ids in scheme_groups().items():
        groups[rules.grace_days] += scheme_ids
    return dict(groups)


def mark_lapsed(today: datetime.date) -> int:
    """Awards not renewed by their expiry plus their scheme's grace period lapse: one
    UPDATE per distinct grace period."""
    moved = 0
    for grace_days, scheme_ids in grace_groups().items():
        cutoff = today - datetime.timedelta(days=grace_days)
        due = Award.objects.filter(
            scheme_id__in=scheme_ids,
            state__in=sorted(CURRENT_AWARD_STATES),
            expires_on__lt=cutoff,
        )
        moved += transition_awards(due, AwardState.LAPSED)
    return moved


# Claims -----------------------------------------------------------------------------------


def claim_reminders(today: datetime.date, *, token: uuid.UUID) -> None:
    """Insert the claim row of every reminder due today; existing claims stay as they are."""
    opted_out = _opted_out()
    now = timezone.now()
    rows: list[dict[str, Any]] = []
    rows += _award_expiry_rows(today, opted_out)
    rows += _evidence_due_rows(today, opted_out)
    rows += _review_overdue_rows(today, opted_out)
    rows += _draft_idle_rows(today, opted_out)
    rows += _check_in_rows(today, opted_out)
    rows += reviews_overdue_rows(today)  # to the coordinators (awards/coordinator_notices.py)
    for row in rows:
        row["claim_token"], row["claimed_at"] = token, now
    # All or nothing: an award's milestone is either claimed for every person or not at all,
    # which lets the next sweep skip claimed milestones instead of inserting them again.
    with transaction.atomic():
        insert_rows(Reminder, rows, ignore_conflicts=True)


def _opted_out() -> dict[str, set[int]]:
    """Who opted out of which non-essential kind: a small table, read once a sweep."""
    people: dict[str, set[int]] = defaultdict(set)
    for user_id, kind in ReminderOptOut.objects.filter(
        kind__in=sorted(OPTIONAL_REMINDERS)
    ).values_list("user_id", "kind"):
        people[kind].add(user_id)
    return people


def _rows(
    kind: ReminderKind,
    opted_out: dict[str, set[int]],
    found: Iterable[tuple],
    *,
    milestone: int,
    subject_field: str = "award_id",
) -> list[dict[str, Any]]:
    """Reminder rows (for sanctuary.bulk.insert_rows) from (subject id, network id, cycle,
    due on, recipient id) tuples, leaving out the people who opted out of this kind."""
    skip = opted_out.get(kind, set())
    return [
        {
            "kind": kind,
            "network_id": network_id,
            "cycle": cycle,
            "milestone": milestone,
            "due_on": due_on,
            "recipient_id": recipient_id,
            subject_field: subject_id,
        }
        for subject_id, network_id, cycle, due_on, recipient_id in found
        if recipient_id not in skip
    ]


def _award_expiry_rows(today: datetime.date, opted_out) -> list[dict[str, Any]]:
    """At each milestone before expiry: the organisation's contacts (essential) and the
    network's coordinators. Contacts come first, so a person who is both gets one reminder."""
    rows: list[dict[str, Any]] = []
    for rules, scheme_ids in scheme_groups().items():
        for milestone, following in windows(rules.days):
            due = Award.objects.filter(
                scheme_id__in=scheme_ids,
                state__in=sorted(CURRENT_AWARD_STATES),
                expires_on__lte=today + datetime.timedelta(days=milestone),
            )
            if following is None:
                due = due.filter(expires_on__gte=today - rules.grace)
            else:
                # Only the milestone whose window today is in: a sweep that missed days sends
                # the current reminder, not every earlier one at once.
                due = due.filter(expires_on__gt=today + datetime.timedelta(days=following))
            # Awards whose milestone is claimed already (yesterday, say) are not read again.
            claimed = Reminder.objects.filter(
                award=OuterRef("pk"),
                cycle=OuterRef("cycle"),
                milestone=milestone,
                check_in__isnull=True,
            )
            due = due.filter(~Exists(claimed)).order_by()  # no sort over them all
            contacts = due.filter(organisation__contacts__user__is_active=True).values_list(
                "pk", "network_id", "cycle", "expires_on", "organisation__contacts__user_id"
            )
            coordinators = due.filter(
                network__memberships__role=Role.COORDINATOR,
                network__memberships__user__is_active=True,
            ).values_list("pk", "network_id", "cycle", "expires_on", "network__memberships__user")
            rows += _rows(ReminderKind.AWARD_EXPIRY, opted_out, contacts, milestone=milestone)
            rows += _rows(
                ReminderKind.AWARD_EXPIRY_NETWORK, opted_out, coordinators, milestone=milestone
            )
    return rows


def _applicant_rows(
    kind: ReminderKind,
    applications: QuerySet[Application],
    opted_out,
    *,
    cycle: str,
    due_on: str,
    milestone: int,
) -> list[dict[str, Any]]:
    """The lead contact and the collaborators of each application: two queries."""
    leads = applications.filter(lead_contact__is_active=True).values_list(
        "pk", "network_id", cycle, due_on, "lead_contact_id"
    )
    collaborators = applications.filter(collaborators__user__is_active=True).values_list(
        "pk", "network_id", cycle, due_on, "collaborators__user_id"
    )
    return _rows(
        kind,
        opted_out,
        [*leads, *collaborators],
        milestone=milestone,
        subject_field="application_id",
    )


def _evidence_due_rows(today: datetime.date, opted_out) -> list[dict[str, Any]]:
    """A week before more evidence is due, and on the day, to the applicant's people."""
    latest = Decision.objects.filter(application=OuterRef("pk")).order_by("-pk")
    waiting = Application.objects.filter(state=ApplicationState.MORE_EVIDENCE_REQUESTED).annotate(
        evidence_due_on=Subquery(latest.values("evidence_due_on")[:1]),
        decision_id=Subquery(latest.values("pk")[:1]),
    )
    rows: list[dict[str, Any]] = []
    for milestone, following in windows(EVIDENCE_MILESTONES):
        due = waiting.filter(evidence_due_on__lte=today + datetime.timedelta(days=milestone))
        if following is None:
            due = due.filter(evidence_due_on__gte=today)  # past the date, it is too late
        else:
            due = due.filter(evidence_due_on__gt=today + datetime.timedelta(days=following))
        rows += _applicant_rows(
            ReminderKind.EVIDENCE_DUE,
            due,
            opted_out,
            cycle="decision_id",
            due_on="evidence_due_on",
            milestone=milestone,
        )
    return rows


def _review_overdue_rows(today: datetime.date, opted_out) -> list[dict[str, Any]]:
    """Panellists without a conflict whose review of the latest submission is not in, the
    review having opened SANCTUARY_REVIEW_DUE_DAYS ago: once per submission."""
    # The plugin cannot see the annotations of a queryset another function returns.
    seats = overdue_review_seats(today).values_list(  # type: ignore[misc]
        "application_id",
        "application__network_id",
        "submission_number",
        "application__state_changed_at__date",
        "panellist_id",
    )
    return _rows(
        ReminderKind.REVIEW_OVERDUE,
        opted_out,
        seats,
        milestone=0,
        subject_field="application_id",
    )


def _draft_idle_rows(today: datetime.date, opted_out) -> list[dict[str, Any]]:
    """Drafts nobody has touched for SANCTUARY_DRAFT_IDLE_DAYS: one nudge per draft and idle
    spell (awards/services/retention.py chooses the cycle)."""
    return _applicant_rows(
        ReminderKind.DRAFT_IDLE,
        drafts_to_nudge(today),
        opted_out,
        cycle="nudge_cycle",
        due_on="nudged_on",
        milestone=0,
    )


def _check_in_rows(today: datetime.date, opted_out) -> list[dict[str, Any]]:
    """A month before a check-in is due, and on the day, to the organisation's contacts:
    check-ins not yet submitted of awards still current. One query per milestone."""
    rows: list[dict[str, Any]] = []
    for milestone, following in windows(CHECK_IN_MILESTONES):
        due = CheckIn.objects.filter(
            submitted_at__isnull=True,
            award__state__in=sorted(CURRENT_AWARD_STATES),
            due_on__lte=today + datetime.timedelta(days=milestone),
        )
        if following is None:
            due = due.filter(due_on__gte=today - datetime.timedelta(days=CHECK_IN_LATE_DAYS))
        else:
            due = due.filter(due_on__gt=today + datetime.timedelta(days=following))
        claimed = Reminder.objects.filter(check_in=OuterRef("pk"), milestone=milestone)
        found = (
            due.filter(~Exists(claimed), award__organisation__contacts__user__is_active=True)
            .order_by()
            .values_list(
                "pk",
                "award_id",
                "network_id",
                "award__cycle",
                "due_on",
                "award__organisation__contacts__user_id",
            )
        )
        skip = opted_out.get(ReminderKind.CHECK_IN_DUE, set())
        rows += [
            {
                "kind": ReminderKind.CHECK_IN_DUE,
                "check_in_id": check_in_id,
                "award_id": award_id,
                "network_id": network_id,
                "cycle": cycle,
                "milestone": milestone,
                "due_on": due_on,
                "recipient_id": recipient_id,
            }
            for check_in_id, award_id, network_id, cycle, due_on, recipient_id in found
            if recipient_id not in skip
        ]
    return rows


# Sending ----------------------------------------------------------------------------------


def _takeable(token: uuid.UUID, claimed_by: uuid.UUID | None = None) -> Q:
    """Rows a sender may take: its own claims (and those of the sweep that handed it the
    rows, `claimed_by`), released ones, and stale ones."""
    stale = timezone.now() - datetime.timedelta(seconds=settings.SANCTUARY_REMINDER_RETRY_SECONDS)
    own = Q(claim_token__in=[token, claimed_by]) if claimed_by else Q(claim_token=token)
    return own | Q(claimed_at__isnull=True) | Q(claimed_at__lt=stale)


def take_reminder(
    reminder: Reminder, *, token: uuid.UUID, claimed_by: uuid.UUID | None = None
) -> bool:
    """Take one row for sending: an atomic conditional UPDATE, so of two senders exactly one
    succeeds; the other sees a fresh claim that is not its own and leaves the row."""
    taken = (
        Reminder.objects.filter(pk=reminder.pk, sent_at__isnull=True, given_up_at__isnull=True)
        .filter(_takeable(token, claimed_by))
        .update(claim_token=token, claimed_at=timezone.now(), attempts=F("attempts") + 1)
    )
    return taken == 1


@dataclass
class Sending:
    sent: int = 0
    refused: int = 0
    deferred: int = 0

    def add(self, other: "Sending") -> None:
        self.sent += other.sent
        self.refused += other.refused
        self.deferred += other.deferred


def give_up(reminder: Reminder, *, token: uuid.UUID, failure: str) -> None:
    Reminder.objects.filter(pk=reminder.pk, claim_token=token).update(
        given_up_at=timezone.now(), failure=failure[:500]
    )


def pending_reminder_chunks(*, token: uuid.UUID) -> list[list[int]]:
    """The ids of every row the sweep `token` may send (its claims, released rows and stale
    ones), SEND_CHUNK at a time; one recipient's rows side by side, so they mostly share a
    chunk and an address refused once is not tried again by another worker."""
    ids = list(
        Reminder.objects.filter(sent_at__isnull=True, given_up_at__isnull=True)
        .filter(_takeable(token))
        .order_by("recipient_id", "pk")
        .values_list("pk", flat=True)
    )
    return [ids[start : start + SEND_CHUNK] for start in range(0, len(ids), SEND_CHUNK)]


def dispatch_reminders(*, token: uuid.UUID, dispatch: Dispatch) -> int:
    """Hand the rows of the sweep `token` to the workers: `dispatch` (the tasks module's
    enqueue_reminders) once per chunk. Returns how many chunks."""
    chunks = pending_reminder_chunks(token=token)
    for chunk in chunks:
        dispatch(chunk, token)
    return len(chunks)


def send_pending_reminders(*, token: uuid.UUID) -> Sending:
    """Send, in this process, every row the sweep `token` may send, chunk after chunk, each
    row on its own (see the module's docstring). Returns how many went, were refused and
    were deferred. A mail server out of reach raises (see send_reminders)."""
    outcome = Sending()
    for chunk in pending_reminder_chunks(token=token):
        outcome.add(send_reminders(chunk, token=token, claimed_by=token))
    return outcome


def send_reminders(
    reminder_ids: list[int], *, token: uuid.UUID, claimed_by: uuid.UUID | None = None
) -> Sending:
    """Send the rows `reminder_ids` that are still to send, each taken first under `token`
    (rows claimed by the sweep `claimed_by` may be taken too). A row sent, given up or held
    by another sender is left alone, so a retry sends only what is left. Returns how many
    went, were refused and were deferred.

    A mail server out of reach releases every row `token` holds (for the retry of the task,
    or the next sweep) and raises, so that the task retries later."""
    pending = list(
        Reminder.objects.filter(pk__in=reminder_ids, sent_at__isnull=True, given_up_at__isnull=True)
        .select_related(
            "recipient",
            "award__organisation",
            "award__scheme",
            "award__network",
            "application__organisation",
            "application__scheme",
            "application__network",
        )
        .order_by("recipient_id", "pk")
    )
    # The refused addresses among the recipients, in one query.
    undeliverable = set(
        UndeliverableAddress.objects.filter(
            email__in={reminder.recipient.email.lower() for reminder in pending}
        ).values_list("email", flat=True)
    )
    outcome = Sending()
    for reminder in pending:
        if not take_reminder(reminder, token=token, claimed_by=claimed_by):
            continue  # another sender has it
        address = reminder.recipient.email.lower()
        if address in undeliverable:
            give_up(reminder, token=token, failure="undeliverable address")
            outcome.refused += 1
            continue
        try:
            language = emails.send_reminder(reminder)
        except BaseException as error:
            failure = classify_failure(error)
            detail = failure_detail(error)
            if failure is Failure.REFUSED:
                give_up(reminder, token=token, failure=detail)
                record_undeliverable(address, reason=refusal_reason(error), detail=detail)
                undeliverable.add(address)
                outcome.refused += 1
                continue
            if failure is Failure.DEFERRED:
                if reminder.attempts + 1 >= settings.SANCTUARY_MAIL_MAX_ATTEMPTS:
                    give_up(reminder, token=token, failure=detail)
                    logger.warning("Gave up on reminder %s: %s", reminder.pk, detail)
                    outcome.refused += 1
                else:
                    # Released for the retry of the task; the others go on meanwhile.
                    Reminder.objects.filter(pk=reminder.pk, claim_token=token).update(
                        claimed_at=None, failure=detail
                    )
                    outcome.deferred += 1
                continue
            # The server is out of reach (or something else broke): release what this
            # sender still holds, so the task's retry takes it at once.
            Reminder.objects.filter(claim_token=token, sent_at__isnull=True).update(claimed_at=None)
            raise
        marked = Reminder.objects.filter(pk=reminder.pk, claim_token=token).update(
            sent_at=timezone.now(), language=language, failure=""
        )
        if not marked:
            logger.warning("Reminder %s was taken over while it was being sent.", reminder.pk)
        outcome.sent += 1
    return outcome
