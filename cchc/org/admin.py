from django.contrib import admin

from cchc.org.models import Agency, Staff, Unit


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "is_home", "valid_from", "valid_to"]
    list_filter = ["kind", "is_home"]
    search_fields = ["name", "name_en", "code", "short_name"]
    autocomplete_fields = ["parent", "replaced_by"]


class StaffInline(admin.TabularInline):
    model = Staff
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["user", "position", "phone", "is_public_contact", "contact_duty", "contact_order"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "agency", "kind", "code", "valid_from", "valid_to", "replaced_by"]
    list_filter = ["kind", "agency"]
    search_fields = ["name", "name_en", "code"]
    autocomplete_fields = ["agency", "replaced_by"]
    inlines = [StaffInline]


@admin.register(Staff)
class StaffAdmin(admin.ModelAdmin):
    list_display = ["__str__", "unit", "position", "phone", "is_public_contact"]
    list_filter = ["is_public_contact", "unit"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "position"]
    autocomplete_fields = ["user", "unit"]
    list_select_related = ["user", "unit"]
