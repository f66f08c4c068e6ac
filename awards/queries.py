"""Lookups that the award services and views share.

The rules of DESIGN.md section 4 that several places show and one service enforces live here
once: what an application still misses before it can be submitted (rule 2), and whether a
panel may decide (rule 1).
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from awards.certificates import normalise_number
from awards.enums import (
    APPLICANT_THREAD_KINDS,
    CHAIRS,
    CONFLICTS,
    CURRENT_AWARD_STATES,
    WITH_PANEL_STATES,
    ApplicationState,
    AwardState,
    ConflictDeclaration,
    SelfAssessment,
    ThreadKind,
    WindowStatus,
)
from awards.models import (
    Application,
    ApplicationWindow,
    Award,
    AwardScheme,
    CheckIn,
    CriteriaVersion,
    Criterion,
    CriterionResponse,
    Decision,
    EvidenceFile,
    EvidenceLink,
    PanelAssignment,
    Reminder,
    Review,
    Submission,
    SupportContact,
    ThreadEntry,
    VisitDate,
)
from members.enums import Role
from members.models import Membership, Organisation, OrganisationContact, User
from members.queries import organisation_has_pledge, roles_in_network
from sanctuary.enums import NetworkKind
from sanctuary.models import Network
from streams.enums import StreamMembershipStatus
from streams.models import StreamMembership


def current_version(scheme: AwardScheme) -> CriteriaVersion | None:
    """The newest published criteria: what a new application starts with."""
    return (
        CriteriaVersion.objects.filter(scheme=scheme, published_at__isnull=False)
        .order_by("-number")
        .first()
    )


def draft_version(scheme: AwardScheme) -> CriteriaVersion | None:
    return CriteriaVersion.objects.filter(scheme=scheme, published_at__isnull=True).first()


def current_window(scheme: AwardScheme) -> ApplicationWindow | None:
    """The window a new application joins: an open one, else a waiting list. None if rolling."""
    windows = list(scheme.windows.exclude(status=WindowStatus.CLOSED).order_by("opens_on", "pk"))
    for status in (WindowStatus.OPEN, WindowStatus.WAITING_LIST):
        for window in windows:
            if window.status == status:
                return window
    return None


def scheme_takes_applications(scheme: AwardScheme) -> bool:
    """Rolling (no windows at all), or a window that is open or has a waiting list."""
    return not scheme.windows.exists() or current_window(scheme) is not None


def eligible_schemes(organisation: Organisation) -> list[AwardScheme]:
    """The schemes an organisation may apply to: its streams' schemes, or, outside every
    stream that has one, the generic scheme of its local group."""
    return eligible_schemes_for([organisation])[organisation.pk]


def eligible_schemes_for(organisations: Iterable[Organisation]) -> dict[int, list[AwardScheme]]:
    """eligible_schemes() for several organisations at once, in two queries.

    Reads the organisations' own stream rows and the schemes across networks, so scoping is
    lifted for these two lookups only; both are facts the organisations' contacts may know.
    """
    organisations = list(organisations)
    streams: dict[int, set[int]] = {o.pk: set() for o in organisations}
    with scopes_disabled():
        rows = StreamMembership.objects.filter(
            organisation__in=organisations, status=StreamMembershipStatus.ACTIVE
        ).values_list("organisation_id", "network_id", "network__kind", "network__parent_id")
        for organisation_id, network_id, kind, parent_id in rows:
            # A local stream network (Sheffield Schools) belongs to its stream's scheme.
            scheme_network = parent_id if kind == NetworkKind.LOCAL_STREAM else network_id
            if scheme_network is not None:
                streams[organisation_id].add(scheme_network)
        wanted = set().union(*streams.values()) | {
            o.local_group_id for o in organisations if o.local_group_id
        }
        schemes = {
            scheme.network_id: scheme
            for scheme in AwardScheme.objects.filter(
                network_id__in=wanted, versions__published_at__isnull=False
            )
            .select_related("network")
            .distinct()
        }
    eligible = {}
    for organisation in organisations:
        own = sorted(
            (schemes[n] for n in streams[organisation.pk] if n in schemes),
            key=lambda scheme: scheme.name,
        )
        if not own and organisation.local_group_id in schemes:
            own = [schemes[organisation.local_group_id]]
        eligible[organisation.pk] = own
    return eligible


def applications_for_user(user: User) -> QuerySet[Application]:
    """The applications a person works on: as lead contact or collaborator, and only while
    they act for the organisation. Build and read it with scoping lifted: the rows belong
    to several networks, and this filter is what limits them."""
    return (
        Application.objects.filter(organisation__contacts__user=user)
        .filter(Q(lead_contact=user) | Q(collaborators__user=user))
        .distinct()
    )


def organisation_contacts(organisation: Organisation) -> QuerySet[User]:
    return User.objects.filter(organisation_contacts__organisation=organisation).order_by(
        "full_name", "email"
    )


def applicant_people(application: Application) -> list[User]:
    """The lead contact and the collaborators: the people who receive the applicant's e-mails."""
    people = {application.lead_contact_id: application.lead_contact}
    for collaborator in application.collaborators.select_related("user"):
        people.setdefault(collaborator.user_id, collaborator.user)
    return list(people.values())


