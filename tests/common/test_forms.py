"""One way to put a service's refusal on a form (``cchc.common.forms.attach_errors``)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError

from cchc.common.forms import attach_errors


class _Form(forms.Form):
    reason = forms.CharField(required=False)
    file = forms.FileField(required=False)


def _bound() -> _Form:
    form = _Form(data={"reason": "x"})
    assert form.is_valid()
    return form


def test_messages_go_on_the_field_they_name_or_at_the_top():
    form = _bound()
    attach_errors(
        form,
        ValidationError(
            {"reason": ["Ghi lý do.", "Ngắn quá."], "unknown": "Sai.", NON_FIELD_ERRORS: "Chung."}
        ),
    )
    assert form.errors["reason"] == ["Ghi lý do.", "Ngắn quá."]
    assert form.non_field_errors() == ["Sai.", "Chung."]


def test_a_message_without_field_a_refusal_and_a_plain_mapping():
    form = _bound()
    attach_errors(form, ValidationError("Hồ sơ đã đổi."))
    attach_errors(form, PermissionDenied("Không phải đơn vị của bạn."))
    attach_errors(form, PermissionDenied())
    attach_errors(form, {"reason": ["Ghi lý do."], None: ["Tệp lỗi."]})
    assert form.non_field_errors() == [
        "Hồ sơ đã đổi.",
        "Không phải đơn vị của bạn.",
        "Bạn không được thực hiện thao tác này.",
        "Tệp lỗi.",
    ]
    assert form.errors["reason"] == ["Ghi lý do."]


def test_field_map_renames_the_services_fields():
    form = _bound()
    attach_errors(
        form,
        ValidationError({"files": "Tệp không hợp lệ.", "note": "Ghi ý kiến."}),
        {"files": "file", "note": "reason"},
    )
    assert form.errors["file"] == ["Tệp không hợp lệ."]
    assert form.errors["reason"] == ["Ghi ý kiến."]
