from django.contrib import admin

from streams.models import StreamMembership


@admin.register(StreamMembership)
class StreamMembershipAdmin(admin.ModelAdmin):
    list_display = ["organisation", "network", "status", "joined_at"]
    list_filter = ["status"]
    search_fields = ["organisation__name", "network__name"]
    raw_id_fields = ["organisation", "network", "local_lead"]
    list_select_related = ["organisation", "network"]
