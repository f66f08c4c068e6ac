"""Lookups of the panel's decisions, as applicants and the work queue see them."""

from django.db.models import OuterRef, Prefetch, Subquery

from awards.enums import ApplicationState
from awards.models import Application, Decision, DecisionFinding


def evidence_due_on() -> Subquery:
    """The date the latest decision asked more evidence by, as an annotation of applications."""
    latest = Decision.objects.filter(application=OuterRef("pk")).order_by("-pk")
    return Subquery(latest.values("evidence_due_on")[:1])


# Decisions are shown to applicants once the application reaches one of these states.
DECISION_SHOWN_STATES = frozenset(
    {
        ApplicationState.MORE_EVIDENCE_REQUESTED,
        ApplicationState.AWARDED,
        ApplicationState.NOT_AWARDED,
    }
)


def latest_decision(application: Application) -> Decision | None:
    return (
        application.decisions.select_related("submission")
        .prefetch_related(Prefetch("findings", DecisionFinding.objects.select_related("criterion")))
        .order_by("-pk")
        .first()
    )
