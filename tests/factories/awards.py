"""Factories and small builders for the award workflow.

Factories create rows directly (test setup, scoping lifted); the builders below walk an
application through the real services, so a test starts from a state the platform can reach.
"""

import datetime
from dataclasses import dataclass

import factory
from django.core import mail
from django.core.files.base import ContentFile
from django.utils import timezone
from django_scopes import scopes_disabled

from awards import renewals
from awards.enums import (
    ApplicationState,
    ConflictDeclaration,
    CriterionArea,
    Rating,
    SelfAssessment,
)
from awards.models import (
    Application,
    ApplicationWindow,
    AwardScheme,
    Collaborator,
    CriteriaVersion,
    Criterion,
    CriterionResponse,
    EvidenceFile,
    EvidenceLink,
    PanelAssignment,
    Submission,
)
from awards.services.applications import save_response, start_application, submit_application
from awards.services.decisions import record_decision
from awards.services.panels import assign_panellist, declare_conflict, start_review
from awards.services.reviews import get_or_start_review, save_review
from members.enums import DocumentSlug, PartyKind, Role
from members.models import DocumentVersion
from members.services.charter import sign_document
from sanctuary.enums import NetworkKind
from tests.factories import (
    MembershipFactory,
    OrganisationContactFactory,
    OrganisationFactory,
    ScopedModelFactory,
    StreamFactory,
    StreamMembershipFactory,
    UserFactory,
    give_mfa,
)
from tests.factories.charter import DocumentVersionFactory


class SchemeFactory(ScopedModelFactory):
    class Meta:
        model = AwardScheme

    network = factory.SubFactory(StreamFactory)
    name = factory.Sequence(lambda n: f"Award {n} of Sanctuary")


class VersionFactory(ScopedModelFactory):
    class Meta:
        model = CriteriaVersion

    scheme = factory.SubFactory(SchemeFactory)
    number = 1
    published_at = factory.LazyFunction(timezone.now)


class CriterionFactory(ScopedModelFactory):
    class Meta:
        model = Criterion

    version = factory.SubFactory(VersionFactory)
    area = CriterionArea.LEARN
    title = factory.Sequence(lambda n: f"Criterion {n}")
    guidance = "What a panel looks for."
    position = factory.Sequence(lambda n: n)


def scheme_with_criteria(network=None, *, minimum=2, optional=1, pledge=False, **fields):
    """A scheme with one published version: `minimum` minimum criteria (the first of them the
    pledge, if asked), then `optional` others."""
    scheme = SchemeFactory(**({"network": network} if network else {}), **fields)
    version = VersionFactory(scheme=scheme)
    areas = [CriterionArea.LEARN, CriterionArea.EMBED, CriterionArea.SHARE]
    for index in range(minimum):
        CriterionFactory(
            version=version,
            area=areas[index % 3],
            title=f"Minimum criterion {index + 1}",
            is_minimum=True,
            is_pledge=pledge and index == 0,
        )
    for index in range(optional):
        CriterionFactory(
            version=version, area=CriterionArea.SHARE, title=f"Further criterion {index + 1}"
        )
    return scheme


def criteria_of(application: Application) -> list[Criterion]:
    with scopes_disabled():
        return list(application.criteria_version.criteria.all())


def responses_of(application: Application) -> list[CriterionResponse]:
    with scopes_disabled():
        return list(application.responses.select_related("criterion").order_by("criterion"))


def applicant(scheme, *, name="Applicant Primary"):
    """An organisation that may apply to the scheme, with a contact: (organisation, contact).

    In a stream's scheme it is an active member of the stream; in a local group's generic
    scheme it is in the group's area and in no stream."""
    if scheme.network.kind == NetworkKind.LOCAL_GROUP:
        organisation = OrganisationFactory(name=name, local_group=scheme.network)
    else:
        organisation = OrganisationFactory(name=name)
        StreamMembershipFactory(network=scheme.network, organisation=organisation)
    contact = UserFactory(full_name=f"Contact of {name}")
    OrganisationContactFactory(organisation=organisation, user=contact)
    return organisation, contact


def give_pledge(organisation, contact) -> None:
    """The organisation signs the current charter through the charter's own service."""
    charter = DocumentVersion.objects.filter(
        document=DocumentSlug.CHARTER, is_current=True
    ).first() or DocumentVersionFactory(document=DocumentSlug.CHARTER, is_current=True)
    sign_document(
        charter,
        actor=contact,
        name=contact.full_name,
        email=contact.email,
        party_kind=PartyKind.ORGANISATION,
        organisation=organisation,
    )


def started_application(
    scheme, *, organisation=None, contact=None, name="Applicant Primary"
) -> Application:
    if organisation is None:
        organisation, contact = applicant(scheme, name=name)
    return start_application(organisation, scheme, actor=contact)


