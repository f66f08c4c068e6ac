"""Visits and meetings, the panel's decision, and issuing the award."""

import datetime
from collections.abc import Mapping
from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from awards.certificates import new_certificate_number
from awards.enums import (
    OUTCOME_STATES,
    WITH_PANEL_STATES,
    Action,
    ApplicationState,
    AwardState,
    DecisionOutcome,
    MeetingKind,
    Rating,
)
from awards.models import (
    Application,
    Award,
    Decision,
    DecisionFinding,
    PanelMeeting,
)
from awards.queries.panels import can_chair, panel_readiness
from awards.queries.submissions import latest_submission
from awards.services.certificates import NUMBER_ATTEMPTS
from awards.services.check_ins import schedule_check_ins
from awards.services.common import add_years, locked
from awards.services.errors import AwardError, DecisionRefused
from awards.services.state import set_application_state, set_award_state
from members.models import User
from sanctuary.activity import log_action


@transaction.atomic
def record_meeting(
    application: Application,
    *,
    actor: User,
    kind: MeetingKind,
    held_on: datetime.date,
    notes: str = "",
) -> PanelMeeting:
    """A visit to the organisation or a panel meeting, before the decision."""
    with scope(network=application.network_id):
        if not can_chair(actor, application.network):
            raise AwardError(_("Only the chair records visits and meetings."))
        if application.state not in WITH_PANEL_STATES:
            raise AwardError(_("Visits and meetings are recorded before the decision."))
        meeting = PanelMeeting.objects.create(
            application=application, kind=kind, held_on=held_on, notes=notes, recorded_by=actor
        )
        log_action(
            meeting,
            Action.MEETING_RECORDED,
            actor=actor,
            network=application.network,
            data={"application": application.pk, "kind": str(kind), "held_on": str(held_on)},
        )
    return meeting


@transaction.atomic
def record_decision(
    application: Application,
    *,
    actor: User,
    outcome: DecisionOutcome,
    findings: Mapping[int, str],
    appraisal_report: str,
    decided_on: datetime.date | None = None,
    evidence_requested: str = "",
    evidence_due_on: datetime.date | None = None,
    internal_notes: str = "",
) -> Decision:
    """The chair records the panel's one decision on the latest submission.

    Enforces DESIGN.md rule 1 (enough submitted reviews from panellists without a conflict,
    one of them with lived experience) and rule 2 (no award unless every minimum criterion
    is found met). `findings` maps every criterion id to the panel's rating.
    """
    decided_on = decided_on or timezone.localdate()
    with scope(network=application.network_id):
        if not can_chair(actor, application.network):
            raise DecisionRefused([_("Only a coordinator of the network or staff chairs.")])
        if locked(application).state != ApplicationState.IN_REVIEW:
            raise DecisionRefused([_("A decision is recorded on an application in review.")])
        submission = latest_submission(application)
        readiness = panel_readiness(application, submission)
        if not readiness.ok:
            raise DecisionRefused(readiness.problems)
        # Reviews are of a submission, so a panel that is ready has one before it.
        assert submission is not None
        criteria = list(application.criteria_version.criteria.all())
        problems = []
        if set(findings) != {c.pk for c in criteria} or not set(findings.values()) <= set(
            Rating.values
        ):
            problems.append(_("Give the panel's finding for every criterion."))
        elif outcome == DecisionOutcome.AWARDED:
            for criterion in criteria:
                if criterion.is_minimum and findings[criterion.pk] != Rating.MET:
                    problems.append(
                        _("“%(criterion)s” is a minimum criterion and is not met.")
                        % {"criterion": criterion.display_title}
                    )
        if not appraisal_report.strip():
            problems.append(_("Write the appraisal report for the applicant."))
        if decided_on > timezone.localdate():
            problems.append(_("The date of the decision cannot be in the future."))
        if outcome == DecisionOutcome.MORE_EVIDENCE:
            if not evidence_requested.strip():
                problems.append(_("Say what more evidence is needed."))
            if evidence_due_on is None or evidence_due_on <= decided_on:
                problems.append(_("Give a date after the decision by which it is needed."))
        else:
            evidence_requested, evidence_due_on = "", None
        if problems:
            raise DecisionRefused(problems)
        decision = Decision.objects.create(
            application=application,
            submission=submission,
            outcome=outcome,
            decided_on=decided_on,
            appraisal_report=appraisal_report.strip(),
            evidence_requested=evidence_requested.strip(),
            evidence_due_on=evidence_due_on,
            internal_notes=internal_notes,
            recorded_by=actor,
        )
        DecisionFinding.objects.bulk_create(
            DecisionFinding(decision=decision, criterion_id=pk, rating=rating)
            for pk, rating in findings.items()
        )
        log_action(
            decision,
            Action.DECISION_RECORDED,
            actor=actor,
            network=application.network,
            data={
                "application": application.pk,
                "submission": submission.number,
                "outcome": str(outcome),
                "reviews": readiness.submitted,
            },
        )
        set_application_state(
            application, OUTCOME_STATES[outcome], actor=actor, data={"decision": decision.pk}
        )
        if outcome == DecisionOutcome.AWARDED:
            _issue_award(application, decision, actor=actor)
    return decision


def _issue_award(application: Application, decision: Decision, *, actor: User) -> Award:
    """A positive decision creates the award, valid for the scheme's years from the decision,
    with its certificate number; the certificate is rendered by a worker after commit. A
    renewal's award starts the next cycle of reminders."""
    award = Award(
        network_id=application.network_id,
        scheme=application.scheme,
        organisation=application.organisation,
        application=application,
        decision=decision,
        awarded_on=decision.decided_on,
        expires_on=add_years(decision.decided_on, application.scheme.validity_years),
        cycle=application.renews.cycle + 1 if application.renews is not None else 1,
    )
    for attempt in range(NUMBER_ATTEMPTS):
        award.certificate_number = new_certificate_number()
        try:
            with transaction.atomic():
                award.save()
            break
        except IntegrityError:
            if attempt == NUMBER_ATTEMPTS - 1:
                raise
            award.pk = None  # a number taken already (rare): draw another
    log_action(
        award,
        Action.AWARD_ISSUED,
        actor=actor,
        network=application.network,
        data={
            "application": application.pk,
            "awarded_on": str(award.awarded_on),
            "expires_on": str(award.expires_on),
            "certificate_number": award.certificate_number,
            "cycle": award.cycle,
        },
    )
    from awards.tasks import task_render_certificate  # tasks import this module

    schedule_check_ins(award, actor=actor)
    transaction.on_commit(partial(task_render_certificate.delay, award_id=award.pk))
    # A current award is replaced by its renewal; a lapsed one stays lapsed, in the history
    # (read afresh: it may have lapsed while the renewal was with the panel).
    if application.renews is not None:
        application.renews.refresh_from_db(fields=["state"])
    if application.renews is not None and application.renews.is_current:
        set_award_state(application.renews, AwardState.RENEWED, actor=actor)
    return award
