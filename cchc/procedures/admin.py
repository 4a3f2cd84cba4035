"""Admin for the procedure catalog (TTHC): fields, procedures, versions and their parts."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten
from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, Subquery
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cchc.common.language import ENGLISH_SUFFIX
from cchc.common.validity import ranges_overlap
from cchc.org import selectors as org_selectors
from cchc.org.models import Agency
from cchc.procedures import services
from cchc.procedures.models import (
    Fee,
    Field,
    FieldTransfer,
    FormTemplate,
    LegalBasis,
    Performer,
    Procedure,
    ProcedureVersion,
    ProcessStep,
    RequiredDocument,
)

# The admin index shows a "Danh mục TTHC: Nhập / Xuất" box (cchc/backoffice/templates/admin/cchc_index.html).
admin.site.index_template = "admin/cchc_index.html"


def _download(fmt: str) -> HttpResponse:
    content, content_type, filename = services.export_catalog_file(fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@admin.action(description=_("Xuất Excel (toàn bộ danh mục)"), permissions=["view"])
def export_xlsx(modeladmin, request, queryset):
    return _download("xlsx")


@admin.action(description=_("Xuất JSON (toàn bộ danh mục)"), permissions=["view"])
def export_json(modeladmin, request, queryset):
    return _download("json")


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "name_en", "order"]
    list_editable = ["order"]
    search_fields = ["name", "code", "name_en"]
    prepopulated_fields = {"code": ["name"]}


class ProcedureVersionInline(admin.TabularInline):
    model = ProcedureVersion
    extra = 0
    fields = ["number", "status", "name", "valid_from", "valid_to"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False
    verbose_name_plural = _("các phiên bản (sửa nội dung trong từng phiên bản)")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = ["code", "current_name", "version_count", "created_at"]
    search_fields = ["code", "versions__name", "versions__search_name"]
    inlines = [ProcedureVersionInline]
    actions = [export_xlsx, export_json]

    def get_queryset(self, request):
        latest = ProcedureVersion.objects.filter(procedure=OuterRef("pk")).order_by("-number")
        return (
            super()
            .get_queryset(request)
            .annotate(_latest_name=Subquery(latest.values("name")[:1]), _versions=Count("versions"))
        )

    @admin.display(description=_("tên thủ tục (phiên bản mới nhất)"))
    def current_name(self, obj):
        return obj._latest_name or "—"

    @admin.display(description=_("số phiên bản"), ordering="_versions")
    def version_count(self, obj):
        return obj._versions


def has_dossiers(version) -> bool:
    """A version that governs dossiers is frozen: its content is what those dossiers were received
    under (decision 0002). Change it by publishing a new version. (Remembered on the instance: the
    admin asks once per inline and per permission.)"""
    if version is None or not getattr(version, "pk", None):
        return False
    if not hasattr(version, "_has_dossiers"):
        dossier = apps.get_model("dossiers", "Dossier")
        version._has_dossiers = dossier.objects.filter(procedure_version=version).exists()
    return version._has_dossiers


def english_fields(names) -> list[str]:
    return [name for name in names if name.endswith(ENGLISH_SUFFIX)]


# English texts (the English portal's translation, not the legal content) stay editable when frozen.
ENGLISH_VERSION_FIELDS = [
    "name_en",
    "subjects_note_en",
    "steps_en",
    "conditions_en",
    "result_name_en",
    "time_note_en",
    "fee_note_en",
    "data_note_en",
]
# What an administrator may still change on a version with dossiers: end its validity or withdraw it,
# and translate it.
FROZEN_EDITABLE = {"status", "valid_to", "decision", "flow_diagram", "data_note", *ENGLISH_VERSION_FIELDS}


class FrozenWithDossiersInline:
    """Inline rows of a version with dossiers are shown, not changed — except their English texts."""

    def has_add_permission(self, request, obj=None):
        return not has_dossiers(obj) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not has_dossiers(obj) and super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if has_dossiers(obj):
            names = flatten(self.fields)
            readonly += [f for f in names if f not in readonly and f not in english_fields(names)]
        return readonly


# The parts of a version are stacked, each English text under its Vietnamese one: side by side, the two
# languages made the rows wider than a 1366 px screen.
class RequiredDocumentInline(FrozenWithDossiersInline, admin.StackedInline):
    model = RequiredDocument
    extra = 0
    fields = [("order", "kind", "count", "optional"), "name", "name_en", "note", "note_en", "has_form"]
    readonly_fields = ["has_form"]
    show_change_link = True

    @admin.display(description=_("mẫu đơn"))
    def has_form(self, obj):
        if not obj.pk:
            return "—"
        form = FormTemplate.objects.filter(document=obj).first()
        if form is None:
            return _("chưa có (bấm “Thay đổi” để thêm)")
        return str(form)


class ProcessStepFormSet(BaseInlineFormSet):
    """Checks each internal process of the version — the common one (no performer) and each
    performer's own — on its own: no step number twice, and budgets that add up to no more than the
    legal time (``ProcedureVersion.check_step_budgets``)."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        budgets: dict[object, list[Decimal]] = {}
        orders: dict[object, set[int]] = {}
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or not form.cleaned_data:
                continue
            if form.cleaned_data.get("DELETE"):
                continue
            performer = form.cleaned_data.get("performer")
            order = form.cleaned_data.get("order")
            if order in orders.setdefault(performer, set()):
                raise ValidationError(
                    _("Bước %(order)s xuất hiện hai lần trong quy trình %(process)s.")
                    % {"order": order, "process": _process_name(performer)}
                )
            orders[performer].add(order)
            budget = form.cleaned_data.get("budget")
            if budget is not None:
                budgets.setdefault(performer, []).append(Decimal(budget))
        problems = []
        for performer, values in budgets.items():
            message = self.instance.check_step_budgets(values)
            if message:
                problems.append(
                    _("Quy trình riêng của %(agency)s: %(message)s")
                    % {"agency": performer.agency.name, "message": message}
                    if performer
                    else message
                )
        if problems:
            raise ValidationError(problems)


