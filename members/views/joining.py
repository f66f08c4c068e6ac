"""People joining and leaving networks, the coordinators' page of what waits for them
(organisations, requests to act for one, requests to join), and a signatory's choice to be
listed or not."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from members.enums import COORDINATORS, OrganisationStatus
from members.forms.organisations import DecisionForm, JoinNetworkForm
from members.models import ContactRequest, NetworkJoinRequest, Organisation, Signature
from members.permissions import NetworkAccessMixin, SignedInMixin
from members.queries import (
    get_coordinator_invitation,
    organisations_deciding_network,
    pending_contact_requests_for,
    pending_join_requests_for,
    pending_organisations_for,
)
from members.services.movement import MovementError, accept_coordinator_invitation
from members.services.networks import (
    JoiningError,
    decide_join_request,
    join_network,
    leave_network,
    set_signature_listing,
)
from members.services.organisations import (
    OrganisationError,
    decide_contact_request,
    set_organisation_status,
)
from sanctuary.page_cache import personal_page
from sanctuary.tenancy import Access


class NetworkJoinView(SignedInMixin, View):
    """ "Join this group" on a local group's public page (POST)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        network = request.network
        form = JoinNetworkForm(request.POST)
        message = form.cleaned_data["message"] if form.is_valid() else ""
        try:
            membership = join_network(network, actor=request.user, message=message)
        except JoiningError as error:
            messages.error(request, error.message)
        else:
            if membership is not None:
                messages.success(
                    request, _("Welcome: you are a member of %(network)s.") % {"network": network}
                )
            else:
                messages.success(
                    request,
                    _(
                        "Your request to join %(network)s is sent. Its coordinators will tell "
                        "you by e-mail."
                    )
                    % {"network": network},
                )
        return redirect(network.get_absolute_url())


class NetworkLeaveView(SignedInMixin, View):
    """Leave a network: every role the person holds there (POST)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        network = request.network
        try:
            leave_network(network, actor=request.user)
        except JoiningError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("You have left %(network)s.") % {"network": network.name})
        return redirect("members:dashboard")


@personal_page
class NetworkWaitingView(NetworkAccessMixin, TemplateView):
    """What waits for this network's coordinators: organisations that registered, people
    asking to act for an organisation, and people asking to join. Only this network's."""

    allowed_roles = COORDINATORS
    template_name = "members/network_waiting.html"
    failed: tuple[str, int] | None = None
    failed_form: DecisionForm | None = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["organisations"] = self.rows("organisation", pending_organisations_for)
        context["contact_requests"] = self.rows("contact_request", pending_contact_requests_for)
        context["join_requests"] = self.rows("join_request", pending_join_requests_for)
        context["nothing_waits"] = not any(
            context[name] for name in ("organisations", "contact_requests", "join_requests")
        )
        return context

    def rows(self, kind: str, query) -> list[tuple[object, DecisionForm | None]]:
        """Each waiting item with its decision form: the one that came back with errors, or
        a fresh one whose field ids are unique on the page."""
        rows = []
        for item in query(self.network):
            if self.failed == (kind, item.pk):
                form = self.failed_form
            else:
                form = DecisionForm(prefix=f"{kind}-{item.pk}")
            rows.append((item, form))
        return rows


class DecisionView(NetworkAccessMixin, View):
    """Approve or refuse one waiting thing of this network (POST); the list shows again with
    the message beside the row when something is missing."""

    allowed_roles = COORDINATORS
    http_method_names = ["post"]
    kind = ""  # "organisation", "contact_request" or "join_request"

    def get_item(self, pk: int):
        raise NotImplementedError

    def decide(self, item, form: DecisionForm):
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        item = self.get_item(kwargs["item_id"])
        form = DecisionForm(request.POST, prefix=f"{self.kind}-{item.pk}")
        if form.is_valid():
            try:
                self.decide(item, form)
            except (OrganisationError, JoiningError) as error:
                messages.error(request, error.message)
            else:
                messages.success(
                    request, _("Approved.") if form.approves else _("Refused; we tell them why.")
                )
                return redirect("members:network_waiting", network_slug=self.network.slug)
        view = NetworkWaitingView()
        view.setup(request, **kwargs)
        view.network, view.roles = self.network, self.roles
        view.failed, view.failed_form = (self.kind, item.pk), form
        return view.render_to_response(view.get_context_data())


class OrganisationDecisionView(DecisionView):
    kind = "organisation"

    def get_item(self, pk):
        return get_object_or_404(
            Organisation.objects.filter(organisations_deciding_network(self.network)),
            pk=pk,
            status=OrganisationStatus.PENDING,
        )

    def decide(self, item, form):
        new_status = OrganisationStatus.APPROVED if form.approves else OrganisationStatus.REFUSED
        set_organisation_status(
            item, new_status, actor=self.request.user, reason=form.cleaned_data["reason"]
        )


class ContactRequestDecisionView(DecisionView):
    kind = "contact_request"

    def get_item(self, pk):
        return get_object_or_404(
            ContactRequest.objects.filter(
                organisation__in=Organisation.objects.filter(
                    organisations_deciding_network(self.network)
                )
            ),
            pk=pk,
        )

    def decide(self, item, form):
        decide_contact_request(
            item,
            approve=form.approves,
            actor=self.request.user,
            reason=form.cleaned_data["reason"],
        )


class JoinRequestDecisionView(DecisionView):
    kind = "join_request"

    def get_item(self, pk):
        return get_object_or_404(
            NetworkJoinRequest.objects.select_related("network"), pk=pk, network=self.network
        )

    def decide(self, item, form):
        decide_join_request(
            item,
            approve=form.approves,
            actor=self.request.user,
            reason=form.cleaned_data["reason"],
        )


class SignatureListingView(SignedInMixin, View):
    """A signatory shows or hides their signature on the public list (POST, from the
    dashboard)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        signature = get_object_or_404(Signature, pk=kwargs["signature_id"])
        listed = request.POST.get("listed") == "1"
        try:
            set_signature_listing(signature, actor=request.user, listed=listed)
        except JoiningError:
            raise Http404("No such signature") from None
        messages.success(
            request,
            _("Your signature is listed publicly now.")
            if listed
            else _("Your signature is no longer listed publicly."),
        )
        return redirect("members:dashboard")


class CoordinatorInvitationView(TemplateView):
    """Where a coordinator's invitation link leads: sign in or sign up, then accept."""

    access = Access.PUBLIC
    template_name = "members/invitation.html"

    def dispatch(self, request, *args, **kwargs):
        self.invitation = get_coordinator_invitation(kwargs["invitation_token"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        invitation = self.invitation
        context["invitation"] = invitation
        context["usable"] = invitation is not None and invitation.is_usable
        context["what"] = invitation.network.name if invitation else ""
        context["for_coordinator"] = True
        return context

    def post(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if self.invitation is None:
            raise Http404("No such invitation")
        try:
            membership = accept_coordinator_invitation(self.invitation, actor=request.user)
        except MovementError as error:
            messages.error(request, error.message)
            return redirect(request.get_full_path())
        messages.success(
            request,
            _("Welcome: you coordinate %(network)s now.") % {"network": membership.network.name},
        )
        return redirect("members:network_manage", network_slug=membership.network.slug)
