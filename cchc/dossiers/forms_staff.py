"""Forms of the staff dossier screens: counter intake and the small form of each workflow action.

The forms only collect input; the rules (required reasons, the paper reason of T4, who may act)
live in ``cchc.dossiers.services``, whose ``ValidationError`` messages are attached back to the
fields with ``cchc.common.forms.attach_errors``.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cchc.common.forms import attach_errors
from cchc.dossiers import services
from cchc.dossiers.models import ApplicantKind, Channel, Outcome

APPLICANT_FIELDS = ("kind", "name", "id_number", "tax_code", "representative", "phone", "email", "address")

TEXTAREA = {"rows": 2, "class": "form-control"}


def _text(label, *, required=False, max_length=None, widget=None, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=widget or forms.TextInput(attrs={"class": "form-control"}),
        help_text=help_text,
    )


class IntakeForm(forms.Form):
    """A walk-in (or postal) dossier: applicant, channels, paper reason, the document checklist."""

    kind = forms.ChoiceField(
        label=_("Người nộp là"),
        choices=ApplicantKind.choices,
        initial=ApplicantKind.PERSON,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    name = _text(_("Họ tên người nộp hoặc tên tổ chức"), max_length=255)
    id_number = _text(_("Số định danh cá nhân (CCCD)"), max_length=20)
    tax_code = _text(_("Mã số thuế (tổ chức)"), max_length=20)
    representative = _text(_("Người đại diện"), max_length=255)
    phone = _text(_("Điện thoại"), max_length=20)
    email = forms.EmailField(
        label=_("Thư điện tử"), required=False, widget=forms.EmailInput(attrs={"class": "form-control"})
    )
    address = _text(_("Địa chỉ"), max_length=500)
    channel = forms.TypedChoiceField(
        label=_("Hình thức nộp"),
        coerce=int,
        choices=[(Channel.COUNTER, Channel.COUNTER.label), (Channel.POST, Channel.POST.label)],
        initial=Channel.COUNTER,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    return_channel = forms.TypedChoiceField(
        label=_("Hình thức nhận kết quả"),
        coerce=int,
        choices=Channel.choices,
        initial=Channel.COUNTER,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    paper_reason = _text(
        _("Lý do nhận hồ sơ giấy"),
        max_length=500,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("Bắt buộc khi thủ tục có dịch vụ công trực tuyến (chỉ tiêu T4)."),
    )

    def __init__(
        self,
        *args,
        documents=(),
        paper_reason_required=False,
        agencies=(),
        places=(),
        default_agency=None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.documents = list(documents)
        agencies, places = list(agencies), list(places)
        if len(agencies) > 1:  # the competent agency is asked only when several perform the procedure
            self.fields["agency"] = forms.TypedChoiceField(
                label=_("Cơ quan giải quyết"),
                choices=[("", _("— Chọn cơ quan giải quyết —")), *((a.pk, a.name) for a in agencies)],
                coerce=lambda pk: next(a for a in agencies if str(a.pk) == str(pk)),
                empty_value=None,
                required=False,
                initial=default_agency.pk if default_agency else "",
                widget=forms.Select(attrs={"class": "form-select"}),
                help_text=_("Ví dụ: UBND xã nơi người nộp cư trú. Để trống: cơ quan mà nơi này phục vụ."),
            )
        if places:
            self.fields["return_place"] = forms.TypedChoiceField(
                label=_("Nơi trả kết quả"),
                choices=[(p.pk, p.name) for p in places],
                coerce=lambda pk: next(p for p in places if str(p.pk) == str(pk)),
                initial=places[0].pk,
                required=False,
                empty_value=None,
                widget=forms.Select(attrs={"class": "form-select"}),
                help_text=_(
                    "Khi nhận kết quả trực tiếp; không áp dụng khi nhận qua bưu chính hoặc trực tuyến."
                ),
            )
        if paper_reason_required:  # still checked by the service, which gives the message
            self.fields["paper_reason"].label = _("Lý do nhận hồ sơ giấy (bắt buộc)")
        for doc in self.documents:
            self.fields[f"got_{doc.pk}"] = forms.BooleanField(
                label=doc.name,
                required=False,
                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
            )
            self.fields[f"scan_{doc.pk}"] = forms.FileField(
                label=_("Bản quét"),
                required=False,
                widget=forms.ClearableFileInput(
                    attrs={
                        "class": "form-control form-control-sm",
                        "accept": ".pdf,.jpg,.jpeg,.png,.docx,.xlsx",
                    }
                ),
            )

    def checklist(self):
        """(document, checkbox field, scan field) for the template."""
        return [(doc, self[f"got_{doc.pk}"], self[f"scan_{doc.pk}"]) for doc in self.documents]

    def applicant(self) -> services.Applicant:
        data = self.cleaned_data
        return services.Applicant(**{field: data.get(field) or "" for field in APPLICANT_FIELDS})

    def clean(self):
        data = super().clean()
        if data.get("return_channel") not in (None, Channel.COUNTER):
            data["return_place"] = None  # a result by post or online has no place of return
        # The service's own applicant check, so that every mistake shows in one round.
        try:
            self.applicant().clean()
        except ValidationError as exc:
            attach_errors(self, exc)
        missing = [doc.name for doc in self.documents if not doc.optional and not data.get(f"got_{doc.pk}")]
        if missing:
            raise ValidationError(
                _(
                    "Hồ sơ chưa đủ thành phần: %(names)s. Hãy hướng dẫn người nộp bổ sung, hoàn thiện "
                    "một lần (Mẫu 02) trước khi tiếp nhận."
                ),
                params={"names": "; ".join(missing)},
                code="incomplete",
            )
        return data


class BreakGlassForm(forms.Form):
    """Why a director or the Office opens a dossier's personal data (logged, shown to the applicant)."""

    reason = forms.CharField(
        label=_("Lý do cần xem"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Ví dụ: giải quyết phản ánh số …; kiểm tra theo yêu cầu của …"),
    )


class ActionForm(forms.Form):
    """Base of every action form: the revision the page was built on. ``dossier`` lets a form offer
    what fits the dossier (its earlier steps, its documents, its result's name)."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    file_fields: tuple[str, ...] = ()  # handed to the service as checked files, not as arguments

    def __init__(self, *args, dossier=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.dossier = dossier

    def service_kwargs(self, operation: str) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "revision" and k not in self.file_fields}


class NoteForm(ActionForm):
    note = _text(_("Ghi chú"), widget=forms.Textarea(attrs=TEXTAREA))


class ItemsForm(ActionForm):
    items = _text(
        _("Các giấy tờ, nội dung cần bổ sung (ghi đầy đủ, một lần)"), widget=forms.Textarea(attrs=TEXTAREA)
    )


class ReasonForm(ActionForm):
    reason = _text(_("Lý do"), widget=forms.Textarea(attrs=TEXTAREA))


class ApologyForm(ActionForm):
    reason = _text(_("Lý do chậm trả kết quả"), widget=forms.Textarea(attrs=TEXTAREA))
    new_due_at = forms.DateTimeField(
        label=_("Ngày giờ hẹn trả mới"),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local", "class": "form-control"}),
    )


class PlainForm(ActionForm):
    pass


def _result_fields(form: ActionForm) -> None:
    """The electronic result's file and the name it is delivered under (QĐ 766 indicators 4.1–4.2)."""
    form.fields["result_title"] = _text(
        _("Tên văn bản kết quả"),
        max_length=255,
        help_text=_(
            "Người nộp nhận tệp với tên này và mã hồ sơ, ví dụ “Quyết định hưởng trợ cấp thất nghiệp”."
        ),
    )
    form.fields["result_file"] = forms.FileField(
        label=_("Tệp kết quả điện tử (PDF, đã ký số nếu có)"),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"class": "form-control", "accept": ".pdf,.docx,.xlsx,.jpg,.png"}
        ),
    )
    if form.dossier is not None:
        form.fields["result_title"].initial = form.dossier.procedure_version.result_name[:255]


