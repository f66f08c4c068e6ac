"""What a network's coordinators hear about its applications: when one is submitted or
resubmitted, when its panel can decide, and when reviews are overdue; or, if they chose it,
one digest a day of everything waiting for them.

Each notice is a Reminder row, claimed before it is sent, exactly like the renewal sweep's
(awards/renewals.py): the row is unique per kind, application, submission and person, so a
task that runs twice, or a second review after the panel became able to decide, sends
nothing more. The sweep's sender sends any row a crash left behind. The digest has its own
claim rows (DailyDigest), one per person and day.

Every notice is optional (people turn each off at /dashboard/reminders/); each goes in the
recipient's own language.
"""

import datetime
import logging
import uuid
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django_scopes import scopes_disabled

from awards import emails
from awards.enums import ReminderKind
from awards.models import Application, DailyDigest, DigestChoice, Reminder, ReminderOptOut
from awards.queries.panels import overdue_review_seats
from members.emails import MailDeferred
from members.enums import Role
from members.extensions import work_items
from members.models import Membership, User
from sanctuary.bulk import insert_rows
from sanctuary.models import Network

logger = logging.getLogger(__name__)


def coordinators_to_tell(network_ids: set[int], kind: ReminderKind) -> dict[int, list[int]]:
    """The active coordinators of each network who want this kind of notice by itself: not
    opted out of it, and not reading the daily digest instead. Two queries."""
    skip = set(ReminderOptOut.objects.filter(kind=kind).values_list("user_id", flat=True))
    skip |= set(DigestChoice.objects.values_list("user_id", flat=True))
    found: dict[int, list[int]] = {network_id: [] for network_id in network_ids}
    for network_id, user_id in Membership.objects.filter(
        network_id__in=network_ids, role=Role.COORDINATOR, user__is_active=True
    ).values_list("network_id", "user_id"):
        if user_id not in skip:
            found[network_id].append(user_id)
    return found


def notice_rows(
    kind: ReminderKind, found: list[tuple[int, int, int, datetime.date]]
) -> list[dict[str, Any]]:
    """Reminder rows (for sanctuary.bulk.insert_rows) for (application id, network id,
    submission number, date) tuples: one per coordinator of the network."""
    recipients = coordinators_to_tell({network_id for _a, network_id, _c, _d in found}, kind)
    return [
        {
            "kind": kind,
            "network_id": network_id,
            "application_id": application_id,
            "cycle": cycle,
            "milestone": 0,
            "due_on": due_on,
            "recipient_id": recipient_id,
        }
        for application_id, network_id, cycle, due_on in found
        for recipient_id in recipients[network_id]
    ]


def notify_coordinators(application: Application, kind: ReminderKind) -> int:
    """Claim and send this notice about the application's latest submission to its network's
    coordinators. Returns how many e-mails went (0 when every claim exists already)."""
    from awards.renewals import send_pending_reminders  # the sweep's sender, rows and all

    submission = application.submissions.order_by("-number").first()
    if submission is None:
        return 0
    token = uuid.uuid4()
    now = timezone.now()
    with scopes_disabled():  # the rows name their network; the coordinators are read by it
        rows = notice_rows(
            kind,
            [
                (
                    application.pk,
                    application.network_id,
                    submission.number,
                    timezone.localdate(submission.submitted_at),
                )
            ],
        )
        for row in rows:
            row["claim_token"], row["claimed_at"] = token, now
        with transaction.atomic():
            insert_rows(Reminder, rows, ignore_conflicts=True)
        sending = send_pending_reminders(token=token)
    if sending.deferred:
        raise MailDeferred(f"{sending.deferred} notice(s) deferred; retrying later")
    return sending.sent


def reviews_overdue_rows(today: datetime.date) -> list[dict[str, Any]]:
    """For the sweep: the coordinators of each application with a review still overdue
    SANCTUARY_REVIEW_ESCALATE_DAYS after its panellists were reminded, once per submission."""
    escalated = today - datetime.timedelta(days=settings.SANCTUARY_REVIEW_ESCALATE_DAYS)
    found = {
        (application_id, network_id, number, changed_at)
        for application_id, network_id, number, changed_at in overdue_review_seats(
            escalated
        ).values_list(  # type: ignore[misc]
            "application_id",
            "application__network_id",
            "submission_number",
            "application__state_changed_at__date",
        )
    }
    return notice_rows(ReminderKind.REVIEWS_OVERDUE_NETWORK, sorted(found))


# The daily digest -------------------------------------------------------------------------


def _takeable(token: uuid.UUID) -> Q:
    stale = timezone.now() - datetime.timedelta(seconds=settings.SANCTUARY_REMINDER_RETRY_SECONDS)
    return Q(claim_token=token) | Q(claimed_at__isnull=True) | Q(claimed_at__lt=stale)


def coordinated_networks(user: User) -> list[Network]:
    return list(
        Network.objects.filter(memberships__user=user, memberships__role=Role.COORDINATOR)
        .distinct()
        .order_by("name")
    )


def send_daily_digests(*, today: datetime.date | None = None) -> int:
    """One e-mail per coordinator who chose the digest, once a day, listing everything waiting
    in their networks, oldest first; nobody is e-mailed when nothing waits. Returns how many
    went."""
    today = today or timezone.localdate()
    token = uuid.uuid4()
    sent = 0
    with scopes_disabled():  # each person's own networks, read for them
        readers = User.objects.filter(
            digest_choice__isnull=False,
            is_active=True,
            memberships__role=Role.COORDINATOR,
        ).distinct()
        now = timezone.now()
        DailyDigest.objects.bulk_create(
            [
                DailyDigest(recipient=user, day=today, claim_token=token, claimed_at=now)
                for user in readers
            ],
            ignore_conflicts=True,
        )
        pending = list(
            DailyDigest.objects.filter(sent_at__isnull=True)
            .filter(_takeable(token))
            .select_related("recipient")
            .order_by("pk")
        )
        for digest in pending:
            taken = (
                DailyDigest.objects.filter(pk=digest.pk, sent_at__isnull=True)
                .filter(_takeable(token))
                .update(claim_token=token, claimed_at=timezone.now(), attempts=F("attempts") + 1)
            )
            if not taken:
                continue  # another sender has it
            items = work_items(coordinated_networks(digest.recipient))
            language = ""
            try:
                if items:
                    language = emails.send_daily_digest(digest.recipient, items, digest.day)
            except Exception:
                DailyDigest.objects.filter(pk=digest.pk, claim_token=token).update(claimed_at=None)
                raise
            DailyDigest.objects.filter(pk=digest.pk, claim_token=token).update(
                sent_at=timezone.now(), items=len(items), language=language
            )
            sent += bool(items)
    logger.info("Daily digests for %s: %s sent", today, sent)
    return sent