def criteria_for(application: Application) -> list[Criterion]:
    """The criteria of the version the application began with, Learn, Embed, Share."""
    return list(application.criteria_version.criteria.all())


def responses_with_evidence(application: Application) -> list[CriterionResponse]:
    """Every response with its criterion, files and links, in two queries per relation at most."""
    return list(
        application.responses.select_related("criterion")
        # The model declares active_files and active_links for the functions that read them.
        .prefetch_related(  # type: ignore[no-redef]
            Prefetch(
                "files",
                queryset=EvidenceFile.objects.filter(removed_at__isnull=True),
                to_attr="active_files",
            ),
            Prefetch(
                "links",
                queryset=EvidenceLink.objects.filter(removed_at__isnull=True),
                to_attr="active_links",
            ),
        )
        .order_by("criterion")
    )


def response_has_evidence(response: CriterionResponse) -> bool:
    """Narrative, a file or a link. Expects responses from responses_with_evidence()."""
    return bool(response.narrative.strip() or response.active_files or response.active_links)


@dataclass
class Missing:
    """Something that stops a submission, said so that the applicant knows what to do."""

    message: str
    criterion: Criterion | None = None


def missing_for_submission(application: Application) -> list[Missing]:
    """What the application lacks before it may be submitted (DESIGN.md rule 2).

    Every minimum criterion needs evidence: a narrative, a file or a link; a pledge criterion
    is met by the organisation's charter pledge.
    """
    missing = []
    window = application.window if application.state == ApplicationState.DRAFT else None
    if window is not None and window.status != WindowStatus.OPEN:
        missing.append(
            Missing(
                _(
                    "Applications in “%(window)s” are not open yet. You can keep "
                    "preparing and submit when it opens."
                )
                % {"window": window.name}
            )
        )
    has_pledge = None
    for response in responses_with_evidence(application):
        criterion = response.criterion
        if not criterion.is_minimum:
            continue
        if criterion.is_pledge:
            if has_pledge is None:
                # A pledge that counted when the application began keeps counting for it
                # (rule 9): a new charter never blocks an application in progress.
                has_pledge = organisation_has_pledge(
                    application.organisation, since=application.created_at
                )
            if not has_pledge:
                missing.append(
                    Missing(
                        _(
                            "“%(criterion)s”: the organisation has not signed the charter "
                            "pledge yet."
                        )
                        % {"criterion": criterion.display_title},
                        criterion,
                    )
                )
        elif not response_has_evidence(response):
            missing.append(
                Missing(
                    _("“%(criterion)s”: add a description, a file or a link as evidence.")
                    % {"criterion": criterion.display_title},
                    criterion,
                )
            )
    return missing


