"""factory-boy factories shared by the whole suite.

Staff with a role: ``StaffFactory(role=roles.OFFICE, unit=office)`` or, for the user, ``staff_user(role,
unit, username)``. Dossier rows written directly (for selectors and indicators): ``DossierFactory``;
workflow tests go through ``cchc.dossiers.services`` instead.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from cchc.dossiers.models import Channel, Dossier, Status
from cchc.org.models import Agency, Staff, Unit
from cchc.procedures.models import (
    Fee,
    Field,
    FormTemplate,
    Procedure,
    ProcedureVersion,
    ProcessStep,
    RequiredDocument,
)


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"000.{n % 100:02d}.{(n // 100) % 100:02d}.H56")
    name = factory.Sequence(lambda n: f"Sở Lao động – Thương binh và Xã hội {n}")
    kind = Agency.Kind.DEPARTMENT


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    agency = factory.SubFactory(AgencyFactory)
    code = factory.Sequence(lambda n: f"phong-{n}")
    name = factory.Sequence(lambda n: f"Phòng chuyên môn {n}")
    kind = Unit.Kind.DIVISION


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"canbo{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.gov.vn")
    password = factory.django.Password("mat-khau-thu-nghiem")


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Staff
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn An {n}")
    unit = factory.SubFactory(UnitFactory)
    position = "Chuyên viên"
    phone = "0912345678"

    @factory.post_generation
    def role(staff, create, extracted, **kwargs):
        """``role=``: the name of a role group (``cchc.org.roles``) the user is put in."""
        if extracted:
            staff.user.groups.add(Group.objects.get_or_create(name=extracted)[0])


def staff_user(role: str | None, unit: Unit, username: str, **staff):
    """The user of a new staff member of ``unit`` with ``role`` (None: no role); ``staff``: Staff fields."""
    return StaffFactory(role=role, unit=unit, user__username=username, **staff).user


class FieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Field
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"linh-vuc-{n}")
    name = factory.Sequence(lambda n: f"Lĩnh vực {n}")


class ProcedureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Procedure

    code = factory.Sequence(lambda n: f"1.{n:06d}")


class ProcedureVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProcedureVersion

    procedure = factory.SubFactory(ProcedureFactory)
    number = 1
    status = ProcedureVersion.Status.PUBLISHED
    name = factory.Sequence(lambda n: f"Thủ tục số {n}")
    field = factory.SubFactory(FieldFactory)
    agency = factory.SubFactory(AgencyFactory)
    steps = "Bước 1: Nộp hồ sơ\nBước 2: Giải quyết\nBước 3: Trả kết quả"
    processing_time = Decimal("10")
    result_name = "Quyết định"


class RequiredDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RequiredDocument

    version = factory.SubFactory(ProcedureVersionFactory)
    order = factory.Sequence(lambda n: n + 1)
    name = "Tờ khai"


class FormTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FormTemplate

    document = factory.SubFactory(RequiredDocumentFactory)
    code = "Mẫu số 01"
    title = "Tờ khai"
    guidance = "Ghi đầy đủ họ tên, số định danh cá nhân."
    file = factory.django.FileField(filename="to-khai.docx", data=b"PK\x03\x04 demo")


class ProcessStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProcessStep

    version = factory.SubFactory(ProcedureVersionFactory)
    order = factory.Sequence(lambda n: n + 1)
    name = "Thẩm định hồ sơ"
    role = ProcessStep.Role.SPECIALIST
    unit = factory.SubFactory(UnitFactory, agency=factory.SelfAttribute("..version.agency"))
    budget = Decimal("2")


class FeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Fee

    version = factory.SubFactory(ProcedureVersionFactory)
    name = "Lệ phí"
    amount = Decimal("0")


def _code(dossier, n: int) -> str:
    """A dossier code as intake gives it: agency code, day of receipt (or submission), number."""
    day = timezone.localdate(dossier.received_at or dossier.submitted_at or timezone.now())
    return f"{dossier.agency.code}-{day:%y%m%d}-{n:04d}"


class DossierFactory(factory.django.DjangoModelFactory):
    """A dossier row as it stands at some point of its life, written directly (no events)."""

    class Meta:
        model = Dossier

    procedure_version = factory.SubFactory(ProcedureVersionFactory)
    agency = factory.SelfAttribute("procedure_version.agency")
    code = factory.LazyAttributeSequence(lambda d, n: _code(d, n + 1))
    applicant_kind = "person"
    applicant_name = "Nguyễn Văn An"
    channel = Channel.COUNTER
    return_channel = Channel.COUNTER
    status = Status.IN_PROCESS
    submitted_at = None
    received_at = None


# A tiny, valid PDF (enough for the upload checks, which read the content).
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name: str = "tep.pdf", data: bytes = PDF_BYTES):
    """An uploaded PDF file, as a form or the API would receive it."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="application/pdf")


