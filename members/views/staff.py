"""Staff's view across the movement: every network at a glance, and the activity log.

Staff look across networks on purpose, so these pages lift scoping."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView, TemplateView
from django_scopes import scopes_disabled

from members.models import UndeliverableAddress
from members.permissions import StaffRequiredMixin
from members.queries import networks_overview
from members.services.mail import MailAddressError, clear_undeliverable
from sanctuary.models import ActivityLog


class StaffOverviewView(StaffRequiredMixin, TemplateView):
    """Every network at a glance."""

    template_name = "sanctuary/staff_overview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        with scopes_disabled():
            context["networks"] = list(networks_overview())
        return context


class StaffActivityView(StaffRequiredMixin, ListView):
    template_name = "sanctuary/staff_activity.html"
    context_object_name = "entries"
    paginate_by = 50

    def get_queryset(self):
        with scopes_disabled():
            # Evaluated lazily by the paginator, so the scope is lifted again around rendering.
            return ActivityLog.objects.select_related("actor", "network", "content_type").order_by(
                "-timestamp", "-pk"
            )

    def get(self, request, *args, **kwargs):
        with scopes_disabled():
            response = super().get(request, *args, **kwargs)
            response.render()
        return response


class StaffUndeliverableView(StaffRequiredMixin, ListView):
    """Addresses no mail goes to any more (refused for good, bounced, complained), so staff
    can reach those people another way, or clear an address that works again."""

    template_name = "members/staff_undeliverable.html"
    context_object_name = "addresses"
    paginate_by = 50

    def get_queryset(self):
        return UndeliverableAddress.objects.order_by("-recorded_at", "-pk")


class StaffUndeliverableClearView(StaffRequiredMixin, View):
    """Let mail go to an address again (POST only)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        address = get_object_or_404(UndeliverableAddress, pk=kwargs["address_id"])
        try:
            clear_undeliverable(address, actor=request.user)
        except MailAddressError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("Mail may go to %(email)s again.") % {"email": address.email}
            )
        return redirect("staff_undeliverable")
