"""The catalog administrator's side of the province: performers and their own steps and fees, the
``anywhere`` flag, every commune added at once, field transfers, the agency admin (decision 0021)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cchc.org import roles
from cchc.org.models import Agency
from cchc.procedures import services
from cchc.procedures.models import Performer, ProcedureVersion, ProcessStep
from tests.factories import (
    AgencyFactory,
    FieldFactory,
    ProcedureVersionFactory,
    ProcessStepFactory,
    StaffFactory,
    UnitFactory,
    UserFactory,
)
from tests.procedures.test_admin import _post_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="quantri", is_staff=True, is_superuser=True))
    return client


def _commune(code: str, name: str, admin_unit_code: str, units=("vhxh", "lanh-dao")) -> Agency:
    agency = AgencyFactory(
        code=code, name=name, kind=Agency.Kind.COMMUNE, level="commune", admin_unit_code=admin_unit_code
    )
    for unit_code in units:
        UnitFactory(agency=agency, code=unit_code, name=f"{unit_code} {name}")
    return agency


@pytest.fixture
def commune_version():
    lead = _commune("000.01.21.H35", "UBND xã Phú Quý", "22945")
    version = ProcedureVersionFactory(
        name="Đăng ký khai sinh",
        agency=lead,
        level=ProcedureVersion.Level.COMMUNE,
        processing_time=Decimal("5"),
    )
    vhxh, head = lead.units.get(code="vhxh"), lead.units.get(code="lanh-dao")
    ProcessStepFactory(version=version, order=1, unit=vhxh, budget=Decimal("3"), name="Thẩm định")
    ProcessStepFactory(version=version, order=2, unit=head, budget=Decimal("1"), name="Ký duyệt")
    return version


def test_roles_change_and_view_performers_and_field_transfers():
    roles.ensure_roles()
    for name in roles.ROLES:
        codenames = set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))
        assert {"view_performer", "view_fieldtransfer"} <= codenames, name
        changes = {"change_performer", "add_performer", "change_fieldtransfer", "delete_fieldtransfer"}
        assert (changes <= codenames) is (name in (roles.OFFICE, roles.SYSADMIN)), name


def test_add_every_commune_copies_the_steps_onto_each_communes_units(commune_version):
    other = _commune("000.02.21.H35", "UBND phường Tân Hải", "22946")
    third = _commune("000.03.21.H35", "UBND xã Long Hải", "22947")
    result = services.add_performers(
        actor=services.SYSTEM,
        version=commune_version,
        agencies=[commune_version.agency, other, third],
        copy_steps_from=commune_version.agency,
    )
    assert [a.pk for a in result.added] == [other.pk, third.pk]
    assert [a.pk for a in result.already] == [commune_version.agency.pk]
    assert result.steps_copied == 4
    own = ProcessStep.objects.filter(performer__agency=other).order_by("order")
    assert [(s.order, s.unit.agency_id, s.unit.code, s.budget) for s in own] == [
        (1, other.pk, "vhxh", Decimal("3")),
        (2, other.pk, "lanh-dao", Decimal("1")),
    ]
    assert set(Performer.objects.filter(version=commune_version).values_list("agency_id", flat=True)) == {
        commune_version.agency_id,
        other.pk,
        third.pk,
    }
    again = services.add_performers(actor=services.SYSTEM, version=commune_version, agencies=[other])
    assert again.added == [] and ProcessStep.objects.count() == 6


def test_a_commune_without_a_unit_of_that_code_is_named_and_nothing_is_saved(commune_version):
    fine = _commune("000.02.21.H35", "UBND phường Tân Hải", "22946")
    lacking = _commune("000.03.21.H35", "UBND xã Long Hải", "22947", units=("lanh-dao",))
    with pytest.raises(ValidationError) as exc:
        services.add_performers(
            actor=services.SYSTEM,
            version=commune_version,
            agencies=[fine, lacking],
            copy_steps_from=commune_version.agency,
        )
    assert exc.value.messages == [
        "UBND xã Long Hải chưa có đơn vị mã vhxh để nhận các bước quy trình được sao chép."
    ]
    assert not Performer.objects.filter(agency__in=[fine, lacking]).exists()
    assert ProcessStep.objects.count() == 2


def test_add_performers_needs_a_catalog_editor(commune_version):
    user = StaffFactory(unit__kind="division").user
    with pytest.raises(PermissionDenied):
        services.add_performers(actor=user, version=commune_version, agencies=[])


def test_admin_action_adds_every_commune(admin_client, commune_version):
    other = _commune("000.02.21.H35", "UBND phường Tân Hải", "22946")
    province_version = ProcedureVersionFactory()
    response = admin_client.post(
        reverse("admin:procedures_procedureversion_changelist"),
        {"action": "add_every_commune", "_selected_action": [commune_version.pk, province_version.pk]},
        follow=True,
    )
    page = response.content.decode()
    assert "thêm 1 xã (2 bước quy trình riêng)" in page
    assert "không phải thủ tục cấp xã" in page
    assert Performer.objects.filter(version=commune_version, agency=other).exists()
    assert (
        not Performer.objects.filter(version=province_version)
        .exclude(agency=province_version.agency)
        .exists()
    )


def _with_performer_steps(version, performer, rows):
    """The admin's POST with the common steps kept and ``rows`` (order, budget, unit) as the
    performer's own steps, plus the performers' inline."""
    data = _post_data(version, [(s.order, str(s.budget)) for s in version.process_steps.all()])
    existing = list(version.process_steps.filter(performer__isnull=True))
    start = len(existing)
    for i, step in enumerate(existing):
        data[f"process_steps-{i}-unit"] = step.unit_id
        data[f"process_steps-{i}-performer"] = ""
    for j, (order, budget, unit) in enumerate(rows):
        i = start + j
        data.update(
            {
                f"process_steps-{i}-id": "",
                f"process_steps-{i}-version": version.pk,
                f"process_steps-{i}-order": order,
                f"process_steps-{i}-name": f"Bước riêng {order}",
                f"process_steps-{i}-role": ProcessStep.Role.SPECIALIST,
                f"process_steps-{i}-unit": unit.pk,
                f"process_steps-{i}-agency": "",
                f"process_steps-{i}-budget": budget,
                f"process_steps-{i}-performer": performer.pk,
            }
        )
    data["process_steps-TOTAL_FORMS"] = start + len(rows)
    performers = list(version.performers.all())
    data.update({"performers-TOTAL_FORMS": len(performers), "performers-INITIAL_FORMS": len(performers)})
    for i, p in enumerate(performers):
        data.update(
            {
                f"performers-{i}-id": p.pk,
                f"performers-{i}-version": version.pk,
                f"performers-{i}-agency": p.agency_id,
                f"performers-{i}-online_level": p.online_level,
                f"performers-{i}-note": p.note,
            }
        )
    data["anywhere"] = "on"
    return data


def test_a_performers_own_steps_use_its_own_units_and_budgets_per_process(admin_client, commune_version):
    other = _commune("000.02.21.H35", "UBND phường Tân Hải", "22946")
    performer = Performer.objects.create(version=commune_version, agency=other)
    url = reverse("admin:procedures_procedureversion_change", args=[commune_version.pk])
    lead_unit = commune_version.agency.units.get(code="vhxh")
    response = admin_client.post(
        url, _with_performer_steps(commune_version, performer, [(1, "2", lead_unit)])
    )
    assert response.status_code == 200
    assert "Quy trình riêng của UBND phường Tân Hải chỉ gồm các đơn vị của UBND phường Tân Hải" in (
        response.content.decode()
    )
    own_unit = other.units.get(code="vhxh")
    # 4 + 1 common days, 4 + 1 own: each process within its 5 days, though 10 in all.
    rows = [(1, "4", own_unit), (2, "1", own_unit)]
    response = admin_client.post(url, _with_performer_steps(commune_version, performer, rows))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert performer.process_steps.count() == 2
    commune_version.refresh_from_db()
    assert commune_version.anywhere is True
    performer.process_steps.all().delete()
    rows = [(1, "4", own_unit), (2, "1.5", own_unit)]
    response = admin_client.post(url, _with_performer_steps(commune_version, performer, rows))
    assert response.status_code == 200
    assert "Quy trình riêng của UBND phường Tân Hải: Tổng thời gian" in response.content.decode()
    rows = [(1, "1", own_unit), (1, "1", own_unit)]
    response = admin_client.post(url, _with_performer_steps(commune_version, performer, rows))
    assert (
        "Bước 1 xuất hiện hai lần trong quy trình riêng của UBND phường Tân Hải" in response.content.decode()
    )


def test_performer_column_offers_the_versions_performers_only(admin_client, commune_version):
    other = _commune("000.02.21.H35", "UBND phường Tân Hải", "22946")
    stranger = ProcedureVersionFactory()
    Performer.objects.create(version=stranger, agency=AgencyFactory(name="Sở Xây dựng"))
    Performer.objects.create(version=commune_version, agency=other)
    response = admin_client.get(
        reverse("admin:procedures_procedureversion_change", args=[commune_version.pk])
    )
    form = response.context["inline_admin_formsets"][2].formset.empty_form
    assert [p.agency.name for p in form.fields["performer"].queryset] == ["UBND phường Tân Hải"]
    page = response.content.decode()
    assert "tiếp nhận không phụ thuộc địa giới hành chính" in page.lower()


def test_versions_list_filters_by_anywhere_and_level(admin_client, commune_version):
    ProcedureVersionFactory(name="Thủ tục nộp ở mọi nơi", anywhere=True)
    url = reverse("admin:procedures_procedureversion_changelist")
    page = admin_client.get(url, {"anywhere__exact": "1"}).content.decode()
    assert "Thủ tục nộp ở mọi nơi" in page and "Đăng ký khai sinh" not in page
    sidebar = page.split('id="changelist-filter"')[1]
    assert "tiếp nhận không phụ thuộc địa giới hành chính" in sidebar and "cấp thực hiện" in sidebar
    page = admin_client.get(url, {"level__exact": "commune"}).content.decode()
    assert "Đăng ký khai sinh" in page and "Thủ tục nộp ở mọi nơi" not in page


def test_field_transfer_admin(admin_client):
    old = AgencyFactory(name="Sở Lao động – Thương binh và Xã hội tỉnh Bình Thuận", valid_to="2025-06-30")
    health = AgencyFactory(name="Sở Y tế")
    field = FieldFactory(name="Bảo trợ xã hội")
    url = reverse("admin:procedures_fieldtransfer_add")
    data = {"from_agency": old.pk, "field": field.pk, "to_agency": old.pk, "valid_from": "2025-07-01"}
    response = admin_client.post(url, data)
    assert "Cơ quan tiếp nhận lĩnh vực phải khác cơ quan chuyển đi." in response.content.decode()
    response = admin_client.post(url, {**data, "to_agency": health.pk})
    assert response.status_code == 302
    page = admin_client.get(reverse("admin:procedures_fieldtransfer_changelist")).content.decode()
    assert "Bảo trợ xã hội" in page


def _agency_post(agency, **changes):
    data = {
        "name": agency.name,
        "name_en": "",
        "short_name": "",
        "document_symbol": "",
        "kind": agency.kind,
        "level": agency.level,
        "parent": "",
        "code": agency.code,
        "admin_unit_code": agency.admin_unit_code,
        "valid_from": "",
        "valid_to": "",
        "replaced_by": "",
        "transfer_hours": "8",
        "address": "",
        "phone": "",
        "email": "",
        "website": "",
    }
    data.update(changes)
    return data


def test_agency_admin_serves_only_on_service_places(admin_client):
    department = AgencyFactory(name="Sở Nội vụ")
    commune = _commune("000.01.21.H35", "UBND xã Phú Quý", "22945")
    url = reverse("admin:org_agency_change", args=[commune.pk])
    response = admin_client.post(url, _agency_post(commune, serves=[department.pk]))
    assert (
        "Chỉ Trung tâm Phục vụ hành chính công và chi nhánh mới tiếp nhận hồ sơ" in response.content.decode()
    )
    assert not commune.serves.exists()
    centre = AgencyFactory(name="Trung tâm Phục vụ hành chính công tỉnh", kind=Agency.Kind.SERVICE_CENTRE)
    url = reverse("admin:org_agency_change", args=[centre.pk])
    response = admin_client.post(url, _agency_post(centre, serves=[department.pk], transfer_hours="4"))
    assert response.status_code == 302
    centre.refresh_from_db()
    assert list(centre.serves.all()) == [department] and centre.transfer_hours == Decimal("4")


def test_agency_list_filters_by_kind_level_and_validity(admin_client):
    _commune("000.01.21.H35", "UBND xã Phú Quý", "22945")
    AgencyFactory(name="Sở Lao động – Thương binh và Xã hội cũ", valid_to="2025-06-30")
    url = reverse("admin:org_agency_changelist")
    page = admin_client.get(url, {"level__exact": "commune"}).content.decode()
    assert "UBND xã Phú Quý" in page and "Thương binh và Xã hội cũ" not in page
    page = admin_client.get(url, {"hieu_luc": "het"}).content.decode()
    assert "Thương binh và Xã hội cũ" in page and "UBND xã Phú Quý" not in page
    page = admin_client.get(url, {"hieu_luc": "con", "kind__exact": "commune"}).content.decode()
    assert "UBND xã Phú Quý" in page


def test_a_performers_reception_and_return_may_be_at_a_service_centres_counter(commune_version):
    """A commune's own process starts and ends at its centre's counter (another agency); any other
    step at an outside unit is refused, and a reception step at another department's counter too."""
    other = _commune("000.02.21.H35", "UBND phường Tân Hải", "22946")
    performer = Performer.objects.create(version=commune_version, agency=other)
    centre = AgencyFactory(name="Trung tâm PVHCC phường Tân Hải", kind=Agency.Kind.SERVICE_CENTRE)
    desk = UnitFactory(agency=centre, kind="counter", name="Bộ phận tiếp nhận và trả kết quả")
    department_desk = UnitFactory(agency=AgencyFactory(name="Sở Xây dựng"), kind="counter")

    def step(role, unit):
        return ProcessStep(
            version=commune_version, performer=performer, order=9, name="Bước", role=role, unit=unit, budget=1
        )

    step(ProcessStep.Role.COUNTER, desk).clean()
    step(ProcessStep.Role.RETURN, desk).clean()
    for role, unit in ((ProcessStep.Role.SPECIALIST, desk), (ProcessStep.Role.COUNTER, department_desk)):
        with pytest.raises(ValidationError, match="Quy trình riêng của UBND phường Tân Hải"):
            step(role, unit).clean()
