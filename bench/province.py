"""A province-scale database for benchmarks: agencies, units, staff, procedures with their performers, and
millions of dossiers over five years, built with set-based SQL on SQLite and PostgreSQL.

What it builds (``Scale`` sets the sizes; the defaults are the province of issue "Scale"):

- the province's people's committee (the home agency, the system's owner), 20 departments, 100 communes,
  the provincial public administration service centre with 5 branches (serving the departments) and a
  service centre in every commune (serving its commune) — 227 agencies;
- units: each department has its leadership, office and 4 divisions; each commune its leadership, office
  and two divisions ("Văn hóa – Xã hội", "Kinh tế"); each service place a counter unit; staff in every
  unit (heads and specialists in divisions, three officers at each counter, a director per department,
  the province's oversight in the office of the people's committee);
- 2,000 procedures (one published version each): 1,940 of the departments, 60 commune-level ones
  performed by every commune with the commune's own process steps (``procedures.Performer`` +
  ``ProcessStep.performer``); 60 department procedures have a second performing department — 8,000
  performer rows in all;
- ``dossiers`` dossiers (default 5,000,000) on the working days of the last five years, more each year
  and more on Mondays, spread over agencies by weight (a few large departments and towns, many small
  communes), received at the service places (``receipt_place``; the nearest branch for some, empty
  online), results collected there (``return_place``; empty by post or with an electronic result);
  most finished (returned, a few rejected, refused at intake or stopped), the open ones the recent days'
  and a thin tail of old stuck ones; one event each (two for a returned one), the control-slip rows of
  the open ones, the day counters of the codes;
- the monthly tallies of decision 0010 consistent with the dossiers: the triggers are dropped for the
  bulk load and ``cchc.dossiers.tallies.ensure()`` reinstalls them and rebuilds the tally at the end.

Dossiers are inserted one working day at a time by one ``INSERT … SELECT`` over a number series
(``generate_series`` on PostgreSQL, a recursive CTE on SQLite) joined to small lookup tables; every
"random" choice is a hash of the dossier's running number, so a run is reproducible. The non-unique
indexes of the three large tables are dropped for the load and recreated after it (their definitions are
kept in ``bench_scale_index`` meanwhile, so an interrupted load resumes and still gets them back).
The load resumes where it stopped (by day).

Command line (the database is chosen like every benchmark's: ``var/<file>`` or ``DATABASE_URL``)::

    .venv/bin/python -m bench.province                       # var/bench-province.sqlite3, 5,000,000
    .venv/bin/python -m bench.province --dossiers 200000 --file bench-province-small.sqlite3
    DATABASE_URL=postgres://cchc:cchc@127.0.0.1:5432/cchc_province .venv/bin/python -m bench.province

From code: ``build(Scale(...))`` on the current default connection (tests use a small scale).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import math
import time
from decimal import Decimal

PASSWORD = "cchc-demo-2026"
SQLITE_FILE = "bench-province.sqlite3"
PRIME = 1_000_003
# Distinct multipliers: the k-th "random" number of dossier i is (i * M[k] + C[k]) mod PRIME.
_MULTIPLIERS = [
    2_654_435_761,
    2_246_822_519,
    3_266_489_917,
    668_265_263,
    374_761_393,
    2_870_177_450,
    1_597_334_677,
    3_812_015_801,
    1_181_783_497,
    2_048_144_789,
    1_500_450_271,
    3_958_201_049,
    2_860_486_313,
    1_222_222_223,
    4_093_082_899,
    2_166_136_261,
]

DEPARTMENTS = [
    # (name, short, weight of its dossier volume)
    ("Sở Tư pháp", "STP", 9),
    ("Sở Nông nghiệp và Môi trường", "SNNMT", 9),
    ("Sở Xây dựng", "SXD", 8),
    ("Sở Tài chính", "STC", 8),
    ("Sở Nội vụ", "SNV", 6),
    ("Sở Y tế", "SYT", 6),
    ("Sở Công Thương", "SCT", 5),
    ("Sở Giáo dục và Đào tạo", "SGDĐT", 4),
    ("Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL", 3),
    ("Sở Khoa học và Công nghệ", "SKHCN", 2),
    ("Sở Dân tộc và Tôn giáo", "SDTTG", 1),
    ("Sở Ngoại vụ", "SNGV", 1),
    ("Thanh tra tỉnh", "TTT", 1),
    ("Ban Quản lý các khu công nghiệp", "BQLKCN", 2),
    ("Công an tỉnh", "CAT", 9),
    ("Bộ Chỉ huy Quân sự tỉnh", "BCHQS", 1),
    ("Bảo hiểm xã hội tỉnh", "BHXH", 5),
    ("Thuế tỉnh", "THUE", 5),
    ("Điện lực tỉnh", "ĐL", 2),
    ("Văn phòng UBND tỉnh", "VPUBND", 1),
]
DIVISIONS = [
    "Phòng Quản lý chuyên ngành",
    "Phòng Cấp phép và Đăng ký",
    "Phòng Kế hoạch – Tài chính",
    "Phòng Pháp chế – Thanh tra",
]
_FIRST = ["Tân", "Phú", "Hòa", "Bình", "An", "Đức", "Long", "Thuận", "Hưng", "Lạc"]
_SECOND = ["Hà", "Lâm", "Sơn", "Thành", "Phước", "Nghĩa", "Xuân", "Hải", "Trung", "Mỹ"]
_FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Võ", "Đặng", "Bùi", "Đỗ", "Ngô"]
_GIVEN = ["Văn An", "Thị Bình", "Minh Châu", "Hữu Dũng", "Thị Hà", "Quốc Hùng", "Ngọc Lan", "Thanh Long"]
_VERBS = ["Cấp", "Cấp lại", "Gia hạn", "Điều chỉnh", "Đăng ký", "Xác nhận", "Công nhận", "Thẩm định"]
_SUBJECTS = [
    "giấy phép hoạt động",
    "giấy chứng nhận đủ điều kiện",
    "chứng chỉ hành nghề",
    "giấy phép xây dựng",
    "giấy chứng nhận đăng ký",
    "văn bản chấp thuận",
    "giấy phép kinh doanh",
    "phiếu lý lịch tư pháp",
    "hồ sơ trợ cấp",
    "quyết định công nhận",
]
_COMMUNE_SUBJECTS = [
    "khai sinh",
    "khai tử",
    "kết hôn",
    "chứng thực bản sao",
    "xác nhận tình trạng hôn nhân",
    "hỗ trợ hộ nghèo",
    "trợ cấp xã hội hằng tháng",
    "hộ kinh doanh",
    "chuyển mục đích sử dụng đất",
    "xác nhận cư trú",
]


@dataclasses.dataclass(frozen=True)
class Scale:
    """Sizes of the generated province. The defaults are the issue's; tests use a small one."""

    departments: int = 20
    communes: int = 100
    branches: int = 5
    procedures: int = 2_000
    commune_procedures: int = 60  # performed by every commune (with its own steps)
    shared_procedures: int = 60  # department procedures with a second performing department
    dossiers: int = 5_000_000
    years: int = 5
    staff: bool = True
    seed_salt: int = 0

    @property
    def performer_rows(self) -> int:
        return (
            (self.procedures - self.commune_procedures)
            + self.commune_procedures * self.communes
            + self.shared_procedures
        )


