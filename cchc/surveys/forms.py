"""The questionnaire as the pages show it, and the parsing of what a respondent posted."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import Criterion, MethodVersion, Question
from .services import COMMENT_MAX, Answers

NOT_APPLICABLE = "na"


@dataclass
class Item:
    name: str
    text: str
    value: str  # what was posted (to re-show after an error)


def questionnaire(method: MethodVersion, posted=None) -> dict:
    """Elements with their criteria, and the extra questions, in the page language."""
    posted = posted or {}
    elements: list[dict] = []
    for c in (
        Criterion.objects.filter(method=method).select_related("element").order_by("element__order", "order")
    ):
        if not elements or elements[-1]["id"] != c.element_id:
            elements.append({"id": c.element_id, "name": c.element.label, "criteria": []})
        elements[-1]["criteria"].append(Item(f"c{c.slot}", c.label, posted.get(f"c{c.slot}", "")))
    questions = []
    for q in Question.objects.filter(method=method).order_by("order"):
        if q.kind == Question.Kind.YES_NO:
            options = [("1", _("Có")), ("0", _("Không"))]
        else:
            options = [(str(i), label) for i, label in enumerate(q.option_list(shown=True), start=1)]
        questions.append(
            {"name": f"q{q.slot}", "text": q.label, "options": options, "value": posted.get(f"q{q.slot}", "")}
        )
    scale = [
        ("1", _("Rất không hài lòng")),
        ("2", _("Không hài lòng")),
        ("3", _("Bình thường")),
        ("4", _("Hài lòng")),
        ("5", _("Rất hài lòng")),
        (NOT_APPLICABLE, _("Không áp dụng")),
    ]
    return {"elements": elements, "questions": questions, "scale": scale, "comment_max": COMMENT_MAX}


def _int(value: str, name: str) -> int | None:
    if value in ("", NOT_APPLICABLE):
        return None
    try:
        return int(value)
    except ValueError:
        raise ValidationError(_("Câu trả lời không hợp lệ."), code=name) from None


def parse(method: MethodVersion, data) -> Answers:
    """``Answers`` from a POST; unknown fields are ignored, bad values raise (Vietnamese)."""
    scores = {}
    for slot in Criterion.objects.filter(method=method).values_list("slot", flat=True):
        scores[slot] = _int(data.get(f"c{slot}", "").strip(), f"c{slot}")
    extras = {}
    for slot in Question.objects.filter(method=method).values_list("slot", flat=True):
        extras[slot] = _int(data.get(f"q{slot}", "").strip(), f"q{slot}")
    anonymous = data.get("ten-tuy-chon") != "1"
    return Answers(
        scores=scores,
        extras=extras,
        comment=data.get("gop-y", ""),
        anonymous=anonymous,
        name=data.get("ho-ten", ""),
        phone=data.get("dien-thoai", ""),
    )
