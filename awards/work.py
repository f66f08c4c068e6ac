"""What awards adds to coordinators' work queues (members.extensions), registered in
AwardsConfig.ready(): panels to seat, panels ready to decide, reviews overdue and more
evidence due, in the networks asked about. Each source runs a fixed number of queries,
whatever the number of networks or applications; none says who has lived experience."""

import datetime
from collections.abc import Sequence

from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from awards.enums import ApplicationState
from awards.models import Application
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


def panels_to_seat(networks: Sequence[Network]) -> list[WorkItem]:
    """Submitted or resubmitted, waiting for the coordinator to seat a panel and open it."""
    with scopes_disabled():  # these networks' rows only
        applications = list(_applications(networks, *WAITING_FOR_PANEL))
    return [
        WorkItem(
            kind=_("Seat a panel and open the review"),
            title=_title(a),
            network=a.network,
            since=a.state_changed_at,
            url=_url("awards:panel_assign", a),
            note=a.get_state_display(),
        )
        for a in applications
    ]


def panels_ready_to_decide(networks: Sequence[Network]) -> list[WorkItem]:
    with scopes_disabled():
        applications = ready_to_decide(_applications(networks, ApplicationState.IN_REVIEW))
    return [
        WorkItem(
            kind=_("Record the panel's decision"),
            title=_title(a),
            network=a.network,
            since=a.state_changed_at,
            url=_url("awards:decision", a),
        )
        for a in applications
    ]


def reviews_overdue(networks: Sequence[Network]) -> list[WorkItem]:
    with scopes_disabled():
        overdue = overdue_review_seats(timezone.localdate()).filter(application=OuterRef("pk"))
        applications = list(
            _applications(networks, ApplicationState.IN_REVIEW).filter(Exists(overdue))
        )
    return [
        WorkItem(
            kind=_("Reviews are overdue"),
            title=_title(a),
            network=a.network,
            since=a.state_changed_at,
            url=_url("awards:panel_application", a),
        )
        for a in applications
    ]


def more_evidence_due(networks: Sequence[Network]) -> list[WorkItem]:
    with scopes_disabled():
        applications = list(
            _applications(networks, ApplicationState.MORE_EVIDENCE_REQUESTED).annotate(
                due_on=evidence_due_on()
            )
        )
    today = timezone.localdate()
    return [
        WorkItem(
            kind=_("More evidence is due"),
            title=_title(a),
            network=a.network,
            since=a.state_changed_at,
            url=_url("awards:panel_application", a),
            note=_due_note(a.due_on, today),
        )
        for a in applications
    ]


def _due_note(due_on: datetime.date | None, today: datetime.date) -> str:
    if due_on is None:
        return ""
    day = date_format(due_on, "j F Y")
    if due_on < today:
        return gettext("overdue since %(day)s") % {"day": day}
    return gettext("due by %(day)s") % {"day": day}
