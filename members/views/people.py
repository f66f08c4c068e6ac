"""A person's own pages: the dashboard, their profile, the organisations they act for, and
the language switch, which a signed-in person keeps as their preference."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, FormView, TemplateView
from django.views.i18n import set_language as django_set_language
from django_scopes import scopes_disabled

from members.enums import Role
from members.extensions import work_list, work_preview
from members.forms.people import ProfileForm
from members.models import User
from members.permissions import SignedInMixin, get_organisation_for_user
from members.queries import (
    memberships_for_user,
    organisations_for_user,
    own_contact_requests,
    own_join_requests,
)
from members.queries.signatures import organisation_has_pledge, own_signatures
from members.services.people import update_own_profile
from sanctuary.page_cache import personal_page
from sanctuary.tenancy import Access, access

# The dashboard shows each kind of work's oldest few, with how many there are and a link to
# them all on the work page: it costs the same however much waits.
WORK_SHOWN = 5
# The whole list behind the preview, a page at a time.
WORK_PAGE_SIZE = 50


def coordinated_networks(memberships) -> list:
    return list(
        {m.network_id: m.network for m in memberships if m.role == Role.COORDINATOR}.values()
    )


@personal_page
class DashboardView(SignedInMixin, TemplateView):
    template_name = "members/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        memberships = memberships_for_user(self.request.user)
        by_network: dict[int, dict] = {}
        for membership in memberships:
            entry = by_network.setdefault(
                membership.network_id, {"network": membership.network, "roles": []}
            )
            entry["roles"].append(membership.get_role_display())
        context["my_networks"] = list(by_network.values())
        # What waits for them where they coordinate: the kinds of work come from the apps
        # that registered them (members.extensions), awards' among them; each kind's oldest
        # few and its count, the whole list one click away (WorkView).
        coordinated = coordinated_networks(memberships)
        context["coordinates"] = bool(coordinated)
        context["work"] = work_preview(coordinated, WORK_SHOWN)
        context["work_count"] = sum(kind.count for kind in context["work"])
        context["my_organisations"] = organisations_for_user(self.request.user)
        # Getting in: what the person asked for that still waits, and their signatures.
        context["my_join_requests"] = own_join_requests(self.request.user)
        context["my_contact_requests"] = list(own_contact_requests(self.request.user))
        context["my_signatures"] = list(own_signatures(self.request.user))
        return context


@personal_page
class WorkView(SignedInMixin, TemplateView):
    """Everything that waits for a coordinator in the networks they coordinate, by kind,
    oldest first: the whole list behind the dashboard's preview (`?kind=` one kind), in
    numbered pages of WORK_PAGE_SIZE items, so a page costs the same however much waits."""

    template_name = "members/work.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        networks = coordinated_networks(memberships_for_user(self.request.user))
        wanted = self.request.GET.get("kind")
        work = work_list(networks, wanted)
        # A page number past the end gives the last page, one not a number the first.
        page = Paginator(range(work.total), WORK_PAGE_SIZE).get_page(self.request.GET.get("page"))
        start = page.start_index() - 1 if work.total else 0
        kinds = work.part(start, start + WORK_PAGE_SIZE)
        one_kind = bool(wanted) and {listing.key for listing in work.listings} == {wanted}
        context["kinds"] = kinds
        context["one_kind"] = one_kind
        context["work_count"] = work.total
        context["page_obj"] = page
        context["query_string"] = urlencode({"kind": wanted}) if one_kind else ""
        return context


@personal_page
class ProfileView(SignedInMixin, FormView):
    template_name = "members/profile.html"
    form_class = ProfileForm

    def get_form_kwargs(self):
        # A fresh copy: the form writes onto its instance, and the service compares old and new.
        return {**super().get_form_kwargs(), "instance": User.objects.get(pk=self.request.user.pk)}

    def form_valid(self, form):
        update_own_profile(self.request.user, actor=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("Your details are saved."))
        return redirect("members:profile")


@personal_page
class OrganisationDetailView(DetailView):
    """An organisation's own page, for its contacts and for staff."""

    access = Access.OBJECT
    template_name = "members/organisation_detail.html"
    context_object_name = "organisation"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().dispatch(request, *args, **kwargs)

    def get_object(self, queryset=None):
        return get_organisation_for_user(self.request.user, self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The organisation's own stream rows, across the streams it belongs to.
        with scopes_disabled():
            context["streams"] = list(
                self.object.stream_memberships.select_related("network").order_by("network__name")
            )
        context["contacts"] = self.object.contacts.select_related("user")
        context["has_pledge"] = organisation_has_pledge(self.object)
        return context


@access(Access.PUBLIC)
@require_POST
def set_language(request):
    """Switch the language; a signed-in person keeps it as their preference."""
    response = django_set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        update_own_profile(request.user, actor=request.user, preferred_language=language)
    return response
