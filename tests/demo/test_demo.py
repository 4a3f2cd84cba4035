"""The demo loader (`cchc demo`): idempotent, complete enough to demonstrate every screen."""

from __future__ import annotations

import copy
import io
from decimal import Decimal

import docx
import pytest
from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import RequestFactory
from django_otp.plugins.otp_totp.models import TOTPDevice

from cchc.demo import org_data, procedures_data, province_data
from cchc.org import roles
from cchc.org.models import Agency, Staff, Unit
from cchc.procedures import selectors as procedure_selectors
from cchc.procedures.models import (
    Fee,
    Field,
    FieldTransfer,
    FormTemplate,
    LegalBasis,
    Performer,
    Procedure,
    ProcedureVersion,
    ProcessStep,
    RequiredDocument,
)

pytestmark = pytest.mark.django_db

User = get_user_model()
MODELS = [
    Agency,
    Unit,
    User,
    Staff,
    Field,
    Procedure,
    ProcedureVersion,
    RequiredDocument,
    FormTemplate,
    ProcessStep,
    Fee,
    LegalBasis,
]


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def run_demo(*args) -> str:
    out = io.StringIO()
    call_command("demo", "--dossiers", "0", *args, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    result = {model.__name__: model.objects.count() for model in MODELS}
    result["partners"] = ProcedureVersion.partner_agencies.through.objects.count()
    result["memberships"] = User.groups.through.objects.count()
    return result


def media_files() -> list[str]:
    return sorted(
        str(p.relative_to(settings.MEDIA_ROOT)) for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()
    )


def test_second_run_creates_nothing_and_content_is_complete():
    first_output = run_demo()
    first, files = counts(), media_files()
    second_output = run_demo()
    assert counts() == first
    assert media_files() == files  # deterministic names: no pile-up of generated files
    assert "Đã nạp dữ liệu minh họa" in first_output
    assert "Bản ghi mới tạo lần này: 0" in second_output
    assert first["Procedure"] == len(procedures_data.PROCEDURES) + len(province_data.COMMUNE_PROCEDURES)
    assert first["Staff"] == len(org_data.STAFF) + len(province_data.STAFF)
    check_content()


def check_content():
    # One load serves all the checks below: a load costs seconds, and the suite must stay fast.
    today_published = ProcedureVersion.objects.published()
    assert today_published.values("procedure").distinct().count() >= 25
    assert Agency.objects.filter(is_home=True).count() == 1
    assert Agency.home().code == org_data.HOME

    # Every role has a user; the demo password works; only the sysadmin is a superuser.
    for role in roles.ROLES:
        assert User.objects.filter(groups__name=role, is_staff=True).exists(), role
    signing_in = RequestFactory().post("/quan-tri/dang-nhap/")  # django-axes checks every sign-in's request
    assert authenticate(signing_in, username="motcua1", password=org_data.DEMO_PASSWORD) is not None
    # Every demo account has the demo authenticator-app secret printed by ``cchc demo --logins``.
    assert TOTPDevice.objects.filter(confirmed=True).count() == len(org_data.STAFF) + len(province_data.STAFF)
    assert list(User.objects.filter(is_superuser=True).values_list("username", flat=True)) == ["quantri"]
    assert Staff.objects.filter(is_public_contact=True).exclude(contact_duty="").count() >= 6

    check_province()

    # The merged unit points to its successor and is no longer valid today.
    merged = Unit.objects.get(code="tre-em-binh-dang-gioi")
    assert merged.replaced_by.code == "bao-tro-xa-hoi" and merged.valid_to is not None
    assert merged not in Unit.objects.valid_on()

    # Internal processes fit the legal time, and every published version has a diagram.
    for version in ProcedureVersion.objects.filter(status="published"):
        for agency_id in [None, *version.performers.values_list("agency_id", flat=True)]:
            steps = procedure_selectors.process_steps(version.pk, agency_id)
            budgets = list(steps.values_list("budget", flat=True))
            assert 3 <= len(budgets) <= 6, version
            assert sum(budgets, Decimal(0)) <= version.processing_time, version
            assert version.check_step_budgets(budgets) is None
        assert version.flow_diagram.name.endswith(".svg")
        assert "<svg" in version.flow_diagram.read().decode()
        version.flow_diagram.close()
        assert version.data_note

    # 2–6 required documents per version, except the one left without documents on purpose.
    for version in ProcedureVersion.objects.exclude(procedure__code="1.000389"):
        assert 2 <= version.required_documents.count() <= 6, version

    # Versioning: v1 withdrawn on 30/6/2025, v2 published from 1/7/2025 with a different time or fee.
    for code in ("1.000105", "2.001955"):
        v1, v2 = ProcedureVersion.objects.filter(procedure__code=code).order_by("number")
        assert (v1.status, str(v1.valid_to)) == ("withdrawn", "2025-06-30")
        assert (v2.status, str(v2.valid_from)) == ("published", "2025-07-01")
        fees = [sorted(v.fees.values_list("amount", flat=True)) for v in (v1, v2)]
        assert v1.processing_time != v2.processing_time or fees[0] != fees[1]

    # Something for the QĐ 766 "missing components" badge, a draft, the special counting rules.
    incomplete = [
        v for v in today_published.prefetch_related("required_documents") if v.missing_766_components()
    ]
    assert 1 <= len(incomplete) <= 3
    assert ProcedureVersion.objects.filter(status="draft").exists()
    assert today_published.filter(time_unit="working_hours").exists()
    assert today_published.filter(cutoff_time__isnull=False).exists()
    assert today_published.filter(inter_agency=True, partner_agencies__isnull=False).exists()
    work_permits = today_published.filter(name__icontains="giấy phép lao động")
    assert work_permits.count() >= 3
    assert all(v.name_en and v.online_level == "full" for v in work_permits)
    check_english(today_published)
    assert set(today_published.values_list("online_level", flat=True)) == {"none", "partial", "full"}

    # Forms: a DOCX file that python-docx opens, with the motto; T1 share realistic (not 100 %).
    forms = FormTemplate.objects.all()
    assert forms.count() >= 15
    for form in forms:
        with form.file.open("rb") as fh:
            document = docx.Document(fh)
        text = "\n".join(p.text for p in document.paragraphs)
        text += "\n".join(c.text for t in document.tables for c in t._cells)
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
        assert "Kính gửi" in text
    templated = sum(form.is_templated for form in forms)
    assert 0 < templated < forms.count()


def test_logins_table_lists_every_account():
    output = run_demo("--logins")
    for row in org_data.STAFF:
        assert row["username"] in output
    for username, _name, _role, agency, _unit, _position in province_data.STAFF:
        assert username in output
        assert next(a["name"] for a in province_data.AGENCIES if a["code"] == agency) in output
    assert org_data.DEMO_PASSWORD in output
    assert org_data.DEMO_OTP_SECRET in output  # the authenticator-app secret of the demo accounts
    assert not Agency.objects.exists()  # --logins only prints


def check_province():
    """The merged province: former agencies closed with successors, places, communes, performers."""
    home = Agency.home()
    assert home.valid_to == province_data.OLD_END and home.replaced_by.code == province_data.NOI_VU
    moved = FieldTransfer.objects.get(from_agency=home, field__code="bao-tro-xa-hoi")
    assert moved.to_agency.code == province_data.Y_TE and moved.valid_from == province_data.MERGER
    government = ["province", "department", "district", "commune", "service_centre"]
    assert not Agency.objects.valid_on().filter(code__endswith=".H56", kind__in=government).exists()
    communes = list(Agency.objects.valid_on().filter(kind="commune", level="commune"))
    assert len(communes) == 6 and all(len(c.admin_unit_code) == 5 for c in communes)
    centre = Agency.objects.get(code=province_data.CENTRE)
    assert centre.children.filter(kind="service_centre").count() == 2
    for place in [centre, *centre.children.all()]:
        assert set(place.serves.values_list("code", flat=True)) == set(province_data.DEPARTMENTS)
    own_centre = {}
    for commune in communes:
        own_centre[commune.pk] = Agency.objects.get(kind="service_centre", parent=commune, serves=commune).pk
    oversight = User.objects.get(username="giamsat.tinh")
    assert roles.user_roles(oversight) == {roles.PROVINCE_OVERSIGHT}
    # Commune-level procedures: every commune performs them, with its own units and its centre's counter.
    for code, *_rest in province_data.COMMUNE_PROCEDURES:
        version = ProcedureVersion.objects.get(procedure__code=code)
        assert version.level == "commune"
        assert sorted(version.performers.values_list("agency_id", flat=True)) == sorted(own_centre)
        for commune in communes:
            units = {s.unit.agency_id for s in procedure_selectors.process_steps(version.pk, commune.pk)}
            assert units == {commune.pk, own_centre[commune.pk]}, (code, commune)
    assert ProcedureVersion.objects.filter(level="commune", anywhere=True).exists()
    # The Department's versions in force after the merger are performed by its successors in their units.
    successors = Performer.objects.filter(agency__code__in=[province_data.NOI_VU, province_data.Y_TE])
    assert successors.count() >= 20
    for performer in successors:
        steps = procedure_selectors.process_steps(performer.version_id, performer.agency_id)
        assert all(s.unit.agency_id == performer.agency_id for s in steps if s.unit_id), performer
    # One performer per version at least: its lead agency.
    for version in ProcedureVersion.objects.exclude(status="draft"):
        assert version.performers.filter(agency_id=version.agency_id).exists(), version


def test_a_process_longer_than_the_legal_time_fails_loudly(monkeypatch):
    bad = copy.deepcopy(procedures_data.PROCEDURES[0])
    bad["process"] = [*bad["process"][:-1], ("return", "mot-cua", 5, "Trả kết quả")]
    monkeypatch.setattr(procedures_data, "PROCEDURES", [bad])
    with pytest.raises(CommandError, match="vượt thời hạn"):
        run_demo()
    assert not Agency.objects.exists()  # one transaction: nothing half-loaded


# Issue, re-issue and extend a work permit, certify an exemption from one, and claim unemployment benefit.
FOREIGN_WORKERS = ["1.000105", "1.000459", "2.000205", "1.000516", "1.001978"]


def check_english(today_published):
    """The procedures foreign workers need ship in English, every part the public page shows."""
    home = Agency.home()
    assert home.name_en == "Binh Thuan Department of Labour, Invalids and Social Affairs"
    assert home.parent.name_en and all(u.name_en for u in Unit.objects.filter(agency=home))
    for code in FOREIGN_WORKERS:
        version = today_published.get(procedure__code=code)
        assert version.has_english(), code
        for name in ("steps_en", "result_name_en", "data_note_en"):
            assert getattr(version, name).strip(), (code, name)
        assert len(version.steps_en.splitlines()) == len(version.step_list()), code
        assert version.conditions_en or not version.conditions, code
        assert version.time_note_en or not version.time_note, code
        assert version.subjects_note_en or not version.subjects_note, code
        assert all(d.name_en for d in version.required_documents.all()), code
        forms = FormTemplate.objects.filter(document__version=version)
        assert forms and all(f.title_en and f.guidance_en for f in forms), code
        assert all(s.name_en for s in version.process_steps.all()), code  # the lead's and each performer's
        assert all(f.name_en and f.note_en for f in version.fees.all()), code
        assert version.fees.exists() or version.fee_note_en, code
        assert all(b.title_en and b.issuer_en for b in version.legal_bases.all()), code
        for text in (version.steps_en, version.conditions_en, version.result_name_en):
            assert not set(text) & set("ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệịỉĩọỏốồổỗộớờởỡợụủũứừửữựỳỵỷỹ"), (code, text)
    assert "Step 4: The result is returned at the one-stop counter" in (
        today_published.get(procedure__code="1.000105").steps_en
    )
    # A procedure that does not ship in English has no English texts to show (the portal marks it).
    other = today_published.get(procedure__code="1.010815")
    assert not (other.name_en or other.steps_en or other.process_steps.exclude(name_en="").exists())
