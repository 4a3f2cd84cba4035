"""Forms of the plan's staff screens. They only collect input; the rules live in ``services``,
whose ``ValidationError`` messages are attached back to the fields with
``cchc.common.forms.attach_errors`` (the services' ``files`` is the forms' ``file``: :data:`FIELD_MAP`)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cchc.org.models import Staff, Unit

TEXT = {"class": "form-control"}
AREA = {"class": "form-control", "rows": 2}
DATE = {"class": "form-control", "type": "date"}


def _int(label, **kwargs):
    # No min/max here: the service gives the one clear message for an out-of-range value.
    return forms.IntegerField(
        label=label,
        widget=forms.NumberInput(attrs={**TEXT, "inputmode": "numeric"}),
        error_messages={"invalid": _("Nhập một số nguyên.")},
        **kwargs,
    )


def _date(label, **kwargs):
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"invalid": _("Ngày không hợp lệ (dd/mm/yyyy)."), "required": _("Nhập ngày.")},
        **kwargs,
    )


def _file(label, required=False):
    return forms.FileField(
        label=label, required=required, widget=forms.ClearableFileInput(attrs={"class": "form-control"})
    )


class RevisionForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput)


class TaskForm(forms.Form):
    requirement = forms.ModelChoiceField(
        label=_("Thực hiện yêu cầu"),
        queryset=None,
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    title = forms.CharField(label=_("Tên nhiệm vụ"), max_length=500, widget=forms.TextInput(attrs=TEXT))
    objective = forms.CharField(label=_("Mục tiêu"), required=False, widget=forms.Textarea(attrs=AREA))
    solution = forms.CharField(label=_("Giải pháp"), required=False, widget=forms.Textarea(attrs=AREA))
    expected_result = forms.CharField(
        label=_("Kết quả dự kiến"), required=False, widget=forms.Textarea(attrs=AREA)
    )
    lead_unit = forms.ModelChoiceField(
        label=_("Đơn vị chủ trì"), queryset=None, widget=forms.Select(attrs={"class": "form-select"})
    )
    coordinating_units = forms.ModelMultipleChoiceField(
        label=_("Đơn vị phối hợp"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    start = _date(_("Ngày bắt đầu"))
    deadline = _date(_("Hạn hoàn thành"))
    year = _int(_("Năm đánh giá"), required=False, help_text=_("Để trống: năm của hạn hoàn thành."))
    is_reform = forms.BooleanField(
        label=_("Nhiệm vụ CCHC tính vào tỷ lệ 90 % (P-A7)"),
        required=False,
        initial=True,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, plan, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requirement"].queryset = plan.requirements.order_by("order")
        units = (
            Unit.objects.valid_on().filter(agency=agency).exclude(kind=Unit.Kind.LEADERSHIP).order_by("name")
        )
        self.fields["lead_unit"].queryset = units
        self.fields["coordinating_units"].queryset = units


class SplitForm(RevisionForm):
    title = forms.CharField(label=_("Tên nhiệm vụ con"), max_length=500, widget=forms.TextInput(attrs=TEXT))
    assignee = forms.ModelChoiceField(
        label=_("Giao cho cán bộ"), queryset=None, widget=forms.Select(attrs={"class": "form-select"})
    )
    start = _date(_("Ngày bắt đầu"))
    deadline = _date(_("Hạn hoàn thành"))
    objective = forms.CharField(label=_("Yêu cầu cụ thể"), required=False, widget=forms.Textarea(attrs=AREA))

    def __init__(self, *args, task, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = (
            Staff.objects.filter(unit_id=task.lead_unit_id, user__is_active=True)
            .select_related("user")
            .order_by("full_name")
        )


class ReportForm(RevisionForm):
    progress = _int(_("Tiến độ (%)"))
    note = forms.CharField(label=_("Nội dung báo cáo"), required=False, widget=forms.Textarea(attrs=AREA))
    file = _file(_("Tệp minh chứng (PDF, JPEG, PNG, DOCX, XLSX)"))

    def __init__(self, *args, task=None, **kwargs):
        super().__init__(*args, **kwargs)


class CompleteForm(RevisionForm):
    note = forms.CharField(label=_("Kết quả thực hiện"), required=False, widget=forms.Textarea(attrs=AREA))
    file = _file(_("Tệp minh chứng kết quả"))

    def __init__(self, *args, task=None, **kwargs):
        super().__init__(*args, **kwargs)


class CancelForm(RevisionForm):
    reason = forms.CharField(label=_("Lý do hủy"), required=False, widget=forms.Textarea(attrs=AREA))

    def __init__(self, *args, task=None, **kwargs):
        super().__init__(*args, **kwargs)


# operation -> (form, button label, button style)
TASK_ACTIONS = {
    "split": (SplitForm, _("Giao nhiệm vụ con"), "primary"),
    "report": (ReportForm, _("Báo cáo tiến độ"), "primary"),
    "complete": (CompleteForm, _("Xác nhận hoàn thành"), "success"),
    "cancel": (CancelForm, _("Hủy nhiệm vụ"), "outline-danger"),
}


class InitiativeForm(forms.Form):
    title = forms.CharField(label=_("Tên sáng kiến"), max_length=500, widget=forms.TextInput(attrs=TEXT))
    authors = forms.CharField(label=_("Tác giả"), max_length=500, widget=forms.TextInput(attrs=TEXT))
    unit = forms.ModelChoiceField(
        label=_("Đơn vị"), queryset=None, widget=forms.Select(attrs={"class": "form-select"})
    )
    year = _int(_("Năm"))
    description = forms.CharField(label=_("Mô tả"), widget=forms.Textarea(attrs=AREA))
    file = _file(_("Tệp thuyết minh"))

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = (
            Unit.objects.valid_on().filter(agency=agency).exclude(kind=Unit.Kind.LEADERSHIP).order_by("name")
        )


class EvaluateForm(RevisionForm):
    decision = forms.ChoiceField(
        label=_("Kết luận"),
        choices=[("accepted", _("Công nhận")), ("rejected", _("Không công nhận"))],
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    note = forms.CharField(label=_("Ý kiến Hội đồng"), required=False, widget=forms.TextInput(attrs=TEXT))


class ApplyForm(RevisionForm):
    applied_on = _date(_("Ngày áp dụng"))
    scope = forms.CharField(label=_("Phạm vi áp dụng"), required=False, widget=forms.TextInput(attrs=TEXT))


class CourseForm(forms.Form):
    title = forms.CharField(label=_("Tên lớp"), max_length=500, widget=forms.TextInput(attrs=TEXT))
    organiser = forms.CharField(label=_("Đơn vị tổ chức"), max_length=255, widget=forms.TextInput(attrs=TEXT))
    starts_on = _date(_("Từ ngày"))
    ends_on = _date(_("Đến ngày"))
    planned = forms.ModelMultipleChoiceField(
        label=_("Cán bộ được cử đi học"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["planned"].queryset = (
            Staff.objects.filter(unit__agency=agency, user__is_active=True)
            .select_related("user", "unit")
            .order_by("unit__name", "full_name")
        )


# The services' field names that differ from the forms'.
FIELD_MAP = {"files": "file"}