def checked_pdf(required_document=None, name: str = "tep.pdf"):
    """A PDF that passed the upload checks (``documents.CheckedFile``), for service calls."""
    from cchc.common.uploads import inspect_upload
    from cchc.dossiers.documents import CheckedFile

    upload = pdf_upload(name)
    return CheckedFile(required_document, upload, inspect_upload(upload))


# --- i14-ind ---


def province_dossier(version, agency, *, received, due, finished=None, **kw) -> Dossier:
    """A dossier of competent ``agency``: returned (approved) at ``finished``, else in process."""
    extra = {"status": Status.IN_PROCESS}
    if finished is not None:
        extra = {"status": Status.RETURNED, "returned_at": finished, "outcome": "approved"}
    extra.update(kw)
    return DossierFactory(
        procedure_version=version,
        agency=agency,
        received_at=received,
        submitted_at=received,
        due_at=due,
        finished_at=finished,
        **extra,
    )


def merged_province():
    """A merged province across 1/7/2025: the province's people's committee (the system owner), Sở
    LĐTBXH closed on 30/6/2025 and replaced by Sở Nội vụ, its field "Bảo trợ xã hội" transferred to
    Sở Y tế, two communes and the provincial service centre; one procedure version per agency and
    field, and a specialist unit in each department. No dossiers (each test adds its own)."""
    from types import SimpleNamespace

    from cchc.procedures.models import FieldTransfer

    w = SimpleNamespace()
    w.province = AgencyFactory(
        code="000.00.00.H56", name="UBND tỉnh Lâm Đồng", kind=Agency.Kind.PROVINCE, is_home=True
    )
    w.noi_vu = AgencyFactory(code="000.00.04.H56", name="Sở Nội vụ", parent=w.province)
    w.y_te = AgencyFactory(code="000.00.05.H56", name="Sở Y tế", parent=w.province)
    w.ldtbxh = AgencyFactory(
        code="000.00.09.H56",
        name="Sở Lao động – Thương binh và Xã hội",
        parent=w.province,
        valid_to=dt.date(2025, 6, 30),
        replaced_by=w.noi_vu,
    )
    w.xa_a = AgencyFactory(
        code="000.01.01.H56", name="UBND phường Xuân Hương", kind=Agency.Kind.COMMUNE, parent=w.province
    )
    w.xa_b = AgencyFactory(
        code="000.01.02.H56", name="UBND xã Đạ Huoai", kind=Agency.Kind.COMMUNE, parent=w.province
    )
    w.centre = AgencyFactory(
        code="000.30.01.H56",
        name="Trung tâm Phục vụ hành chính công tỉnh",
        kind=Agency.Kind.SERVICE_CENTRE,
        parent=w.province,
    )
    w.viec_lam = FieldFactory(code="viec-lam", name="Việc làm")
    w.bao_tro = FieldFactory(code="bao-tro-xa-hoi", name="Bảo trợ xã hội")
    w.ho_tich = FieldFactory(code="ho-tich", name="Hộ tịch")
    FieldTransfer.objects.create(
        from_agency=w.ldtbxh, field=w.bao_tro, to_agency=w.y_te, valid_from=dt.date(2025, 7, 1)
    )
    w.v_ldtb_vl = ProcedureVersionFactory(agency=w.ldtbxh, field=w.viec_lam)
    w.v_ldtb_bt = ProcedureVersionFactory(agency=w.ldtbxh, field=w.bao_tro)
    w.v_nv = ProcedureVersionFactory(agency=w.noi_vu, field=w.viec_lam)
    w.v_yt = ProcedureVersionFactory(agency=w.y_te, field=w.bao_tro)
    w.v_xa = ProcedureVersionFactory(agency=w.xa_a, field=w.ho_tich)
    w.unit_nv = UnitFactory(agency=w.noi_vu, code="viec-lam", name="Phòng Việc làm")
    w.unit_yt = UnitFactory(agency=w.y_te, code="bao-tro", name="Phòng Bảo trợ xã hội")
    w.unit_ldtb = UnitFactory(agency=w.ldtbxh, code="viec-lam", name="Phòng Việc làm (cũ)")
    for version, unit in ((w.v_nv, w.unit_nv), (w.v_yt, w.unit_yt), (w.v_ldtb_vl, w.unit_ldtb)):
        ProcessStepFactory(version=version, unit=unit, order=2)
    return w


