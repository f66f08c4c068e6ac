"""The core's own pages: the home page and the health check. Every other page is a domain
app's."""

from django.db.models import Count, Q
from django.http import HttpResponse
from django.views.generic import TemplateView

from sanctuary.enums import NetworkKind
from sanctuary.models import Network
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
