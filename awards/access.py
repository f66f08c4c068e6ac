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

from django.http import Http404
from django_scopes import scopes_disabled

from awards.enums import CHAIRS, ApplicationState, ConflictDeclaration
from awards.models import Application, PanelAssignment, Review
from awards.queries.applications import applications_for_user
from awards.queries.submissions import latest_submission
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
        if not self.user.is_authenticated:
            return None
        return (
            # A panellist who stepped back has left the application: no seat, so 404.
            PanelAssignment.objects.filter(
                application=self.application, panellist=self.user, stepped_back_at__isnull=True
            )
            .select_related("panellist")
            .first()
        )

    @cached_property
    def can_chair(self) -> bool:
        return self.user.is_staff or bool(self.roles & CHAIRS)

    @cached_property
    def own_review_submitted(self) -> bool:
        """Whether their own review of the latest submission is in."""
        if self.seat is None:
            return False
        return Review.objects.filter(
            assignment=self.seat,
            submission=latest_submission(self.application),
            submitted_at__isnull=False,
        ).exists()

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
                "organisation", "scheme", "network", "criteria_version", "window", "lead_contact"
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
    access = ApplicationAccess(user, application, person=person)
    if access.seat is None and not access.can_chair:
        raise Http404("No such application")
    return access
