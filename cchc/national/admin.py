"""The connector's tables in the admin, read-only: what came from the portal and what differs from it."""

from django.contrib import admin

from cchc.national.models import CatalogueCheck, InboundDossier


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