def latest_submission(application: Application) -> Submission | None:
    return application.submissions.order_by("-number").first()


def previous_submission(submission: Submission) -> Submission | None:
    return (
        Submission.objects.filter(application_id=submission.application_id)
        .filter(number__lt=submission.number)
        .order_by("-number")
        .first()
    )


@dataclass
class Readiness:
    """Whether the panel may decide (DESIGN.md rule 1), and if not, why, in words."""

    required: int
    submitted: int
    has_lived_experience: bool
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def eligible_seats(application: Application) -> QuerySet[PanelAssignment]:
    """The seats that count towards DESIGN.md rule 1: declared no conflict, not stepped back.
    The one place that says so (PanelAssignment.counts_for_panel says it for one seat)."""
    return application.panel.filter(conflict=ConflictDeclaration.NONE, stepped_back_at__isnull=True)


def names_shown_to_applicant(application: Application) -> list[str]:
    """The panellists' names an applicant may read: only of those who chose to show theirs
    (PanelAssignment.name_for_applicant, the one rule)."""
    seats = application.panel.filter(show_name_to_applicant=True).select_related("panellist")
    return [name for seat in seats if (name := seat.name_for_applicant)]


def panel_readiness(application: Application, submission: Submission | None) -> Readiness:
    """Counts the submitted reviews of this submission from panellists without a conflict.

    A recused panellist's review never counts, even one submitted before they recused; nor
    does the review of a panellist who stepped back.
    """
    required = application.scheme.min_panel_size
    if submission is None:
        return Readiness(required, 0, False, [_("The application has not been submitted.")])
    reviews = list(
        _counted_reviews()
        .filter(submission=submission)
        .values_list("assignment__panellist__has_lived_experience", flat=True)
    )
    return readiness_of(required, reviews)


def _counted_reviews() -> QuerySet[Review]:
    """The reviews that count towards rule 1: submitted, from seats that count (no conflict
    declared, not stepped back: the same test as eligible_seats())."""
    return Review.objects.filter(
        submitted_at__isnull=False,
        assignment__conflict=ConflictDeclaration.NONE,
        assignment__stepped_back_at__isnull=True,
    )


def readiness_of(required: int, lived_experience: list[bool]) -> Readiness:
    """Rule 1 itself, over the counted reviews (one flag each: the reviewer has lived
    experience). panel_readiness() and ready_to_decide() both ask it."""
    readiness = Readiness(required, len(lived_experience), any(lived_experience))
    if readiness.submitted < required:
        readiness.problems.append(
            _(
                "%(submitted)s of the %(required)s reviews this award needs are submitted by "
                "panellists without a conflict of interest."
            )
            % {"submitted": readiness.submitted, "required": required}
        )
    if not readiness.has_lived_experience:
        readiness.problems.append(
            _(
                "No submitted review yet comes from a panellist with lived experience of "
                "seeking sanctuary who has no conflict of interest."
            )
        )
    return readiness


def ready_to_decide(applications: Iterable[Application]) -> list[Application]:
    """The applications in review whose panel may decide now (rule 1, as record_decision asks
    it through panel_readiness), in two queries whatever their number. Expects the scheme
    selected with each application."""
    applications = [a for a in applications if a.state == ApplicationState.IN_REVIEW]
    latest = Submission.objects.filter(application=OuterRef("pk")).order_by("-number")
    submission_of = dict(
        Application.objects.filter(pk__in=[a.pk for a in applications])
        .annotate(latest_submission=Subquery(latest.values("pk")[:1]))
        .values_list("pk", "latest_submission")
    )
    flags: dict[int, list[bool]] = {pk: [] for pk in submission_of.values() if pk}
    for submission_id, lived in (
        _counted_reviews()
        .filter(submission_id__in=list(flags))
        .values_list("submission_id", "assignment__panellist__has_lived_experience")
    ):
        flags[submission_id].append(lived)
    return [
        application
        for application in applications
        if submission_of.get(application.pk)
        and readiness_of(application.scheme.min_panel_size, flags[submission_of[application.pk]]).ok
    ]