# --- i14-intake ---


class ProvinceWorld:
    """A small merged province for intake anywhere (decision 0021): a department (Sở Nội vụ), two
    communes (A, B) with their divisions and leaders, the provincial centre with a branch (serving the
    department), each commune's centre (serving its commune) and a far centre serving nobody; a
    commune-level procedure performed by both communes (each with its own process), received anywhere;
    a department procedure received only where it is served. ``staff[key]`` are users."""

    def __init__(self, *, commune_anywhere: bool = True):
        from cchc.org import roles
        from cchc.procedures.models import Performer

        def agency(code, name, kind, level=Agency.Level.PROVINCE, **extra):
            return AgencyFactory(code=code, name=name, kind=kind, level=level, **extra)

        def unit(owner, code, name, kind=Unit.Kind.DIVISION):
            return UnitFactory(agency=owner, code=code, name=name, kind=kind)

        commune = Agency.Kind.COMMUNE
        centre_kind = Agency.Kind.SERVICE_CENTRE
        self.province = agency("000.00.00.H37", "UBND tỉnh Lâm Đồng", Agency.Kind.PROVINCE, is_home=True)
        self.department = agency("000.00.12.H37", "Sở Nội vụ", Agency.Kind.DEPARTMENT, parent=self.province)
        self.commune_a = agency(
            "000.31.01.H37", "UBND xã Hàm Thắng", commune, Agency.Level.COMMUNE, admin_unit_code="22936"
        )
        self.commune_b = agency(
            "000.31.02.H37", "UBND xã Hàm Liêm", commune, Agency.Level.COMMUNE, admin_unit_code="22939"
        )
        self.centre = agency("000.00.99.H37", "Trung tâm Phục vụ hành chính công tỉnh", centre_kind)
        self.branch = agency(
            "000.01.99.H37",
            "Chi nhánh Trung tâm Phục vụ hành chính công tỉnh tại Phan Thiết",
            centre_kind,
            parent=self.centre,
            transfer_hours=Decimal("4"),
        )
        self.centre_a = agency(
            "000.31.91.H37",
            "Trung tâm Phục vụ hành chính công xã Hàm Thắng",
            centre_kind,
            Agency.Level.COMMUNE,
            parent=self.commune_a,
        )
        self.centre_b = agency(
            "000.31.92.H37",
            "Trung tâm Phục vụ hành chính công xã Hàm Liêm",
            centre_kind,
            Agency.Level.COMMUNE,
            parent=self.commune_b,
            transfer_hours=Decimal("8"),
        )
        self.far_centre = agency(
            "000.31.93.H37",
            "Trung tâm Phục vụ hành chính công xã Đức Linh",
            centre_kind,
            Agency.Level.COMMUNE,
        )
        self.centre.serves.add(self.department)
        self.branch.serves.add(self.department)
        self.centre_a.serves.add(self.commune_a)
        self.centre_b.serves.add(self.commune_b)
        self.counters = {
            key: unit(place, "mot-cua", "Bộ phận tiếp nhận và trả kết quả", Unit.Kind.COUNTER)
            for key, place in (
                ("centre", self.centre),
                ("branch", self.branch),
                ("centre_a", self.centre_a),
                ("centre_b", self.centre_b),
                ("far_centre", self.far_centre),
            )
        }
        self.division_a = unit(self.commune_a, "van-hoa-xa-hoi", "Phòng Văn hóa – Xã hội")
        self.division_b = unit(self.commune_b, "van-hoa-xa-hoi", "Phòng Văn hóa – Xã hội")
        self.dept_division = unit(self.department, "cong-chuc", "Phòng Công chức, viên chức")
        self.dept_leaders = unit(self.department, "ban-giam-doc", "Ban Giám đốc", Unit.Kind.LEADERSHIP)

        self.commune_version = ProcedureVersionFactory(
            procedure__code="1.001776",
            name="Đăng ký khai sinh",
            agency=self.commune_a,
            level=ProcedureVersion.Level.COMMUNE,
            anywhere=commune_anywhere,
            online_level=ProcedureVersion.OnlineLevel.FULL,
            processing_time=Decimal(3),
        )
        for owner, division, counter in (
            (self.commune_a, self.division_a, self.counters["centre_a"]),
            (self.commune_b, self.division_b, self.counters["centre_b"]),
        ):
            performer = Performer.objects.create(version=self.commune_version, agency=owner)
            for order, (role, at_unit, budget) in enumerate(
                [
                    (ProcessStep.Role.COUNTER, counter, "0.5"),
                    (ProcessStep.Role.SPECIALIST, division, "1.5"),
                    (ProcessStep.Role.UNIT_HEAD, division, "0.5"),
                    (ProcessStep.Role.RETURN, counter, "0.5"),
                ],
                start=1,
            ):
                ProcessStep.objects.create(
                    version=self.commune_version,
                    performer=performer,
                    order=order,
                    name=f"Bước {order}",
                    role=role,
                    unit=at_unit,
                    budget=Decimal(budget),
                )
        FeeFactory(version=self.commune_version, amount=Decimal(8000))
        self.dept_version = ProcedureVersionFactory(
            procedure__code="1.005384",
            name="Thi tuyển công chức",
            agency=self.department,
            processing_time=Decimal(10),
        )
        for order, (role, at_unit, budget) in enumerate(
            [
                (ProcessStep.Role.COUNTER, self.counters["centre"], "0.5"),
                (ProcessStep.Role.SPECIALIST, self.dept_division, "5"),
                (ProcessStep.Role.DIRECTOR, self.dept_leaders, "2"),
                (ProcessStep.Role.RETURN, self.counters["centre"], "0.5"),
            ],
            start=1,
        ):
            ProcessStep.objects.create(
                version=self.dept_version,
                order=order,
                name=f"Bước {order}",
                role=role,
                unit=at_unit,
                budget=Decimal(budget),
            )
        officer = roles.COUNTER_OFFICER
        self.staff = {
            f"officer_{key}": staff_user(officer, counter, f"mc.{key}", full_name=f"Trần Thị Một Cửa {key}")
            for key, counter in self.counters.items()
        }
        self.staff.update(
            specialist_a=staff_user(roles.SPECIALIST, self.division_a, "cv.xa-a", full_name="Lê Văn Chuyên"),
            head_a=staff_user(roles.UNIT_HEAD, self.division_a, "tp.xa-a", full_name="Phạm Thị Trưởng"),
            specialist_b=staff_user(roles.SPECIALIST, self.division_b, "cv.xa-b", full_name="Võ Văn Bình"),
            head_b=staff_user(roles.UNIT_HEAD, self.division_b, "tp.xa-b", full_name="Đặng Thị Hạnh"),
            dept_specialist=staff_user(roles.SPECIALIST, self.dept_division, "cv.so", full_name="Ngô Văn Sở"),
            dept_director=staff_user(roles.DIRECTOR, self.dept_leaders, "gd.so", full_name="Hồ Văn Giám"),
        )