def fill_evidence(application: Application, *, skip=()) -> None:
    """A narrative for every criterion except those whose titles are in `skip`."""
    for response in responses_of(application):
        if response.criterion.title in skip:
            continue
        save_response(
            response,
            actor=application.lead_contact,
            self_assessment=SelfAssessment.IN_PLACE,
            narrative=f"What we did for {response.criterion.title}.",
        )


def submitted_application(scheme, **kwargs) -> Application:
    application = started_application(scheme, **kwargs)
    fill_evidence(application)
    submit_application(application, actor=application.lead_contact)
    return application


def panellist(network, *, lived_experience=False, name=None) -> object:
    user = give_mfa(
        UserFactory(has_lived_experience=lived_experience, **({"full_name": name} if name else {}))
    )
    # A panellist who accepted the role, agreeing that chairs see their flag (rule 6).
    MembershipFactory(network=network, user=user, role=Role.PANELLIST, agreed_at=timezone.now())
    return user


def coordinator(network, *, name=None) -> object:
    user = give_mfa(UserFactory(**({"full_name": name} if name else {})))
    MembershipFactory(network=network, user=user, role=Role.COORDINATOR)
    return user


def seat(application, user, *, chair, conflict=ConflictDeclaration.NONE) -> PanelAssignment:
    assignment = assign_panellist(application, user, actor=chair)
    declare_conflict(assignment, actor=user, conflict=conflict)
    return assignment


def panel_in_review(application, *, chair, lived_experience=(True, False, False)):
    """Seats one panellist per flag, declared without conflict, and starts the review."""
    seats = [
        seat(application, panellist(application.network, lived_experience=flag), chair=chair)
        for flag in lived_experience
    ]
    start_review(application, actor=chair)
    return seats


def submit_review(assignment: PanelAssignment, *, rating=Rating.MET):
    review = get_or_start_review(assignment, actor=assignment.panellist)
    ratings = {c.pk: (rating, "Seen in the evidence.") for c in criteria_of(assignment.application)}
    return save_review(
        review,
        actor=assignment.panellist,
        ratings=ratings,
        strengths="Warm welcome.",
        improvements="More sharing.",
        questions="",
        submit=True,
    )


def all_met(application) -> dict[int, str]:
    return {c.pk: Rating.MET for c in criteria_of(application)}


def award(application, *, chair, decided_on: datetime.date | None = None):
    return record_decision(
        application,
        actor=chair,
        outcome="awarded",
        findings=all_met(application),
        appraisal_report="A school where welcome is everyday practice.",
        decided_on=decided_on,
    )


PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@dataclass
class AwardWalk:
    """Award data for the URL and accessibility walks, in the `world` of tests/conftest.py."""

    scheme: AwardScheme
    application: Application
    criterion: Criterion
    file: EvidenceFile
    link: EvidenceLink
    collaborator: Collaborator
    assignment: PanelAssignment
    window: ApplicationWindow
    draft: Application | None = None
    draft_criterion: Criterion | None = None


def award_walk(world) -> AwardWalk:
    """Network A's generic award with Alpha Primary's application in review: its contact
    leads it with a colleague, and Ada Coordinator chairs and also sits on the panel. Network
    B has the same, for Beta Primary, so that anything of B on A's pages is a leak. Built once
    per world; rows are written directly, as test setup."""
    if hasattr(world, "_award_walk"):
        return world._award_walk
    walk = None
    for network, organisation, lead, chair in [
        (world.network_b, world.organisation_b, world.coordinator_b, world.coordinator_b),
        (world.network_a, world.organisation_a, world.contact_a, world.coordinator_a),
    ]:
        scheme = scheme_with_criteria(network, name=f"{network.name} Award", minimum=2)
        with scopes_disabled():
            version = scheme.versions.get()
            criteria = list(version.criteria.all())
            window = ApplicationWindow.objects.create(scheme=scheme, name="Spring cohort")
            application = Application.objects.create(
                network=network,
                scheme=scheme,
                criteria_version=version,
                organisation=organisation,
                lead_contact=lead,
                window=window,
                state=ApplicationState.IN_REVIEW,
                action_plan=f"Next year at {organisation.name}: a welcome week.",
            )
            responses = [
                CriterionResponse.objects.create(
                    application=application,
                    criterion=criterion,
                    self_assessment=SelfAssessment.IN_PLACE,
                    narrative=f"What {organisation.name} did for {criterion.title}.",
                )
                for criterion in criteria
            ]
            evidence = EvidenceFile(
                response=responses[0],
                original_name="welcome-policy.pdf",
                content_type="application/pdf",
                size=len(PDF_BYTES),
                uploaded_by=lead,
            )
            evidence.file.save("walk", ContentFile(PDF_BYTES), save=False)
            evidence.save()
            link = EvidenceLink.objects.create(
                response=responses[0], url="https://example.org/welcome", title="Welcome page"
            )
            colleague = UserFactory(full_name=f"Colleague at {organisation.name}")
            OrganisationContactFactory(organisation=organisation, user=colleague)
            collaborator = Collaborator.objects.create(application=application, user=colleague)
            Submission.objects.create(
                application=application, number=1, submitted_by=lead, snapshot={}
            )
            MembershipFactory(network=network, user=chair, role=Role.PANELLIST)
            assignment = PanelAssignment.objects.create(
                application=application,
                panellist=chair,
                assigned_by=chair,
                conflict=ConflictDeclaration.NONE,
            )
        walk = AwardWalk(
            scheme, application, criteria[0], evidence, link, collaborator, assignment, window
        )
    # Alpha Primary is also in the Schools stream, where its contact drafts a second application.
    schools = scheme_with_criteria(world.stream, name="School of Sanctuary", minimum=2)
    walk.draft = start_application(world.organisation_a, schools, actor=world.contact_a)
    walk.draft_criterion = criteria_of(walk.draft)[0]
    world._award_walk = walk
    return walk