def overdue_review_seats(today: datetime.date) -> QuerySet[PanelAssignment]:
    """Seats without a conflict whose review of the latest submission is not in, the review
    having opened SANCTUARY_REVIEW_DUE_DAYS before `today`. Each seat carries
    `submission_id` and `submission_number`. The sweep reminds their panellists, and tells
    the coordinators; the work queue lists their applications."""
    days = settings.SANCTUARY_REVIEW_DUE_DAYS
    opened_before = timezone.make_aware(
        datetime.datetime.combine(today - datetime.timedelta(days=days), datetime.time.max)
    )
    latest = Submission.objects.filter(application=OuterRef("application")).order_by("-number")
    return (
        PanelAssignment.objects.filter(
            application__state=ApplicationState.IN_REVIEW,
            application__state_changed_at__lte=opened_before,
            conflict=ConflictDeclaration.NONE,
            panellist__is_active=True,
        )
        .annotate(
            submission_id=Subquery(latest.values("pk")[:1]),
            submission_number=Subquery(latest.values("number")[:1]),
        )
        .filter(
            ~Exists(
                Review.objects.filter(
                    assignment=OuterRef("pk"),
                    submission=OuterRef("submission_id"),
                    submitted_at__isnull=False,
                )
            )
        )
    )


def evidence_due_on() -> Subquery:
    """The date the latest decision asked more evidence by, as an annotation of applications."""
    latest = Decision.objects.filter(application=OuterRef("pk")).order_by("-pk")
    return Subquery(latest.values("evidence_due_on")[:1])


def snapshot_of(application: Application) -> dict[str, Any]:
    """What the applicant sends, as plain data: kept with each submission for comparison."""
    criteria = {}
    for response in responses_with_evidence(application):
        criteria[str(response.criterion_id)] = {
            "title": response.criterion.title,
            "self_assessment": response.self_assessment,
            "narrative": response.narrative,
            "carried_forward": response.carried_forward,
            "files": [
                {"id": f.pk, "name": f.original_name, "carried_forward": f.carried_forward}
                for f in response.active_files
            ],
            "links": [
                {"url": link.url, "title": link.title, "carried_forward": link.carried_forward}
                for link in response.active_links
            ],
        }
    return {"action_plan": application.action_plan, "criteria": criteria}


@dataclass
class CriterionChange:
    criterion_id: int
    title: str
    self_assessment: tuple[str, str] | None = None
    narrative: tuple[str, str] | None = None
    files_added: list[str] = field(default_factory=list)
    files_removed: list[str] = field(default_factory=list)
    links_added: list[dict[str, Any]] = field(default_factory=list)
    links_removed: list[dict[str, Any]] = field(default_factory=list)


def _assessment_label(value: str | None) -> str:
    return str(SelfAssessment(value).label) if value in SelfAssessment.values else "—"