def _process_name(performer) -> str:
    if performer is None:
        return str(_("chung"))
    return str(_("riêng của %(agency)s") % {"agency": performer.agency.name})


class PerformersOfVersionInline:
    """The ``performer`` column offers the version's own performers only (save a new performer first,
    then give it its steps or fees)."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        field = formset.form.base_fields.get("performer")
        if field is not None:
            field.queryset = (
                Performer.objects.filter(version=obj).select_related("agency")
                if obj is not None and obj.pk
                else Performer.objects.none()
            )
            field.label_from_instance = lambda performer: performer.agency.name
        return formset


class ProcessStepInline(PerformersOfVersionInline, FrozenWithDossiersInline, admin.StackedInline):
    model = ProcessStep
    formset = ProcessStepFormSet
    extra = 0
    fields = [("order", "role", "budget"), "name", "name_en", ("unit", "agency"), "performer"]
    autocomplete_fields = ["unit", "agency"]


class FeeInline(PerformersOfVersionInline, FrozenWithDossiersInline, admin.StackedInline):
    model = Fee
    extra = 0
    fields = ["name", "name_en", "amount", "note", "note_en", "performer"]


class PerformerInline(FrozenWithDossiersInline, admin.TabularInline):
    """The agencies performing the version (each commune for a commune-level procedure); the lead
    agency (``agency`` above) performs it too. The action “Thêm mọi UBND cấp xã” of the version list
    adds every commune at once."""

    model = Performer
    extra = 0
    fields = ["agency", "online_level", "note"]
    autocomplete_fields = ["agency"]
    verbose_name_plural = _(
        "cơ quan thực hiện (quy trình, phí riêng: chọn cơ quan ở cột “cơ quan thực hiện” của từng bước, "
        "từng mức phí, sau khi đã lưu cơ quan ở đây)"
    )


class LegalBasisInline(FrozenWithDossiersInline, admin.StackedInline):
    model = LegalBasis
    extra = 0
    fields = [("number", "issued_on"), "title", "title_en", "issuer", "issuer_en"]


class ProcedureVersionForm(forms.ModelForm):
    """Refuses a second published version of a procedure valid on the same day as another one."""

    class Meta:
        model = ProcedureVersion
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets choose what is shown

    def clean(self):
        cleaned = super().clean()
        procedure = cleaned.get("procedure")
        if cleaned.get("status") != ProcedureVersion.Status.PUBLISHED or procedure is None:
            return cleaned
        others = ProcedureVersion.objects.filter(
            procedure=procedure, status=ProcedureVersion.Status.PUBLISHED
        )
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        for other in others:
            if ranges_overlap(
                cleaned.get("valid_from"), cleaned.get("valid_to"), other.valid_from, other.valid_to
            ):
                raise ValidationError(
                    {
                        "valid_from": _(
                            "Phiên bản %(other)s của thủ tục này cũng đang công bố "
                            "trong cùng thời gian hiệu lực."
                        )
                        % {"other": other.number}
                    }
                )
        return cleaned


class HasEnglishFilter(admin.SimpleListFilter):
    """Which versions the English portal shows in English (a version counts when its name is translated)."""

    title = _("bản tiếng Anh")
    parameter_name = "tieng_anh"

    def lookups(self, request, model_admin):
        return [("co", _("Đã có tên tiếng Anh")), ("chua", _("Chưa có tên tiếng Anh"))]

    def queryset(self, request, queryset):
        if self.value() == "co":
            return queryset.exclude(name_en="")
        if self.value() == "chua":
            return queryset.filter(name_en="")
        return queryset


@admin.action(
    description=_("Thêm mọi UBND cấp xã làm cơ quan thực hiện (thủ tục cấp xã)"), permissions=["change"]
)
def add_every_commune(modeladmin, request, queryset):
    """Every commune's people's committee in force performs each selected commune-level version, with
    a copy of the version's common steps on its own units of the same codes."""
    communes = list(org_selectors.agencies_on().filter(kind=Agency.Kind.COMMUNE))
    for version in queryset.select_related("procedure", "agency"):
        if version.level != ProcedureVersion.Level.COMMUNE:
            modeladmin.message_user(
                request,
                _("%(code)s: không phải thủ tục cấp xã, không thêm.") % {"code": version.procedure.code},
                level=messages.WARNING,
            )
            continue
        try:
            added = services.add_performers(
                actor=request.user, version=version, agencies=communes, copy_steps_from=version.agency
            )
        except ValidationError as exc:
            for message in exc.messages:
                modeladmin.message_user(request, f"{version.procedure.code}: {message}", level=messages.ERROR)
            continue
        modeladmin.log_change(
            request, version, [{"added": {"name": "cơ quan thực hiện", "object": f"{len(added.added)} xã"}}]
        )
        modeladmin.message_user(
            request,
            _("%(code)s: thêm %(added)s xã (%(steps)s bước quy trình riêng); %(already)s xã đã có.")
            % {
                "code": version.procedure.code,
                "added": len(added.added),
                "steps": added.steps_copied,
                "already": len(added.already),
            },
        )


