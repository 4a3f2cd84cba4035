"""Staff forms: they only parse input; every rule is checked by ``cchc.disclosure.services``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cchc.disclosure.models import Commune, Kind
from cchc.org.models import Unit

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DraftForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại thông tin"), choices=Kind.choices)
    unit = forms.ModelChoiceField(
        label=_("Đơn vị chủ trì"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("Đơn vị của tôi"),
    )
    title = forms.CharField(label=_("Tiêu đề, trích yếu"), max_length=500)
    number = forms.CharField(label=_("Số, ký hiệu"), max_length=80, required=False)
    issuer = forms.CharField(label=_("Cơ quan ban hành"), max_length=255, required=False)
    issued_on = forms.DateField(label=_("Ngày ban hành"), widget=_DATE)
    effective_on = forms.DateField(label=_("Ngày có hiệu lực"), widget=_DATE, required=False)
    round_ends_on = forms.DateField(label=_("Ngày kết thúc đợt tuyển dụng"), widget=_DATE, required=False)
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=2000, max_value=2100)
    commune = forms.ModelChoiceField(label=_("Xã, phường"), queryset=Commune.objects.all(), required=False)
    poor_households = forms.IntegerField(label=_("Số hộ nghèo"), required=False, min_value=0)
    near_poor_households = forms.IntegerField(label=_("Số hộ cận nghèo"), required=False, min_value=0)
    summary = forms.CharField(
        label=_("Tóm tắt"), widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=5000
    )
    file = forms.FileField(label=_("Tệp (PDF, DOCX, XLSX, JPEG, PNG)"), required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is None:
            del self.fields["unit"]
        else:
            self.fields["unit"].queryset = units
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)


class PublishForm(forms.Form):
    published_on = forms.DateField(
        label=_("Ngày công khai"),
        widget=_DATE,
        required=False,
        help_text=_("Để trống: hôm nay. Ghi ngày trước đó nếu đã đăng trên trang cũ."),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Lý do gỡ bỏ"), max_length=500)
