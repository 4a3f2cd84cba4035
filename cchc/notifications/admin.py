"""Read-only admin view of the outbox: rows are written by ``enqueue`` and ``cchc outbox`` only."""

from django.contrib import admin

from cchc.notifications.models import Outbox


@admin.register(Outbox)
class OutboxAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "kind",
        "recipient",
        "subject",
        "created_at",
        "attempts",
        "next_attempt_at",
        "sent_at",
    ]
    list_filter = ["kind", "sent_at"]
    search_fields = ["recipient", "subject"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
