"""What awards adds to coordinators' work queues (members.extensions), registered in
AwardsConfig.ready(): panels to seat, panels ready to decide, reviews overdue and more
evidence due, in the networks asked about. One source gives the four kinds in two queries,
whatever the number of networks or applications; none says who has lived experience."""

import datetime
from collections.abc import Sequence

from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from awards.enums import ApplicationState
from awards.models import Application, Submission
from awards.queries.decisions import evidence_due_on
from awards.queries.panels import overdue_review_seats, ready_to_decide
from members.extensions import WorkItem
from sanctuary.models import Network

WAITING_FOR_PANEL = (ApplicationState.SUBMITTED, ApplicationState.RESUBMITTED)


def _applications(networks: Sequence[Network], *states: str) -> QuerySet[Application]:
    return (
        Application.objects.filter(network__in=[n.pk for n in networks], state__in=states)
        .select_related("organisation", "scheme", "network")
        .order_by("state_changed_at", "pk")
    )


def _title(application: Application) -> str:
    return f"{application.organisation.name}: {application.scheme.display_name}"


def _url(name: str, application: Application) -> str:
    return reverse(name, args=[application.network.slug, application.pk])


def coordinator_work(networks: Sequence[Network]) -> list[WorkItem]:
    """The four kinds of award work in these networks from one read of their open
    applications (and one of the reviews that decide whether a panel may decide): panels to
    seat, panels ready to decide, reviews overdue, more evidence due."""
    today = timezone.localdate()
    with scopes_disabled():  # these networks' rows only
        latest = Submission.objects.filter(application=OuterRef("pk")).order_by("-number")
        overdue = overdue_review_seats(today).filter(application=OuterRef("pk"))
        applications = list(
            _applications(
                networks,
                *WAITING_FOR_PANEL,
                ApplicationState.IN_REVIEW,
                ApplicationState.MORE_EVIDENCE_REQUESTED,
            ).annotate(
                latest_submission_id=Subquery(latest.values("pk")[:1]),
                reviews_overdue=Exists(overdue),
                due_on=evidence_due_on(),
            )
        )
        in_review = [a for a in applications if a.state == ApplicationState.IN_REVIEW]
        ready = ready_to_decide(in_review)
    items = [_seat_panel(a) for a in applications if a.state in WAITING_FOR_PANEL]
    items += [_decide(a) for a in ready]
    items += [_reviews_overdue(a) for a in in_review if a.reviews_overdue]
    items += [
        _evidence_due(a, today)
        for a in applications
        if a.state == ApplicationState.MORE_EVIDENCE_REQUESTED
    ]
    return items


def _seat_panel(a: Application) -> WorkItem:
    """Submitted or resubmitted, waiting for the coordinator to seat a panel and open it."""
    return WorkItem(
        kind=_("Seat a panel and open the review"),
        title=_title(a),
        network=a.network,
        since=a.state_changed_at,
        url=_url("awards:panel_assign", a),
        note=a.get_state_display(),
    )


def _decide(a: Application) -> WorkItem:
    return WorkItem(
        kind=_("Record the panel's decision"),
        title=_title(a),
        network=a.network,
        since=a.state_changed_at,
        url=_url("awards:decision", a),
    )


def _reviews_overdue(a: Application) -> WorkItem:
    return WorkItem(
        kind=_("Reviews are overdue"),
        title=_title(a),
        network=a.network,
        since=a.state_changed_at,
        url=_url("awards:panel_application", a),
    )


def _evidence_due(a: Application, today: datetime.date) -> WorkItem:
    return WorkItem(
        kind=_("More evidence is due"),
        title=_title(a),
        network=a.network,
        since=a.state_changed_at,
        url=_url("awards:panel_application", a),
        note=_due_note(getattr(a, "due_on", None), today),  # annotated by coordinator_work
    )


def _due_note(due_on: datetime.date | None, today: datetime.date) -> str:
    if due_on is None:
        return ""
    day = date_format(due_on, "j F Y")
    if due_on < today:
        return gettext("overdue since %(day)s") % {"day": day}
    return gettext("due by %(day)s") % {"day": day}