GUIDANCE = (
    "The panel looks for welcome that is part of everyday life, not a one-off event: who "
    "took part, what changed for people seeking sanctuary, and how you know. Name the "
    "people and groups you worked with, and say what you would do differently next time."
)
NARRATIVE = (
    "Every new family meets a welcome buddy in their first week, in their own language "
    "where we can. Staff had two training sessions with the local refugee council this "
    "year, and a group of parents with lived experience now advise us each term. We "
    "changed our admissions letter after their comments, and our assemblies in Refugee "
    "Week were led by pupils. Attendance of newly arrived pupils rose, and two parents "
    "now volunteer at the homework club. We keep a short record of what we tried and what "
    "families told us, and we share it with the other schools in our cluster each spring. "
)


def realistic_review(network=None, *, criteria=12):
    """An application in review as a panellist meets it: `criteria` criteria, each with the
    guidance the applicant read, a long narrative, a file and a link. Returns (application,
    seat of a panellist who declared no conflict)."""
    stream = network or StreamFactory(slug="schools", name="Schools of Sanctuary")
    scheme = scheme_with_criteria(stream, minimum=3, optional=criteria - 3)
    chair = coordinator(stream)
    application = started_application(scheme, name="Parkside Primary School")
    for response in responses_of(application):
        save_response(
            response,
            actor=application.lead_contact,
            self_assessment=SelfAssessment.IN_PLACE,
            narrative=NARRATIVE * 2,
        )
        with scopes_disabled():
            Criterion.objects.filter(pk=response.criterion_id).update(guidance=GUIDANCE)
            EvidenceLink.objects.create(
                response=response,
                url="https://example.org/parkside/welcome-week-photos",
                title="Photos from our welcome week",
            )
            evidence = EvidenceFile(
                response=response,
                original_name="welcome-policy-2026.pdf",
                content_type="application/pdf",
                size=len(PDF_BYTES),
                uploaded_by=application.lead_contact,
            )
            evidence.file.save("review", ContentFile(PDF_BYTES), save=False)
            evidence.save()
    submit_application(application, actor=application.lead_contact)
    seats = panel_in_review(application, chair=chair)
    return application, seats[0]


def walk_question(world):
    """A question of network A's chair on Alpha Primary's application in the walk."""
    from awards.services.questions import ask_question

    if not hasattr(world, "_walk_question"):
        walk = award_walk(world)
        world._walk_question = ask_question(
            walk.application, actor=world.coordinator_a, body="What does welcome look like?"
        )
    return world._walk_question


def reload(application: Application) -> Application:
    """The application as the database has it now."""
    with scopes_disabled():
        return Application.objects.get(pk=application.pk)


def awarded(scheme, chair, name) -> Application:
    """A submitted application that a full panel reviewed and the chair awarded."""
    application = submitted_application(scheme, name=name)
    for assignment in panel_in_review(application, chair=chair):
        submit_review(assignment)
    award(application, chair=chair)
    return application


def future(days: int, hour: int) -> tuple[datetime.datetime, datetime.datetime]:
    """A two-hour slot `days` from today, starting at `hour` o'clock local time."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
    return start, start + datetime.timedelta(hours=2)


def days_ago(days: int) -> datetime.datetime:
    """This local time of day, `days` days back on the local calendar. Not now minus 24-hour
    days: across a change of the clocks that lands on the day after, late in the evening, and
    the rules count local days."""
    now = timezone.localtime()
    day = now.date() - datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, now.time().replace(tzinfo=None)))


def sweep(day: datetime.date | None = None) -> renewals.SweepResult:
    """The daily renewal sweep for `day`, with the outbox emptied first."""
    mail.outbox.clear()
    return renewals.run_renewal_sweep(today=day)
