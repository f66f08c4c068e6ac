from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from members.models import Membership, Organisation, OrganisationContact, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_staff", "is_active", "date_joined"]
    search_fields = ["email", "full_name"]
    list_filter = ["is_staff", "is_active"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["full_name", "preferred_language", "has_lived_experience"]}),
        (_("Access"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined", "anonymised_at"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
    filter_horizontal = ["groups"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "network", "role", "created_at"]
    list_filter = ["role", "network__kind"]
    search_fields = ["user__email", "network__name"]
    raw_id_fields = ["user", "network"]
    list_select_related = ["user", "network"]


class ContactInline(admin.TabularInline):
    model = OrganisationContact
    raw_id_fields = ["user"]
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "town", "nation", "local_group"]
    list_filter = ["kind", "nation"]
    search_fields = ["name", "town"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["local_group"]
    inlines = [ContactInline]
