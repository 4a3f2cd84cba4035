"""Loads the demo data (org_data, procedures_data, forms) idempotently.

Every row is found by its natural key (agency code; agency + unit code; username; field code;
procedure code + version number; version + order …) and updated in place, so a second run changes
nothing and creates nothing. Generated files get deterministic names under MEDIA_ROOT.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management.base import CommandError

from cchc.accounts import services as account_services
from cchc.demo import diagrams, forms, org_data, procedures_data, province_data
from cchc.org.models import Agency, Staff, Unit
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

ROLE_NAMES = {
    "counter": "Bộ phận Một cửa",
    "specialist": "Chuyên viên",
    "unit_head": "Lãnh đạo phòng",
    "director": "Lãnh đạo Sở",
    "partner": "Cơ quan phối hợp",
    "return": "Bộ phận Một cửa",
}


def _same(obj, name: str, value) -> bool:
    field = obj._meta.get_field(name)
    if field.is_relation and field.many_to_one:
        return getattr(obj, field.attname) == (value.pk if value is not None else None)
    return getattr(obj, name) == value


def upsert(model, lookup: dict, values: dict):
    """update_or_create that also runs the model's validators and ``clean``; unchanged rows are not saved."""
    obj = model.objects.filter(**lookup).first()
    created = obj is None
    if created:
        obj = model(**lookup)
    elif all(_same(obj, name, value) for name, value in values.items()):
        return obj, False
    for name, value in values.items():
        setattr(obj, name, value)
    # Foreign keys point at rows this loader has just saved: skip their (one query each) existence check.
    related = [f.name for f in model._meta.concrete_fields if f.is_relation]
    try:
        obj.full_clean(exclude=related, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        raise CommandError(f"Dữ liệu minh họa không hợp lệ ({model.__name__} {lookup}): {exc}") from exc
    obj.save()
    return obj, created


@dataclass
class Loader:
    storage: object = None
    created: int = 0
    agencies: dict[str, Agency] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    place_units: dict[tuple[str, str], Unit] = field(default_factory=dict)
    fields: dict[str, Field] = field(default_factory=dict)

    def _up(self, model, lookup, values):
        obj, created = upsert(model, lookup, values)
        self.created += created
        return obj

    # ------------------------------------------------------------------ organisation
    def load_org(self) -> None:
        other_home = Agency.objects.filter(is_home=True).exclude(code=org_data.HOME).first()
        if other_home:
            raise CommandError(
                f"Cơ sở dữ liệu đã có cơ quan vận hành khác ({other_home.code} {other_home}); "
                "không nạp dữ liệu minh họa."
            )
        for row in org_data.AGENCIES:
            values = {k: v for k, v in row.items() if k not in ("code", "parent")}
            values.setdefault("is_home", False)
            values["parent"] = self.agencies[row["parent"]] if row.get("parent") else None
            self.agencies[row["code"]] = self._up(Agency, {"code": row["code"]}, values)
        home = self.agencies[org_data.HOME]
        for row in org_data.UNITS:
            values = {k: v for k, v in row.items() if k not in ("code", "replaced_by")}
            values.setdefault("address", "")
            self.units[row["code"]] = self._up(Unit, {"agency": home, "code": row["code"]}, values)
        for row in org_data.UNITS:
            if row.get("replaced_by"):
                unit = self.units[row["code"]]
                successor = self.units[row["replaced_by"]]
                if unit.replaced_by_id != successor.pk:
                    unit.replaced_by = successor
                    unit.full_clean(validate_unique=False, validate_constraints=False)
                    unit.save(update_fields=["replaced_by"])

    def load_staff(self) -> None:
        for order, row in enumerate(org_data.STAFF, start=1):
            self.staff_account(row, self.units[row["unit"]], order)

    _password: str | None = None  # hashed at most once per run: the hasher is slow on purpose

    def staff_account(self, row: dict, unit: Unit, order: int) -> None:
        user_model = get_user_model()
        values = {
            "email": f"{row['username'].replace('.', '')}@example.gov.vn",
            "is_staff": True,
            "is_superuser": row.get("superuser", False),
            "is_active": True,
        }
        if not user_model.objects.filter(username=row["username"]).exists():
            # Only a new account gets the demo password; an existing one keeps its own.
            self._password = self._password or make_password(org_data.DEMO_PASSWORD)
            values["password"] = self._password
        user = self._up(user_model, {"username": row["username"]}, values)
        group, _ = Group.objects.get_or_create(name=row["role"])
        user.groups.set([group])
        account_services.install_totp(user, secret_base32=org_data.DEMO_OTP_SECRET, name="Minh họa")
        self._up(
            Staff,
            {"user": user},
            {
                "full_name": row["full_name"],
                "unit": unit,
                "position": row["position"],
                "phone": row.get("phone", ""),
                "is_public_contact": bool(row.get("duty")),
                "contact_duty": row.get("duty", ""),
                "contact_order": order,
            },
        )

    # ------------------------------------------------------------------ the merged province
    def load_province(self) -> None:
        """The province after 01/7/2025 (``province_data``): agencies, successors, places, units, staff."""
        pd = province_data
        for row in pd.AGENCIES:
            values = {k: v for k, v in row.items() if k not in ("code", "parent")}
            values.setdefault("is_home", False)
            values.setdefault("level", Agency.Level.PROVINCE)
            values["parent"] = self.agencies[row["parent"]] if row.get("parent") else None
            self.agencies[row["code"]] = self._up(Agency, {"code": row["code"]}, values)
        for old, new in pd.REPLACED.items():
            values = {"valid_to": pd.OLD_END, "replaced_by": self.agencies[new]}
            self.agencies[old] = self._up(Agency, {"code": old}, values)
        for place, served in pd.SERVES.items():
            self.agencies[place].serves.set([self.agencies[code] for code in served])
        for old, field_code, new in pd.FIELD_TRANSFERS:
            self._up(
                FieldTransfer,
                {"from_agency": self.agencies[old], "field": self.fields[field_code]},
                {"to_agency": self.agencies[new], "valid_from": pd.MERGER},
            )
        for agency_code, code, name, kind in pd.UNITS:
            agency = self.agencies[agency_code]
            unit = self._up(
                Unit,
                {"agency": agency, "code": code},
                {"name": name, "name_en": pd.UNIT_NAMES_EN.get(name, ""), "kind": kind, "address": ""},
            )
            self.place_units[(agency_code, code)] = unit
        start = len(org_data.STAFF) + 1
        for order, (username, full_name, role, agency_code, unit_code, position) in enumerate(
            pd.STAFF, start
        ):
            row = {"username": username, "full_name": full_name, "role": role, "position": position}
            self.staff_account(row, self.place_units[(agency_code, unit_code)], order)

    def successor_performers(self) -> None:
        """Every version is performed by its lead agency; a Department version in force after the merger
        also by the successor that took its field, with its own steps in the successor's units."""
        pd = province_data
        transferred = {field: new for _old, field, new in pd.FIELD_TRANSFERS}
        home = self.agencies[org_data.HOME]
        versions = ProcedureVersion.objects.select_related("field").exclude(
            status=ProcedureVersion.Status.DRAFT
        )
        for version in versions:
            self._up(Performer, {"version": version, "agency": version.agency}, {})
            in_force_after = version.valid_to is None or version.valid_to >= pd.MERGER
            if version.agency_id != home.pk or not in_force_after:
                continue
            successor = transferred.get(version.field.code, pd.NOI_VU)
            performer = self._up(Performer, {"version": version, "agency": self.agencies[successor]}, {})
            division = "bao-tro-xa-hoi" if successor == pd.Y_TE else "lao-dong-viec-lam"
            steps = list(version.process_steps.filter(performer__isnull=True).select_related("unit"))
            for step in steps:
                unit = None
                if step.unit_id:
                    code = step.unit.code if (successor, step.unit.code) in self.place_units else division
                    unit = self.place_units[(successor, code)]
                values = {
                    "version": version,
                    "role": step.role,
                    "name": step.name.replace(step.unit.name, unit.name) if unit else step.name,
                    "name_en": step.name_en,
                    "budget": step.budget,
                    "unit": unit,
                    "agency": step.agency,
                }
                self._up(ProcessStep, {"performer": performer, "order": step.order}, values)
            performer.process_steps.filter(order__gt=len(steps)).delete()

    def commune_procedures(self) -> None:
        """Commune-level procedures performed by every commune, each with its own steps in its own units and
        its centre's counter; the first commune leads."""
        pd = province_data
        law = procedures_data.LAWS["nd20"]  # social protection policies
        for code, name, field_code, days, anywhere in pd.COMMUNE_PROCEDURES:
            procedure = self._up(Procedure, {"code": code}, {})
            lead_code = pd.COMMUNES[0][0]
            time = Decimal(days)
            half = Decimal("0.5")
            head = half if days < 5 else Decimal(1)
            budgets = [half, time - 2 * half - 2 * head, head, head, half]
            version = self._up(
                ProcedureVersion,
                {"procedure": procedure, "number": 1},
                {
                    "status": ProcedureVersion.Status.PUBLISHED,
                    "decision": "Quyết định công bố danh mục thủ tục hành chính cấp xã của Chủ tịch "
                    "UBND tỉnh (minh họa)",
                    "name": name,
                    "field": self.fields[field_code],
                    "agency": self.agencies[lead_code],
                    "level": ProcedureVersion.Level.COMMUNE,
                    "anywhere": anywhere,
                    "for_citizens": True,
                    "steps": "Bước 1: Người dân nộp hồ sơ tại Trung tâm Phục vụ hành chính công cấp xã"
                    + (" bất kỳ trong tỉnh" if anywhere else " nơi cư trú")
                    + ".\nBước 2: Công chức Văn hóa – Xã hội thẩm định, trình Chủ tịch UBND cấp xã "
                    "quyết định.\nBước 3: Trả kết quả tại nơi người dân chọn.",
                    "at_counter": True,
                    "online_level": ProcedureVersion.OnlineLevel.FULL
                    if anywhere
                    else ProcedureVersion.OnlineLevel.PARTIAL,
                    "processing_time": time,
                    "time_unit": ProcedureVersion.TimeUnit.WORKING_DAYS,
                    "fee_note": "Không thu phí, lệ phí.",
                    "fee_note_en": procedures_data.NO_FEE_EN,
                    "result_name": "Quyết định của Chủ tịch Ủy ban nhân dân cấp xã",
                    "data_note": procedures_data.DATA_NOTE,
                    "data_note_en": procedures_data.DATA_NOTE_EN,
                    "valid_from": pd.MERGER,
                },
            )
            problem = version.check_step_budgets(budgets)
            if problem:
                raise CommandError(f"{code}: {problem}")
            for order, doc in enumerate(
                ("Tờ khai theo mẫu", "Bản sao giấy tờ chứng minh đối tượng"), start=1
            ):
                self._up(
                    RequiredDocument,
                    {"version": version, "order": order},
                    {"name": doc, "kind": "original" if order == 1 else "copy", "count": 1},
                )
            number, title, issuer, issued_on = law
            self._up(
                LegalBasis,
                {"version": version, "number": number},
                {"title": title, "issuer": issuer, "issued_on": issued_on},
            )
            for i, (commune, _a, _n, _e, centre, _o) in enumerate(pd.COMMUNES):
                performer = self._up(Performer, {"version": version, "agency": self.agencies[commune]}, {})
                counter = self.place_units[(centre, "quay")]
                rows = [
                    ("counter", counter, "Tiếp nhận, kiểm tra hồ sơ, chuyển Phòng Văn hóa – Xã hội"),
                    (
                        "specialist",
                        self.place_units[(commune, "van-hoa-xa-hoi")],
                        "Thẩm định hồ sơ, dự thảo kết quả",
                    ),
                    (
                        "unit_head",
                        self.place_units[(commune, "van-hoa-xa-hoi")],
                        "Trưởng phòng xem xét, trình ký",
                    ),
                    (
                        "director",
                        self.place_units[(commune, "lanh-dao")],
                        "Chủ tịch UBND xem xét, quyết định",
                    ),
                    ("return", counter, "Trả kết quả cho người dân"),
                ]
                if i == 0:
                    process = [
                        {"order": n, "role": r, "name": nm, "budget": b, "unit": u, "agency": None}
                        for n, ((r, u, nm), b) in enumerate(zip(rows, budgets, strict=True), 1)
                    ]
                    self.save_diagram(version, process)
                for order, ((role, unit, step_name), budget) in enumerate(zip(rows, budgets, strict=True), 1):
                    values = {"role": role, "name": step_name, "budget": budget, "unit": unit, "agency": None}
                    if i == 0:  # the lead's steps are the version's own
                        self._up(ProcessStep, {"version": version, "order": order, "performer": None}, values)
                    else:
                        self._up(
                            ProcessStep, {"version": version, "order": order, "performer": performer}, values
                        )

    # ------------------------------------------------------------------ catalog
    def load_fields(self) -> None:
        for row in procedures_data.FIELDS:
            values = {k: v for k, v in row.items() if k != "code"}
            self.fields[row["code"]] = self._up(Field, {"code": row["code"]}, values)

    def load_procedures(self) -> None:
        for entry in procedures_data.PROCEDURES:
            procedure = self._up(Procedure, {"code": entry["code"]}, {})
            for override in entry.get("versions") or [{"number": 1, "status": "published"}]:
                self.load_version(procedure, {**entry, **override})

    def _process(self, spec: dict) -> list[dict]:
        """The internal process rows: explicit in the data, or the standard one built from the time.

        Each row has its English name when the procedure ships in English (``process_en`` or the standard
        process's English), else an empty one.
        """
        english = bool(spec.get("name_en"))
        names_en = spec.get("process_en") or []
        if spec.get("process"):
            rows = spec["process"]
        else:
            total = Decimal(str(spec["time"]))
            if spec.get("time_unit") == "working_hours":
                fixed = (1, 2, 2, 1)
            elif total >= 10:
                fixed = (0.5, 1, 1, 0.5)
            elif total >= 5:
                fixed = (0.5, 0.5, 1, 0.5)
            else:
                fixed = (0.5, 0.5, 0.5, 0.5)
            c, h, d, r = (Decimal(str(x)) for x in fixed)
            unit = self.units[spec["unit"]]
            rows = [
                ("counter", "mot-cua", c, f"Tiếp nhận, kiểm tra hồ sơ, chuyển {unit.name}"),
                ("specialist", spec["unit"], total - c - h - d - r, "Thẩm định hồ sơ, dự thảo kết quả"),
                ("unit_head", spec["unit"], h, f"Lãnh đạo {unit.name} xem xét, trình ký"),
                ("director", "ban-giam-doc", d, f"Lãnh đạo Sở {spec.get('action', 'xem xét, quyết định')}"),
                ("return", "mot-cua", r, "Trả kết quả cho tổ chức, cá nhân"),
            ]
            names_en = [
                f"Receive and check the dossier, forward it to the {unit.name_en}",
                "Appraise the dossier, draft the result",
                f"The head of the {unit.name_en} reviews it and submits it for signature",
                f"The Department's leadership {spec.get('action_en', 'decides')}",
                "Return the result to the applicant",
            ]
        if english and len(names_en) != len(rows):
            raise CommandError(f"{spec['code']}: process_en phải có {len(rows)} dòng (có {len(names_en)}).")
        out = []
        for order, (role, owner, budget, name) in enumerate(rows, start=1):
            is_partner = role == "partner"
            out.append(
                {
                    "order": order,
                    "role": role,
                    "name": name,
                    "name_en": names_en[order - 1] if english else "",
                    "budget": Decimal(str(budget)),
                    "unit": None if is_partner else self.units[owner],
                    "agency": self.agencies[owner] if is_partner else None,
                }
            )
        return out

    def _steps_text(self, spec: dict, process: list[dict]) -> str:
        if spec.get("incomplete"):
            return ""
        channels = ["trực tiếp tại Bộ phận Một cửa của Sở (Trung tâm Phục vụ hành chính công tỉnh)"]
        if spec.get("post_in"):
            channels.append("qua dịch vụ bưu chính công ích")
        if spec.get("online", "none") != "none":
            channels.append("trực tuyến trên Cổng Dịch vụ công quốc gia")
        where = ", ".join(channels[:-1]) + (" hoặc " if len(channels) > 1 else "") + channels[-1]
        if process[0]["role"] == "partner":
            where = f"tại {process[0]['agency'].name} (hoặc Ủy ban nhân dân cấp xã nơi cư trú)"
        applicant = "Tổ chức, cá nhân" if spec.get("orgs") else "Công dân"
        unit = self.units[spec["unit"]].name
        action = spec.get("action", "xem xét, quyết định")
        lines = [
            f"{applicant} chuẩn bị hồ sơ theo quy định và nộp {where}.",
            "Bộ phận Một cửa kiểm tra hồ sơ; hồ sơ đầy đủ thì tiếp nhận và cấp Giấy tiếp nhận hồ sơ và hẹn "
            "trả kết quả, hồ sơ chưa đầy đủ thì hướng dẫn bổ sung, hoàn thiện một lần.",
            f"{unit} thẩm định hồ sơ, trình Lãnh đạo Sở {action}; trường hợp không đủ điều kiện thì "
            "trả lời bằng văn bản, nêu rõ lý do.",
        ]
        for step in process[1:]:
            if step["role"] == "partner":
                lines.append(f"Phối hợp liên thông: {step['name']}.")
        back = ["tại Bộ phận Một cửa"]
        if spec.get("post_out"):
            back.append("qua dịch vụ bưu chính công ích")
        if spec.get("result_form") in ("electronic", "both"):
            back.append("bản điện tử trên Cổng Dịch vụ công quốc gia")
        lines.append(
            "Trả kết quả " + ", ".join(back[:-1]) + (" hoặc " if len(back) > 1 else "") + back[-1] + "."
        )
        return "\n".join(f"Bước {i}: {line}" for i, line in enumerate(lines, start=1))

    def _steps_text_en(self, spec: dict, process: list[dict]) -> str:
        """The English of ``_steps_text``, line for line, for a procedure that ships in English."""
        if spec.get("incomplete") or not spec.get("name_en"):
            return ""
        channels = [
            "in person at the Department's one-stop counter (the provincial Public Administration Service "
            "Centre)"
        ]
        if spec.get("post_in"):
            channels.append("by public postal service")
        if spec.get("online", "none") != "none":
            channels.append("online on the National Public Service Portal")
        where = ", ".join(channels[:-1]) + (" or " if len(channels) > 1 else "") + channels[-1]
        if process[0]["role"] == "partner":
            where = (
                f"at the {process[0]['agency'].name_en} (or the commune People's Committee where they live)"
            )
        applicant = "The organisation or individual" if spec.get("orgs") else "The applicant"
        unit = self.units[spec["unit"]].name_en
        action = spec.get("action_en", "decides")
        lines = [
            f"{applicant} prepares the dossier as required and submits it {where}.",
            "The one-stop counter checks the dossier: a complete dossier is accepted and a receipt is issued "
            "with the date the result will be returned; for an incomplete one, the applicant is told once "
            "what to add or correct.",
            f"The {unit} appraises the dossier and submits it to the Department's leadership, who "
            f"{action}; if the conditions are not met, the applicant is told why in writing.",
        ]
        for step in process[1:]:
            if step["role"] == "partner":
                lines.append(f"Inter-agency coordination: {step['name_en']}.")
        back = ["at the one-stop counter"]
        if spec.get("post_out"):
            back.append("by public postal service")
        if spec.get("result_form") in ("electronic", "both"):
            back.append("electronically on the National Public Service Portal")
        lines.append(
            "The result is returned "
            + ", ".join(back[:-1])
            + (" or " if len(back) > 1 else "")
            + back[-1]
            + "."
        )
        return "\n".join(f"Step {i}: {line}" for i, line in enumerate(lines, start=1))

    def load_version(self, procedure: Procedure, spec: dict) -> ProcedureVersion:
        number = spec["number"]
        process = self._process(spec)
        fees = spec.get("fees", [])
        english = bool(spec.get("name_en"))
        charged = any(f[1] for f in fees)
        values = {
            "status": spec["status"],
            "decision": spec.get("decision", "Quyết định công bố của Chủ tịch UBND tỉnh (minh họa)"),
            "name": spec["name"],
            "name_en": spec.get("name_en", ""),
            "field": self.fields[spec["field"]],
            "agency": self.agencies[org_data.HOME],
            "level": ProcedureVersion.Level.PROVINCE,
            "for_citizens": spec.get("citizens", True),
            "for_organisations": spec.get("orgs", False),
            "subjects_note": spec.get("subjects_note", ""),
            "subjects_note_en": spec.get("subjects_note_en", ""),
            "steps": self._steps_text(spec, process),
            "steps_en": self._steps_text_en(spec, process),
            "conditions": spec.get("conditions", ""),
            "conditions_en": spec.get("conditions_en", ""),
            "at_counter": True,
            "online_level": spec.get("online", "none"),
            "legacy_online_level": spec.get("legacy"),
            "postal_submission": spec.get("post_in", False),
            "postal_return": spec.get("post_out", False),
            # Online payment on the national portal where the fee is charged on a fully online procedure.
            "pays_online": charged and spec.get("online", "none") == ProcedureVersion.OnlineLevel.FULL,
            "processing_time": Decimal(str(spec["time"])),
            "time_unit": spec.get("time_unit", ProcedureVersion.TimeUnit.WORKING_DAYS),
            "cutoff_time": spec.get("cutoff"),
            "time_note": spec.get("time_note", ""),
            "time_note_en": spec.get("time_note_en", ""),
            "fee_note": "" if charged else "Không thu phí, lệ phí.",
            "fee_note_en": "" if charged else procedures_data.NO_FEE_EN,
            "result_name": spec["result"],
            "result_name_en": spec.get("result_en", ""),
            "result_form": spec.get("result_form", ProcedureVersion.ResultForm.PAPER),
            "inter_agency": bool(spec.get("inter")),
            "data_note": procedures_data.DATA_NOTE,
            "data_note_en": procedures_data.DATA_NOTE_EN,
            "valid_from": spec.get("valid_from"),
            "valid_to": spec.get("valid_to"),
        }
        version = self._up(ProcedureVersion, {"procedure": procedure, "number": number}, values)
        label = f"{procedure.code} v{number}"

        # The internal process must fit the legal time limit: a wrong data row stops the load.
        if not 3 <= len(process) <= 6:
            raise CommandError(f"{label}: quy trình nội bộ phải có 3–6 bước (có {len(process)}).")
        problem = version.check_step_budgets([row["budget"] for row in process])
        if problem or any(row["budget"] <= 0 for row in process):
            raise CommandError(f"{label}: {problem or 'có bước không có thời gian'}")
        for row in process:
            lookup = {"version": version, "order": row["order"], "performer": None}
            self._up(ProcessStep, lookup, row | {"order": row["order"]})
        version.process_steps.filter(performer__isnull=True, order__gt=len(process)).delete()

        version.partner_agencies.set([self.agencies[code] for code in spec.get("inter", [])])

        docs_en = spec.get("docs_en") or []
        if english and len(docs_en) != len(spec["docs"]):
            raise CommandError(f"{label}: docs_en phải có {len(spec['docs'])} dòng (có {len(docs_en)}).")
        for order, doc in enumerate(spec["docs"], start=1):
            name, kind, form_key = doc[:3]
            document = self._up(
                RequiredDocument,
                {"version": version, "order": order},
                {
                    "name": name,
                    "name_en": docs_en[order - 1] if english else "",
                    "kind": procedures_data.KINDS[kind],
                    "count": 1,
                    "optional": len(doc) > 3 and bool(doc[3]),
                },
            )
            if form_key:
                self.load_form(document, form_key)
            else:
                FormTemplate.objects.filter(document=document).delete()
        version.required_documents.filter(order__gt=len(spec["docs"])).delete()

        names = []
        for fee in fees:
            fee_name, amount, note = fee[:3]
            name_en, note_en = fee[3:5] if len(fee) > 3 else ("", "")
            names.append(fee_name)
            self._up(
                Fee,
                {"version": version, "name": fee_name},
                {"amount": Decimal(amount), "note": note, "name_en": name_en, "note_en": note_en},
            )
        version.fees.exclude(name__in=names).delete()

        numbers = []
        for key in spec["laws"]:
            number_, title, issuer, issued_on = procedures_data.LAWS[key]
            numbers.append(number_)
            self._up(
                LegalBasis,
                {"version": version, "number": number_},
                {
                    "title": title,
                    "title_en": procedures_data.LAWS_EN.get(key, ""),
                    "issuer": issuer,
                    "issuer_en": procedures_data.ISSUERS_EN.get(issuer, ""),
                    "issued_on": issued_on,
                },
            )
        version.legal_bases.exclude(number__in=numbers).delete()

        if version.status == ProcedureVersion.Status.PUBLISHED:
            self.save_diagram(version, process)
        return version

    # ------------------------------------------------------------------ files
    def load_form(self, document: RequiredDocument, key: str) -> None:
        spec = forms.FORMS[key]
        # One file per form: the same form used by several procedures or versions shares it.
        path = f"procedures/forms/demo-{key}.docx"
        if not self.storage.exists(path):  # generated once; a re-run keeps the same file
            data = forms.build_docx(spec, self.agencies[org_data.HOME].name)
            path = self.storage.save(path, ContentFile(data))
        form = self._up(
            FormTemplate,
            {"document": document},
            {
                "code": spec["code"],
                "title": spec["title"],
                "guidance": spec["guidance"],
                "title_en": spec.get("title_en", ""),
                "guidance_en": spec.get("guidance_en", ""),
                "source": f"{spec['source']} (số hiệu mẫu minh họa)",
            },
        )
        if form.file.name != path:
            form.file.name = path
            form.save(update_fields=["file"])

    def save_diagram(self, version: ProcedureVersion, process: list[dict]) -> None:
        steps = [
            {
                "order": row["order"],
                "name": row["name"],
                "role": row["role"],
                "budget": row["budget"],
                "owner": (row["unit"] or row["agency"]).name,
            }
            for row in process
        ]
        svg = diagrams.build_svg(
            f"{version.procedure.code} — {version.name}",
            steps,
            version.processing_time,
            version.get_time_unit_display(),
        ).encode()
        path = f"procedures/diagrams/demo-{version.procedure.code}-v{version.number}.svg"
        if self.storage.exists(path):
            with self.storage.open(path, "rb") as fh:
                same = fh.read() == svg
            if not same:
                self.storage.delete(path)
        if not self.storage.exists(path):
            path = self.storage.save(path, ContentFile(svg))
        if version.flow_diagram.name != path:
            version.flow_diagram.name = path
            version.save(update_fields=["flow_diagram"])


def load() -> Loader:
    storage = ProcedureVersion._meta.get_field("flow_diagram").storage
    loader = Loader(storage=storage)
    loader.load_org()
    loader.load_staff()
    loader.load_fields()
    loader.load_province()
    loader.load_procedures()
    loader.successor_performers()
    loader.commune_procedures()
    return loader
