"""Forms of the citizen dossier pages: online submission and its declaration, tracking, the tracking secret
and a supplement.

The forms only collect input and style it for the portal (Bootstrap classes, ``aria-invalid`` and the error
summary at the top of the page); the rules live in ``cchc.dossiers.services``.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.dossiers import places, services
from cchc.dossiers.models import ApplicantKind, Channel

ACCEPT = ".pdf,.jpg,.jpeg,.png,.docx,.xlsx"


class _BootstrapMixin:
    def _style(self):
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.RadioSelect | forms.HiddenInput | forms.CheckboxInput):
                continue
            widget.attrs.setdefault("class", "form-control")

    def mark_invalid(self):
        """Flag the widgets of fields with errors (is-invalid, aria-invalid, aria-describedby)."""
        if not self.is_bound:
            return self
        for name in self.errors:
            if name not in self.fields:
                continue
            attrs = self.fields[name].widget.attrs
            attrs["aria-invalid"] = "true"
            attrs["aria-describedby"] = f"{self[name].auto_id}_error"
            if "form-control" in attrs.get("class", ""):
                attrs["class"] = attrs["class"] + " is-invalid"
        return self

    def error_summary(self) -> list[tuple[str, str]]:
        """(anchor, message) of every error, in the order of the form: the summary at the top of the
        page links each message to its field (GOV.UK / USWDS error summary)."""
        items = [("", str(e)) for e in self.non_field_errors()]
        for name in self.fields:
            for error in self.errors.get(name, []):
                items.append((self[name].auto_id or "", str(error)))
        return items


IDENTITY_FIELDS = ("name", "id_number")  # taken from a signed-in identity


class SubmissionForm(_BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Người nộp là"),
        choices=ApplicantKind.choices,
        initial=ApplicantKind.PERSON,
        widget=forms.RadioSelect,
    )
    name = forms.CharField(label=gettext_lazy("Họ tên người nộp hoặc tên tổ chức"), max_length=255)
    id_number = forms.CharField(
        label=gettext_lazy("Số định danh cá nhân (12 chữ số)"),
        max_length=20,
        required=False,
        help_text=gettext_lazy("Bắt buộc khi người nộp là cá nhân."),
    )
    tax_code = forms.CharField(
        label=gettext_lazy("Mã số thuế"),
        max_length=20,
        required=False,
        help_text=gettext_lazy("Bắt buộc khi người nộp là tổ chức, doanh nghiệp."),
    )
    representative = forms.CharField(
        label=gettext_lazy("Người đại diện theo pháp luật (tổ chức)"), max_length=255, required=False
    )
    phone = forms.CharField(label=gettext_lazy("Số điện thoại"), max_length=20, required=False)
    email = forms.EmailField(label=gettext_lazy("Thư điện tử"), max_length=254, required=False)
    address = forms.CharField(label=gettext_lazy("Địa chỉ"), max_length=500, required=False)
    return_channel = forms.TypedChoiceField(
        label=gettext_lazy("Hình thức nhận kết quả"), coerce=int, widget=forms.RadioSelect
    )

    def fix_identity(self, identity) -> None:
        """A citizen signed in through the national sign-on files as themself: name and personal ID come
        from the verified identity, shown read-only (the view also overrides anything posted for them)."""
        for name in IDENTITY_FIELDS:
            self.fields[name].widget.attrs.update(readonly=True, **{"aria-readonly": "true"})
            self.fields[name].help_text = gettext_lazy("Theo tài khoản định danh điện tử đã đăng nhập.")
        self.fields["kind"].choices = [c for c in self.fields["kind"].choices if c[0] == ApplicantKind.PERSON]

    def __init__(self, *args, version, kept=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["return_channel"].choices = return_choices(version)
        self.fields["return_channel"].initial = Channel.ONLINE
        self._agencies = places.performing_agencies(version)
        if len(self._agencies) > 1:  # the applicant chooses among the performers (e.g. their commune)
            self.fields["agency"] = forms.ChoiceField(
                label=gettext_lazy("Cơ quan giải quyết hồ sơ"),
                choices=[("", _("— Chọn cơ quan giải quyết —"))]
                + [(str(a.pk), a.in_page_language("name")) for a in self._agencies],
                help_text=gettext_lazy("Ví dụ: UBND xã nơi bạn cư trú."),
            )
        self._places = places.return_places(version, self._agencies)
        if self._places:
            self.fields["return_place"] = forms.ChoiceField(
                label=gettext_lazy("Nơi trả kết quả"),
                choices=[("", "—")] + [(str(p.pk), p.in_page_language("name")) for p in self._places],
                required=False,
                help_text=gettext_lazy("Nơi bạn đến nhận kết quả khi chọn nhận trực tiếp."),
            )
        self.fields["phone"].widget.attrs.update(inputmode="tel", autocomplete="tel")
        self.fields["email"].widget.attrs.update(autocomplete="email")
        self.fields["name"].widget.attrs.update(autocomplete="name")
        self.fields["address"].widget.attrs.update(autocomplete="street-address")
        self.fields["id_number"].widget.attrs.update(inputmode="numeric")
        self.documents = list(version.required_documents.order_by("order", "id"))
        self.kept = kept or {}  # required document id -> the draft's file already accepted
        for doc in self.documents:
            attrs = {"accept": ACCEPT, "class": "form-control"}
            self.fields[f"tep_{doc.pk}"] = forms.FileField(
                label=doc.in_page_language("name"),
                required=False,
                widget=forms.ClearableFileInput(attrs=attrs),
            )
        self._style()

    def document_fields(self):
        return [(doc, self[f"tep_{doc.pk}"], self.kept.get(doc.pk)) for doc in self.documents]

    def file_map(self):
        return {f"tep_{doc.pk}": (doc, self.files.get(f"tep_{doc.pk}")) for doc in self.documents}

    def chosen_agency(self):
        """The competent agency chosen (None: the only performer)."""
        pk = self.cleaned_data.get("agency")
        return next((a for a in self._agencies if str(a.pk) == pk), None)

    def chosen_place(self):
        """The place of return chosen, for a result collected in person (None otherwise)."""
        if self.cleaned_data.get("return_channel") != Channel.COUNTER:
            return None
        pk = self.cleaned_data.get("return_place")
        return next((p for p in self._places if str(p.pk) == pk), None)

    def applicant(self) -> services.Applicant:
        data = self.cleaned_data
        return services.Applicant(
            kind=data.get("kind") or "",
            name=data.get("name") or "",
            id_number=data.get("id_number") or "",
            tax_code=data.get("tax_code") or "",
            representative=data.get("representative") or "",
            phone=data.get("phone") or "",
            email=data.get("email") or "",
            address=data.get("address") or "",
        )


def return_choices(version) -> list[tuple[int, str]]:
    choices = [(Channel.ONLINE, _("Nhận kết quả trực tuyến (bản điện tử)"))]
    if version.postal_return:
        choices.append((Channel.POST, _("Qua dịch vụ bưu chính công ích")))
    choices.append((Channel.COUNTER, _("Trực tiếp tại Bộ phận Một cửa")))
    return choices


class DeclarationForm(_BootstrapMixin, forms.Form):
    declaration = forms.BooleanField(
        label=gettext_lazy(
            "Tôi xin cam đoan những thông tin đã khai là đúng sự thật, các tệp đính kèm là bản chụp, bản "
            "quét đúng với giấy tờ gốc, và chịu trách nhiệm trước pháp luật về nội dung đã khai."
        ),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )


class TrackingForm(_BootstrapMixin, forms.Form):
    code = forms.CharField(label=gettext_lazy("Mã hồ sơ"), max_length=40)
    last4 = forms.RegexField(
        label=gettext_lazy("4 số cuối điện thoại hoặc số định danh / mã số thuế của người nộp"),
        regex=r"^\d{4}$",
        max_length=4,
        error_messages={"invalid": gettext_lazy("Nhập đúng 4 chữ số.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["last4"].widget.attrs.update(inputmode="numeric", autocomplete="off", pattern=r"\d{4}")
        self.fields["code"].widget.attrs.update(autocomplete="off", spellcheck="false")
        self._style()


class SecretForm(_BootstrapMixin, forms.Form):
    secret = forms.CharField(
        label=gettext_lazy("Mã bí mật tra cứu (nhận được khi nộp hồ sơ)"),
        max_length=64,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class SupplementForm(_BootstrapMixin, forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Nội dung bổ sung, giải trình (nếu có)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.documents = list(version.required_documents.order_by("order", "id"))
        for doc in self.documents:
            self.fields[f"tep_{doc.pk}"] = forms.FileField(
                label=doc.in_page_language("name"),
                required=False,
                widget=forms.ClearableFileInput(attrs={"accept": ACCEPT, "class": "form-control"}),
            )
        self.fields["tep_khac"] = forms.FileField(
            label=gettext_lazy("Giấy tờ khác theo yêu cầu bổ sung"),
            required=False,
            widget=forms.ClearableFileInput(attrs={"accept": ACCEPT, "class": "form-control"}),
        )
        self._style()

    def document_fields(self):
        return [(doc, self[f"tep_{doc.pk}"]) for doc in self.documents]

    def file_map(self):
        files = {f"tep_{doc.pk}": (doc, self.files.get(f"tep_{doc.pk}")) for doc in self.documents}
        files["tep_khac"] = (None, self.files.get("tep_khac"))
        return files