# --- SQL dialect ----------------------------------------------------------------------------------


class _Dialect:
    def __init__(self, vendor: str):
        self.vendor = vendor
        self.pg = vendor == "postgresql"

    def series(self, first: int, last: int) -> tuple[str, str]:
        """(WITH prefix, FROM item) of the integers first..last as ``s(i)``."""
        if self.pg:
            return "", f"generate_series({first}::bigint, {last}::bigint) AS s(i)"
        return (
            f"WITH RECURSIVE s(i) AS (SELECT {first} UNION ALL SELECT i + 1 FROM s WHERE i < {last}) ",
            "s",
        )

    def at(self, base: dt.datetime, minutes: str) -> str:
        """The instant ``minutes`` (an SQL integer expression) after ``base``, as the column stores it."""
        utc = base.astimezone(dt.UTC)
        if self.pg:
            return f"(TIMESTAMPTZ '{utc:%Y-%m-%d %H:%M:%S}+00' + ({minutes}) * INTERVAL '1 minute')"
        return f"datetime('{utc:%Y-%m-%d %H:%M:%S}', '+' || ({minutes}) || ' minutes')"

    def least(self, a: str, b: str) -> str:
        return f"LEAST({a}, {b})" if self.pg else f"min({a}, {b})"

    def pad4(self, expr: str) -> str:
        return f"lpad(({expr})::text, 4, '0')" if self.pg else f"printf('%04d', {expr})"

    def text(self, expr: str) -> str:
        return f"({expr})::text" if self.pg else f"({expr})"

    def date(self, day: dt.date) -> str:
        return f"DATE '{day:%Y-%m-%d}'" if self.pg else f"'{day:%Y-%m-%d}'"

    @property
    def empty_json(self) -> str:
        return "'{}'::jsonb" if self.pg else "'{}'"

    def boolean(self, value: bool) -> str:
        return ("TRUE" if value else "FALSE") if self.pg else ("1" if value else "0")


def _quote(value) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | Decimal):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def _h(k: int, salt: int = 0) -> str:
    """The k-th pseudo-random number in [0, PRIME) of the row ``i`` (an SQL expression)."""
    return f"((i * {_MULTIPLIERS[k]} + {k * 7919 + salt}) % {PRIME})"


# --- organisation, catalog, staff (ORM bulk inserts: thousands of rows) ----------------------------


def _agency_code(group1: int, group2: int, group3: int) -> str:
    return f"{group1:03d}.{group2:02d}.{group3:02d}.H68"


