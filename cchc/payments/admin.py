"""Read-only admin views of online payment for the IT office and the Office: payments, the callback log,
refunds (closed through ``services.close_refund`` by the admin action, never edited)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied

from cchc.payments import services
from cchc.payments.models import Payment, PaymentEvent, Refund


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Payment)
class PaymentAdmin(ReadOnly):
    list_display = [
        "reference",
        "dossier",
        "amount",
        "status",
        "requested_at",
        "paid_at",
        "gateway_transaction",
    ]
    list_filter = ["status", "requested_at"]
    search_fields = ["reference", "dossier__code", "gateway_transaction"]
    list_select_related = ["dossier"]


@admin.register(PaymentEvent)
class PaymentEventAdmin(ReadOnly):
    list_display = [
        "at",
        "reference",
        "action",
        "verdict",
        "reason",
        "from_status",
        "to_status",
        "remote_addr",
    ]
    list_filter = ["verdict", "reason", "action"]
    search_fields = ["reference"]


@admin.register(Refund)
class RefundAdmin(ReadOnly):
    list_display = ["payment", "dossier", "amount", "reason", "status", "opened_at"]
    list_filter = ["status", "reason"]
    search_fields = ["payment__reference", "dossier__code"]
    list_select_related = ["payment", "dossier"]
    actions = ["close"]

    @admin.action(description="Đánh dấu đã hoàn trả tiền cho người nộp")
    def close(self, request, queryset):
        try:
            done = sum(1 for refund in queryset if services.close_refund(actor=request.user, refund=refund))
        except PermissionDenied as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return
        self.message_user(request, f"Đã đánh dấu {done} khoản hoàn trả.", messages.SUCCESS)
