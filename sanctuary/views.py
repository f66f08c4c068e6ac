import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection
from django.db.models import Count, Q
from django.http import HttpResponse, JsonResponse
from django.views.decorators.http import require_POST
from django.views.generic import ListView, TemplateView
from django.views.i18n import set_language as django_set_language
from django_scopes import scopes_disabled

from members.permissions import StaffRequiredMixin
from members.queries import networks_overview
from members.services import update_own_profile
from sanctuary.enums import NetworkKind
from sanctuary.models import ActivityLog, Network
from sanctuary.tenancy import Access, access

logger = logging.getLogger(__name__)


@access(Access.PUBLIC)
def health(request):
    """The trivial view: load balancers poll it, and the benchmark measures against it."""
    return HttpResponse("ok", content_type="text/plain")


def _database_ready() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache_ready() -> None:
    token = uuid.uuid4().hex
    cache.set("sanctuary:ready", token, 30)
    if cache.get("sanctuary:ready") != token:
        raise RuntimeError("the cache did not give back what was put in")


def _broker_ready() -> None:
    from sanctuary.celery import app

    with app.connection_for_write(settings.CELERY_BROKER_URL) as broker:
        broker.ensure_connection(max_retries=1, timeout=3)


def _storage_ready() -> None:
    for alias in ["private", "default"]:
        storage = storages[alias]
        name = storage.save(f"ready/{uuid.uuid4().hex}.txt", ContentFile(b"ready"))
        storage.delete(name)


def readiness_checks() -> dict:
    checks = {"database": _database_ready, "cache": _cache_ready, "storage": _storage_ready}
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        checks["broker"] = _broker_ready
    return checks


@access(Access.PUBLIC)
def ready(request):
    """Readiness: 200 when the database, the cache, the broker (when tasks go to workers) and
    the file storage all answer, 503 naming the ones that did not. What failed goes to the log,
    never into the answer."""
    results = {}
    for name, check in readiness_checks().items():
        try:
            check()
        except Exception:
            logger.exception("Readiness: the %s did not answer.", name)
            results[name] = "failed"
        else:
            results[name] = "ok"
    failed = sorted(name for name, result in results.items() if result != "ok")
    response = JsonResponse(
        {"status": "not ready" if failed else "ready", "checks": results, "failed": failed},
        status=503 if failed else 200,
    )
    response["Cache-Control"] = "no-store"
    return response


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
