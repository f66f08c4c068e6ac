from django.conf import settings
from django.db.models import Count, Q
from django.http import HttpResponse
from django.views.decorators.http import require_POST
from django.views.generic import ListView, TemplateView
from django.views.i18n import set_language as django_set_language
from django_scopes import scopes_disabled

from members.permissions import StaffRequiredMixin
from members.queries import networks_overview
from members.services.people import update_own_profile
from sanctuary.enums import NetworkKind
from sanctuary.models import ActivityLog, Network
from sanctuary.tenancy import Access, access


@access(Access.PUBLIC)
def health(request):
    """The trivial view: load balancers poll it, and the benchmark measures against it."""
    return HttpResponse("ok", content_type="text/plain")


class HomeView(TemplateView):
    access = Access.PUBLIC
    template_name = "sanctuary/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = Network.objects.filter(is_listed=True).aggregate(
            groups=Count("pk", filter=Q(kind=NetworkKind.LOCAL_GROUP)),
            streams=Count("pk", filter=Q(kind=NetworkKind.STREAM)),
        )
        context.update(counts)
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


class StaffOverviewView(StaffRequiredMixin, TemplateView):
    """Every network at a glance. Staff look across networks on purpose, so scoping is lifted."""

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