def compare_submissions(before: Submission, after: Submission) -> dict[str, Any]:
    """What changed from one submission to the next, criterion by criterion."""
    old, new = before.snapshot, after.snapshot
    changes = []
    for criterion_id, now in new["criteria"].items():
        was = old["criteria"].get(criterion_id, {})
        change = CriterionChange(int(criterion_id), now["title"])
        if was.get("self_assessment") != now["self_assessment"]:
            change.self_assessment = (
                _assessment_label(was.get("self_assessment")),
                _assessment_label(now["self_assessment"]),
            )
        if was.get("narrative", "") != now["narrative"]:
            change.narrative = (was.get("narrative", ""), now["narrative"])
        old_files = {f["id"]: f["name"] for f in was.get("files", [])}
        new_files = {f["id"]: f["name"] for f in now["files"]}
        change.files_added = [name for pk, name in new_files.items() if pk not in old_files]
        change.files_removed = [name for pk, name in old_files.items() if pk not in new_files]
        old_links = {link["url"]: link for link in was.get("links", [])}
        new_links = {link["url"]: link for link in now["links"]}
        change.links_added = [link for url, link in new_links.items() if url not in old_links]
        change.links_removed = [link for url, link in old_links.items() if url not in new_links]
        if any(
            (
                change.self_assessment,
                change.narrative,
                change.files_added,
                change.files_removed,
                change.links_added,
                change.links_removed,
            )
        ):
            changes.append(change)
    action_plan = None
    if old.get("action_plan", "") != new.get("action_plan", ""):
        action_plan = (old.get("action_plan", ""), new.get("action_plan", ""))
    return {"criteria": changes, "action_plan": action_plan}


def public_awards() -> QuerySet[Award]:
    """The awards held now, which anyone may see: the public list and the API start here.
    Awards belong to every network, so read it with scoping lifted."""
    return Award.objects.filter(state__in=sorted(CURRENT_AWARD_STATES)).select_related(
        "organisation__local_group", "scheme", "network"
    )


def listed_awards() -> QuerySet[Award]:
    """The public list of awarded organisations: the awards held now, and those suspended
    while a concern is looked into (shown as suspended). Read with scoping lifted."""
    return Award.objects.filter(
        state__in=sorted(CURRENT_AWARD_STATES | {AwardState.SUSPENDED})
    ).select_related("organisation__local_group", "scheme", "network")


def can_chair(user: User, network: Network) -> bool:
    """Coordinators of the scheme's network and movement staff chair panels and decide."""
    if user.is_staff:
        return True
    return bool(roles_in_network(user, network) & CHAIRS)


def is_panellist(user: User, network: Network) -> bool:
    return Membership.objects.filter(network=network, user=user, role=Role.PANELLIST).exists()


@dataclass
class Candidate:
    """A panellist of the network as the assignment page shows them to coordinators and staff."""

    user: User
    load: int
    # Read only for panellists who agreed to it (their panellist role's agreed_at); never
    # shown but for the people seated or suggested on this panel (shows_lived_experience).
    has_lived_experience: bool
    in_local_group: bool
    acts_for_applicant: bool
    assignment: PanelAssignment | None = None
    reasons: list[str] = field(default_factory=list)
    agreed: bool = False
    shows_lived_experience: bool = False

    @property
    def is_assigned(self) -> bool:
        return self.assignment is not None

    @property
    def is_recused(self) -> bool:
        return self.assignment is not None and self.assignment.conflict in CONFLICTS


def panel_candidates(application: Application) -> list[Candidate]:
    """Every panellist of the scheme's network, with their load and what may conflict.

    The load counts a person's seats on panels still at work, in every network: it is about
    their time, and only the number leaves the other networks (scoping is lifted for it).
    Whether they belong to the applicant's local group reads that group's roles, likewise
    lifted and limited to these people.
    """
    panellists = list(
        User.objects.filter(
            memberships__network=application.network_id, memberships__role=Role.PANELLIST
        )
        .distinct()
        .order_by("full_name", "email")
    )
    ids = [user.pk for user in panellists]
    # Panellists who accepted the role themselves, agreeing that chairs see their flag.
    agreed = set(
        Membership.objects.filter(
            network_id=application.network_id,
            role=Role.PANELLIST,
            user_id__in=ids,
            agreed_at__isnull=False,
        ).values_list("user_id", flat=True)
    )
    with scopes_disabled():
        loads = dict(
            PanelAssignment.objects.filter(
                panellist_id__in=ids, application__state__in=sorted(WITH_PANEL_STATES)
            )
            .exclude(conflict__in=sorted(CONFLICTS))
            .values("panellist_id")
            .annotate(n=Count("pk"))
            .values_list("panellist_id", "n")
        )
        local_group_ids = set()
        if application.organisation.local_group_id:
            local_group_ids = set(
                Membership.objects.filter(
                    network_id=application.organisation.local_group_id, user_id__in=ids
                ).values_list("user_id", flat=True)
            )
    contact_ids = set(
        OrganisationContact.objects.filter(
            organisation_id=application.organisation_id, user_id__in=ids
        ).values_list("user_id", flat=True)
    )
    assignments = {a.panellist_id: a for a in application.panel.all()}
    return [
        Candidate(
            user=user,
            load=loads.get(user.pk, 0),
            has_lived_experience=user.pk in agreed and user.has_lived_experience,
            in_local_group=user.pk in local_group_ids,
            acts_for_applicant=user.pk in contact_ids,
            assignment=assignments.get(user.pk),
            agreed=user.pk in agreed,
        )
        for user in panellists
    ]


