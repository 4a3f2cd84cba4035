"""factory-boy factories shared by the whole suite.

Staff with a role: ``StaffFactory(role=roles.OFFICE, unit=office)`` or, for the user, ``staff_user(role,
unit, username)``. Dossier rows written directly (for selectors and indicators): ``DossierFactory``;
workflow tests go through ``cchc.dossiers.services`` instead.
"""

from __future__ import annotations

import datetime as dt
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


def province_world():
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
