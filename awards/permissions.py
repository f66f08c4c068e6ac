"""Who may see an application. Missing and not-yours answer the same 404.

Applicant pages live at /awards/applications/<id>/, outside any /<network-slug>/, so the
middleware activates no scope for them. ApplicantMixin lifts scoping for exactly one query,
the permission-checked lookup below, and runs the rest of the request, rendering included,
inside the scope of the application's own network.
"""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django_scopes import scope, scopes_disabled

from awards.enums import ApplicationState, ConflictDeclaration
from awards.models import Application, Award, PanelAssignment
from awards.queries import applications_for_user, can_chair
from members.models import User
from sanctuary.models import Network
from sanctuary.tenancy import Access


def get_application_for_user(user: User, pk: int) -> Application:
    """The application, if this person acts for its organisation and is its lead contact or
    one of its collaborators; otherwise 404. Staff act through the network's pages instead."""
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
    return application


class ApplicantMixin:
    """A page about one application for the people who work on it."""

    access = Access.OBJECT

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        self.application = get_application_for_user(request.user, kwargs["award_application_id"])
        with scope(network=self.application.network):
            response = super().dispatch(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["application"] = self.application
        return context


def get_application_for_panel(
    user: User, network: Network, pk: int
) -> tuple[Application, PanelAssignment | None]:
    """An application of this network, for its coordinators and staff (no seat), or for a
    panellist seated on its panel (their seat). Everyone else, and every other application
    for a panellist, gets 404. Runs inside the network's scope, set by the middleware."""
    application = (
        Application.objects.filter(pk=pk, network=network)
        .exclude(state=ApplicationState.DRAFT)
        .select_related("organisation__local_group", "scheme", "criteria_version", "window")
        .first()
    )
    if application is None:
        raise Http404("No such application")
    seat = (
        PanelAssignment.objects.filter(application=application, panellist=user)
        .select_related("panellist")
        .first()
    )
    if can_chair(user, network):
        return application, seat
    if seat is None:
        raise Http404("No such application")
    return application, seat


def may_read_other_reviews(seat: PanelAssignment | None, submitted_own: bool) -> bool:
    """A panellist reads the other reviews only after submitting their own (rule 5)."""
    return seat is None or (seat.conflict == ConflictDeclaration.NONE and submitted_own)


def get_award_for_user(user: User, pk: int) -> Award:
    """An award, for the contacts of its organisation and for staff; otherwise 404. Awards
    of several networks are looked up here, so scoping is lifted for this one query."""
    if not user.is_authenticated:
        raise Http404("No such award")
    with scopes_disabled():
        awards = Award.objects.select_related(
            "organisation", "scheme", "network", "application__lead_contact"
        )
        if not user.is_staff:
            awards = awards.filter(organisation__contacts__user=user)
        award = awards.filter(pk=pk).first()
    if award is None:
        raise Http404("No such award")
    return award


class AwardHolderMixin:
    """A page about one award for its organisation's contacts and staff. The rest of the
    request runs inside the award's network scope."""

    access = Access.OBJECT

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        self.award = get_award_for_user(request.user, kwargs["award_id"])
        with scope(network=self.award.network):
            response = super().dispatch(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        return response
