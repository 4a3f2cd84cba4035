from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cchc.org.models import Agency, Staff, Unit
from cchc.org.selectors import display_name


class ValidityFilter(admin.SimpleListFilter):
    """Agencies in force today, or closed (merged, renamed, dissolved)."""

    title = _("hiệu lực")
    parameter_name = "hieu_luc"

    def lookups(self, request, model_admin):
        return [("con", _("Đang hoạt động")), ("het", _("Đã hết hiệu lực"))]

    def queryset(self, request, queryset):
        if self.value() == "con":
            return queryset.valid_on()
        if self.value() == "het":
            return queryset.exclude(pk__in=queryset.valid_on().values("pk"))
        return queryset


class AgencyForm(forms.ModelForm):
    """Only a service place (a centre or a branch) receives for other agencies."""

    class Meta:
        model = Agency
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets choose what is shown

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("serves") and cleaned.get("kind") != Agency.Kind.SERVICE_CENTRE:
            raise ValidationError(
                {
                    "serves": _(
                        "Chỉ Trung tâm Phục vụ hành chính công và chi nhánh mới tiếp nhận hồ sơ cho "
                        "cơ quan khác; hãy để trống mục này, hoặc chọn loại "
                        "“Trung tâm Phục vụ hành chính công”."
                    )
                }
            )
        return cleaned


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    form = AgencyForm
    list_display = ["name", "code", "kind", "level", "admin_unit_code", "is_home", "valid_from", "valid_to"]
    list_filter = ["kind", "level", ValidityFilter, "is_home"]
    search_fields = ["name", "name_en", "code", "short_name", "admin_unit_code"]
    autocomplete_fields = ["parent", "replaced_by"]
    filter_horizontal = ["serves"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "name_en",
                    "short_name",
                    "document_symbol",
                    ("kind", "level"),
                    "parent",
                    ("code", "admin_unit_code"),
                    "is_home",
                ]
            },
        ),
        (_("Hiệu lực"), {"fields": [("valid_from", "valid_to"), "replaced_by"]}),
        (_("Nơi tiếp nhận, trả kết quả"), {"fields": ["serves", "transfer_hours"]}),
        (_("Liên hệ"), {"fields": ["address", "phone", "email", "website"]}),
    ]


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
