"""The API's schema and its documentation, served by the platform itself."""

from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import permissions

from sanctuary.tenancy import Access


class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 schema: YAML, or JSON with `?format=json` or `Accept: application/json`."""

    access = Access.PUBLIC
    authentication_classes = []
    permission_classes = [permissions.AllowAny]


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI from the platform's own static files (drf-spectacular-sidecar). The split
    view serves its start-up script as a second same-origin file, and the page's template
    has no inline style, so the strict Content Security Policy holds."""

    access = Access.PUBLIC
    authentication_classes = []
    permission_classes = [permissions.AllowAny]
    template_name = "sanctuary/api_docs.html"
    url_name = "api_schema"