class ProcedureVersionAdmin(admin.ModelAdmin):
    form = ProcedureVersionForm
    list_display = [
        "procedure_code",
        "number",
        "name",
        "status",
        "field",
        "level",
        "online_level",
        "processing_time",
        "valid_from",
        "valid_to",
    ]
    list_display_links = ["procedure_code", "number", "name"]
    list_filter = [
        "status",
        HasEnglishFilter,
        "field",
        "level",
        "anywhere",
        "online_level",
        "postal_submission",
        "postal_return",
        "inter_agency",
        "agency",
    ]
    search_fields = ["procedure__code", "name", "name_en", "search_name", "decision"]
    list_select_related = ["procedure", "field"]

    @admin.display(description=_("mã TTHC"), ordering="procedure__code")
    def procedure_code(self, obj):
        return obj.procedure.code

    autocomplete_fields = ["procedure", "field", "agency", "partner_agencies"]
    readonly_fields = ["missing_766", "updated_at"]
    inlines = [PerformerInline, RequiredDocumentInline, ProcessStepInline, FeeInline, LegalBasisInline]
    actions = [export_xlsx, export_json, add_every_commune]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "procedure",
                    "number",
                    "status",
                    "decision",
                    "valid_from",
                    "valid_to",
                    "missing_766",
                ]
            },
        ),
        (
            _("Nội dung thủ tục"),
            {
                "fields": [
                    "name",
                    "field",
                    "agency",
                    ("level", "anywhere"),
                    ("for_citizens", "for_organisations"),
                    "subjects_note",
                    "steps",
                    "conditions",
                    "result_name",
                    "result_form",
                ]
            },
        ),
        (
            _("Cách thức thực hiện"),
            {
                "fields": [
                    "at_counter",
                    "online_level",
                    "legacy_online_level",
                    ("postal_submission", "postal_return"),
                    "pays_online",
                ]
            },
        ),
        (
            _("Thời hạn, phí"),
            {"fields": ["processing_time", "time_unit", "cutoff_time", "time_note", "fee_note"]},
        ),
        (
            _("Liên thông, sơ đồ, ghi chú"),
            {"fields": ["inter_agency", "partner_agencies", "flow_diagram", "data_note", "updated_at"]},
        ),
        (
            _("Tiếng Anh (cổng tiếng Anh /en/)"),
            {
                "classes": ["collapse"],
                "description": _(
                    "Bản dịch tham khảo cho người nước ngoài; để trống phần nào thì cổng tiếng Anh hiện "
                    "tiếng Việt, có đánh dấu “Chỉ có tiếng Việt”. Tên giấy tờ, bước quy trình, phí và căn "
                    "cứ pháp lý bằng tiếng Anh nhập ở các ô “(tiếng Anh)” của từng mục bên dưới; mẫu đơn "
                    "ở trang của thành phần hồ sơ. Sửa được cả khi phiên bản đã có hồ sơ."
                ),
                "fields": ENGLISH_VERSION_FIELDS,
            },
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if has_dossiers(obj):
            fields = [f for _name, opts in self.fieldsets for row in opts["fields"] for f in _flat(row)]
            readonly += [f for f in fields if f not in FROZEN_EDITABLE and f not in readonly]
        return readonly

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if has_dossiers(obj):
            self.message_user(
                request,
                _(
                    "Phiên bản này đã có hồ sơ tiếp nhận theo nó nên nội dung không sửa được; chỉ được "
                    "bãi bỏ hoặc kết thúc hiệu lực. Muốn thay đổi, hãy tạo phiên bản mới."
                ),
                level="warning",
            )
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description=_("thiếu thành phần theo QĐ 766 (chỉ tiêu 1.3)"))
    def missing_766(self, obj):
        if obj is None or not obj.pk:
            return "—"
        missing = obj.missing_766_components()
        if not missing:
            return _("Đủ các thành phần bắt buộc.")
        return format_html('<strong class="cchc-missing">{}</strong>', ", ".join(missing))


