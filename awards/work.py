"""What awards adds to coordinators' work queues (members.extensions), registered in
AwardsConfig.ready(): panels to seat, panels ready to decide, reviews overdue and more
evidence due, in the networks asked about. One source gives the four kinds in two queries,
whatever the number of networks or applications, and its preview for the dashboard (each
kind's count and oldest few) in two as well; none says who has lived experience."""

import datetime
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db.models import Case, Count, Exists, OuterRef, Q, Subquery, When
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled
from django_stubs_ext import StrOrPromise

from awards.enums import ApplicationState
from awards.models import Application, Submission
from awards.movement_cache import movement_figure
from awards.queries.decisions import evidence_due_on
from awards.queries.panels import counted_reviews, overdue_review_seats, readiness_of
from members.extensions import WorkItem, WorkKind, WorkListing
from sanctuary.models import Network

WAITING_FOR_PANEL = (ApplicationState.SUBMITTED, ApplicationState.RESUBMITTED)
OPEN_STATES = (
    *WAITING_FOR_PANEL,
    ApplicationState.IN_REVIEW,
    ApplicationState.MORE_EVIDENCE_REQUESTED,
)

# The four kinds, in the order the queue reads them: key, what to do, the page it is done on.
SEAT = ("awards.seat", _("Seat a panel and open the review"), "awards:panel_assign")
DECIDE = ("awards.decide", _("Record the panel's decision"), "awards:decision")
OVERDUE = ("awards.overdue", _("Reviews are overdue"), "awards:panel_application")
EVIDENCE = ("awards.evidence", _("More evidence is due"), "awards:panel_application")
KINDS = (SEAT, DECIDE, OVERDUE, EVIDENCE)


def _open_rows(networks: Sequence[Network], today: datetime.date) -> list[dict[str, Any]]:
    """The networks' open applications, oldest change first, as plain rows (no model
    instances: a stream may have hundreds open), each with what sorts it into a kind: its
    latest submission's counted reviews (rule 1, as ready_to_decide asks it), whether a
    review is overdue, and the evidence's due date. One query."""
    in_review = Q(state=ApplicationState.IN_REVIEW)
    with scopes_disabled():  # these networks' rows only
        latest = Submission.objects.filter(application=OuterRef("pk")).order_by("-number")
        counted = counted_reviews().filter(submission=OuterRef("latest_submission_id")).order_by()
        overdue = overdue_review_seats(today).filter(application=OuterRef("pk"))
        # Each subquery only where its kind can be (PostgreSQL skips a CASE's other arms).
        rows = (
            Application.objects.filter(network__in=[n.pk for n in networks], state__in=OPEN_STATES)
            .annotate(
                latest_submission_id=Subquery(latest.values("pk")[:1]),
                reviews_counted=Case(
                    When(
                        in_review,
                        then=Subquery(
                            counted.values("submission").annotate(n=Count("pk")).values("n")[:1]
                        ),
                    )
                ),
                lived_experience_counted=Case(
                    When(
                        in_review,
                        then=Exists(
                            counted.filter(assignment__panellist__has_lived_experience=True)
                        ),
                    ),
                    default=False,
                ),
                reviews_overdue=Case(When(in_review, then=Exists(overdue)), default=False),
                due_on=Case(
                    When(state=ApplicationState.MORE_EVIDENCE_REQUESTED, then=evidence_due_on())
                ),
            )
            .order_by("state_changed_at", "pk")
            .values(
                "pk",
                "state",
                "state_changed_at",
                "network_id",
                "scheme__min_panel_size",
                "reviews_counted",
                "lived_experience_counted",
                "reviews_overdue",
                "due_on",
            )
        )
        return [dict(row) for row in rows]


def _kept_kinds(networks: Sequence[Network], today: datetime.date) -> dict[str, list[dict]]:
    """_open_rows() sorted into their kinds, kept as one of the movement's figures for these
    networks and this day (awards.movement_cache: renewed by every write of an application,
    submission, review, seat, decision, scheme or person that the rows read). The dashboard
    and the work page read them on every view; without keeping them each view read every
    open application of the networks, a cost that grows with the networks."""
    name = "work-kinds:{}:{}:{}".format(
        today.isoformat(),
        settings.SANCTUARY_REVIEW_DUE_DAYS,
        ",".join(str(pk) for pk in sorted(n.pk for n in networks)),
    )
    return movement_figure(name, lambda: _sorted(_open_rows(networks, today)))


