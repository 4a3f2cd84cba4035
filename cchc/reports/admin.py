"""Report jobs in the admin: read-only (requests go through ``cchc.reports.services``)."""

from django.contrib import admin

from cchc.reports.models import ReportJob


@admin.register(ReportJob)
class ReportJobAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "period_label", "unit", "requested_by", "status", "progress"]
    list_filter = ["kind", "status", "period_kind"]
    search_fields = ["period_label", "message"]
    readonly_fields = [f.name for f in ReportJob._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
