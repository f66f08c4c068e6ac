"""Network pages: the public directory and profile, and the network's own management
pages (members, roles, profile, activity) for the people with a role in it."""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView, TemplateView, View

from members.enums import COORDINATORS, MEMBER_LIST_ROLES, Role
from members.forms import AddMemberForm, NetworkProfileForm, NetworkSearchForm
from members.models import Membership
from members.permissions import NetworkAccessMixin
from members.queries import directory_networks, listed_local_streams
from members.services.invitations import invite_member
from members.services.people import MembershipError, remove_membership
from sanctuary.models import ActivityLog, Network
from sanctuary.services import update_network_profile
from sanctuary.tenancy import Access


class NetworkDirectoryView(ListView):
    """Find a group or a stream network near you."""

    access = Access.PUBLIC
    template_name = "members/network_directory.html"
    context_object_name = "networks"
    paginate_by = 40

    def get_queryset(self):
        self.form = NetworkSearchForm(self.request.GET or None)
        if self.form.is_valid():
            return directory_networks(**self.form.cleaned_data)
        return directory_networks()

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
        local_streams = listed_local_streams(network)
        if local_streams is not None:
            context["local_streams"] = local_streams
        return context


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
        # The same answer and the same work whoever the address belongs to, or none: the
        # page never tells whether an address has an account (members.services.invitations).
        email = form.cleaned_data["email"]
        invite_member(
            self.network, email=email, role=form.cleaned_data["role"], actor=self.request.user
        )
        messages.success(
            self.request,
            _("We have sent an invitation to %(email)s. They have the role once they accept it.")
            % {"email": email},
        )
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