def show_lived_experience(
    candidates: list[Candidate], suggestions: list[Candidate]
) -> list[Candidate]:
    """Mark the candidates whose flag the chair forming this panel may see (DESIGN.md rule 6):
    seated or suggested on it, and agreed to be panellists. Returns them, for the log."""
    shown = [c for c in candidates if c.agreed and (c.is_assigned or c in suggestions)]
    for candidate in shown:
        candidate.shows_lived_experience = True
    return shown


def suggest_panel(application: Application, candidates: list[Candidate]) -> list[Candidate]:
    """A balanced panel to add to the current one: someone with lived experience, someone from
    the applicant's local group where there is one, then the least loaded, up to the minimum
    size. Never someone who acts for the applicant or has recused."""
    seated = [c for c in candidates if c.is_assigned and not c.is_recused]
    free = sorted(
        (c for c in candidates if not c.is_assigned and not c.acts_for_applicant),
        key=lambda c: (c.load, c.user.full_name or c.user.email),
    )
    suggestions: list[Candidate] = []

    def take(candidate: Candidate, reason: str) -> None:
        if candidate in suggestions:
            candidate.reasons.append(reason)
            return
        candidate.reasons.append(reason)
        suggestions.append(candidate)
        free.remove(candidate)

    if not any(c.has_lived_experience for c in seated):
        for candidate in free:
            if candidate.has_lived_experience:
                take(candidate, _("has lived experience of seeking sanctuary"))
                break
    if application.organisation.local_group_id and not any(c.in_local_group for c in seated):
        for candidate in [*suggestions, *free]:
            if candidate.in_local_group:
                take(candidate, _("knows the applicant's local group"))
                break
    while len(seated) + len(suggestions) < application.scheme.min_panel_size and free:
        take(free[0], _("fewest reviews in progress"))
    return suggestions


def applications_for_panellist(user: User, network: Network) -> QuerySet[PanelAssignment]:
    """The seats a person holds on this network's panels, each with `reviewed`: whether their
    review of the latest submission is in."""
    latest = Submission.objects.filter(application=OuterRef("application")).order_by("-number")
    return (
        PanelAssignment.objects.filter(application__network=network, panellist=user)
        .select_related("application__organisation", "application__scheme")
        .annotate(latest_submission_id=Subquery(latest.values("pk")[:1]))
        .annotate(
            reviewed=Exists(
                Review.objects.filter(
                    assignment=OuterRef("pk"),
                    submission=OuterRef("latest_submission_id"),
                    submitted_at__isnull=False,
                )
            )
        )
        .order_by("-application__state_changed_at", "-pk")
    )


def pipeline(network: Network) -> QuerySet[Application]:
    """Every application of the network's scheme, for its coordinators and staff."""
    return (
        Application.objects.filter(network=network)
        .exclude(state=ApplicationState.DRAFT)
        .select_related("organisation", "scheme", "window")
        .annotate(
            panel_size=Count(
                "panel", filter=~Q(panel__conflict__in=sorted(CONFLICTS)), distinct=True
            )
        )
        .order_by("-state_changed_at", "-pk")
    )


