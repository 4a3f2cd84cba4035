"""factory-boy factories shared by the whole suite.

Staff with a role: ``StaffFactory(role=roles.OFFICE, unit=office)`` or, for the user, ``staff_user(role,
unit, username)``. Dossier rows written directly (for selectors and indicators): ``DossierFactory``;
workflow tests go through ``cchc.dossiers.services`` instead.
"""

from __future__ import annotations

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
