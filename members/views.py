from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView, TemplateView, View
from django_scopes import scopes_disabled

from members.enums import MEMBER_LIST_ROLES, Role
from members.forms import AddMemberForm, NetworkProfileForm, NetworkSearchForm, ProfileForm
from members.models import Membership, User
from members.permissions import (
    NetworkAccessMixin,
    SignedInMixin,
    get_organisation_for_user,
)
from members.queries import memberships_for_user, organisations_for_user
from members.services import MembershipError, add_membership, remove_membership, update_own_profile
from sanctuary.enums import NetworkKind
from sanctuary.models import ActivityLog, Network
from sanctuary.services import update_network_profile
from sanctuary.tenancy import Access

COORDINATORS = frozenset({Role.COORDINATOR})


class NetworkDirectoryView(ListView):
    """Find a group or a stream network near you."""

    access = Access.PUBLIC
    template_name = "members/network_directory.html"
    context_object_name = "networks"
    paginate_by = 40

    def get_queryset(self):
        self.form = NetworkSearchForm(self.request.GET or None)
        networks = Network.objects.filter(is_listed=True).select_related(
            "parent", "coordinating_group"
        )
        if self.form.is_valid():
            query = self.form.cleaned_data["q"]
            if query:
                networks = networks.filter(Q(name__icontains=query) | Q(region__icontains=query))
            if self.form.cleaned_data["kind"]:
                networks = networks.filter(kind=self.form.cleaned_data["kind"])
            if self.form.cleaned_data["nation"]:
                networks = networks.filter(nation=self.form.cleaned_data["nation"])
        return networks.order_by("kind", "name")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = self.form
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
        return context


class NetworkProfileView(TemplateView):
    """A network's public page: what it is, where, and how to get in touch."""

    access = Access.PUBLIC
    template_name = "members/network_profile.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        network = self.request.network
        context["network"] = network
        if network.kind == NetworkKind.STREAM:
            context["local_streams"] = network.local_streams.filter(is_listed=True).select_related(
                "coordinating_group"
            )
        elif network.kind == NetworkKind.LOCAL_GROUP:
            context["local_streams"] = network.coordinated_streams.filter(
                is_listed=True
            ).select_related("parent")
        return context


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
        context["my_organisations"] = organisations_for_user(self.request.user)
        return context


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


class NetworkManageView(NetworkAccessMixin, TemplateView):
    """The network's own home for the people who have a role in it."""

    template_name = "members/network_manage.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["role_counts"] = (
            Membership.objects.filter(network=self.network)
            .values("role")
            .annotate(count=Count("id"))
            .order_by("role")
        )
        role_names = dict(Role.choices)
        for row in context["role_counts"]:
            row["label"] = role_names.get(row["role"], row["role"])
        context["my_role_names"] = sorted(role_names[role] for role in self.roles)
        return context


class NetworkMembersView(NetworkAccessMixin, ListView):
    allowed_roles = MEMBER_LIST_ROLES
    template_name = "members/network_members.html"
    context_object_name = "memberships"
    paginate_by = 100

    def get_queryset(self):
        return (
            Membership.objects.filter(network=self.network)
            .select_related("user")
            .order_by("user__full_name", "user__email", "role")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", AddMemberForm())
        context["can_manage"] = self.request.user.is_staff or Role.COORDINATOR in self.roles
        return context


class MembershipAddView(NetworkAccessMixin, FormView):
    allowed_roles = COORDINATORS
    form_class = AddMemberForm
    template_name = "members/network_members.html"
    http_method_names = ["post"]

    def form_valid(self, form):
        try:
            add_membership(
                self.network, form.user, form.cleaned_data["role"], actor=self.request.user
            )
        except MembershipError as error:
            form.add_error("role", str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("The role is given."))
        return redirect("members:network_members", network_slug=self.network.slug)

    def form_invalid(self, form):
        # Show the list again with the typed values and the messages beside the fields.
        view = NetworkMembersView()
        view.setup(self.request, **self.kwargs)
        view.network, view.roles = self.network, self.roles
        view.object_list = view.get_queryset()
        return self.render_to_response(view.get_context_data(form=form))


class MembershipRemoveView(NetworkAccessMixin, View):
    allowed_roles = COORDINATORS
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        membership = get_object_or_404(
            Membership.objects.select_related("user", "network"),
            pk=kwargs["membership_id"],
            network=self.network,
        )
        try:
            remove_membership(membership, actor=request.user)
        except MembershipError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The role is removed."))
        return redirect("members:network_members", network_slug=self.network.slug)


class NetworkProfileEditView(NetworkAccessMixin, FormView):
    allowed_roles = COORDINATORS
    template_name = "members/network_profile_edit.html"
    form_class = NetworkProfileForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": Network.objects.get(pk=self.network.pk)}

    def form_valid(self, form):
        update_network_profile(self.network, actor=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("The public profile is saved."))
        return redirect("members:network_manage", network_slug=self.network.slug)


class NetworkActivityView(NetworkAccessMixin, ListView):
    allowed_roles = COORDINATORS
    template_name = "members/network_activity.html"
    context_object_name = "entries"
    paginate_by = 50

    def get_queryset(self):
        return (
            ActivityLog.objects.filter(network=self.network)
            .select_related("actor", "content_type")
            .order_by("-timestamp", "-pk")
        )


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
        return context
