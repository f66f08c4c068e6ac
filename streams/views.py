from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView, View
from django_scopes import scopes_disabled

from members.access import access_for
from members.enums import COORDINATORS, ORGANISATION_ROLES
from members.permissions import NetworkAccessMixin, get_organisation_for_user
from members.queries.signatures import organisation_has_pledge
from sanctuary.page_cache import personal_page, public_page
from sanctuary.refusals import add_refusal_to_form
from sanctuary.tenancy import Access
from streams.enums import StreamMembershipStatus
from streams.forms import JoinStreamForm, RouteForm
from streams.models import StreamMembership
from streams.queries import mark_pledges, network_organisations, supporter_organisations
from streams.services import StreamMembershipError, join_stream, set_stream_membership_state


@personal_page
class NetworkOrganisationsView(NetworkAccessMixin, ListView):
    """The organisations a network works with: a stream's members, or a group's area.

    A stream's coordinators see who joined, waiting ones first, and approve them or pass them
    to one of the stream's local networks.
    """

    allowed_roles = ORGANISATION_ROLES
    template_name = "streams/network_organisations.html"
    context_object_name = "rows"
    paginate_by = 50
    # Set when a decision form comes back with errors, to show them beside its row.
    failed_row_id = None
    failed_route_form = None

    def get_queryset(self):
        return network_organisations(self.network)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = list(context["object_list"])
        mark_pledges(rows)
        context["object_list"] = context["rows"] = rows
        can_decide = self.network.is_stream and access_for(self.request).can_manage(self.network)
        context["can_decide"] = can_decide
        if can_decide:
            route_form = RouteForm(stream=self.network)
            context["can_route"] = route_form.fields["routed_to"].queryset.exists()
            context["route_choices"] = list(route_form.fields["routed_to"].queryset)
            context["failed_row_id"] = self.failed_row_id
            context["failed_route_form"] = self.failed_route_form
        return context


class StreamMembershipDecisionView(NetworkAccessMixin, View):
    """Approve a waiting organisation, or pass it to a local network (POST only)."""

    allowed_roles = COORDINATORS
    http_method_names = ["post"]
    decision = StreamMembershipStatus.ACTIVE

    def post(self, request, *args, **kwargs):
        membership = get_object_or_404(
            StreamMembership.objects.select_related("organisation"),
            pk=kwargs["stream_membership_id"],
            network=self.network,
        )
        routed_to = None
        if self.decision == StreamMembershipStatus.ROUTED:
            form = RouteForm(request.POST, stream=self.network, prefix=f"route-{membership.pk}")
            if not form.is_valid():
                return self.show_list_with(membership, form)
            routed_to = form.cleaned_data["routed_to"]
        try:
            set_stream_membership_state(
                membership, self.decision, actor=request.user, routed_to=routed_to
            )
        except StreamMembershipError as error:
            messages.error(request, str(error))
        else:
            if routed_to is not None:
                messages.success(
                    request,
                    _("%(organisation)s is passed to %(network)s.")
                    % {"organisation": membership.organisation.name, "network": routed_to.name},
                )
            else:
                messages.success(
                    request,
                    _("%(organisation)s is approved.")
                    % {"organisation": membership.organisation.name},
                )
        return redirect("streams:network_organisations", network_slug=self.network.slug)

    def show_list_with(self, membership, form):
        view = NetworkOrganisationsView()
        view.setup(self.request, **self.kwargs)
        view.network, view.roles = self.network, self.roles
        view.failed_row_id, view.failed_route_form = membership.pk, form
        view.object_list = view.get_queryset()
        return view.render_to_response(view.get_context_data())


@personal_page
class JoinStreamView(FormView):
    """An organisation's contact joins a stream network, once the organisation has pledged."""

    access = Access.OBJECT
    template_name = "streams/join_stream.html"
    form_class = JoinStreamForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        self.organisation = get_organisation_for_user(request.user, kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organisation": self.organisation}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        with scopes_disabled():
            # The organisation's own rows, across the streams it belongs to.
            memberships = list(
                self.organisation.stream_memberships.select_related("network").order_by(
                    "network__name"
                )
            )
        context.update(
            organisation=self.organisation,
            has_pledge=organisation_has_pledge(self.organisation),
            memberships=memberships,
        )
        return context

    def form_valid(self, form):
        stream = form.cleaned_data["stream"]
        try:
            join_stream(
                self.organisation,
                stream,
                actor=self.request.user,
                seeks_award=form.cleaned_data["seeks_award"],
            )
        except StreamMembershipError as error:
            add_refusal_to_form(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(organisation)s has asked to join %(stream)s. Its coordinators will be in touch.")
            % {"organisation": self.organisation.name, "stream": stream.name},
        )
        return redirect(self.organisation.get_absolute_url())


@public_page
@personal_page
class SupportersView(ListView):
    """Organisations that support the movement without being in a stream: they signed the
    charter and agreed to be listed."""

    access = Access.PUBLIC
    template_name = "streams/supporters.html"
    context_object_name = "supporters"
    paginate_by = 100

    def get_queryset(self):
        return supporter_organisations()