def province_world(**kwargs) -> ProvinceWorld:
    return ProvinceWorld(**kwargs)


# --- i14-access ---


@dataclass
class AccessProvince:
    """A small merged province for the permission tests: two departments, a commune, the provincial
    service centre and its branch (both serving the departments), the province's people's committee;
    ``users[(agency key, role key)]`` — every role at every agency where it exists."""

    agencies: dict
    units: dict  # (agency key, unit key) -> Unit
    users: dict  # (agency key, role key) -> User


def access_province() -> AccessProvince:
    from cchc.org import roles

    province = AgencyFactory(code="000.00.00.H56", name="UBND tỉnh", kind=Agency.Kind.PROVINCE, is_home=True)
    level = Agency.Level
    agencies = {
        "province": province,
        "dept_a": AgencyFactory(code="000.00.15.H56", name="Sở Nội vụ", parent=province),
        "dept_b": AgencyFactory(code="000.00.20.H56", name="Sở Y tế", parent=province),
        "commune": AgencyFactory(
            code="000.50.30.H56",
            name="UBND xã Hòa Thắng",
            kind=Agency.Kind.COMMUNE,
            level=level.COMMUNE,
            parent=province,
        ),
    }
    agencies["centre"] = AgencyFactory(
        code="000.00.01.H56",
        name="Trung tâm Phục vụ hành chính công tỉnh",
        kind=Agency.Kind.SERVICE_CENTRE,
        parent=province,
    )
    agencies["branch"] = AgencyFactory(
        code="000.00.02.H56",
        name="Chi nhánh Trung tâm số 2",
        kind=Agency.Kind.SERVICE_CENTRE,
        parent=agencies["centre"],
    )
    for place in ("centre", "branch"):
        agencies[place].serves.add(agencies["dept_a"], agencies["dept_b"])
    units, users = {}, {}
    kinds = {
        "counter": Unit.Kind.COUNTER,
        "division": Unit.Kind.DIVISION,
        "leadership": Unit.Kind.LEADERSHIP,
        "office": Unit.Kind.OFFICE,
    }
    # Which units and roles each agency has: a service place only its counter and its management.
    layout = {
        "counter": ["counter", roles.COUNTER_OFFICER],
        "specialist": ["division", roles.SPECIALIST],
        "head": ["division", roles.UNIT_HEAD],
        "director": ["leadership", roles.DIRECTOR],
        "office": ["office", roles.OFFICE],
    }
    for key, agency in agencies.items():
        wanted = {
            "province": ["office"],
            "centre": ["counter", "director"],
            "branch": ["counter", "director"],
        }.get(key, list(layout))
        for role_key in wanted:
            unit_key, role = layout[role_key]
            unit = units.get((key, unit_key))
            if unit is None:
                unit = units[(key, unit_key)] = UnitFactory(
                    agency=agency,
                    code=f"{key}-{unit_key}",
                    name=f"{unit_key} {agency.name}",
                    kind=kinds[unit_key],
                )
            users[(key, role_key)] = staff_user(
                role, unit, f"{key}.{role_key}", full_name=f"{key} {role_key}"
            )
    oversight = units[("province", "office")]
    users[("province", "oversight")] = staff_user(
        roles.PROVINCE_OVERSIGHT, oversight, "province.oversight", full_name="Giám sát toàn tỉnh"
    )
    users[("centre", "oversight")] = staff_user(
        roles.PROVINCE_OVERSIGHT, units[("centre", "leadership")], "centre.oversight", full_name="Lãnh đạo TT"
    )
    users[("dept_a", "sysadmin")] = staff_user(
        roles.SYSADMIN, units[("dept_a", "office")], "dept_a.sysadmin", full_name="Quản trị"
    )
    return AccessProvince(agencies, units, users)


# --- i15-rec ---


class DossierSyncFactory(factory.django.DjangoModelFactory):
    """What the portal acknowledged of one dossier (the connector's row), written directly."""

    class Meta:
        model = "national.DossierSync"

    dossier = factory.SubFactory(DossierFactory)
    national_code = factory.LazyAttribute(lambda s: s.dossier.code)
    first_queued_at = factory.LazyAttribute(lambda s: s.dossier.received_at or s.dossier.submitted_at)
