"""Staff set the movement up from pages: local groups, stream networks and local stream
networks, and the invitation of each network's first coordinator."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView
from django_scopes import scope, scopes_disabled

from members.forms.networks import InviteCoordinatorForm, NetworkSettingsForm
from members.permissions import StaffRequiredMixin
from members.queries import coordinator_invitations_for, count_people, networks_overview
from members.services.movement import (
    COORDINATOR_INVITATION_DAYS,
    MovementError,
    invite_coordinator,
    update_network,
)
from sanctuary.models import Network
from sanctuary.page_cache import personal_page
from sanctuary.refusals import add_refusal_to_form
from sanctuary.services import create_network


@personal_page
class StaffNetworksView(StaffRequiredMixin, ListView):
    """Every network, to add one or change its settings."""

    template_name = "members/staff_networks.html"
    context_object_name = "networks"
    paginate_by = 100

    def get_queryset(self):
        return networks_overview()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        count_people(context["networks"])
        return context

    def get(self, request, *args, **kwargs):
        # Counting people reads memberships across networks: staff look across on purpose.
        with scopes_disabled():
            response = super().get(request, *args, **kwargs)
            response.render()
        return response


@personal_page
class StaffNetworkCreateView(StaffRequiredMixin, FormView):
    template_name = "members/staff_network_form.html"
    form_class = NetworkSettingsForm

    def form_valid(self, form):
        network = create_network(actor=self.request.user, **form.cleaned_data)
        messages.success(
            self.request,
            _("%(network)s is set up. Invite its first coordinator below.")
            % {"network": network.name},
        )
        return redirect("members:staff_network", network_id=network.pk)


@personal_page
class StaffNetworkView(StaffRequiredMixin, FormView):
    """A network's settings, and the invitations to coordinate it."""

    template_name = "members/staff_network_form.html"
    form_class = NetworkSettingsForm

    def dispatch(self, request, *args, **kwargs):
        self.network = get_object_or_404(
            Network.objects.select_related("parent", "coordinating_group"),
            pk=kwargs["network_id"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        # A fresh copy: the form writes onto its instance, and the service compares old and new.
        return {**super().get_form_kwargs(), "instance": Network.objects.get(pk=self.network.pk)}

    def form_valid(self, form):
        try:
            update_network(self.network, actor=self.request.user, **form.cleaned_data)
        except MovementError as error:
            add_refusal_to_form(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The network's settings are saved."))
        return redirect("members:staff_network", network_id=self.network.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["network"] = self.network
        context["invitation_days"] = COORDINATOR_INVITATION_DAYS
        context.setdefault(
            "invite_form",
            InviteCoordinatorForm(
                prefix="invite", initial={"language": self.request.LANGUAGE_CODE}
            ),
        )
        with scope(network=self.network):
            context["invitations"] = list(coordinator_invitations_for(self.network))
        return context


@personal_page
class StaffCoordinatorInviteView(StaffNetworkView):
    """Invite someone to coordinate the network (POST); errors show on the settings page."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        invite_form = InviteCoordinatorForm(request.POST, prefix="invite")
        if invite_form.is_valid():
            try:
                invite_coordinator(
                    self.network,
                    actor=request.user,
                    email=invite_form.cleaned_data["email"],
                    name=invite_form.cleaned_data["name"],
                    language=invite_form.cleaned_data["language"],
                )
            except MovementError as error:
                add_refusal_to_form(invite_form, error)
            else:
                messages.success(
                    request,
                    _("The invitation is on its way to %(email)s.")
                    % {"email": invite_form.cleaned_data["email"]},
                )
                return redirect("members:staff_network", network_id=self.network.pk)
        form = self.form_class(instance=Network.objects.get(pk=self.network.pk))
        return self.render_to_response(self.get_context_data(form=form, invite_form=invite_form))
