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
from members.queries import people_by_network
from members.services.mail import MailAddressError, clear_undeliverable
from sanctuary.enums import Nation, NetworkKind
from sanctuary.keyset import keyset_page
from sanctuary.models import ActivityLog, Network
from sanctuary.page_cache import personal_page

# Entries on a page of an activity log (this one and each network's).
ACTIVITY_PAGE = 50


@personal_page
class StaffOverviewView(StaffRequiredMixin, TemplateView):
    """Every network at a glance."""

    template_name = "sanctuary/staff_overview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Only what the table shows (not the parent networks the other lists name), and
        # the people counted once until a membership changes (people_by_network).
        networks = Network.objects.only("name", "slug", "kind", "nation").order_by("kind", "name")
        people = people_by_network()
        # Each kind's and nation's words translated once, not twice a row.
        labels = {
            **{("kind", value): str(label) for value, label in NetworkKind.choices},
            **{("nation", value): str(label) for value, label in Nation.choices},
        }
        context["networks"] = [
            {
                "network": network,
                "kind": labels[("kind", network.kind)],
                "nation": labels.get(("nation", network.nation), ""),
                "people": people.get(network.pk, (0, 0))[0],
                "coordinators": people.get(network.pk, (0, 0))[1],
            }
            for network in networks
        ]
        return context


@personal_page
class StaffActivityView(StaffRequiredMixin, TemplateView):
    """The whole movement's log, newest first, a keyset page of 50: the same cost however
    long the log (no count of it)."""

    template_name = "sanctuary/staff_activity.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        with scopes_disabled():
            entries = ActivityLog.objects.select_related("actor", "network", "content_type")
            page = keyset_page(self.request, entries, timestamp="timestamp", size=ACTIVITY_PAGE)
        context["entries"] = page.rows
        context["entries_page"] = page
        return context


@personal_page
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