def reminders_for_user(user: User) -> QuerySet[Reminder]:
    """The reminders sent to a person, newest first, with what they were about. Their own
    rows across networks: build and read it with scoping lifted."""
    return (
        Reminder.objects.filter(recipient=user, sent_at__isnull=False, skipped=False)
        .select_related(
            "award__scheme",
            "award__organisation",
            "application__scheme",
            "application__organisation",
        )
        .order_by("-sent_at", "-pk")
    )


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
        .prefetch_related("findings__criterion")
        .order_by("-pk")
        .first()
    )


def award_for_number(number: str) -> Award | None:
    """The award with this certificate number. Public facts across every network, so
    scoping is lifted for this one lookup."""
    # Numbers imported from earlier records are kept as given (any case, with "/" or "."),
    # and no two differ only in case (a constraint), so the lookup ignores case.
    with scopes_disabled():
        found = Award.objects.select_related("organisation", "scheme", "network")
        return (
            found.filter(certificate_number__iexact=number.strip()).first()
            or found.filter(certificate_number__iexact=normalise_number(number)).first()
        )


# Check-ins between awards -------------------------------------------------------------------

# A check-in shows as due this many days before its date (when its first reminder goes).
CHECK_IN_NOTICE_DAYS = 30


def latest_check_in(award: Award) -> CheckIn | None:
    """The award's latest submitted check-in, which its renewal starts from."""
    return (
        CheckIn.objects.filter(award=award, submitted_at__isnull=False)
        .order_by("-due_on", "-pk")
        .first()
    )


def check_ins_waiting(network: Network, today: datetime.date) -> list[CheckIn]:
    """The network's check-ins not yet submitted, of awards still current, due within
    CHECK_IN_NOTICE_DAYS or overdue, the most overdue first; each says `is_overdue`."""
    waiting = list(
        CheckIn.objects.filter(
            network=network,
            submitted_at__isnull=True,
            award__state__in=sorted(CURRENT_AWARD_STATES),
            due_on__lte=today + datetime.timedelta(days=CHECK_IN_NOTICE_DAYS),
        )
        .select_related("award__organisation", "award__scheme")
        .order_by("due_on", "pk")
    )
    for check_in in waiting:
        check_in.is_overdue = check_in.due_on < today
    return waiting


def check_ins_submitted(network: Network, *, limit: int = 20) -> list[CheckIn]:
    """The network's latest submitted check-ins, for its coordinators to read."""
    return list(
        CheckIn.objects.filter(network=network, submitted_at__isnull=False)
        .select_related("award__organisation", "award__scheme")
        .order_by("-submitted_at", "-pk")[:limit]
    )


def thread_for_panel(application: Application) -> QuerySet[ThreadEntry]:
    """The whole thread, panel notes included, in order."""
    return application.thread.select_related("author", "raised_by__panellist", "answers")


def thread_for_applicant(application: Application) -> QuerySet[ThreadEntry]:
    """Questions and answers only: never a panel note (DESIGN.md rule 5)."""
    return application.thread.filter(kind__in=sorted(APPLICANT_THREAD_KINDS)).select_related(
        "author", "raised_by__panellist", "answers"
    )


def visit_dates(application: Application) -> QuerySet[VisitDate]:
    return application.visit_dates.select_related("offered_by", "confirmed_by").prefetch_related(
        "notes__author"
    )


def confirmed_visit(application: Application) -> VisitDate | None:
    return visit_dates(application).filter(confirmed_at__isnull=False).first()


def support_contact(network: Network) -> SupportContact | None:
    return SupportContact.objects.filter(network=network).first()


def unanswered_questions(application: Application) -> int:
    """How many of the panel's questions have no answer yet."""
    return application.thread.filter(kind=ThreadKind.QUESTION, replies__isnull=True).count()
