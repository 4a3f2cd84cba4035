"""Read-only admin views of dossiers: changes go through the services only."""

from django.contrib import admin

from cchc.dossiers.models import Dossier, DossierEvent, Handover


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EventInline(admin.TabularInline):
    model = DossierEvent
    fields = ["seq", "at", "action", "from_status", "to_status", "actor", "unit", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class HandoverInline(EventInline):
    model = Handover
    fields = [
        "seq",
        "step",
        "from_unit",
        "from_agency",
        "to_unit",
        "to_agency",
        "handed_at",
        "step_due_at",
        "done_at",
        "result",
    ]
    readonly_fields = fields


@admin.register(Dossier)
class DossierAdmin(ReadOnly):
    list_display = [
        "code",
        "applicant_name",
        "procedure_version",
        "status",
        "received_at",
        "due_at",
        "holder_unit",
    ]
    list_filter = ["status", "channel", "agency"]
    search_fields = ["code", "applicant_name", "phone"]
    list_select_related = ["procedure_version__procedure", "holder_unit"]
    inlines = [EventInline, HandoverInline]