class DecisionForm(ActionForm):
    """One form for the approver's three decisions: approve (with the electronic result), send back
    to an earlier step, or refuse to resolve — one opinion box, whichever button is pressed."""

    opinion = _text(
        _("Ý kiến, lý do"),
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("Bắt buộc khi trả lại hoặc không giải quyết."),
    )
    to_step = forms.TypedChoiceField(
        label=_("Trả lại bước"),
        coerce=int,
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    file_fields = ("result_file",)

    def __init__(self, *args, dossier=None, **kwargs):
        super().__init__(*args, dossier=dossier, **kwargs)
        _result_fields(self)
        targets = services.send_back_targets(dossier) if dossier is not None else []
        self.fields["to_step"].choices = [
            (step.order, f"{step.order}. {step.name} — {step.unit}") for step in targets
        ]
        if len(targets) < 2:
            self.fields["to_step"].widget = forms.HiddenInput()

    def service_kwargs(self, operation: str) -> dict:
        opinion = self.cleaned_data.get("opinion", "")
        if operation == "approve":
            return {"note": opinion, "title": self.cleaned_data.get("result_title", "")}
        if operation == "send_back":
            return {"reason": opinion, "to_step": self.cleaned_data.get("to_step") or None}
        return {"reason": opinion}


class ReturnForm(ActionForm):
    """Returning the result; the electronic result can still be attached here if the approver did not."""

    file_fields = ("result_file",)

    def __init__(self, *args, dossier=None, **kwargs):
        super().__init__(*args, dossier=dossier, **kwargs)
        if (
            dossier is not None
            and dossier.return_channel == Channel.ONLINE
            and dossier.outcome == Outcome.APPROVED
            and not services.has_electronic_result(dossier)
        ):
            _result_fields(self)

    def service_kwargs(self, operation: str) -> dict:
        return {"title": self.cleaned_data.get("result_title", "")} if "result_title" in self.fields else {}


class SupplementReceivedForm(ActionForm):
    """The supplement the applicant brought to the counter: a note and the scans, one per document."""

    note = _text(_("Nội dung bổ sung"), widget=forms.Textarea(attrs=TEXTAREA))

    def __init__(self, *args, dossier=None, **kwargs):
        super().__init__(*args, dossier=dossier, **kwargs)
        documents = (
            list(dossier.procedure_version.required_documents.order_by("order", "id")) if dossier else []
        )
        self.documents = {f"scan_{doc.pk}": doc for doc in documents}
        self.documents["scan_khac"] = None
        for name, doc in self.documents.items():
            self.fields[name] = forms.FileField(
                label=doc.name if doc else _("Giấy tờ khác theo yêu cầu bổ sung"),
                required=False,
                widget=forms.ClearableFileInput(
                    attrs={
                        "class": "form-control form-control-sm",
                        "accept": ".pdf,.jpg,.jpeg,.png,.docx,.xlsx",
                    }
                ),
            )
        self.file_fields = tuple(self.documents)

    def file_map(self) -> dict:
        return {name: (doc, self.cleaned_data.get(name)) for name, doc in self.documents.items()}


# operation -> (form class, button label, button style)
ACTIONS: dict[str, tuple[type[ActionForm], object, str]] = {
    "receive": (PlainForm, _("Tiếp nhận hồ sơ"), "success"),
    "request_intake_supplement": (ItemsForm, _("Yêu cầu bổ sung, hoàn thiện (Mẫu 02)"), "warning"),
    "refuse": (ReasonForm, _("Từ chối tiếp nhận (Mẫu 03)"), "danger"),
    "intake_supplement_received": (SupplementReceivedForm, _("Đã nhận hồ sơ bổ sung"), "primary"),
    "hand_over": (NoteForm, _("Chuyển bước tiếp theo"), "primary"),
    "take_back": (NoteForm, _("Nhận lại từ cơ quan phối hợp"), "primary"),
    "approve": (DecisionForm, _("Phê duyệt, có kết quả"), "success"),
    "send_back": (DecisionForm, _("Trả lại bước trước"), "outline-secondary"),
    "reject": (DecisionForm, _("Không giải quyết"), "outline-danger"),
    "request_supplement": (ItemsForm, _("Yêu cầu bổ sung (tạm dừng tính thời gian)"), "warning"),
    "supplement_received": (SupplementReceivedForm, _("Đã nhận bổ sung"), "primary"),
    "apologise": (ApologyForm, _("Xin lỗi và hẹn lại (Mẫu 04)"), "warning"),
    "return_result": (ReturnForm, _("Trả kết quả"), "success"),
    "stop": (ReasonForm, _("Dừng giải quyết theo đề nghị"), "secondary"),
}

# Operations sharing one form (and its prefix) on the page: the approver's decision is one opinion
# box with three buttons. Every other operation has its own form, prefixed by its name.
DECISION = "quyet-dinh"
GROUPS = {"approve": DECISION, "send_back": DECISION, "reject": DECISION}


def group_of(operation: str) -> str:
    return GROUPS.get(operation, operation)


# Forms shown folded (less frequent actions), so that the page shows one open form at a time.
FOLDED = frozenset({"request_intake_supplement", "refuse", "request_supplement", "apologise", "stop"})
CARD_TITLES = {
    DECISION: _("Quyết định của người phê duyệt"),
    "intake_supplement_received": _("Nhận hồ sơ bổ sung"),
    "supplement_received": _("Nhận hồ sơ bổ sung"),
}