def build_organisation(scale: Scale) -> dict:
    """Agencies, units and staff; returns the ids the dossier generator needs."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group

    from cchc.org import roles
    from cchc.org.models import Agency, Staff, Unit

    Kind, Level = Agency.Kind, Agency.Level
    since = dt.date(2020, 1, 1)
    home = Agency.objects.create(
        code=_agency_code(0, 0, 0),
        name="Ủy ban nhân dân tỉnh Lâm Đồng",
        short_name="UBND tỉnh",
        document_symbol="UBND",
        kind=Kind.PROVINCE,
        level=Level.PROVINCE,
        admin_unit_code="68",
        is_home=True,
        valid_from=since,
    )
    departments = Agency.objects.bulk_create(
        [
            Agency(
                code=_agency_code(0, k + 1, 0),
                name=name,
                short_name=short,
                kind=Kind.DEPARTMENT,
                level=Level.PROVINCE,
                parent=home,
                admin_unit_code="68",
                valid_from=since,
            )
            for k, (name, short, _w) in enumerate(DEPARTMENTS[: scale.departments])
        ]
    )
    communes = Agency.objects.bulk_create(
        [
            Agency(
                code=_agency_code(c + 1, 0, 0),
                name=f"{'Phường' if c % 4 == 0 else 'Xã'} {_FIRST[c // 10 % 10]} {_SECOND[c % 10]}"
                + (f" {c // 100 + 1}" if c >= 100 else ""),
                short_name=f"UBND xã {c + 1}",
                kind=Kind.COMMUNE,
                level=Level.COMMUNE,
                parent=home,
                admin_unit_code=f"{24000 + c * 3:05d}",
                valid_from=dt.date(2025, 7, 1),
            )
            for c in range(scale.communes)
        ]
    )
    centre = Agency.objects.create(
        code=_agency_code(0, 0, 99),
        name="Trung tâm Phục vụ hành chính công tỉnh Lâm Đồng",
        short_name="TTPVHCC tỉnh",
        kind=Kind.SERVICE_CENTRE,
        level=Level.PROVINCE,
        parent=home,
        admin_unit_code="68",
        transfer_hours=Decimal(8),
        valid_from=since,
    )
    branches = Agency.objects.bulk_create(
        [
            Agency(
                code=_agency_code(0, b + 1, 99),
                name=f"Chi nhánh Trung tâm Phục vụ hành chính công tỉnh số {b + 1}",
                short_name=f"Chi nhánh {b + 1}",
                kind=Kind.SERVICE_CENTRE,
                level=Level.PROVINCE,
                parent=centre,
                admin_unit_code="68",
                transfer_hours=Decimal(16),
                valid_from=since,
            )
            for b in range(scale.branches)
        ]
    )
    commune_centres = Agency.objects.bulk_create(
        [
            Agency(
                code=_agency_code(k + 1, 99, 0),
                name=f"Trung tâm Phục vụ hành chính công {c.name}",
                short_name=f"TTPVHCC {c.short_name}",
                kind=Kind.SERVICE_CENTRE,
                level=Level.COMMUNE,
                parent=c,
                admin_unit_code=c.admin_unit_code,
                transfer_hours=Decimal(4),
                valid_from=dt.date(2025, 7, 1),
            )
            for k, c in enumerate(communes)
        ]
    )
    for place in [centre, *branches]:
        place.serves.set(departments)
    Through = Agency.serves.through
    Through.objects.bulk_create(
        [
            Through(from_agency_id=cc.pk, to_agency_id=c.pk)
            for cc, c in zip(commune_centres, communes, strict=True)
        ]
    )

    U = Unit.Kind
    units: list[Unit] = []
    units.append(Unit(agency=home, code="lanh-dao", name="Lãnh đạo UBND tỉnh", kind=U.LEADERSHIP))
    units.append(Unit(agency=home, code="van-phong", name="Văn phòng UBND tỉnh", kind=U.OFFICE))
    for a in departments:
        units.append(Unit(agency=a, code="ban-giam-doc", name="Ban Giám đốc", kind=U.LEADERSHIP))
        units.append(Unit(agency=a, code="van-phong", name="Văn phòng", kind=U.OFFICE))
        units += [
            Unit(agency=a, code=f"phong-{k + 1}", name=n, kind=U.DIVISION) for k, n in enumerate(DIVISIONS)
        ]
    for a in communes:
        units.append(Unit(agency=a, code="lanh-dao", name="Lãnh đạo UBND", kind=U.LEADERSHIP))
        units.append(Unit(agency=a, code="van-phong", name="Văn phòng HĐND và UBND", kind=U.OFFICE))
        units.append(Unit(agency=a, code="phong-1", name="Phòng Văn hóa – Xã hội", kind=U.DIVISION))
        units.append(Unit(agency=a, code="phong-2", name="Phòng Kinh tế", kind=U.DIVISION))
    units.append(Unit(agency=centre, code="ban-giam-doc", name="Ban Giám đốc Trung tâm", kind=U.LEADERSHIP))
    for place in [centre, *branches, *commune_centres]:
        units.append(
            Unit(agency=place, code="mot-cua", name="Bộ phận tiếp nhận và trả kết quả", kind=U.COUNTER)
        )
    units = Unit.objects.bulk_create(units)
    by_agency: dict[int, dict[str, list[Unit]]] = {}
    for u in units:
        by_agency.setdefault(u.agency_id, {}).setdefault(u.kind, []).append(u)

    if scale.staff:
        groups = {name: Group.objects.get_or_create(name=name)[0] for name in roles.ROLES}
        password = make_password(PASSWORD)
        User = get_user_model()
        people: list[tuple[str, Unit, str, str]] = []  # username, unit, position, role

        def add(prefix: str, unit: Unit, position: str, role: str, n: int = 1) -> None:
            for k in range(n):
                people.append((f"{prefix}{k + 1 if n > 1 else ''}", unit, position, role))

        add("p.giamsat", by_agency[home.pk][U.OFFICE][0], "Chuyên viên Văn phòng", roles.PROVINCE_OVERSIGHT)
        for d, a in enumerate(departments, start=1):
            add(f"s{d}.giamdoc", by_agency[a.pk][U.LEADERSHIP][0], "Giám đốc", roles.DIRECTOR)
            add(f"s{d}.vanphong", by_agency[a.pk][U.OFFICE][0], "Chánh Văn phòng", roles.OFFICE)
            for k, u in enumerate(by_agency[a.pk][U.DIVISION], start=1):
                add(f"s{d}.p{k}.truong", u, "Trưởng phòng", roles.UNIT_HEAD)
                add(f"s{d}.p{k}.cv", u, "Chuyên viên", roles.SPECIALIST, 2)
        for c, a in enumerate(communes, start=1):
            add(f"x{c}.chutich", by_agency[a.pk][U.LEADERSHIP][0], "Chủ tịch UBND", roles.DIRECTOR)
            for k, u in enumerate(by_agency[a.pk][U.DIVISION], start=1):
                add(f"x{c}.p{k}.truong", u, "Trưởng phòng", roles.UNIT_HEAD)
                add(f"x{c}.p{k}.cv", u, "Công chức", roles.SPECIALIST)
        add("tt.motcua", by_agency[centre.pk][U.COUNTER][0], "Công chức một cửa", roles.COUNTER_OFFICER, 3)
        for b, a in enumerate(branches, start=1):
            add(f"cn{b}.motcua", by_agency[a.pk][U.COUNTER][0], "Công chức một cửa", roles.COUNTER_OFFICER)
        for c, a in enumerate(commune_centres, start=1):
            add(f"x{c}.motcua", by_agency[a.pk][U.COUNTER][0], "Công chức một cửa", roles.COUNTER_OFFICER)
        users = User.objects.bulk_create(
            [User(username=name, password=password, is_active=True) for name, *_ in people]
        )
        if users and users[0].pk is None:
            ids = dict(
                User.objects.filter(username__in=[u.username for u in users]).values_list("username", "pk")
            )
            for u in users:
                u.pk = ids[u.username]
        given = _GIVEN
        Staff.objects.bulk_create(
            [
                Staff(
                    user_id=user.pk,
                    unit=unit,
                    position=position,
                    full_name=f"{_FAMILY[n % len(_FAMILY)]} {given[n % len(given)]}",
                )
                for n, (user, (_name, unit, position, _role)) in enumerate(zip(users, people, strict=True))
            ]
        )
        Member = User.groups.through
        Member.objects.bulk_create(
            [
                Member(user_id=user.pk, group_id=groups[role].pk)
                for user, (*_x, role) in zip(users, people, strict=True)
            ]
        )
    return {
        "home": home,
        "departments": departments,
        "communes": communes,
        "centre": centre,
        "branches": branches,
        "commune_centres": commune_centres,
        "units": by_agency,
    }


def build_catalog(scale: Scale, org: dict) -> None:
    """Fields, procedures (one published version each), performers, process steps and fees."""
    from cchc.org.models import Unit
    from cchc.procedures.models import Fee, Field, Performer, Procedure, ProcedureVersion, ProcessStep

    U = Unit.Kind
    units = org["units"]
    departments, communes = org["departments"], org["communes"]
    centre_counter = units[org["centre"].pk][U.COUNTER][0]
    fields = Field.objects.bulk_create(
        [
            Field(code=f"linh-vuc-{k + 1}", name=f"Lĩnh vực {k + 1:02d}", order=k)
            for k in range(2 * len(departments) + 2)
        ]
    )
    commune_fields = fields[-2:]
    weights = [w for _n, _s, w in DEPARTMENTS[: len(departments)]]
    n_dept = scale.procedures - scale.commune_procedures
    # Procedures per department in proportion to its weight (at least 10 each).
    share = [max(10, round(n_dept * w / sum(weights))) for w in weights]
    share[0] += n_dept - sum(share)
    owners = [a for a, n in zip(departments, share, strict=True) for _ in range(n)]
    since = dt.date(2020, 1, 1)
    procedures = Procedure.objects.bulk_create(
        [Procedure(code=f"1.{100000 + k:06d}") for k in range(scale.procedures)]
    )
    versions = []
    times = [1, 3, 5, 7, 10, 15, 20]
    online = [
        ProcedureVersion.OnlineLevel.FULL,
        ProcedureVersion.OnlineLevel.PARTIAL,
        ProcedureVersion.OnlineLevel.NONE,
    ]
    for k, proc in enumerate(procedures):
        if k < n_dept:
            agency = owners[k]
            d = departments.index(agency)
            field = fields[2 * d + k % 2]
            subject = _SUBJECTS[k % len(_SUBJECTS)]
            level = ProcedureVersion.Level.PROVINCE
            name = f"{_VERBS[k % len(_VERBS)]} {subject} ({agency.short_name}, thủ tục {k + 1})"
        else:
            c = k - n_dept
            agency = communes[0]
            field = commune_fields[c % 2]
            level = ProcedureVersion.Level.COMMUNE
            subject = _COMMUNE_SUBJECTS[c % len(_COMMUNE_SUBJECTS)]
            name = f"{_VERBS[c % len(_VERBS)]} {subject} (cấp xã, thủ tục {c + 1})"
        v = ProcedureVersion(
            procedure=proc,
            number=1,
            status=ProcedureVersion.Status.PUBLISHED,
            decision="1234/QĐ-UBND ngày 12/5/2024",
            name=name,
            field=field,
            agency=agency,
            level=level,
            anywhere=k % 3 == 0,
            online_level=online[k % 3],
            processing_time=Decimal(times[k % len(times)]),
            result_name="Quyết định, giấy chứng nhận",
            result_form=ProcedureVersion.ResultForm.BOTH if k % 2 else ProcedureVersion.ResultForm.PAPER,
            postal_return=True,
            valid_from=since,
        )
        v.refresh_search_columns()
        versions.append(v)
    versions = ProcedureVersion.objects.bulk_create(versions, batch_size=500)
    performers = [Performer(version=v, agency=v.agency) for v in versions]
    for k in range(scale.shared_procedures):
        v = versions[k * max(1, n_dept // max(1, scale.shared_procedures))]
        other = departments[(departments.index(v.agency) + 1) % len(departments)]
        performers.append(Performer(version=v, agency=other, note="Cùng thực hiện"))
    commune_versions = versions[n_dept:]
    own = []  # (performer, commune)
    for v in commune_versions:
        for c in communes[1:]:
            p = Performer(version=v, agency=c)
            performers.append(p)
            own.append((p, c))
    Performer.objects.bulk_create(performers, batch_size=2000)
    if own and own[0][0].pk is None:
        ids = {
            (vid, aid): pk for pk, vid, aid in Performer.objects.values_list("pk", "version_id", "agency_id")
        }
        for p, c in own:
            p.pk = ids[(p.version_id, c.pk)]
    R = ProcessStep.Role
    centre_by_commune = {cc.parent_id: cc for cc in org["commune_centres"]}
    steps = []
    for k, v in enumerate(versions):
        t = v.processing_time
        if v.level == ProcedureVersion.Level.COMMUNE:
            c = v.agency
            counter = units[centre_by_commune[c.pk].pk][U.COUNTER][0]
            division = units[c.pk][U.DIVISION][k % 2]
            plan = [
                (R.COUNTER, counter),
                (R.SPECIALIST, division),
                (R.DIRECTOR, units[c.pk][U.LEADERSHIP][0]),
                (R.RETURN, counter),
            ]
        else:
            division = units[v.agency_id][U.DIVISION][k % len(DIVISIONS)]
            plan = [
                (R.COUNTER, centre_counter),
                (R.SPECIALIST, division),
                (R.UNIT_HEAD, division),
                (R.DIRECTOR, units[v.agency_id][U.LEADERSHIP][0]),
                (R.RETURN, centre_counter),
            ]
        budgets = _budgets(t, len(plan))
        steps += [
            ProcessStep(version=v, order=n + 1, name=role.label, role=role, unit=unit, budget=b)
            for n, ((role, unit), b) in enumerate(zip(plan, budgets, strict=True))
        ]
    for n, (p, c) in enumerate(own):
        counter = units[centre_by_commune[c.pk].pk][U.COUNTER][0]
        division = units[c.pk][U.DIVISION][n % 2]
        plan = [
            (R.COUNTER, counter),
            (R.SPECIALIST, division),
            (R.DIRECTOR, units[c.pk][U.LEADERSHIP][0]),
            (R.RETURN, counter),
        ]
        budgets = _budgets(Decimal(times[n % len(times)]), len(plan))
        steps += [
            ProcessStep(
                version_id=p.version_id,
                performer_id=p.pk,
                order=m + 1,
                name=role.label,
                role=role,
                unit=unit,
                budget=b,
            )
            for m, ((role, unit), b) in enumerate(zip(plan, budgets, strict=True))
        ]
    ProcessStep.objects.bulk_create(steps, batch_size=5000)
    Fee.objects.bulk_create(
        [
            Fee(version=v, name="Lệ phí", amount=Decimal(50_000 * (1 + k % 4)))
            for k, v in enumerate(versions)
            if k % 4 == 0
        ],
        batch_size=2000,
    )


def _budgets(total: Decimal, n: int) -> list[Decimal]:
    """Split a time limit over n steps: a quarter to receipt and return, the rest to the middle steps."""
    edge = (total * Decimal("0.1")).quantize(Decimal("0.01"))
    middle = total - 2 * edge
    per = (middle / (n - 2)).quantize(Decimal("0.01"))
    out = [edge] + [per] * (n - 2) + [edge]
    out[1] += total - sum(out)
    return out


# --- dossiers (set-based SQL) ----------------------------------------------------------------------


def _lookup_tables(cursor, d: _Dialect, org: dict) -> dict[str, int]:
    """Small tables the dossier INSERT joins: agency buckets by weight, each agency's versions, divisions
    and places. Rebuilt at every run from the catalog (deterministic)."""
    from cchc.org.models import Unit
    from cchc.procedures.models import Fee, Performer, ProcedureVersion

    temp = "TEMPORARY "
    for name in ("scale_bucket", "scale_agency", "scale_ver", "scale_div"):
        cursor.execute(f"DROP TABLE IF EXISTS {name}")
    cursor.execute(f"CREATE {temp}TABLE scale_bucket (b INTEGER PRIMARY KEY, agency_id BIGINT NOT NULL)")
    cursor.execute(
        f"CREATE {temp}TABLE scale_agency (agency_id BIGINT PRIMARY KEY, code VARCHAR(20) NOT NULL, "
        "nver INTEGER NOT NULL, ndiv INTEGER NOT NULL, place_id BIGINT NOT NULL, place_counter BIGINT NOT "
        "NULL, "
        "alt_id BIGINT NOT NULL, alt_counter BIGINT NOT NULL, partner_id BIGINT NOT NULL)"
    )
    cursor.execute(
        f"CREATE {temp}TABLE scale_ver (agency_id BIGINT NOT NULL, k INTEGER NOT NULL, version_id BIGINT "
        "NOT NULL, "
        "minutes INTEGER NOT NULL, online_ok INTEGER NOT NULL, fee INTEGER NOT NULL, PRIMARY KEY "
        "(agency_id, k))"
    )
    cursor.execute(
        f"CREATE {temp}TABLE scale_div (agency_id BIGINT NOT NULL, k INTEGER NOT NULL, unit_id BIGINT NOT "
        "NULL, "
        "PRIMARY KEY (agency_id, k))"
    )
    departments, communes = org["departments"], org["communes"]
    counters = dict(Unit.objects.filter(kind=Unit.Kind.COUNTER).values_list("agency_id", "pk"))
    centre, branches = org["centre"], org["branches"]
    centre_of = {cc.parent_id: cc.pk for cc in org["commune_centres"]}
    # Weights: departments by their list weight (≈ 45 % of the volume in all); communes by a skewed
    # population (towns first) — ≈ 55 %.
    dept_w = [w for _n, _s, w in DEPARTMENTS[: len(departments)]]
    commune_w = [1.0 / (1 + 0.04 * k) for k in range(len(communes))]
    total_d, total_c = sum(dept_w), sum(commune_w)
    weights = [(a.pk, 0.45 * w / total_d) for a, w in zip(departments, dept_w, strict=True)]
    weights += [(a.pk, 0.55 * w / total_c) for a, w in zip(communes, commune_w, strict=True)]
    buckets, acc, b = [], 0.0, 0
    for agency_id, w in weights:
        acc += w * 10_000
        while b < round(acc) and b < 10_000:
            buckets.append((b, agency_id))
            b += 1
    while b < 10_000:
        buckets.append((b, weights[-1][0]))
        b += 1
    _insert(cursor, "scale_bucket", buckets)
    fees: dict[int, int] = {}
    for vid, amount in Fee.objects.filter(performer__isnull=True).values_list("version_id", "amount"):
        fees[vid] = fees.get(vid, 0) + int(amount)
    versions = {v["pk"]: v for v in ProcedureVersion.objects.values("pk", "processing_time", "online_level")}
    per_agency: dict[int, list[int]] = {}
    for vid, aid in Performer.objects.order_by("agency_id", "version_id").values_list(
        "version_id", "agency_id"
    ):
        per_agency.setdefault(aid, []).append(vid)
    ver_rows = []
    for aid, vids in per_agency.items():
        for k, vid in enumerate(vids):
            v = versions[vid]
            minutes = int(Decimal(v["processing_time"]) * 1440 * 7 / 5)  # working days → calendar minutes
            ver_rows.append((aid, k, vid, minutes, int(v["online_level"] != "none"), fees.get(vid, 0)))
    _insert(cursor, "scale_ver", ver_rows)
    divisions = list(
        Unit.objects.filter(kind=Unit.Kind.DIVISION)
        .order_by("agency_id", "code")
        .values_list("agency_id", "pk")
    )
    div_rows, seen = [], {}
    for aid, uid in divisions:
        k = seen.get(aid, 0)
        div_rows.append((aid, k, uid))
        seen[aid] = k + 1
    _insert(cursor, "scale_div", div_rows)
    agency_rows = []
    for n, a in enumerate(departments):
        branch = branches[n % len(branches)] if branches else centre
        partner = departments[(n + 3) % len(departments)]
        agency_rows.append(
            (
                a.pk,
                a.code,
                len(per_agency.get(a.pk, [])),
                seen.get(a.pk, 0),
                centre.pk,
                counters[centre.pk],
                branch.pk,
                counters[branch.pk],
                partner.pk,
            )
        )
    for n, a in enumerate(communes):
        neighbour = communes[(n + 1) % len(communes)]
        agency_rows.append(
            (
                a.pk,
                a.code,
                len(per_agency.get(a.pk, [])),
                seen.get(a.pk, 0),
                centre_of[a.pk],
                counters[centre_of[a.pk]],
                centre_of[neighbour.pk],
                counters[centre_of[neighbour.pk]],
                departments[n % len(departments)].pk,
            )
        )
    _insert(cursor, "scale_agency", agency_rows)
    return {"agencies": len(agency_rows), "versions": len(ver_rows)}


def _insert(cursor, table: str, rows: list[tuple]) -> None:
    for start in range(0, len(rows), 500):
        chunk = rows[start : start + 500]
        values = ", ".join("(" + ", ".join(_quote(v) for v in row) + ")" for row in chunk)
        cursor.execute(f"INSERT INTO {table} VALUES {values}")


def _days(scale: Scale, today: dt.date) -> list[tuple[dt.date, int]]:
    """The working days of the last ``scale.years`` years (up to yesterday) with their dossier counts:
    8 % more each year, Mondays 20 % busier, Fridays 10 % quieter; the counts sum to ``scale.dossiers``."""
    from cchc.workdays.calendar import get_calendar

    cal = get_calendar()
    first = today.replace(year=today.year - scale.years)
    days = [first + dt.timedelta(days=k) for k in range((today - first).days)]
    days = [d for d in days if cal.is_working_day(d)]
    weights = []
    for d in days:
        years = (d - first).days / 365.25
        w = 1.08**years
        w *= 1.2 if d.weekday() == 0 else 0.9 if d.weekday() == 4 else 1.0
        weights.append(w)
    total = sum(weights)
    counts, acc, given = [], 0.0, 0
    for w in weights:
        acc += scale.dossiers * w / total
        n = round(acc) - given
        counts.append(n)
        given += n
    return list(zip(days, counts, strict=True))


def _open_share(age: int) -> float:
    """Share of a day's dossiers still open ``age`` working days later: all of the last two days', then
    falling as their time limits run out, and a thin tail of stuck ones (0.1 %)."""
    if age <= 1:
        return 1.0
    return max(0.001, 0.9 * math.exp(-(age - 2) / 6))


def _online_permille(day: dt.date, today: dt.date, years: int) -> int:
    """Online submissions grow from 20 % to 60 % of the dossiers of procedures offered online."""
    span = max(1, years * 365)
    return int(200 + 400 * max(0.0, min(1.0, 1 - (today - day).days / span)))


def _dossier_insert(
    d: _Dialect, day: dt.date, first_i: int, n: int, p_open: float, online: int, max_minutes: int
) -> str:
    """One working day's dossiers: rows ``first_i .. first_i + n - 1`` of the series."""
    from cchc.dossiers.models import Dossier
    from cchc.workdays.calendar import get_calendar

    tz = get_calendar().tz
    base = dt.datetime.combine(day, dt.time(8, 0), tzinfo=tz)
    with_, series = d.series(first_i, first_i + n - 1)
    open_cut = int(p_open * 10_000)
    h = _h
    # Which of its agency's procedures: a few carry most dossiers (u³ of a uniform u, so the first tenth
    # of each agency's list gets ≈ 46 % of them), as in a real catalogue (birth registration, copies
    # certified, criminal record extracts…).
    u = f"({h(2)} % 1000)"
    popular = f"({u} * {u} * {u} * a.nver / 1000000000)"
    # The row's parts, computed once in the inner SELECT.
    received_min = f"({h(5)} % 540)"
    is_online = f"(v.online_ok = 1 AND {h(3)} % 1000 < {online})"
    is_post = f"({h(3)} % 1000 >= 985)"
    inner = f"""
        SELECT s.i AS i, a.agency_id AS agency_id, a.code AS acode, v.version_id AS version_id,
               v.minutes AS due_min, v.fee AS fee,
               CASE WHEN {is_online} THEN 2 WHEN {is_post} THEN 3 ELSE 1 END AS channel,
               CASE WHEN {h(4)} % 100 < 88 THEN a.place_id ELSE a.alt_id END AS place_id,
               CASE WHEN {h(4)} % 100 < 88 THEN a.place_counter ELSE a.alt_counter END AS place_counter,
               a.partner_id AS partner_id, dv.unit_id AS division_id,
               {received_min} AS rec_min,
               CASE WHEN {h(6)} % 10000 < {open_cut} THEN 1 ELSE 0 END AS is_open,
               {h(7)} % 100 AS r_open, {h(8)} % 1000 AS r_fin, {h(9)} % 1000 AS r_misc,
               {h(10)} % 1000 AS r_kind, {h(11)} % 1000 AS r_app,
               ROW_NUMBER() OVER (PARTITION BY a.agency_id ORDER BY s.i) AS num
        FROM {series}
        JOIN scale_bucket bk ON bk.b = {h(1)} % 10000
        JOIN scale_agency a ON a.agency_id = bk.agency_id
        JOIN scale_ver v ON v.agency_id = a.agency_id AND v.k = {popular}
        JOIN scale_div dv ON dv.agency_id = a.agency_id AND dv.k = {h(12)} % a.ndiv
    """
    # Status: open rows by r_open; finished rows by r_fin (late ones) and r_misc (refused, stopped).
    status = """CASE
        WHEN r.is_open = 1 THEN CASE
            WHEN r.r_open < 8 AND r.channel = 2 THEN 'submitted'
            WHEN r.r_open < 13 THEN 'received'
            WHEN r.r_open < 65 THEN 'in_process'
            WHEN r.r_open < 73 THEN 'waiting_supplement'
            WHEN r.r_open < 77 THEN 'inter_agency'
            ELSE 'result_ready' END
        WHEN r.r_misc < 10 THEN 'refused'
        WHEN r.r_misc < 15 THEN 'stopped'
        ELSE 'returned' END"""
    late = "(r.r_fin >= 930)"
    # Minutes from the day's 08:00 to the end of processing: on time a share of the limit, late past it;
    # never later than now.
    fin_min = d.least(
        f"CASE WHEN {late} THEN r.rec_min + r.due_min + 1440 * (1 + r.r_fin % 7) "
        f"ELSE r.rec_min + 60 + (r.due_min - 60) * (r.r_fin % 900) / 1000 END",
        str(max_minutes),
    )
    ret_min = d.least(f"{fin_min} + 60 * (r.r_misc % 50)", str(max_minutes))
    submitted = "(st.status = 'submitted')"
    finished_statuses = "('returned', 'result_ready', 'stopped', 'refused')"
    cols: dict[str, str] = {
        "code": d.text(f"st.acode || '-' || '{day:%y%m%d}' || '-' || {d.pad4('st.num')}"),
        "agency_id": "st.agency_id",
        "receipt_place_id": "CASE WHEN st.channel = 1 THEN st.place_id END",
        "return_place_id": "CASE WHEN st.channel = 1 OR (st.channel = 2 AND st.r_misc % 10 < 6) THEN "
        "st.place_id END",
        "procedure_version_id": "st.version_id",
        "applicant_kind": "CASE WHEN st.r_kind < 850 THEN 'person' ELSE 'organisation' END",
        "applicant_name": "CASE WHEN st.r_kind < 850 THEN "
        + _pick("st.i", _FAMILY)
        + " || ' ' || "
        + _pick("(st.i / 7)", _GIVEN)
        + " ELSE 'Công ty TNHH ' || "
        + _pick("st.i", _SECOND)
        + f" || ' ' || {d.text('st.i % 997')} END",
        "id_number": f"CASE WHEN st.r_kind < 850 THEN '0680' || {d.text('80 + st.i % 20')} || "
        f"{d.text('100000 + st.i % 900000')} ELSE '' END",
        "tax_code": f"CASE WHEN st.r_kind < 850 THEN '' ELSE {d.text('5800000000 + st.i % 99999999')} END",
        "phone": f"'09' || {d.text('10000000 + (st.i * 7919) % 89999999')}",
        "channel": "st.channel",
        "return_channel": "CASE WHEN st.channel = 1 OR (st.channel = 2 AND st.r_misc % 10 < 6) THEN 1 "
        "WHEN st.channel = 3 THEN 3 ELSE 2 END",
        "paper_reason": "CASE WHEN st.channel <> 2 AND st.r_app < 100 THEN 'Người nộp không sử dụng được "
        "dịch vụ "
        "trực tuyến' ELSE '' END",
        "status": "st.status",
        "holder_unit_id": "CASE WHEN st.status IN ('received', 'in_process', 'waiting_supplement') THEN "
        "st.division_id "
        "WHEN st.status IN ('result_ready', 'returned') THEN COALESCE(CASE WHEN st.channel = 1 OR "
        "(st.channel = 2 AND st.r_misc % 10 < 6) THEN st.place_counter END, st.division_id) END",
        "holder_agency_id": "CASE WHEN st.status = 'inter_agency' THEN st.partner_id END",
        "submitted_at": d.at(base, "st.rec_min"),
        "received_at": f"CASE WHEN {submitted} THEN NULL ELSE {d.at(base, 'st.rec_min')} END",
        "due_at": f"CASE WHEN {submitted} THEN NULL ELSE {d.at(base, 'st.rec_min + st.due_min')} END",
        "finished_at": f"CASE WHEN st.status = 'refused' THEN {d.at(base, 'st.rec_min')} "
        f"WHEN st.status IN {finished_statuses} THEN {d.at(base, 'st.fin_min')} END",
        "returned_at": f"CASE WHEN st.status = 'returned' THEN {d.at(base, 'st.ret_min')} END",
        "paused_since": "CASE WHEN st.status = 'waiting_supplement' THEN "
        f"{d.at(base, 'st.rec_min + 1440')} END",
        "paused_minutes": "0",
        "supplement_count": "CASE WHEN st.status = 'waiting_supplement' THEN 1 WHEN st.r_app % 100 < 5 "
        "THEN 1 "
        "WHEN st.r_app % 100 = 99 THEN 2 ELSE 0 END",
        "outcome": "CASE WHEN st.status IN ('returned', 'result_ready') THEN "
        "CASE WHEN st.r_misc >= 985 THEN 'rejected' ELSE 'approved' END ELSE '' END",
        "result_code": "CASE WHEN st.status IN ('returned', 'result_ready') AND st.r_misc < 985 AND "
        "st.r_app < 600 "
        f"THEN 'KQ-' || {d.text('st.i')} ELSE '' END",
        "fee_amount": "st.fee",
        "paid_online": "CASE WHEN st.fee > 0 AND st.channel = 2 AND st.r_app % 3 > 0 THEN 1 ELSE 0 END",
        "digitised_components": "(st.r_app % 10 < 8)",
        "data_reused": "(st.r_app % 10 < 3)",
        "vneid_verified": "(st.channel = 2 AND st.r_kind % 10 < 8)",
        "created_at": d.at(base, "st.rec_min"),
    }
    fields = [f for f in Dossier._meta.concrete_fields if not f.primary_key]
    names, exprs = [], []
    for f in fields:
        names.append(f.column)
        if f.column in cols:
            exprs.append(cols[f.column])
        else:
            value = f.get_default()
            exprs.append(d.boolean(value) if isinstance(value, bool) else _quote(value))
    missing = set(cols) - set(names)
    assert not missing, missing
    return (
        f"INSERT INTO dossiers_dossier ({', '.join(names)}) {with_}"
        f"SELECT {', '.join(exprs)} FROM ("
        f" SELECT r.*, {status} AS status, {fin_min} AS fin_min, {ret_min} AS ret_min FROM ({inner}) r"
        f") st"
    )


