from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path

from sanctuary import views, views_api

# The admin signs people in through the platform's own login, with its rate limits and MFA.
# The one site object's login is replaced on purpose (the stubs see a method).
admin.site.login = login_required(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = "City of Sanctuary – staff administration"
# Not found and server errors: the platform's pages, or JSON under /api/.
handler404 = "sanctuary.api.not_found"
handler500 = "sanctuary.api.server_error"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("health/", views.health, name="health"),
    path("ready/", views.ready, name="ready"),
    # The language switch, the staff overview and the activity log (members/site_urls.py).
    path("", include("members.site_urls")),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    # The API: its schema, its documentation, and each app's endpoints under /api/v1/.
    path("api/schema/", views_api.SchemaView.as_view(), name="api_schema"),
    path("api/docs/", views_api.DocsView.as_view(), name="api_docs"),
    path("api/v1/", include("members.api_urls")),
    path("api/v1/", include("awards.api_urls")),
    path("api/v1/", include("streams.api_urls")),
    # /awards/... (the public list, applicants' pages) and /<network-slug>/awards/...
    path("", include("awards.urls")),
    # Network pages (/<network-slug>/...) come after every fixed page, which they never shadow.
    path("", include("members.urls")),
    path("", include("streams.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
