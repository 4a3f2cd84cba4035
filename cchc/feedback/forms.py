"""Forms of the feedback pages: the public submission and tracking forms, and the staff action forms.

Forms only collect input; the checks that matter (contacts, dossier code, permissions, states) are
in ``cchc.feedback.services``, whose ValidationErrors are attached back to the form's fields.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from cchc.feedback import services
from cchc.feedback.models import Kind, Subject
from cchc.org.models import Unit
from cchc.procedures.models import Field

ACCEPT = ".pdf,.jpg,.jpeg,.png,.docx,.xlsx"


class _Styled:
    def _style(self):
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.RadioSelect | forms.HiddenInput):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs.setdefault("class", css)

    def mark_invalid(self):
        if not self.is_bound:
            return self
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"{self[name].auto_id}_error"
                if "class" in attrs:
                    attrs["class"] += " is-invalid"
        return self


# --- portal ----------------------------------------------------------------------------------------


class SubmissionForm(_Styled, forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Bạn muốn gửi"),
        choices=Kind.choices,
        initial=Kind.QUESTION,
        widget=forms.RadioSelect,
    )
    subject = forms.ChoiceField(
        label=gettext_lazy("Nội dung liên quan đến"),
        choices=Subject.choices,
        initial=Subject.GENERAL,
        widget=forms.RadioSelect,
    )
    procedure_code = forms.ChoiceField(label=gettext_lazy("Thủ tục hành chính"), required=False)
    dossier_code = forms.CharField(
        label=gettext_lazy("Mã hồ sơ"),
        max_length=40,
        required=False,
        help_text=gettext_lazy("In trên giấy tiếp nhận hồ sơ và hẹn trả kết quả."),
    )
    asker_name = forms.CharField(
        label=gettext_lazy("Họ tên người gửi hoặc tên tổ chức"), max_length=255, required=False
    )
    phone = forms.CharField(label=gettext_lazy("Số điện thoại"), max_length=20, required=False)
    email = forms.CharField(label=gettext_lazy("Thư điện tử"), max_length=254, required=False)
    title = forms.CharField(label=gettext_lazy("Tiêu đề"), max_length=services.TITLE_MAX, required=False)
    body = forms.CharField(
        label=gettext_lazy("Nội dung"),
        max_length=services.BODY_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    attachment = forms.FileField(
        label=gettext_lazy("Tệp đính kèm (không bắt buộc)"),
        required=False,
        help_text=gettext_lazy("PDF, JPG, PNG, DOCX hoặc XLSX."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, procedures=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["procedure_code"].choices = [("", gettext_lazy("— Chọn thủ tục —")), *procedures]
        self.fields["phone"].widget.attrs.update(inputmode="tel", autocomplete="tel")
        self.fields["email"].widget.attrs.update(inputmode="email", autocomplete="email")
        self.fields["asker_name"].widget.attrs.update(autocomplete="name")
        self._style()

    def submission(self) -> services.Submission:
        data = self.cleaned_data
        return services.Submission(
            kind=data.get("kind", ""),
            subject=data.get("subject", ""),
            asker_name=data.get("asker_name", ""),
            title=data.get("title", ""),
            body=data.get("body", ""),
            phone=data.get("phone", ""),
            email=data.get("email", ""),
            procedure_code=data.get("procedure_code", ""),
            dossier_code=data.get("dossier_code", ""),
        )


class TrackingForm(_Styled, forms.Form):
    code = forms.CharField(label=gettext_lazy("Mã tra cứu"), max_length=20)
    secret = forms.CharField(
        label=gettext_lazy("Mã bí mật"),
        max_length=32,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(autocomplete="off", spellcheck="false")
        self._style()


# --- staff actions ---------------------------------------------------------------------------------


class ActionForm(_Styled, forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, feedback=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.feedback = feedback
        self._style()

    def service_kwargs(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "revision"}


class AssignForm(ActionForm):
    kind = forms.ChoiceField(label=gettext_lazy("Loại"), choices=Kind.choices)
    field = forms.ModelChoiceField(
        label=gettext_lazy("Lĩnh vực"), queryset=Field.objects.none(), required=False
    )
    unit = forms.ModelChoiceField(label=gettext_lazy("Đơn vị trả lời"), queryset=Unit.objects.none())
    due_on = forms.DateField(
        label=gettext_lazy("Hạn trả lời"),
        required=False,
        help_text=gettext_lazy("Để trống: 15 ngày làm việc kể từ ngày tiếp nhận."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    note = forms.CharField(
        label=gettext_lazy("Ghi chú giao việc"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, agency_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = Field.objects.all()
        self.fields["unit"].queryset = (
            Unit.objects.valid_on()
            .filter(agency_id=agency_id)
            .exclude(kind=Unit.Kind.COUNTER)
            .order_by("name")
        )


class RejectForm(ActionForm):
    reason = forms.CharField(
        label=gettext_lazy("Lý do không xử lý"), widget=forms.Textarea(attrs={"rows": 2})
    )


class DuplicateForm(ActionForm):
    duplicate_of_code = forms.CharField(label=gettext_lazy("Trùng với mã"), max_length=20)
    reason = forms.CharField(
        label=gettext_lazy("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DraftForm(ActionForm):
    answer = forms.CharField(
        label=gettext_lazy("Nội dung trả lời"),
        max_length=services.ANSWER_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class ApproveForm(ActionForm):
    note = forms.CharField(
        label=gettext_lazy("Ý kiến"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReturnForm(ActionForm):
    note = forms.CharField(label=gettext_lazy("Nội dung cần sửa"), widget=forms.Textarea(attrs={"rows": 2}))


class PublishForm(ActionForm):
    public_title = forms.CharField(label=gettext_lazy("Tiêu đề công khai"), max_length=255)
    public_question = forms.CharField(
        label=gettext_lazy("Câu hỏi công khai (do Văn phòng biên tập, bỏ thông tin cá nhân)"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    public_answer = forms.CharField(
        label=gettext_lazy("Trả lời công khai"), widget=forms.Textarea(attrs={"rows": 8})
    )


class AnswerPrivatelyForm(ActionForm):
    pass


# operation -> (form class, button label, button style)
ACTIONS = {
    "assign": (AssignForm, gettext_lazy("Phân loại và giao đơn vị"), "primary"),
    "save_draft": (DraftForm, gettext_lazy("Lưu dự thảo"), "outline-primary"),
    "draft": (DraftForm, gettext_lazy("Trình lãnh đạo đơn vị duyệt"), "primary"),
    "approve": (ApproveForm, gettext_lazy("Duyệt trả lời"), "success"),
    "return_for_revision": (ReturnForm, gettext_lazy("Trả lại để sửa"), "outline-danger"),
    "publish": (PublishForm, gettext_lazy("Trả lời và công khai"), "success"),
    "answer_privately": (
        AnswerPrivatelyForm,
        gettext_lazy("Chỉ gửi trả lời cho người hỏi"),
        "outline-primary",
    ),
    "reject": (RejectForm, gettext_lazy("Không xử lý"), "outline-danger"),
    "mark_duplicate": (DuplicateForm, gettext_lazy("Đánh dấu trùng"), "outline-secondary"),
}


# Operations sharing one form on the page (one answer box, two buttons); the form's prefix is the
# first operation's name.
GROUPS = {"save_draft": "draft"}


def group_of(operation: str) -> str:
    return GROUPS.get(operation, operation)


def initial_for(operation: str, feedback) -> dict:
    initial = {"revision": feedback.revision}
    if operation == "assign":
        initial.update(kind=feedback.kind, field=feedback.field_id, unit=feedback.unit_id)
    elif operation in ("draft", "save_draft"):
        initial["answer"] = feedback.answer
    elif operation == "publish":
        initial["public_answer"] = feedback.answer
    return initial
