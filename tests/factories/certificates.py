"""Awards that organisations hold, with their certificates, for the URL and accessibility
walks: Alpha Primary's in network A, and Beta Primary's in network B, which must not leak."""

import datetime

from django.utils import timezone
from django_scopes import scopes_disabled

from awards.enums import ApplicationState, DecisionOutcome, ReminderKind
from awards.models import Application, Award, Decision, Reminder, Submission
from awards.services.certificates import assign_certificate_number, render_certificate
from awards.services.common import add_years
from tests.factories.awards import award_walk


def held_award(world) -> Award:
    """Alpha Primary holds network A's award, certificate made. Built once per world; rows
    are written directly, as test setup, then the real service renders the certificate."""
    if hasattr(world, "_held_award"):
        return world._held_award
    walk = award_walk(world)
    held = None
    for network, organisation, lead in [
        (world.network_b, world.organisation_b, world.coordinator_b),
        (world.network_a, world.organisation_a, world.contact_a),
    ]:
        with scopes_disabled():
            in_review = Application.objects.get(network=network, organisation=organisation)
            application = Application.objects.create(
                network=network,
                scheme=in_review.scheme,
                criteria_version=in_review.criteria_version,
                organisation=organisation,
                lead_contact=lead,
                state=ApplicationState.AWARDED,
            )
            submission = Submission.objects.create(
                application=application, number=1, submitted_by=lead, snapshot={}
            )
            decision = Decision.objects.create(
                application=application,
                submission=submission,
                outcome=DecisionOutcome.AWARDED,
                decided_on=datetime.date(2026, 3, 2),
                appraisal_report=f"A warm welcome at {organisation.name}.",
                recorded_by=walk.assignment.panellist,
            )
            held = Award.objects.create(
                network=network,
                scheme=application.scheme,
                organisation=organisation,
                application=application,
                decision=decision,
                awarded_on=decision.decided_on,
                expires_on=datetime.date(2029, 3, 2),
            )
        render_certificate(held, actor=None)
    world._held_award = held
    return held


def sent_reminder(world) -> Reminder:
    """A renewal reminder sent to Alpha Primary's contact, for the reminders page."""
    award = held_award(world)
    with scopes_disabled():
        return Reminder.objects.create(
            network=award.network,
            kind=ReminderKind.AWARD_EXPIRY,
            recipient=world.contact_a,
            award=award,
            cycle=award.cycle,
            milestone=90,
            due_on=award.expires_on,
            sent_at=timezone.now(),
            language="en",
        )


def issued_award(
    scheme,
    *,
    awarded_on: datetime.date,
    name: str = "Renewing Primary",
    organisation=None,
    contact=None,
) -> Award:
    """An award of `scheme`, issued on `awarded_on` with the scheme's validity, written
    directly (test setup, no certificate rendered): (award), its contact is the lead."""
    from tests.factories.awards import applicant

    if organisation is None:
        organisation, contact = applicant(scheme, name=name)
    with scopes_disabled():
        version = scheme.versions.filter(published_at__isnull=False).first()
        application = Application.objects.create(
            network=scheme.network,
            scheme=scheme,
            criteria_version=version,
            organisation=organisation,
            lead_contact=contact,
            state=ApplicationState.AWARDED,
        )
        submission = Submission.objects.create(
            application=application, number=1, submitted_by=contact, snapshot={}
        )
        decision = Decision.objects.create(
            application=application,
            submission=submission,
            outcome=DecisionOutcome.AWARDED,
            decided_on=awarded_on,
            appraisal_report="Welcome is everyday practice.",
            recorded_by=contact,
        )
        award = Award.objects.create(
            network=scheme.network,
            scheme=scheme,
            organisation=organisation,
            application=application,
            decision=decision,
            awarded_on=awarded_on,
            expires_on=add_years(awarded_on, scheme.validity_years),
        )
    assign_certificate_number(award)
    return award


def check_in_of(world):
    """Alpha Primary's check-in a year into its award, waiting; Beta Primary's in network B
    is submitted, with words that must not leak. Built once per world, written directly."""
    from awards.models import CheckIn

    if hasattr(world, "_check_in"):
        return world._check_in
    award = held_award(world)
    with scopes_disabled():
        theirs = Award.objects.get(network=world.network_b, organisation=world.organisation_b)
        CheckIn.objects.create(
            network=world.network_b,
            award=theirs,
            months=12,
            due_on=datetime.date(2027, 3, 2),
            progress=[{"item": "Welcome week", "progress": "Beta Primary did it"}],
            submitted_at=timezone.now(),
        )
        world._check_in = CheckIn.objects.create(
            network=award.network, award=award, months=12, due_on=datetime.date(2027, 3, 2)
        )
    return world._check_in


def concern_about(award: Award):
    """A concern about the award, raised by a visitor and taken into review by staff (once
    per award)."""
    from awards.models import Complaint
    from awards.services.complaints import raise_complaint, take_complaint_into_review
    from tests.factories import UserFactory

    with scopes_disabled():
        existing = Complaint.objects.filter(award=award).first()
    if existing is not None:
        return existing
    complaint = raise_complaint(
        award, actor=None, name="Vera Visitor", email="vera@example.org", body="A concern."
    )
    return take_complaint_into_review(complaint, actor=UserFactory(is_staff=True))
