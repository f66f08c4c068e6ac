"""Lookups of panels: whether a panel may decide (DESIGN.md rule 1, enforced by one service
and shown in several places), the seats that count, who chairs, and the panel's candidates."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Value
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from awards.enums import CHAIRS, CONFLICTS, WITH_PANEL_STATES, ApplicationState, ConflictDeclaration
from awards.models import Application, PanelAssignment, Review, Submission
from members.enums import Role
from members.models import Membership, OrganisationContact, User
from members.queries import roles_in_network
from sanctuary.models import Network


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


def active_seat(prefix: str = "") -> Q:
    """A seat still at work on its panel: not recused by a conflict, not stepped back. An
    undeclared seat is active (its panellist has yet to say). `prefix` names the way to the
    seat from another model ("panel__", "assignment__")."""
    return Q(**{f"{prefix}stepped_back_at__isnull": True}) & ~Q(
        **{f"{prefix}conflict__in": sorted(CONFLICTS)}
    )


def active_panel(application: Application) -> QuerySet[PanelAssignment]:
    """The active panel: everyone who hears about the application as its panel (every
    panel e-mail asks this, and nothing else), and the seats a review is opened with.
    A conflicted or stepped-back panellist is not on it."""
    return application.panel.filter(active_seat())


def names_shown_to_applicant(application: Application) -> list[str]:
    """The panellists' names an applicant may read: only of those who chose to show theirs
    (PanelAssignment.name_for_applicant, the one rule), and are still on the panel (not
    stepped back)."""
    seats = application.panel.filter(
        show_name_to_applicant=True, stepped_back_at__isnull=True
    ).select_related("panellist")
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
        counted_reviews(submission).values_list(
            "assignment__panellist__has_lived_experience", flat=True
        )
    )
    return readiness_of(required, reviews)


def counted_reviews(submission: Submission | None = None) -> QuerySet[Review]:
    """The reviews that count, towards rule 1 and in every tally (the decision page, the
    API, the reports): submitted, from seats that count (no conflict declared, not stepped
    back: the same test as eligible_seats()). Of one submission when given."""
    reviews = Review.objects.filter(
        submitted_at__isnull=False,
        assignment__conflict=ConflictDeclaration.NONE,
        assignment__stepped_back_at__isnull=True,
    )
    return reviews if submission is None else reviews.filter(submission=submission)


def reviews_to_read(submission: Submission) -> QuerySet[Review]:
    """The submitted reviews the chairs (and panellists who submitted theirs) read: a
    recused seat's review shows, marked as not counting; a stepped-back seat's does not
    show at all, as the chairs only learn that a seat is free."""
    return Review.objects.filter(
        submission=submission, submitted_at__isnull=False, assignment__stepped_back_at__isnull=True
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
    it through panel_readiness), in two queries whatever their number (one when each is
    annotated with `latest_submission_id`). Expects the scheme selected with each
    application."""
    applications = [a for a in applications if a.state == ApplicationState.IN_REVIEW]
    submission_of: dict[int, Any]
    if all(hasattr(a, "latest_submission_id") for a in applications):
        # Annotated by the caller's own query: one query fewer.
        submission_of = {a.pk: getattr(a, "latest_submission_id", None) for a in applications}
    else:
        latest = Submission.objects.filter(application=OuterRef("pk")).order_by("-number")
        submission_of = dict(
            Application.objects.filter(pk__in=[a.pk for a in applications])
            .annotate(latest_submission=Subquery(latest.values("pk")[:1]))
            .values_list("pk", "latest_submission")
        )
    flags: dict[int, list[bool]] = {pk: [] for pk in submission_of.values() if pk}
    for submission_id, lived in (
        counted_reviews()
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
    """Seats without a conflict, not stepped back, whose review of the latest submission is
    not in, the review having opened SANCTUARY_REVIEW_DUE_DAYS before `today`. Each seat carries
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
            stepped_back_at__isnull=True,
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
    # Stepped back from this application: their seat is free (not `assignment`), they are
    # never suggested again, and a chair may seat them again (assign_panellist).
    stepped_back: bool = False

    @property
    def is_assigned(self) -> bool:
        return self.assignment is not None

    @property
    def is_recused(self) -> bool:
        return self.assignment is not None and self.assignment.conflict in CONFLICTS


def panel_candidates(
    application: Application, seats: list[PanelAssignment] | None = None
) -> list[Candidate]:
    """Every panellist of the scheme's network, with their load and what may conflict.

    The load counts a person's seats on panels still at work, in every network: it is about
    their time, and only the number leaves the other networks (scoping is lifted for it).
    Whether they belong to the applicant's local group reads that group's roles, likewise
    lifted and limited to these people. `seats`: the application's panel, when the caller
    has read it already.
    """
    with scopes_disabled():
        # Read with each panellist: whether they belong to the applicant's local group
        # (that group's roles, lifted for these people only) and act for the applicant.
        local_group_id = application.organisation.local_group_id
        in_local_group: Exists | Value = (
            Exists(Membership.objects.filter(network_id=local_group_id, user=OuterRef("pk")))
            if local_group_id
            else Value(False)
        )
        acts_for_applicant = Exists(
            OrganisationContact.objects.filter(
                organisation_id=application.organisation_id, user=OuterRef("pk")
            )
        )
    panellists = list(
        User.objects.filter(
            memberships__network=application.network_id, memberships__role=Role.PANELLIST
        )
        # Panellists who accepted the role themselves, agreeing that chairs see their flag.
        .annotate(
            agreed_to_role=Exists(
                Membership.objects.filter(
                    network_id=application.network_id,
                    role=Role.PANELLIST,
                    user=OuterRef("pk"),
                    agreed_at__isnull=False,
                )
            ),
            in_local_group=in_local_group,
            acts_for_applicant=acts_for_applicant,
        )
        .distinct()
        .order_by("full_name", "email")
    )
    ids = [user.pk for user in panellists]
    agreed = {user.pk for user in panellists if user.agreed_to_role}
    local_group_ids = {user.pk for user in panellists if user.in_local_group}
    contact_ids = {user.pk for user in panellists if user.acts_for_applicant}
    with scopes_disabled():
        loads = dict(
            PanelAssignment.objects.filter(
                panellist_id__in=ids, application__state__in=sorted(WITH_PANEL_STATES)
            )
            .filter(active_seat())
            .values("panellist_id")
            .annotate(n=Count("pk"))
            .values_list("panellist_id", "n")
        )
    if seats is None:
        seats = list(application.panel.all())
    # A stepped-back seat is free: the chair may fill it, and it counts for nothing.
    assignments = {a.panellist_id: a for a in seats if not a.has_stepped_back}
    stepped_back = {a.panellist_id for a in seats if a.has_stepped_back}
    return [
        Candidate(
            user=user,
            load=loads.get(user.pk, 0),
            has_lived_experience=user.pk in agreed and user.has_lived_experience,
            in_local_group=user.pk in local_group_ids,
            acts_for_applicant=user.pk in contact_ids,
            assignment=assignments.get(user.pk),
            agreed=user.pk in agreed,
            stepped_back=user.pk in stepped_back,
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
    size. Never someone who acts for the applicant, has recused or stepped back; and a free
    (stepped-back) seat counts for nothing."""
    seated = [c for c in candidates if c.is_assigned and not c.is_recused]
    free = sorted(
        (
            c
            for c in candidates
            if not c.is_assigned and not c.acts_for_applicant and not c.stepped_back
        ),
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
    review of the latest submission is in. Not the ones they stepped back from: they have
    left those applications."""
    latest = Submission.objects.filter(application=OuterRef("application")).order_by("-number")
    return (
        PanelAssignment.objects.filter(
            application__network=network, panellist=user, stepped_back_at__isnull=True
        )
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
