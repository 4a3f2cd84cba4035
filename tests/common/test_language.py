"""The page-language rule (English if the page is English and the English exists, else the Vietnamese,
marked) and the plural forms of counts and time limits."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from cchc.common.language import in_page_language, plural_count, working_time
from cchc.org.models import Agency
from cchc.procedures.models import ProcedureVersion, ProcessStep
from cchc.surveys.models import MethodVersion


@pytest.mark.parametrize(
    ("language", "text", "text_en", "shown", "lang", "untranslated"),
    [
        ("vi", "Cấp giấy phép lao động", "Work permit", "Cấp giấy phép lao động", "vi", False),
        ("en", "Cấp giấy phép lao động", "Work permit", "Work permit", "en", False),
        ("en", "Cấp giấy phép lao động", "", "Cấp giấy phép lao động", "vi", True),
        ("en", "Cấp giấy phép lao động", "   ", "Cấp giấy phép lao động", "vi", True),
        ("en", "", "", "", "vi", False),  # nothing to show, nothing to mark
        ("vi", "", "Work permit", "", "vi", False),  # the Vietnamese page never shows the English
    ],
)
def test_in_page_language(language, text, text_en, shown, lang, untranslated):
    with translation.override(language):
        result = in_page_language(text, text_en)
    assert result == shown
    assert (result.lang, result.untranslated) == (lang, untranslated)


def test_models_share_the_rule_and_templates_reach_it():
    version = ProcedureVersion(name="Gia hạn giấy phép lao động", steps="Bước 1\n\nBước 2 ", steps_en="")
    agency = Agency(name="Sở Lao động – Thương binh và Xã hội", name_en="Department of Labour")
    method = MethodVersion(name="SIPAS 2023", name_en="")
    with translation.override("en"):
        assert version.shown.name.untranslated and version.shown["steps"].lines() == ["Bước 1", "Bước 2"]
        assert agency.in_page_language("name") == "Department of Labour"
        assert method.label == "SIPAS 2023" and method.label.untranslated
        html = Template(
            "{% load language %}{{ a.shown.name|marked }}|{{ v.shown.name|marked }}|"
            "<ol{{ v.shown.steps|lang_attr }}>"
        ).render(Context({"a": agency, "v": version}))
    assert html == (
        'Department of Labour|<span lang="vi">Gia hạn giấy phép lao động</span> '
        '<span class="badge vi-only">Vietnamese only</span>|<ol lang="vi">'
    )
    with translation.override("vi"):
        html = Template("{% load language %}{{ v.shown.name|marked }}{{ v.shown.name|vi_only }}").render(
            Context({"v": version})
        )
    assert html == "Gia hạn giấy phép lao động"


def test_lang_span_marks_the_language_without_a_badge():
    version = ProcedureVersion(name="Thẩm định hồ sơ", name_en="")
    template = Template("{% load language %}{{ v.shown.name|lang_span }}")
    with translation.override("en"):
        assert template.render(Context({"v": version})) == '<span lang="vi">Thẩm định hồ sơ</span>'
        version.name_en = "Appraisal"
        assert template.render(Context({"v": version})) == "Appraisal"


def test_marked_escapes_the_text():
    version = ProcedureVersion(name="<b>Thủ tục</b>")
    with translation.override("en"):
        html = Template("{% load language %}{{ v.shown.name|marked }}").render(Context({"v": version}))
    assert "<b>" not in html and "&lt;b&gt;Thủ tục&lt;/b&gt;" in html


@pytest.mark.parametrize(
    ("value", "english", "vietnamese"),
    [
        (Decimal("1"), "1 working day", "1 ngày làm việc"),
        (Decimal("1.0"), "1 working day", "1 ngày làm việc"),
        (Decimal("0.5"), "0.5 working days", "0,5 ngày làm việc"),
        (Decimal("1.5"), "1.5 working days", "1,5 ngày làm việc"),
        (Decimal("2"), "2 working days", "2 ngày làm việc"),
        (Decimal("20.0"), "20 working days", "20 ngày làm việc"),
        (Decimal("1.25"), "1.25 working days", "1,25 ngày làm việc"),
    ],
)
def test_working_days_have_real_plural_forms(value, english, vietnamese):
    # English (CLDR): singular for exactly 1, plural for every other number, fractions included.
    with translation.override("en"):
        assert working_time(value, "working_days") == english
    with translation.override("vi"):
        assert working_time(value, "working_days") == vietnamese


def test_working_hours_and_the_model_properties():
    version = ProcedureVersion(processing_time=Decimal("1"), time_unit="working_hours")
    step = ProcessStep(version=version, budget=Decimal("0.50"))
    with translation.override("en"):
        assert version.time_limit == "1 working hour"
        assert step.time_shown == "0.5 working hours"
        assert working_time(8, "working_hours") == "8 working hours"


@pytest.mark.parametrize(
    ("value", "count"), [(0, 0), (1, 1), (Decimal("1.0"), 1), (Decimal("0.5"), 2), (3.5, 5)]
)
def test_plural_count_never_makes_a_fraction_singular(value, count):
    assert plural_count(value) == count