def _title(application: Application) -> str:
    return f"{application.organisation.name}: {application.scheme.display_name}"


def _may_decide(row: dict[str, Any]) -> bool:
    """Rule 1 for a row: readiness_of() over one flag per counted review (it asks only how
    many there are and whether one has lived experience)."""
    counted = row["reviews_counted"] or 0
    lived = int(bool(row["lived_experience_counted"]))
    flags = [True] * lived + [False] * (counted - lived)
    return readiness_of(row["scheme__min_panel_size"], flags).ok


def _sorted(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The rows of each kind, oldest first."""
    kinds: dict[str, list[dict[str, Any]]] = {key: [] for key, _kind, _page in KINDS}
    for row in rows:
        if row["state"] in WAITING_FOR_PANEL:
            kinds[SEAT[0]].append(row)
        elif row["state"] == ApplicationState.IN_REVIEW:
            if _may_decide(row):
                kinds[DECIDE[0]].append(row)
            if row["reviews_overdue"]:
                kinds[OVERDUE[0]].append(row)
        else:
            kinds[EVIDENCE[0]].append(row)
    return kinds


class _Items:
    """Work items from rows: the organisations' and schemes' names in one query, for the
    rows asked about only."""

    def __init__(self, networks: Sequence[Network], rows: list[dict[str, Any]]):
        self.networks = {n.pk: n for n in networks}
        with scopes_disabled():
            self.applications = Application.objects.select_related(
                "organisation", "scheme"
            ).in_bulk([row["pk"] for row in rows])
        self.today = timezone.localdate()

    def item(self, kind: tuple[str, Any, str], row: dict[str, Any]) -> WorkItem:
        key, words, page = kind
        network = self.networks[row["network_id"]]
        note: StrOrPromise = ""
        if key == SEAT[0]:
            note = ApplicationState(row["state"]).label
        elif key == EVIDENCE[0]:
            note = _due_note(row["due_on"], self.today)
        return WorkItem(
            kind=words,
            title=_title(self.applications[row["pk"]]),
            network=network,
            since=row["state_changed_at"],
            url=reverse(page, args=[network.slug, row["pk"]]),
            note=note,
            key=key,
        )


def coordinator_work(networks: Sequence[Network]) -> list[WorkItem]:
    """The four kinds of award work in these networks, every item, in two queries whatever
    the number of networks or applications: panels to seat, panels ready to decide,
    reviews overdue, more evidence due."""
    kinds = _sorted(_open_rows(networks, timezone.localdate()))
    everything = [row for rows in kinds.values() for row in rows]
    items = _Items(networks, everything)
    return [items.item(kind, row) for kind in KINDS for row in kinds[kind[0]]]


def coordinator_work_preview(networks: Sequence[Network], limit: int) -> list[WorkKind]:
    """Each of the four kinds' count and oldest `limit` items, in two queries; only the
    items shown are built."""
    kinds = _kept_kinds(networks, timezone.localdate())
    shown = {key: rows[:limit] for key, rows in kinds.items()}
    items = _Items(networks, [row for rows in shown.values() for row in rows])
    return [
        WorkKind(
            kind[0], kind[1], len(kinds[kind[0]]), [items.item(kind, r) for r in shown[kind[0]]]
        )
        for kind in KINDS
        if kinds[kind[0]]
    ]


def coordinator_work_listings(networks: Sequence[Network]) -> list[WorkListing]:
    """The four kinds for the paged list: their counts and oldest from one query over the
    open applications' plain rows; the items of a part of a kind built (one more query for
    the organisations' and schemes' names) only when the page shows it."""
    kinds = _kept_kinds(networks, timezone.localdate())

    def cutter(kind: tuple[str, Any, str], rows: list[dict[str, Any]]):
        def cut(start: int, stop: int) -> list[WorkItem]:
            part = rows[start:stop]
            items = _Items(networks, part)
            return [items.item(kind, row) for row in part]

        return cut

    return [
        WorkListing(kind[0], kind[1], len(rows), rows[0]["state_changed_at"], cutter(kind, rows))
        for kind in KINDS
        if (rows := kinds[kind[0]])
    ]


def _due_note(due_on: datetime.date | None, today: datetime.date) -> str:
    if due_on is None:
        return ""
    day = date_format(due_on, "j F Y")
    if due_on < today:
        return gettext("overdue since %(day)s") % {"day": day}
    return gettext("due by %(day)s") % {"day": day}
