"""The status mapping is data the IT office edits (with validity dates); the outbox has its own pages."""

from django.contrib import admin

from cchc.national.models import StatusMapping


@admin.register(StatusMapping)
class StatusMappingAdmin(admin.ModelAdmin):
    list_display = ["status", "action", "national_code", "national_label", "valid_from", "valid_to", "note"]
    list_filter = ["status", "national_code"]
    search_fields = ["action", "national_code", "national_label", "note"]
    date_hierarchy = "valid_from"
