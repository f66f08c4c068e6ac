"""Network pages: the public directory and profile, and the network's own management
pages (members, roles, profile, activity) for the people with a role in it."""

from django.conf import settings
from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView, TemplateView, View

from members.access import access_for
from members.enums import COORDINATORS, MEMBER_LIST_ROLES, RequestStatus, Role
from members.extensions import nearby_sections, network_page_sections
from members.forms.networks import (
    AddMemberForm,
    NetworkProfileForm,
    NetworkSearchForm,
    ProfileTranslationForm,
)
from members.forms.organisations import JoinNetworkForm
from members.models import Membership, NetworkJoinRequest, User
from members.permissions import NetworkAccessMixin
from members.places import resolve
from members.queries import (
    directory_networks,
    groups_covering_nation,
    listed_local_streams,
    waiting_counts_for,
)
from members.services.invitations import invite_member
from members.services.people import MembershipError, remove_membership
from members.views.staff import ACTIVITY_PAGE
from sanctuary.enums import NetworkKind
from sanctuary.keyset import keyset_page
from sanctuary.links import row_link
from sanctuary.models import ActivityLog, Network
from sanctuary.page_cache import personal_page, public_page
from sanctuary.services import save_profile_translation, update_network_profile
from sanctuary.tenancy import Access


@public_page
@personal_page
class NetworkDirectoryView(ListView):
    """Find a group or a stream network near you: by a town, city or postcode, nearest first,
    or by name. A name that matches no network but is a place ("Rotherham" typed in the name
    box) is searched as a place."""

    access = Access.PUBLIC
    template_name = "members/network_directory.html"
    context_object_name = "networks"
    paginate_by = 40

    def get_queryset(self):
        self.form = NetworkSearchForm(self.request.GET or None)
        self.near = None
        self.near_from_name = False
        if not self.form.is_valid():
            return directory_networks()
        filters = dict(self.form.cleaned_data)
        self.near = filters["near"]
        if self.near is None and filters["q"]:
            by_name = directory_networks(**filters)
            place = None if by_name.exists() else resolve(filters["q"])
            if place is None:
                return by_name
            self.near, self.near_from_name = place, True
            filters.update(q="", near=place)
        return directory_networks(**filters)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = self.form
        context["near"] = self.near
        context["near_from_name"] = self.near_from_name
        context["suggestions"] = getattr(self.form, "suggestions", [])
        if self.near is not None:
            context["near_label"] = format_html("<bdi>{}</bdi>", self.near.label)
            context["covering_nation"] = list(groups_covering_nation(self.near.nation))
            context["nearby_sections"] = nearby_sections(self.request, self.near)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
        return context


@public_page
@personal_page
class NetworkProfileView(TemplateView):
    """A network's public page: what it is, where, and how to get in touch. Apps above
    members add their sections through members.extensions (awards: whom it has awarded)."""

    access = Access.PUBLIC
    template_name = "members/network_profile.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        network = self.request.network
        context["network"] = network
        local_streams = listed_local_streams(network)
        if local_streams is not None:
            context["local_streams"] = local_streams
        context["sections"] = network_page_sections(self.request, network)
        # "Join this group": what the visitor can do, from their roles read once per request.
        access = self.request.access
        context["my_roles"] = access.roles_in(network)
        context["can_join"] = network.kind == NetworkKind.LOCAL_GROUP
        if context["can_join"] and access.is_authenticated and not context["my_roles"]:
            context["join_form"] = JoinNetworkForm()
            context["asked_to_join"] = NetworkJoinRequest.objects.filter(
                network=network, user=access.user, status=RequestStatus.PENDING
            ).exists()
        return context


@personal_page
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
        if self.request.user.is_staff or Role.COORDINATOR in self.roles:
            context["waiting"] = waiting_counts_for(self.network)
        return context


@personal_page
class NetworkMembersView(NetworkAccessMixin, ListView):
    allowed_roles = MEMBER_LIST_ROLES
    template_name = "members/network_members.html"
    context_object_name = "memberships"
    paginate_by = 100

    def get_queryset(self):
        return (
            Membership.objects.filter(network=self.network)
            .order_by("user__full_name", "user__email", "role")
            .values_list("pk", "role", "user__full_name", named=True)
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", AddMemberForm())
        context["can_manage"] = access_for(self.request).can_manage(self.network)
        context["rows"] = self.rows(context["memberships"], can_manage=context["can_manage"])
        return context

    def rows(self, memberships, *, can_manage: bool) -> list[dict]:
        """What each row prints, from three columns, its words and link made once per page
        rather than by a model, template tags and translations per row: a long group's page
        renders in time that does not grow with it (issue 15)."""
        roles = {value: str(label) for value, label in Role.choices}
        unnamed = User.unnamed()
        remove_label = _("Remove %(role)s role from %(person)s")
        remove_url = row_link(
            "members:membership_remove", "membership_id", network_slug=self.network.slug
        )
        rows = []
        for membership in memberships:
            person, role = membership.user__full_name or unnamed, roles[membership.role]
            row = {"person": person, "role": role}
            if can_manage:
                row["remove_url"] = remove_url(membership.pk)
                row["remove_label"] = remove_label % {"role": role, "person": person}
            rows.append(row)
        return rows


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


@personal_page
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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault(
            "translation_form", ProfileTranslationForm(original_language=self.network.language)
        )
        names = dict(settings.LANGUAGES)
        context["translations"] = sorted(
            (str(names.get(code, code)), code, text)
            for code, text in self.network.translations.items()
        )
        return context

    def post(self, request, *args, **kwargs):
        if "translate" not in request.POST:
            return super().post(request, *args, **kwargs)
        form = ProfileTranslationForm(request.POST, original_language=self.network.language)
        if not form.is_valid():
            return self.render_to_response(
                self.get_context_data(form=self.get_form(), translation_form=form)
            )
        save_profile_translation(self.network, actor=request.user, **form.cleaned_data)
        messages.success(request, _("The translation is saved."))
        return redirect(request.path)


@personal_page
class NetworkActivityView(NetworkAccessMixin, TemplateView):
    """The network's log, newest first, a keyset page (as the staff's, StaffActivityView)."""

    allowed_roles = COORDINATORS
    template_name = "members/network_activity.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entries = ActivityLog.objects.filter(network=self.network).select_related(
            "actor", "content_type"
        )
        page = keyset_page(self.request, entries, timestamp="timestamp", size=ACTIVITY_PAGE)
        context["entries"] = page.rows
        context["entries_page"] = page
        return context