def _pick(index: str, words: list[str]) -> str:
    whens = " ".join(f"WHEN {k} THEN {_quote(w)}" for k, w in enumerate(words))
    return f"(CASE ({index}) % {len(words)} {whens} END)"


def _after_day(cursor, d: _Dialect, day: dt.date, after_id: int) -> None:
    """Events, control-slip rows and the day counters of the dossiers inserted since ``after_id``."""
    data, public = d.empty_json, d.boolean(True)
    cursor.execute(
        "INSERT INTO dossiers_dossierevent (at, action, actor_id, from_status, to_status, note, data, "
        "dossier_id, "
        "seq, actor_label, unit_id, public) "
        "SELECT COALESCE(received_at, submitted_at), CASE WHEN channel = 2 THEN 'submit_online' ELSE "
        "'receive' END, "
        f"NULL, '', CASE WHEN status = 'submitted' THEN 'submitted' ELSE 'received' END, '', {data}, id, 1, "
        f"'Bộ phận tiếp nhận và trả kết quả', NULL, {public} FROM dossiers_dossier WHERE id > {after_id}"
    )
    cursor.execute(
        "INSERT INTO dossiers_dossierevent (at, action, actor_id, from_status, to_status, note, data, "
        "dossier_id, "
        "seq, actor_label, unit_id, public) "
        f"SELECT returned_at, 'return_result', NULL, 'result_ready', 'returned', '', {data}, id, 2, "
        f"'Bộ phận tiếp nhận và trả kết quả', holder_unit_id, {public} FROM dossiers_dossier "
        f"WHERE id > {after_id} AND status = 'returned'"
    )
    # The control slip of open dossiers: counter → division; for those at a partner agency, → the agency.
    cursor.execute(
        "INSERT INTO dossiers_handover (dossier_id, seq, step_id, from_unit_id, from_agency_id, to_unit_id, "
        "to_agency_id, handed_at, handed_by_id, step_due_at, done_at, result) "
        "SELECT d.id, 1, NULL, NULL, d.receipt_place_id, COALESCE(CASE WHEN d.status IN ('received', "
        "'in_process', "
        "'waiting_supplement') THEN d.holder_unit_id END, dv.unit_id), NULL, d.received_at, NULL, "
        "d.due_at, NULL, '' "
        "FROM dossiers_dossier d JOIN scale_div dv ON dv.agency_id = d.agency_id AND dv.k = d.id % "
        "(SELECT ndiv FROM scale_agency a WHERE a.agency_id = d.agency_id) "
        f"WHERE d.id > {after_id} AND d.status IN ('received', 'in_process', 'waiting_supplement', "
        "'inter_agency', "
        "'result_ready')"
    )
    cursor.execute(
        "INSERT INTO dossiers_handover (dossier_id, seq, step_id, from_unit_id, from_agency_id, to_unit_id, "
        "to_agency_id, handed_at, handed_by_id, step_due_at, done_at, result) "
        "SELECT h.dossier_id, 2, NULL, h.to_unit_id, NULL, NULL, d.holder_agency_id, d.received_at, NULL, "
        "d.due_at, "
        "NULL, '' FROM dossiers_handover h JOIN dossiers_dossier d ON d.id = h.dossier_id "
        f"WHERE h.dossier_id > {after_id} AND h.seq = 1 AND d.status = 'inter_agency'"
    )
    cursor.execute(
        "INSERT INTO dossiers_daycounter (agency_id, day, last_number) "
        f"SELECT agency_id, {d.date(day)}, COUNT(*) FROM dossiers_dossier WHERE id > {after_id} GROUP BY "
        "agency_id"
    )


