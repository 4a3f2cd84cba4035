"""The catalog admin: screens load, step budgets are checked, QĐ 766 display, export actions."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from cchc.procedures.models import ProcedureVersion, ProcessStep
from tests.factories import (
    FormTemplateFactory,
    ProcedureVersionFactory,
    ProcessStepFactory,
    RequiredDocumentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="quantri", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def version():
    version = ProcedureVersionFactory(name="Cấp giấy phép lao động", processing_time=Decimal("5"))
    doc = RequiredDocumentFactory(version=version, order=1, name="Đơn đề nghị")
    FormTemplateFactory(document=doc)
    ProcessStepFactory(version=version, order=1, budget=Decimal("2"))
    return version


def _post_data(version: ProcedureVersion, steps: list[tuple[int, str]]) -> dict:
    data = {
        "procedure": version.procedure_id,
        "number": version.number,
        "status": version.status,
        "decision": "",
        "valid_from": "",
        "valid_to": "",
        "name": version.name,
        "name_en": "",
        "field": version.field_id,
        "agency": version.agency_id,
        "level": version.level,
        "for_citizens": "on",
        "subjects_note": "",
        "steps": version.steps,
        "conditions": "",
        "result_name": version.result_name,
        "result_form": version.result_form,
        "at_counter": "on",
        "online_level": version.online_level,
        "legacy_online_level": "",
        "processing_time": str(version.processing_time),
        "time_unit": version.time_unit,
        "cutoff_time": "",
        "time_note": "",
        "fee_note": "",
        "data_note": "",
    }
    for prefix in ("performers", "required_documents", "fees", "legal_bases"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    docs = list(version.required_documents.all())
    data.update({"required_documents-TOTAL_FORMS": len(docs), "required_documents-INITIAL_FORMS": len(docs)})
    for i, doc in enumerate(docs):
        data.update(
            {
                f"required_documents-{i}-id": doc.pk,
                f"required_documents-{i}-version": version.pk,
                f"required_documents-{i}-order": doc.order,
                f"required_documents-{i}-name": doc.name,
                f"required_documents-{i}-kind": doc.kind,
                f"required_documents-{i}-count": doc.count,
                f"required_documents-{i}-note": "",
            }
        )
    existing = list(version.process_steps.all())
    data.update({"process_steps-TOTAL_FORMS": len(steps), "process_steps-INITIAL_FORMS": len(existing)})
    unit = existing[0].unit
    for i, (order, budget) in enumerate(steps):
        data.update(
            {
                f"process_steps-{i}-id": existing[i].pk if i < len(existing) else "",
                f"process_steps-{i}-version": version.pk,
                f"process_steps-{i}-order": order,
                f"process_steps-{i}-name": f"Bước {order}",
                f"process_steps-{i}-role": ProcessStep.Role.SPECIALIST,
                f"process_steps-{i}-unit": unit.pk,
                f"process_steps-{i}-agency": "",
                f"process_steps-{i}-budget": budget,
            }
        )
    return data


def test_changelists_and_forms_load(admin_client, version):
    for name in ("field", "procedure", "procedureversion", "requireddocument", "formtemplate"):
        response = admin_client.get(reverse(f"admin:procedures_{name}_changelist"))
        assert response.status_code == 200, name
    response = admin_client.get(reverse("admin:procedures_procedureversion_changelist"), {"q": "giay phep"})
    assert "Cấp giấy phép lao động" in response.content.decode()
    response = admin_client.get(
        reverse("admin:procedures_procedureversion_changelist"),
        {"status__exact": "published", "inter_agency__exact": "0"},
    )
    assert response.status_code == 200
    for name, obj in (("procedureversion", version), ("procedure", version.procedure)):
        response = admin_client.get(reverse(f"admin:procedures_{name}_change", args=[obj.pk]))
        assert response.status_code == 200
    doc = version.required_documents.get()
    assert (
        admin_client.get(reverse("admin:procedures_requireddocument_change", args=[doc.pk])).status_code
        == 200
    )
    assert admin_client.get(reverse("admin:procedures_procedureversion_add")).status_code == 200


def test_missing_766_components_shown(admin_client):
    version = ProcedureVersionFactory(steps="")
    page = admin_client.get(
        reverse("admin:procedures_procedureversion_change", args=[version.pk])
    ).content.decode()
    assert "thiếu thành phần theo QĐ 766" in page.lower() or "QĐ 766" in page
    assert "trình tự thực hiện, thành phần hồ sơ" in page


def test_step_inline_accepts_budgets_within_legal_time(admin_client, version):
    url = reverse("admin:procedures_procedureversion_change", args=[version.pk])
    response = admin_client.post(url, _post_data(version, [(1, "2"), (2, "3")]))
    assert response.status_code == 302, response.context["inline_admin_formsets"][1].formset.non_form_errors()
    assert [s.budget for s in version.process_steps.all()] == [Decimal("2"), Decimal("3")]


def test_step_inline_refuses_budgets_above_legal_time(admin_client, version):
    url = reverse("admin:procedures_procedureversion_change", args=[version.pk])
    response = admin_client.post(url, _post_data(version, [(1, "2"), (2, "3.5")]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "vượt thời hạn giải quyết theo quy định (5 ngày làm việc)" in page
    assert version.process_steps.count() == 1


def test_export_actions(admin_client, version):
    url = reverse("admin:procedures_procedureversion_changelist")
    response = admin_client.post(url, {"action": "export_json", "_selected_action": [version.pk]})
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["procedures"][0]["versions"][0]["name"] == "Cấp giấy phép lao động"
    response = admin_client.post(url, {"action": "export_xlsx", "_selected_action": [version.pk]})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_admin_index_links_the_catalog_tools(admin_client):
    page = admin_client.get(reverse("admin:index")).content.decode()
    assert "Danh mục TTHC: Nhập / Xuất" in page
    assert reverse("backoffice:catalog_import") in page
    assert reverse("backoffice:catalog_export") + "?format=xlsx" in page


def test_overlapping_published_version_refused_in_admin(admin_client, version):
    ProcedureVersionFactory(procedure=version.procedure, number=2, status="published")
    url = reverse("admin:procedures_procedureversion_change", args=[version.pk])
    response = admin_client.post(url, _post_data(version, [(1, "2")]))
    assert response.status_code == 200
    assert "Phiên bản 2 của thủ tục này cũng đang công bố" in response.content.decode()


def test_changelists_run_a_fixed_number_of_queries(admin_client, django_assert_max_num_queries):
    from tests.factories import ProcedureVersionFactory

    for _ in range(30):
        ProcedureVersionFactory()
    with django_assert_max_num_queries(12):
        assert admin_client.get("/quan-tri/procedures/procedure/").status_code == 200
    with django_assert_max_num_queries(12):
        assert admin_client.get("/quan-tri/procedures/procedureversion/").status_code == 200


def test_a_version_with_dossiers_is_frozen_except_its_validity(admin_client, version):
    from cchc.dossiers.models import Dossier

    Dossier.objects.create(
        code="000.00.15.H10-260302-0001",
        agency=version.agency,
        procedure_version=version,
        applicant_kind="person",
        applicant_name="Nguyễn Văn An",
        channel=1,
        return_channel=1,
        status="received",
    )
    url = reverse("admin:procedures_procedureversion_change", args=[version.pk])
    page = admin_client.get(url)
    assert "đã có hồ sơ tiếp nhận" in page.content.decode()
    data = _post_data(version, [(1, "9")])
    data.update({"processing_time": "1", "name": "Tên khác", "valid_to": "2030-12-31"})
    admin_client.post(url, data)
    version.refresh_from_db()
    assert version.processing_time == Decimal("5") and version.name == "Cấp giấy phép lao động"
    assert str(version.valid_to) == "2030-12-31"  # ending the validity is still allowed
    assert [s.budget for s in version.process_steps.all()] == [Decimal("2")]
    doc = version.required_documents.get()
    form = doc.form
    response = admin_client.post(
        reverse("admin:procedures_requireddocument_change", args=[doc.pk]),
        {
            "name": "Đổi",
            "version": version.pk,
            "order": 9,
            "name_en": "Application form",
            "note_en": "",
            "form-TOTAL_FORMS": 1,
            "form-INITIAL_FORMS": 1,
            "form-0-id": form.pk,
            "form-0-document": doc.pk,
            "form-0-code": form.code,
            "form-0-title": form.title,
            "form-0-guidance": form.guidance,
            "form-0-source": form.source,
        },
    )
    assert response.status_code == 302
    doc.refresh_from_db()
    # The checklist itself is frozen; only its English (a translation, not the legal content) changes.
    assert (doc.name, doc.order, doc.name_en) == ("Đơn đề nghị", 1, "Application form")


def _english_post(version, **english) -> dict:
    data = _post_data(version, [(1, str(version.process_steps.get().budget))])
    data.update(english)
    return data


def test_english_fieldset_is_collapsible_and_lists_every_english_text(admin_client, version):
    page = admin_client.get(reverse("admin:procedures_procedureversion_change", args=[version.pk]))
    html = page.content.decode()
    assert "Tiếng Anh (cổng tiếng Anh /en/)" in html
    fieldset = html[html.index("Tiếng Anh (cổng tiếng Anh /en/)") - 600 :]
    assert "collapse" in fieldset[:800]
    for name in (
        "name_en",
        "subjects_note_en",
        "steps_en",
        "conditions_en",
        "result_name_en",
        "time_note_en",
        "fee_note_en",
        "data_note_en",
        "required_documents-0-name_en",
        "required_documents-0-note_en",
        "process_steps-0-name_en",
    ):
        assert f'name="{name}"' in html, name


def test_english_is_saved_from_the_admin(admin_client, version):
    url = reverse("admin:procedures_procedureversion_change", args=[version.pk])
    data = _english_post(
        version,
        name_en="Issuance of work permits",
        steps_en="Step 1: Submit the application.\nStep 2: Receive the result.",
        conditions_en="Aged 18 or over.",
        result_name_en="Work permit",
        **{"required_documents-0-name_en": "Application", "process_steps-0-name_en": "Appraisal"},
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    version.refresh_from_db()
    assert version.name_en == "Issuance of work permits"
    assert version.steps_en.splitlines()[1] == "Step 2: Receive the result."
    assert (version.conditions_en, version.result_name_en) == ("Aged 18 or over.", "Work permit")
    assert version.required_documents.get().name_en == "Application"
    assert version.process_steps.get().name_en == "Appraisal"
    # English is searchable (decision 0001: folded into the same search columns).
    assert "receive the result" in version.search_text and "work permits" in version.search_name


def test_a_version_with_dossiers_can_still_be_translated(admin_client, version):
    from cchc.dossiers.models import Dossier

    Dossier.objects.create(
        code="000.00.15.H10-260302-0002",
        agency=version.agency,
        procedure_version=version,
        applicant_kind="person",
        applicant_name="Trần Thị Bình",
        channel=1,
        return_channel=1,
        status="received",
    )
    url = reverse("admin:procedures_procedureversion_change", args=[version.pk])
    data = _english_post(
        version,
        name="Tên khác",
        name_en="Issuance of work permits",
        steps_en="Step 1: Submit.",
        **{
            "required_documents-0-name": "Đổi tên",
            "required_documents-0-name_en": "Application",
            "process_steps-0-name_en": "Appraisal",
            "process_steps-0-budget": "1",
        },
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    version.refresh_from_db()
    assert (version.name, version.name_en, version.steps_en) == (
        "Cấp giấy phép lao động",
        "Issuance of work permits",
        "Step 1: Submit.",
    )
    doc = version.required_documents.get()
    assert (doc.name, doc.name_en) == ("Đơn đề nghị", "Application")
    step = version.process_steps.get()
    assert (step.budget, step.name_en) == (Decimal("2"), "Appraisal")


def test_versions_can_be_filtered_by_english(admin_client, version):
    ProcedureVersionFactory(name="Gia hạn giấy phép lao động", name_en="Extension of work permits")
    url = reverse("admin:procedures_procedureversion_changelist")
    missing = admin_client.get(url, {"tieng_anh": "chua"}).content.decode()
    done = admin_client.get(url, {"tieng_anh": "co"}).content.decode()
    assert "Cấp giấy phép lao động" in missing and "Gia hạn giấy phép lao động" not in missing
    assert "Gia hạn giấy phép lao động" in done and "Cấp giấy phép lao động" not in done
