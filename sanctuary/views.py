"""The core's own pages: the home page, liveness and readiness. Every other page is a domain
app's."""

import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection
from django.db.models import Count, Q
from django.http import HttpResponse, JsonResponse
from django.views.generic import TemplateView

from sanctuary.enums import NetworkKind
from sanctuary.models import Network
from sanctuary.page_cache import personal_page, public_page
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


@public_page
@personal_page
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
