"""One rule for "is there any text": the form's filling guidance (T1, the transparency checklist
P-B3, the admin column, the portal) and the components of QĐ 766 indicator 1.3 (the badge and the
engine) — the same answer in Python and in SQL, on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import sys
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc.disclosure import selectors as disclosure
from cchc.indicators import engine
from cchc.indicators.engine import Period
from cchc.procedures.models import FormTemplate, ProcedureVersion, RequiredDocument
from tests.factories import (
    AgencyFactory,
    FormTemplateFactory,
    ProcedureVersionFactory,
    RequiredDocumentFactory,
)

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 5, 4)
PERIOD = Period.year(2026)
NOW = dt.datetime(2027, 1, 5, 9, tzinfo=dt.UTC)
# Whitespace of every kind (ASCII, no-break, the Unicode spaces and separators) and a letter.
ALPHABET = " \t\n\r\x0b\x0c\x1c\x85\xa0\u1680\u2003\u2028\u202f\u3000a"
texts = st.text(alphabet=ALPHABET, max_size=6)


def test_the_whitespace_class_is_pythons():
    """Written out for the SQL engines, it is exactly what ``str.strip()`` removes."""
    from cchc.common.text import WHITESPACE, is_blank

    assert set(WHITESPACE) == {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()}
    assert is_blank("") and is_blank(" \n\t\xa0\u3000") and not is_blank(" a ")


@pytest.fixture
def form():
    agency = AgencyFactory(is_home=True)
    version = ProcedureVersionFactory(agency=agency)
    return FormTemplateFactory(document=RequiredDocumentFactory(version=version))


def _checklist_p_b3():
    return next(item for item in disclosure.checklist(DAY) if item.code == "P-B3")


def test_guidance_of_a_newline_and_a_tab_is_no_guidance_anywhere(form):
    """The named disagreement: "\\n\\t" passed the checklist (SQL TRIM strips spaces only) and
    failed T1."""
    FormTemplate.objects.filter(pk=form.pk).update(guidance="\n\t")
    form.refresh_from_db()
    assert not form.is_templated
    t1 = engine.t1_forms(PERIOD)
    assert (t1.numerator, t1.denominator) == (0, 1)
    item = _checklist_p_b3()
    assert not item.ok
    assert "0/1" in str(item.published[0])
    assert any("hướng dẫn kê khai" in str(line) for line in item.missing)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(guidance=texts, with_file=st.booleans())
def test_python_sql_t1_and_the_checklist_agree_on_guidance(form, guidance, with_file):
    from cchc.common.text import has_text_q

    FormTemplate.objects.filter(pk=form.pk).update(
        guidance=guidance, file="forms/a.docx" if with_file else ""
    )
    form.refresh_from_db()
    expected = with_file and guidance.strip() != ""
    assert form.is_templated is expected
    assert form.has_guidance is (guidance.strip() != "")
    assert FormTemplate.objects.filter(FormTemplate.templated_q()).filter(pk=form.pk).exists() is expected
    assert FormTemplate.objects.filter(has_text_q("guidance")).exists() is (guidance.strip() != "")
    assert engine.t1_forms(PERIOD).numerator == int(expected)
    assert _checklist_p_b3().ok is expected


# --- QĐ 766 indicator 1.3 ------------------------------------------------------------------------------


@pytest.fixture
def version():
    agency = AgencyFactory(is_home=True)
    return ProcedureVersionFactory(agency=agency, valid_from=dt.date(2020, 1, 1))


def _index_13() -> tuple[int, int]:
    ind = engine.index_766(PERIOD, now=NOW).indicator("1.3")
    return ind.numerator, ind.denominator


@pytest.mark.parametrize(
    ("changes", "missing"),
    [
        ({"name": "  \u3000"}, "tên thủ tục"),
        ({"steps": " \n\t\n"}, "trình tự thực hiện"),
        ({"at_counter": False}, "cách thức thực hiện"),
    ],
)
def test_a_blank_component_is_missing_for_the_badge_and_the_index(version, changes, missing):
    RequiredDocumentFactory(version=version)
    assert _index_13() == (1, 1)
    ProcedureVersion.objects.filter(pk=version.pk).update(**changes)
    version = ProcedureVersion.objects.get(pk=version.pk)
    assert missing in version.missing_766_components()
    assert _index_13() == (0, 1)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    name=texts,
    steps=texts,
    at_counter=st.booleans(),
    online_level=st.sampled_from(ProcedureVersion.OnlineLevel.values),
    postal=st.booleans(),
    documents=st.booleans(),
    processing_time=st.sampled_from([Decimal("0.5"), Decimal("10")]),
    for_citizens=st.booleans(),
    for_organisations=st.booleans(),
)
def test_the_badge_and_the_index_agree_on_indicator_1_3(
    version,
    name,
    steps,
    at_counter,
    online_level,
    postal,
    documents,
    processing_time,
    for_citizens,
    for_organisations,
):
    ProcedureVersion.objects.filter(pk=version.pk).update(
        name=name,
        steps=steps,
        at_counter=at_counter,
        online_level=online_level,
        postal_submission=postal,
        processing_time=processing_time,
        for_citizens=for_citizens,
        for_organisations=for_organisations,
    )
    RequiredDocument.objects.filter(version=version).delete()
    if documents:
        RequiredDocumentFactory(version=version)
    badge = ProcedureVersion.objects.prefetch_related("required_documents").get(pk=version.pk)
    complete = not badge.missing_766_components()
    assert _index_13() == (int(complete), 1)
    assert (
        ProcedureVersion.objects.filter(ProcedureVersion.components_766_q(), pk=version.pk).exists()
        is complete
    )