admin.site.register(ProcedureVersion, ProcedureVersionAdmin)


def _flat(row):
    return row if isinstance(row, tuple | list) else (row,)


class FormTemplateInline(admin.StackedInline):
    model = FormTemplate
    extra = 0
    max_num = 1
    fields = ["code", "title", "title_en", "file", "guidance", "guidance_en", "source"]


@admin.register(RequiredDocument)
class RequiredDocumentAdmin(admin.ModelAdmin):
    list_display = ["name", "version", "order", "kind", "count", "optional"]
    list_filter = ["kind", "optional"]
    search_fields = ["name", "version__procedure__code", "version__name"]
    autocomplete_fields = ["version"]
    list_select_related = ["version__procedure"]
    inlines = [FormTemplateInline]

    fields = ["version", "order", "name", "name_en", "kind", "count", "optional", "note", "note_en"]

    # The checklist of a version with dossiers is frozen but for its English (forms and guidance: the
    # form template admin).
    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if has_dossiers(obj.version if obj else None):
            readonly += [f for f in self.fields if f not in readonly and f not in english_fields(self.fields)]
        return readonly

    def has_delete_permission(self, request, obj=None):
        return not has_dossiers(obj.version if obj else None) and super().has_delete_permission(request, obj)


@admin.register(FormTemplate)
class FormTemplateAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "document", "templated"]
    search_fields = ["code", "title", "title_en", "document__name", "document__version__procedure__code"]
    autocomplete_fields = ["document"]
    list_select_related = ["document"]

    @admin.display(description=_("đủ tệp và hướng dẫn"), boolean=True)
    def templated(self, obj):
        return obj.is_templated


@admin.register(FieldTransfer)
class FieldTransferAdmin(admin.ModelAdmin):
    """Fields of work that went to another agency than the closed agency's main successor."""

    list_display = ["field", "from_agency", "to_agency", "valid_from"]
    list_filter = ["from_agency", "to_agency"]
    search_fields = ["field__name", "from_agency__name", "to_agency__name"]
    autocomplete_fields = ["from_agency", "field", "to_agency"]
    list_select_related = ["field", "from_agency", "to_agency"]
    fields = ["from_agency", "field", "to_agency", "valid_from", "valid_to"]
