"""Admin for the calendar overrides (domain.md §5).

The form applies the same rules as the services (:func:`cchc.workdays.services.validate_override`)
and saving/deleting goes through the services, so permissions and cache invalidation are the same
whichever way an override is edited.
"""

from django import forms
from django.contrib import admin
from django.db import transaction

from .calendar import WEEKDAYS_VI
from .models import CalendarOverride
from .services import remove_override, set_override, validate_override


class CalendarOverrideForm(forms.ModelForm):
    class Meta:
        model = CalendarOverride
        fields = ["date", "kind", "name", "announcement"]

    def clean(self):
        cleaned = super().clean()
        date, kind = cleaned.get("date"), cleaned.get("kind")
        if date is not None and kind:
            validate_override(date=date, kind=kind, exclude_pk=self.instance.pk)
        return cleaned


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    form = CalendarOverrideForm
    list_display = ["date", "weekday", "kind", "name", "announcement", "created_by", "updated_at"]
    list_filter = ["kind", ("date", admin.DateFieldListFilter)]
    search_fields = ["name", "announcement"]
    date_hierarchy = "date"
    readonly_fields = ["created_by", "updated_at"]
    list_select_related = ["created_by"]

    @admin.display(description="thứ")
    def weekday(self, obj: CalendarOverride) -> str:
        return WEEKDAYS_VI[obj.date.weekday()]

    def save_model(self, request, obj, form, change):
        set_override(
            actor=request.user,
            date=obj.date,
            kind=obj.kind,
            name=obj.name,
            announcement=obj.announcement,
            instance=obj,
        )

    def delete_model(self, request, obj):
        remove_override(actor=request.user, date=obj.date)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for date in queryset.values_list("date", flat=True):
                remove_override(actor=request.user, date=date)