BIG_TABLES = ("dossiers_dossier", "dossiers_dossierevent", "dossiers_handover")


def _drop_indexes(cursor, d: _Dialect) -> int:
    """Drop the non-unique indexes of the large tables, keeping their definitions to recreate them."""
    cursor.execute(
        "CREATE TABLE IF NOT EXISTS bench_scale_index (name VARCHAR(200) PRIMARY KEY, definition TEXT NOT "
        "NULL)"
    )
    names = ", ".join(f"'{t}'" for t in BIG_TABLES)
    if d.pg:
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename IN ("
            + names
            + ") "
            "AND i.indexdef NOT LIKE 'CREATE UNIQUE%%' AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
            "WHERE c.conname = i.indexname)".replace("%%", "%")
        )
    else:
        cursor.execute(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ({names}) "
            "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'"
        )
    rows = cursor.fetchall()
    for name, definition in rows:
        cursor.execute(
            f"INSERT INTO bench_scale_index (name, definition) VALUES ({_quote(name)}, {_quote(definition)})"
        )
        cursor.execute(f'DROP INDEX "{name}"')
    return len(rows)


def _restore_indexes(cursor) -> int:
    cursor.execute("SELECT name, definition FROM bench_scale_index ORDER BY name")
    rows = cursor.fetchall()
    for _name, definition in rows:
        cursor.execute(definition)
    cursor.execute("DROP TABLE bench_scale_index")
    return len(rows)


