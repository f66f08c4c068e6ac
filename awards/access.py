"""What a person may do with one award application: the one answer pages and API share.

An `ApplicationAccess` answers, for a person and an application, once per request (each
answer is read at most once and kept): are they its applicant (its lead contact or a
collaborator, while they act for its organisation), their seat on its panel (or none), may
they chair (a coordinating role in the network, or staff), have they submitted their own
review of the latest submission, and may they read the other reviews (DESIGN.md rule 5).

Roles are read through one helper, `_roles()`. In a request it asks the request's own access
object (`request.access`, members.access.PersonAccess), which reads the person's roles in every
network in one query and keeps them, so the page mixin, the application's access and the
template share that one read. Without a request (a command, a task) it reads them itself.

Missing and not-yours answer the same 404. The page mixins (ApplicantMixin,
PanelApplicationMixin) and the API's endpoints (ApplicantEndpoint, PanelEndpoint) only ask
this module.
"""

from functools import cached_property

from django.db.models import Exists, OuterRef, Subquery
from django.http import Http404
from django_scopes import scopes_disabled

from awards.enums import CHAIRS, ApplicationState, ConflictDeclaration
from awards.models import Application, PanelAssignment, Review, Submission
from awards.queries.applications import applications_for_user
from members.access import PersonAccess
from members.models import User
from members.queries import roles_in_network
from sanctuary.models import Network


def _roles(user: User, network: Network, person: PersonAccess | None = None) -> frozenset[str]:
    """A person's roles in a network: the one place awards asks. `person`: the request's
    access object (`access_for(request)`), whose roles are read once for the whole request;
    it answers only for the person it is about."""
    if person is not None and _is_about(person, user):
        return person.roles_in(network)
    return roles_in_network(user, network)


def _is_about(person: PersonAccess, user: User) -> bool:
    signed_in = person.signed_in
    return signed_in is not None and signed_in.pk == user.pk


def may_chair(user: User, network: Network, *, person: PersonAccess | None = None) -> bool:
    """Coordinators of the network and movement staff chair its panels (the rule is
    members.access.PersonAccess.can_chair). `person`: the request's access object."""
    if person is not None and _is_about(person, user):
        return person.can_chair(network)
    if user.is_staff:
        return True
    return bool(_roles(user, network) & CHAIRS)


class ApplicationAccess:
    """One person's access to one application, for the length of a request."""

    def __init__(
        self,
        user: User,
        application: Application,
        *,
        person: PersonAccess | None = None,
        roles: frozenset[str] | None = None,
        is_applicant: bool | None = None,
    ) -> None:
        self.user = user
        self.application = application
        # The request's access object, which reads the roles once for the whole request.
        self.person = person
        # What the caller knows already (the applicant lookup proves the applicant), so it is
        # not read again.
        if roles is not None:
            self.__dict__["roles"] = roles
        if is_applicant is not None:
            self.__dict__["is_applicant"] = is_applicant

    @cached_property
    def roles(self) -> frozenset[str]:
        return _roles(self.user, self.application.network, self.person)

    @cached_property
    def is_applicant(self) -> bool:
        if not self.user.is_authenticated:
            return False
        with scopes_disabled():
            return applications_for_user(self.user).filter(pk=self.application.pk).exists()

    @cached_property
    def seat(self) -> PanelAssignment | None:
        """Their seat, carrying `own_review_in`: whether their review of the latest
        submission is submitted (read in the same query)."""
        if not self.user.is_authenticated:
            return None
        latest = self.application.submissions.order_by("-number")
        seat = (
            # A panellist who stepped back has left the application: no seat, so 404.
            PanelAssignment.objects.filter(
                application=self.application, panellist=self.user, stepped_back_at__isnull=True
            )
            .select_related("panellist")
            .annotate(
                own_review_in=Exists(
                    Review.objects.filter(
                        assignment=OuterRef("pk"),
                        submission=Subquery(latest.values("pk")[:1]),
                        submitted_at__isnull=False,
                    )
                )
            )
            .first()
        )
        if seat is not None:
            # The application is the one in hand: reading it from the seat asks nothing.
            seat.application = self.application
        return seat

    @cached_property
    def can_chair(self) -> bool:
        return self.user.is_staff or bool(self.roles & CHAIRS)

    @cached_property
    def recent_submissions(self) -> list[Submission]:
        """The latest submission and the one before it (fewer for a first or no submission),
        newest first: one query for both."""
        return list(self.application.submissions.order_by("-number")[:2])

    @property
    def latest_submission(self) -> Submission | None:
        recent = self.recent_submissions
        return recent[0] if recent else None

    @property
    def previous_submission(self) -> Submission | None:
        recent = self.recent_submissions
        return recent[1] if len(recent) > 1 else None

    @cached_property
    def own_review_submitted(self) -> bool:
        """Whether their own review of the latest submission is in."""
        if self.seat is None:
            return False
        annotated = getattr(self.seat, "own_review_in", None)
        if annotated is not None:
            return bool(annotated)
        return Review.objects.filter(
            assignment=self.seat,
            submission=self.latest_submission,
            submitted_at__isnull=False,
        ).exists()

    def read_own_review(self, review: Review | None) -> None:
        """What a page learnt by reading the person's own review of the latest submission
        (saved, or the unsaved draft it starts from), so that the rule asks nothing more."""
        self.__dict__["own_review_submitted"] = bool(
            review is not None and review.pk is not None and review.is_submitted
        )

    @cached_property
    def may_read_other_reviews(self) -> bool:
        """Rule 5: a panellist reads the other reviews only after submitting their own; the
        chairs (who have no seat) read them."""
        seat = self.seat
        return seat is None or (
            seat.conflict == ConflictDeclaration.NONE and self.own_review_submitted
        )


def application_for_applicant(
    user: User, pk: int, *, person: PersonAccess | None = None
) -> ApplicationAccess:
    """The application, if this person acts for its organisation and is its lead contact or
    one of its collaborators; otherwise 404. Staff act through the network's pages instead.

    Applicant pages and endpoints live outside any network's URL, so scoping is lifted for
    exactly this lookup; the caller runs the rest inside the application's network scope."""
    if not user.is_authenticated:
        raise Http404("No such application")
    with scopes_disabled():
        application = (
            applications_for_user(user)
            .filter(pk=pk)
            .select_related(
                "organisation",
                "scheme",
                "network",
                "criteria_version",
                "window",
                "lead_contact",
                # Its award, if any (a reverse one-to-one): the pages show it.
                "award",
            )
            .first()
        )
    if application is None:
        raise Http404("No such application")
    return ApplicationAccess(user, application, person=person, is_applicant=True)


def application_for_panel(
    user: User, network: Network, pk: int, *, person: PersonAccess | None = None
) -> ApplicationAccess:
    """An application of this network (never a draft), for its chairs, or for a panellist
    seated on its panel. Everyone else, and every other application for a panellist, gets
    404. Runs inside the network's scope, set by the middleware. `person`: the request's
    access object, which has read the person's roles for the page's own check already."""
    application = (
        Application.objects.filter(pk=pk, network=network)
        .exclude(state=ApplicationState.DRAFT)
        .select_related("organisation__local_group", "scheme", "criteria_version", "window")
        .first()
    )
    if application is None:
        raise Http404("No such application")
    # The network is the one in hand (the URL's): reading it from the application asks nothing.
    application.network = network
    access = ApplicationAccess(user, application, person=person)
    if access.seat is None and not access.can_chair:
        raise Http404("No such application")
    return access
