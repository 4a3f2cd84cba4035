"""The connector's tables in the admin: the status mapping is data the IT office edits (with validity dates);
what came from the portal and what differs from it are read-only; the outbox has its own pages."""

from django.contrib import admin

from cchc.national.models import CatalogueCheck, InboundDossier, StatusMapping


@admin.register(StatusMapping)
class StatusMappingAdmin(admin.ModelAdmin):
    list_display = ["status", "action", "national_code", "national_label", "valid_from", "valid_to", "note"]
    list_filter = ["status", "national_code"]
    search_fields = ["action", "national_code", "national_label", "note"]
    date_hierarchy = "valid_from"


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(InboundDossier)
class InboundDossierAdmin(ReadOnly):
    list_display = ["national_code", "state", "via", "dossier", "times_seen", "first_seen_at", "last_seen_at"]
    list_filter = ["state", "via"]
    search_fields = ["national_code", "dossier__code"]
    list_select_related = ["dossier"]
    fields = [
        "national_code",
        "state",
        "error",
        "via",
        "dossier",
        "times_seen",
        "first_seen_at",
        "last_seen_at",
        "payload",
    ]


@admin.register(CatalogueCheck)
class CatalogueCheckAdmin(ReadOnly):
    list_display = ["national_code", "name", "state", "checked_at", "applied_at", "applied_by"]
    list_filter = ["state"]
    search_fields = ["national_code", "name"]
    list_select_related = ["applied_by"]
