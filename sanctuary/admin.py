from django.contrib import admin

from sanctuary.models import ActivityLog, Network


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "kind", "nation", "is_listed"]
    list_filter = ["kind", "nation", "is_listed"]
    search_fields = ["name", "slug", "region"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["parent", "coordinating_group"]


@admin.register(ActivityLog)
class ActivityLogAdmin(admin.ModelAdmin):
    """Read-only: the log is history, and history is not edited."""

    list_display = ["timestamp", "action", "network", "actor", "content_type", "object_id"]
    list_filter = ["action"]
    list_select_related = ["network", "actor", "content_type"]
    readonly_fields = [f.name for f in ActivityLog._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
