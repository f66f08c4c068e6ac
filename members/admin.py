from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from members.models import (
    AffiliationApplication,
    DocumentVersion,
    Membership,
    Organisation,
    OrganisationContact,
    PartnershipForum,
    Signature,
    User,
)
from members.services.organisations import names_changed
from members.services.people import memberships_changed

# Whether a person has lived experience of seeking sanctuary is shown to staff only on the
# platform's own pages, where each showing is logged (DESIGN.md rule 6). So the admin has no
# column, filter, search or form field for the flag, and no page for the ambassadors or the
# Advisory Group (being on them says the same thing); tests/test_admin_privacy.py holds it.


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_staff", "is_active", "date_joined"]
    search_fields = ["email", "full_name"]
    list_filter = ["is_staff", "is_active"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["full_name", "preferred_language"]}),
        (_("Access"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined", "anonymised_at"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
    filter_horizontal = ["groups"]

    def lookup_allowed(self, lookup, value, request=None):
        # Django allows a filter on any of the model's own fields from the address bar; the
        # flag is not one staff may list people by here.
        if lookup.split("__")[0] == "has_lived_experience":
            return False
        return super().lookup_allowed(lookup, value, request)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "network", "role", "created_at"]
    list_filter = ["role", "network__kind"]
    search_fields = ["user__email", "network__name"]
    raw_id_fields = ["user", "network"]
    list_select_related = ["user", "network"]

    # A role given, changed or taken away here changes the counts of people by network too.
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        memberships_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        memberships_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        memberships_changed()


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

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "name" in form.changed_data:
            names_changed([obj])


@admin.register(DocumentVersion)
class DocumentVersionAdmin(admin.ModelAdmin):
    """Versions are added and made current through the staff pages (which log and invite);
    here staff may correct a typo or a date."""

    list_display = ["document", "number", "title", "period", "published_on", "is_current"]
    list_filter = ["document", "is_current"]
    readonly_fields = ["document", "number", "is_current"]


@admin.register(Signature)
class SignatureAdmin(admin.ModelAdmin):
    """Staff may link a signature given for an organisation by name to the organisation's
    record here, so that it counts as that organisation's pledge."""

    list_display = [
        "__str__",
        "party_kind",
        "email",
        "listed_publicly",
        "signed_at",
        "confirmed_at",
    ]
    list_filter = ["party_kind", "listed_publicly", "version__document"]
    search_fields = ["name", "email", "party_name"]
    raw_id_fields = ["version", "user", "organisation", "group", "network"]
    list_select_related = ["version"]


@admin.register(AffiliationApplication)
class AffiliationApplicationAdmin(admin.ModelAdmin):
    """Read-only: states change on the staff pages, through the one service that logs them."""

    list_display = ["group_name", "area", "nation", "state", "submitted_at"]
    list_filter = ["state", "nation"]
    search_fields = ["group_name", "area"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PartnershipForum)
class PartnershipForumAdmin(admin.ModelAdmin):
    list_display = ["name", "network", "is_listed"]
    raw_id_fields = ["network"]