def _has_table(cursor, d: _Dialect, name: str) -> bool:
    if d.pg:
        cursor.execute(f"SELECT to_regclass('{name}') IS NOT NULL")
    else:
        cursor.execute(f"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{name}'")
    return bool(cursor.fetchone()[0])


def build(scale: Scale = Scale(), *, log=print, now: dt.datetime | None = None) -> dict:
    """Build (or finish building) the province on the default database; returns what it did and the
    seconds each part took. Idempotent: a complete database is left as it is."""
    from django.db import connection, transaction
    from django.utils import timezone

    from cchc.dossiers import tallies
    from cchc.org.models import Agency

    d = _Dialect(connection.vendor)
    timings: dict[str, float] = {}
    started = time.perf_counter()
    now = now or timezone.now()
    today = timezone.localdate(now)
    with transaction.atomic():
        if not Agency.objects.filter(kind=Agency.Kind.SERVICE_CENTRE, code=_agency_code(0, 0, 99)).exists():
            org = build_organisation(scale)
            build_catalog(scale, org)
        org = _org()
    timings["organisation and catalog"] = time.perf_counter() - started

    days = _days(scale, today)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM dossiers_dossier")
        have = cursor.fetchone()[0]
        loading = _has_table(cursor, d, "bench_scale_index")
    if have >= scale.dossiers and not loading:
        log(f"already {have:,} dossiers: nothing to do")
        return {"dossiers": have, "timings": timings}
    t = time.perf_counter()
    tallies.drop()
    outside = not connection.in_atomic_block  # a test runs the build inside its transaction
    with connection.cursor() as cursor:
        if d.pg:
            cursor.execute("SET synchronous_commit = off")
        elif outside:
            cursor.execute("PRAGMA cache_size = -1000000")
            cursor.execute("PRAGMA synchronous = OFF")
        with transaction.atomic():
            if not loading:
                dropped = _drop_indexes(cursor, d)
                log(f"dropped {dropped} indexes of the large tables for the load")
            _lookup_tables(cursor, d, org)
        first_i, done = 0, 0
        for k, (day, n) in enumerate(days):
            if done + n <= have:  # resumed: this day is already loaded
                done += n
                first_i += n
                continue
            eight = dt.datetime.combine(day, dt.time(8, 0), tzinfo=_tz())
            max_minutes = int((now - eight).total_seconds() // 60) - 1
            sql = _dossier_insert(
                d,
                day,
                first_i + scale.seed_salt,
                n,
                _open_share(len(days) - k),
                _online_permille(day, today, scale.years),
                max_minutes,
            )
            with transaction.atomic():
                cursor.execute("SELECT COALESCE(MAX(id), 0) FROM dossiers_dossier")
                after = cursor.fetchone()[0]
                cursor.execute(sql)
                _after_day(cursor, d, day, after)
            first_i += n
            done += n
            if k % 50 == 0 or k == len(days) - 1:
                log(f"  … {day:%Y-%m-%d}: {done:,} dossiers ({time.perf_counter() - t:.0f} s)")
        if not d.pg and outside:
            cursor.execute("PRAGMA synchronous = NORMAL")
    timings["dossiers, events, control slips"] = time.perf_counter() - t
    t = time.perf_counter()
    with connection.cursor() as cursor, transaction.atomic():
        if d.pg:  # run the deferred foreign-key checks now: CREATE INDEX refuses pending trigger events
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        restored = _restore_indexes(cursor)
    timings[f"indexes ({restored})"] = time.perf_counter() - t
    log(f"recreated {restored} indexes in {timings[f'indexes ({restored})']:.0f} s")
    t = time.perf_counter()
    tallies.ensure()
    timings["tallies (triggers + rebuild)"] = time.perf_counter() - t
    t = time.perf_counter()
    analyse()
    timings["statistics"] = time.perf_counter() - t
    timings["total"] = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM dossiers_dossier")
        total = cursor.fetchone()[0]
    return {"dossiers": total, "timings": timings}


def _tz():
    from cchc.workdays.calendar import get_calendar

    return get_calendar().tz


def _org() -> dict:
    from cchc.org.models import Agency, Unit

    agencies = list(Agency.objects.order_by("pk"))
    centre = next(a for a in agencies if a.code == _agency_code(0, 0, 99))
    units: dict[int, dict[str, list]] = {}
    for u in Unit.objects.order_by("agency_id", "code"):
        units.setdefault(u.agency_id, {}).setdefault(u.kind, []).append(u)
    return {
        "home": next(a for a in agencies if a.is_home),
        "departments": [a for a in agencies if a.kind == Agency.Kind.DEPARTMENT],
        "communes": [a for a in agencies if a.kind == Agency.Kind.COMMUNE],
        "centre": centre,
        "branches": [
            a for a in agencies if a.parent_id == centre.pk and a.kind == Agency.Kind.SERVICE_CENTRE
        ],
        "commune_centres": [
            a for a in agencies if a.kind == Agency.Kind.SERVICE_CENTRE and a.level == Agency.Level.COMMUNE
        ],
        "units": units,
    }


def analyse() -> None:
    """Planner statistics (and, on PostgreSQL, the visibility map that index-only scans need)."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            for table in (*BIG_TABLES, "dossiers_dossiertally", "dossiers_daycounter"):
                cursor.execute(f"VACUUM ANALYZE {table}")
            cursor.execute("ANALYZE")
        else:
            cursor.execute("ANALYZE")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.province", description=__doc__.split("\n\n")[0])
    parser.add_argument("--dossiers", type=int, default=Scale.dossiers)
    parser.add_argument("--file", default=SQLITE_FILE, help="SQLite file under var/ (without DATABASE_URL)")
    parser.add_argument("--fresh", action="store_true", help="delete the SQLite file first")
    args = parser.parse_args(argv)
    from bench import setup_django

    t = time.perf_counter()
    setup_django(args.file, fresh=args.fresh)
    from django.db import connection

    migrate = time.perf_counter() - t
    print(
        f"database: {connection.vendor} {connection.settings_dict['NAME']} (migrate {migrate:.0f} s)",
        flush=True,
    )
    result = build(Scale(dossiers=args.dossiers), log=lambda s: print(s, flush=True))
    for part, seconds in result["timings"].items():
        print(f"{part:<40} {seconds:8.1f} s")
    print(f"dossiers: {result['dossiers']:,}")
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main())
