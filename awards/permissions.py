"""Who may see an application or an award: page mixins over awards.access. Missing and
not-yours answer the same 404.

Applicant pages live at /awards/applications/<id>/, outside any /<network-slug>/, so the
middleware activates no scope for them. ApplicantMixin lifts scoping for exactly one query,
the permission-checked lookup (awards.access), and runs the rest of the request, rendering included,
inside the scope of the application's own network.
"""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django_scopes import scope, scopes_disabled

from awards.access import application_for_applicant
from awards.models import Award
from members.access import access_for
from members.models import User
from sanctuary.tenancy import Access


class ApplicantMixin:
    """A page about one application for the people who work on it (an adapter over
    awards.access). The rest of the request, rendering included, runs in its network's scope."""

    access = Access.OBJECT

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        self.application_access = application_for_applicant(
            request.user, kwargs["award_application_id"], person=access_for(request)
        )
        self.application = self.application_access.application
        with scope(network=self.application.network):
            response = super().dispatch(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["application"] = self.application
        return context


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
