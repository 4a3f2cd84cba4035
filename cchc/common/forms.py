"""Form helpers shared by the screens of every app."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError

from cchc.common.workflow import refusal


def attach_errors(
    form: forms.Form,
    errors: ValidationError | PermissionDenied | Mapping[str | None, Sequence[str]],
    field_map: Mapping[str, str] | None = None,
) -> None:
    """Put a service's refusal on ``form``: each message on the field it names, the rest at the top.

    ``errors`` is a ``ValidationError`` (by field when it names fields), a ``PermissionDenied`` (at the
    top) or ``{field: [messages]}``; ``field_map`` renames the service's field names that differ from
    the form's (``{"files": "file"}``)."""
    if isinstance(errors, ValidationError) and hasattr(errors, "error_dict"):
        errors = errors.message_dict
    elif isinstance(errors, ValidationError | PermissionDenied):
        errors = {None: refusal(errors).messages}
    field_map = field_map or {}
    for name, messages in errors.items():
        target = name if name in form.fields else field_map.get(name)
        form.add_error(target if target in form.fields else None, list(messages))
