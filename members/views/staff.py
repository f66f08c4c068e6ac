"""Staff's view across the movement: every network at a glance, and the activity log.

Staff look across networks on purpose, so these pages lift scoping."""

from django.views.generic import ListView, TemplateView
from django_scopes import scopes_disabled

from members.permissions import StaffRequiredMixin
from members.queries import networks_overview
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
