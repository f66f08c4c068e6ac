"""Retention of award applications: a draft nobody works on is deleted, after its people were
told the date (issue 11 item 6; the privacy notice says the same, members/privacy_notice.html).

1. The renewal sweep nudges the people of a draft idle for SANCTUARY_DRAFT_IDLE_DAYS
   (awards/renewals.py claims a DRAFT_IDLE reminder for each draft `drafts_to_nudge` finds);
   the nudge names the day, SANCTUARY_RETENTION_DRAFT_DAYS after it is sent
   (`draft_deletion_date`). The nudge is essential (awards/enums.py): a notice that what
   someone wrote will be deleted reaches them even if they chose fewer reminders.
2. Each idle spell is a cycle of its own: a draft changed after its nudge, then left idle
   again, gets a new nudge (the next cycle) with a new date, and only that cycle counts.
3. The daily retention (members.services.privacy.apply_retention, which runs the step
   registered in awards/apps.py) deletes a draft once that day is over for every nudge of
   the latest cycle that went, as long as nobody changed the draft after that cycle's first
   nudge went (`last_changed`: `edited_at`, or a response saved) and none of the cycle's
   nudges is still waiting to be sent. A nudge that could not be delivered does not count
   as telling anyone; at least one must have gone.
4. The draft goes with its responses, links, collaborators, reminders and evidence files;
   each stored file is removed from private storage after the commit, unless another
   application still uses it (a renewal shares the files it carried forward). One log entry
   per draft, without names or text, written in the same transaction as the deletion, so a
   draft is deleted, and logged, exactly once however often retention runs.

Nothing else of an application is ever deleted: once submitted, it is part of the award's
record (DESIGN.md rule 7).
"""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import (
    Case,
    DateField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.deletion import ProtectedError
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django_scopes import scopes_disabled

from awards.enums import ApplicationState, ReminderKind
from awards.models import (
    Application,
    Collaborator,
    CriterionResponse,
    EvidenceFile,
    EvidenceLink,
    Reminder,
)
from members.enums import Action
from sanctuary.activity import log_action
from sanctuary.uploads import private_storage

logger = logging.getLogger(__name__)


def draft_deletion_date(sent_on: datetime.date) -> datetime.date:
    """The day a nudge sent on `sent_on` names: untouched after that day, the draft goes."""
    return sent_on + datetime.timedelta(days=settings.SANCTUARY_RETENTION_DRAFT_DAYS)


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def last_changed() -> Greatest:
    """When someone last changed an application (for an annotation): its creation, the
    services' `edited_at`, or the latest saving of one of its responses."""
    latest_response = CriterionResponse.objects.filter(application=OuterRef("pk")).order_by(
        "-updated_at"
    )
    return Greatest(
        F("created_at"),
        Coalesce(F("edited_at"), F("created_at")),
        Coalesce(Subquery(latest_response.values("updated_at")[:1]), F("created_at")),
    )


def _nudges() -> QuerySet[Reminder]:
    return Reminder.objects.filter(application=OuterRef("pk"), kind=ReminderKind.DRAFT_IDLE)


def _drafts() -> QuerySet[Application]:
    """Drafts with `nudged_cycle`, the latest cycle of their nudges (None before any), and
    `last_changed` as above."""
    return Application.objects.filter(state=ApplicationState.DRAFT).annotate(
        nudged_cycle=Subquery(_nudges().order_by("-cycle").values("cycle")[:1]),
        last_changed=last_changed(),
    )


def _latest_cycle_nudges() -> QuerySet[Reminder]:
    return _nudges().filter(cycle=OuterRef("nudged_cycle"))


def drafts_to_nudge(today: datetime.date) -> QuerySet[Application]:
    """Drafts nobody changed for SANCTUARY_DRAFT_IDLE_DAYS, each with the cycle of the nudge
    it is due (`nudge_cycle`) and the day the nudge is about (`nudged_on`, today). The cycle
    is the latest one while nobody changed the draft after that cycle's nudges went (their
    rows exist, so the sweep claims nothing new), and the next one once someone did."""
    cutoff = _midnight(today - datetime.timedelta(days=settings.SANCTUARY_DRAFT_IDLE_DAYS))
    # When the latest cycle's nudges were done with, sent or given up; None while one waits.
    done = _latest_cycle_nudges().annotate(done_at=Coalesce("sent_at", "given_up_at"))
    return (
        _drafts()
        # In a Q: the type checker cannot see an annotation made in another function.
        .filter(Q(last_changed__lt=cutoff))
        .annotate(
            nudges_done_at=Subquery(
                done.order_by(F("done_at").desc(nulls_first=True)).values("done_at")[:1]
            )
        )
        .annotate(
            nudge_cycle=Case(
                When(nudged_cycle__isnull=True, then=Value(1)),
                When(nudges_done_at__lt=F("last_changed"), then=F("nudged_cycle") + 1),
                default=F("nudged_cycle"),
                output_field=IntegerField(),
            ),
            nudged_on=Value(today, output_field=DateField()),
        )
    )


def deletable_drafts(now: datetime.datetime | None = None) -> QuerySet[Application]:
    """Drafts whose latest cycle's every sent nudge named a day that is over, changed by
    nobody since that cycle's first nudge went."""
    now = now or timezone.now()
    # A nudge sent before this moment named a day before today (draft_deletion_date).
    sent_before = _midnight(
        timezone.localdate(now) - datetime.timedelta(days=settings.SANCTUARY_RETENTION_DRAFT_DAYS)
    )
    nudges = _latest_cycle_nudges()
    sent = nudges.filter(sent_at__isnull=False)
    return (
        _drafts()
        .filter(Exists(sent))
        .exclude(Exists(sent.filter(sent_at__gte=sent_before)))
        .exclude(Exists(nudges.filter(sent_at__isnull=True, given_up_at__isnull=True)))
        .exclude(Exists(sent.filter(sent_at__lte=OuterRef("last_changed"))))
    )


def delete_idle_drafts(now: datetime.datetime | None = None) -> int:
    """Delete the drafts `deletable_drafts` finds, each in its own transaction under a row
    lock (a draft being changed or submitted at this moment is left for the next run).
    Returns how many went."""
    deleted = 0
    with scopes_disabled():  # drafts of every network; each entry names its own
        for pk in list(deletable_drafts(now).values_list("pk", flat=True)):
            try:
                deleted += _delete_draft(pk, now)
            except ProtectedError:
                # Something the history needs points at it; it was never only a draft.
                logger.warning("Kept idle draft %s: other records depend on it", pk)
    return deleted


@transaction.atomic
def _delete_draft(pk: int, now: datetime.datetime | None) -> int:
    application = (
        deletable_drafts(now)
        .filter(pk=pk)
        .select_for_update(skip_locked=True, of=("self",))
        .first()
    )
    if application is None:
        return 0  # changed, submitted, locked by someone working on it, or gone already
    files = EvidenceFile.objects.filter(response__application=application)
    names = set(files.values_list("file", flat=True))
    counts = {"files": files.count()}
    files.delete()
    counts["links"] = EvidenceLink.objects.filter(response__application=application).delete()[0]
    CriterionResponse.objects.filter(application=application).delete()
    Collaborator.objects.filter(application=application).delete()
    Reminder.objects.filter(application=application).delete()
    # No name, no text: that a draft went, from which network, and how much with it.
    log_action(
        application,
        Action.RETENTION_APPLIED,
        network=application.network,
        data={"removed": "idle draft", **counts},
    )
    application.delete()
    transaction.on_commit(lambda: _remove_unused_files(names))
    return 1


def _remove_unused_files(names: set[str]) -> None:
    """After the commit: the stored files no application uses any more (a renewal may share
    one it carried forward from this draft's predecessor, or the other way round)."""
    with scopes_disabled():
        still_used = set(
            EvidenceFile.objects.filter(file__in=sorted(names)).values_list("file", flat=True)
        )
    for name in sorted(names - still_used):
        try:
            private_storage().delete(name)
        except OSError:
            logger.exception("Could not remove the stored file of a deleted draft")
