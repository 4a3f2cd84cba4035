from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from cchc.org.models import Agency, Staff, Unit
from cchc.org.selectors import display_name


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
    fields = ["full_name", "user", "position", "phone", "is_public_contact", "contact_duty", "contact_order"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "agency", "kind", "code", "valid_from", "valid_to", "replaced_by"]
    list_filter = ["kind", "agency"]
    search_fields = ["name", "name_en", "code"]
    autocomplete_fields = ["agency", "replaced_by"]
    inlines = [StaffInline]


@admin.register(Staff)
class StaffAdmin(admin.ModelAdmin):
    list_display = ["full_name", "unit", "position", "phone", "is_public_contact"]
    list_filter = ["is_public_contact", "unit"]
    search_fields = ["full_name", "user__username", "position"]
    autocomplete_fields = ["user", "unit"]
    list_select_related = ["user", "unit"]
    fields = [
        "full_name",
        "user",
        "unit",
        "position",
        "phone",
        "is_public_contact",
        "contact_duty",
        "contact_order",
    ]


class StaffOfUserInline(admin.StackedInline):
    """The account's staff profile, with the one stored name (``Staff.full_name``)."""

    model = Staff
    can_delete = False
    extra = 0
    max_num = 1
    autocomplete_fields = ["unit"]
    fields = ["full_name", "unit", "position", "phone", "is_public_contact", "contact_duty", "contact_order"]


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class CchcUserAdmin(UserAdmin):
    """Django's user admin without the Western first/last name pair: the name is the staff
    profile's ``full_name``, edited in one field below the account."""

    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Liên hệ"), {"fields": ["email"]}),
        (
            _("Quyền"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Thời điểm"), {"fields": ["last_login", "date_joined"]}),
    ]
    inlines = [StaffOfUserInline]
    list_display = ["username", "name", "email", "is_staff", "is_active"]
    list_select_related = ["staff"]
    search_fields = ["username", "staff__full_name", "email"]
    ordering = ["username"]

    @admin.display(description=_("họ và tên"), ordering="staff__full_name")
    def name(self, user) -> str:
        return display_name(user)
