"""Admin: survey methods as data (a new method version needs no code), read-only responses."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Criterion, Element, FollowUp, KioskDevice, MethodVersion, Question, Response


def _answered(obj) -> bool:
    """A method version with responses is frozen: its structure is what those responses answered."""
    return obj is not None and obj.pk is not None and Response.objects.filter(method_id=obj.pk).exists()


class FrozenWhenAnsweredInline:
    """Inline of a method version: read-only (no add, change or delete) once it has responses."""

    def has_add_permission(self, request, obj=None):
        return not _answered(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not _answered(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _answered(obj) and super().has_delete_permission(request, obj)


class ElementInline(FrozenWhenAnsweredInline, admin.TabularInline):
    model = Element
    extra = 0
    fields = ["order", "name", "name_en"]


class CriterionInline(FrozenWhenAnsweredInline, admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ["element", "order", "slot", "text", "text_en"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "element":
            method_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
            kwargs["queryset"] = (
                Element.objects.filter(method_id=method_id) if method_id else Element.objects.none()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class QuestionInline(FrozenWhenAnsweredInline, admin.TabularInline):
    model = Question
    extra = 0
    fields = ["order", "slot", "kind", "text", "text_en", "options", "options_en"]


@admin.register(MethodVersion)
class MethodVersionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "valid_from", "valid_to", "formula", "target"]
    search_fields = ["name", "code"]
    inlines = [ElementInline, CriterionInline, QuestionInline]
    fieldsets = [
        (None, {"fields": ["code", "name", "name_en", "basis", "valid_from", "valid_to", "illustrative"]}),
        (_("Cách tính"), {"fields": ["formula", "target", "margin"]}),
    ]

    # Fields that change what the stored answers mean: fixed once the method has responses (a new
    # method version is created instead). Name, basis, end of validity and target stay editable.
    FROZEN = ["code", "valid_from", "formula", "margin"]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if _answered(obj):
            readonly += [f for f in self.FROZEN if f not in readonly]
        return readonly

    def has_delete_permission(self, request, obj=None):
        return not _answered(obj) and super().has_delete_permission(request, obj)

    def get_inline_instances(self, request, obj=None):
        # Criteria pick an element of this method: add the elements first, save, then the criteria.
        inlines = super().get_inline_instances(request, obj)
        if obj is None:
            inlines = [i for i in inlines if not isinstance(i, CriterionInline)]
        return inlines


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ["submitted_at", "channel", "dossier", "unit", "method"]
    list_filter = ["channel", "method"]
    date_hierarchy = "submitted_at"
    raw_id_fields = ["dossier"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    list_display = ["opened_at", "unit", "state", "closed_at"]
    list_filter = ["state", "unit"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(KioskDevice)
class KioskDeviceAdmin(admin.ModelAdmin):
    list_display = ["label", "unit", "opened_by", "opened_at", "closed_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
