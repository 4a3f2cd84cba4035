"""Forms of the indicators' staff screens (validation of shape only; rules live in services)."""

from __future__ import annotations

from django import forms

from cchc.indicators.models import ExternalIndex


class ExternalResultForm(forms.Form):
    index = forms.ChoiceField(label="Chỉ số", choices=ExternalIndex.choices)
    year = forms.IntegerField(label="Năm", min_value=2000, max_value=2100)
    score = forms.DecimalField(label="Điểm", max_digits=7, decimal_places=3, min_value=0)
    max_score = forms.DecimalField(label="Thang điểm", max_digits=7, decimal_places=3, min_value=0.001)
    rank = forms.IntegerField(label="Xếp hạng", min_value=1, max_value=1000, required=False)
    rank_of = forms.IntegerField(label="Trên tổng số", min_value=1, max_value=1000, required=False)
    source = forms.CharField(label="Nguồn", max_length=255, required=False)
    note = forms.CharField(label="Ghi chú", max_length=500, required=False)


class CriterionForm(forms.Form):
    self_score = forms.DecimalField(
        label="Điểm tự đánh giá", max_digits=6, decimal_places=2, min_value=0, required=False
    )
    note = forms.CharField(
        label="Giải trình", max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class EvidenceForm(forms.Form):
    title = forms.CharField(label="Tên tài liệu kiểm chứng", max_length=255)
    url = forms.URLField(label="Đường dẫn", max_length=500, required=False, assume_scheme="https")
    file = forms.FileField(label="Tệp (PDF, DOCX, XLSX, ảnh)", required=False)

    def clean(self):
        data = super().clean()
        if not data.get("url") and not data.get("file"):
            raise forms.ValidationError("Cần đường dẫn hoặc tệp kiểm chứng.")
        return data
