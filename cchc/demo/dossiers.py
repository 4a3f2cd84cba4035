"""Demo dossiers: about 5,000 over the last 18 months, walked through the real workflow.

Every dossier is created and moved **through** ``cchc.dossiers.services`` with ``at=`` set to the
moment of each action, so codes, due dates, events and control-slip rows are the real ones.
A seeded generator (``random.Random(2026)``) chooses, per dossier: a procedure in force on the day
(``ProcedureVersion.objects.published(day)``), a channel, a fictitious applicant with valid
identifiers, and how its life goes — mostly on time; some late, with an apology issued before the
due date or without one; supplement rounds (the clock pauses); inter-agency steps (hand-over and
take-back); refusals at intake; stops at the applicant's request. Actions happen in office hours
on working days (``cchc.workdays.calendar``); actions that would fall after *now* are not taken,
so recent dossiers stay open at various steps.

Idempotent: when the database already holds ``count`` dossiers, nothing is created; otherwise only
the missing ones are. Notices queued in the ``Outbox`` for these past events are marked as sent
(``sent_at`` = when queued): ``cchc outbox`` must not mail thousands of fictitious applicants.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import inspect
import itertools
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from cchc.citizens.selectors import Identity
from cchc.common.identity import tax_code_check_digit
from cchc.dossiers import services
from cchc.dossiers.models import Channel, Dossier, DossierDocument, OnlinePayment, Status
from cchc.notifications import services as notifications
from cchc.org import roles
from cchc.org.models import Agency, Staff, Unit
from cchc.procedures import selectors as procedure_selectors
from cchc.procedures.models import ProcedureVersion, ProcessStep
from cchc.workdays import calendar

SEED = 2026
# About 5,000 (a year of a department's dossiers), walked through the service layer: ~6 minutes the first
# time on an idle 2-vCPU machine (600 take 48 s); later runs find them and create nothing. `--dossiers 600`
# for a quicker start.
DEFAULT_COUNT = 5000
# Two years: the former Department's last months up to 30/6/2025, then the merged province.
MONTHS = 24
# Intake anywhere (decision 0021): the services take the competent agency and the return place.
# Until they do, dossiers are received at their agency's own counter and the places are filled here.
PLACES_IN_SERVICES = "agency" in inspect.signature(services.receive_at_counter).parameters
BATCH = 200

# --- fictitious applicants ------------------------------------------------------------------------

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
FAMILY += ["Hồ", "Ngô", "Dương", "Lý", "Trương", "Đinh", "Lâm", "Mai", "Tô", "Cao"]
MIDDLE_M = ["Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Công", "Ngọc", "Xuân", "Hoàng"]
MIDDLE_F = ["Thị", "Ngọc", "Thu", "Thanh", "Kim", "Mỹ", "Bích", "Diệu", "Hồng", "Minh"]
GIVEN_M = ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khoa", "Long", "Nam", "Phúc", "Quân", "Sơn"]
GIVEN_M += ["Tài", "Thắng", "Toàn", "Trung", "Tuấn", "Việt", "Vinh", "Hiếu"]
GIVEN_F = ["Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hương", "Lan", "Linh", "Mai", "Ngân", "Nhung"]
GIVEN_F += ["Oanh", "Phương", "Quỳnh", "Thảo", "Trang", "Uyên", "Vy", "Yến"]
# First three digits of a citizen ID: mostly born in Bình Thuận, some in neighbouring provinces.
PROVINCES = ["060"] * 8 + ["068", "068", "058", "079", "056"]
PLACES = [
    "phường Phú Thủy, thành phố Phan Thiết",
    "phường Đức Long, thành phố Phan Thiết",
    "xã Hàm Thắng, huyện Hàm Thuận Bắc",
    "thị trấn Ma Lâm, huyện Hàm Thuận Bắc",
    "thị xã La Gi",
    "xã Tân Hải, thị xã La Gi",
    "thị trấn Liên Hương, huyện Tuy Phong",
    "thị trấn Phan Rí Cửa, huyện Tuy Phong",
    "xã Hòa Thắng, huyện Bắc Bình",
    "thị trấn Võ Xu, huyện Đức Linh",
    "thị trấn Tân Minh, huyện Hàm Tân",
    "xã Tam Thanh, huyện Phú Quý",
]
STREETS = ["Trần Hưng Đạo", "Nguyễn Tất Thành", "Lê Lợi", "Tôn Đức Thắng", "Thủ Khoa Huân", "Hai Bà Trưng"]
COMPANY_KINDS = ["Công ty TNHH", "Công ty TNHH MTV", "Công ty Cổ phần", "Hợp tác xã"]
COMPANY_NAMES = [
    "Thủy sản Hải Phong",
    "May mặc Phan Thiết",
    "Thanh Long Hàm Thuận",
    "Du lịch Mũi Né Xanh",
    "Xây dựng Bình Minh",
    "Chế biến nước mắm Phú Quý",
    "Vận tải Đức Linh",
    "Dịch vụ Việc làm Tâm An",
    "Đào tạo nghề Hòa Thắng",
    "Điện gió Tuy Phong",
    "Cơ khí La Gi",
    "Nông sản Bắc Bình",
]

PAPER_REASONS = [
    "Người nộp không có tài khoản Cổng Dịch vụ công",
    "Người cao tuổi, đề nghị nộp trực tiếp",
    "Người nộp không sử dụng thiết bị điện tử",
    "Hồ sơ có bản gốc cần đối chiếu trực tiếp",
]
INTAKE_ITEMS = [
    "Bổ sung bản sao Giấy khai sinh có chứng thực; ký đầy đủ vào tờ khai.",
    "Tờ khai thiếu số định danh cá nhân; bổ sung ảnh chụp giấy tờ tùy thân.",
    "Bổ sung giấy ủy quyền của người đại diện theo pháp luật.",
]
SUPPLEMENT_ITEMS = [
    "Bổ sung xác nhận của Ủy ban nhân dân cấp xã về hoàn cảnh gia đình.",
    "Bổ sung hợp đồng lao động và danh sách người lao động đã ký.",
    "Bổ sung biên bản kiểm tra thực tế cơ sở; hồ sơ chứng minh điều kiện về nhân sự.",
    "Giải trình số liệu tại tờ khai không khớp với hồ sơ bảo hiểm xã hội.",
]
REFUSE_REASONS = [
    "Thủ tục không thuộc thẩm quyền giải quyết của Sở; đề nghị nộp tại Ủy ban nhân dân cấp xã.",
    "Người nộp không thuộc đối tượng áp dụng của thủ tục.",
]
APOLOGY_REASONS = [
    "Chờ ý kiến của cơ quan phối hợp.",
    "Số lượng hồ sơ tăng đột biến; cần thêm thời gian thẩm định.",
    "Cần kiểm tra thực tế tại cơ sở trước khi trình ký.",
    "Lãnh đạo Sở đi công tác, chưa ký được kết quả.",
]
REJECT_REASONS = [
    "Không đủ điều kiện theo quy định; lý do nêu tại văn bản trả lời.",
    "Kết quả thẩm định thực tế không đáp ứng điều kiện.",
]
STOP_REASONS = ["Người nộp đề nghị dừng giải quyết để nộp lại hồ sơ khác.", "Người nộp rút hồ sơ."]


def _person_name(rng: random.Random) -> tuple[str, bool]:
    male = rng.random() < 0.5
    middle = rng.choice(MIDDLE_M if male else MIDDLE_F)
    given = rng.choice(GIVEN_M if male else GIVEN_F)
    return f"{rng.choice(FAMILY)} {middle} {given}", male


def citizen_id(rng: random.Random, male: bool, today: dt.date) -> str:
    """12 digits: province of birth, century/sex digit (0–3), two birth-year digits, six random."""
    year = rng.randint(1950, today.year - 18)
    century = 0 if year < 2000 else 2
    return f"{rng.choice(PROVINCES)}{century + (0 if male else 1)}{year % 100:02d}{rng.randrange(10**6):06d}"


def tax_code(rng: random.Random) -> str:
    """A 10-digit MST with a valid check digit (province prefix 34 = Bình Thuận, illustrative)."""
    while True:
        body = f"34{rng.randrange(10**7):07d}"
        check = tax_code_check_digit(body)
        if check is not None:
            return f"{body}{check}"


def phone(rng: random.Random) -> str:
    return f"09{rng.randrange(10**8):08d}"


def applicant_for(rng: random.Random, version: ProcedureVersion, today: dt.date) -> services.Applicant:
    address = f"Số {rng.randint(1, 300)} {rng.choice(STREETS)}, {rng.choice(PLACES)}, tỉnh Bình Thuận"
    organisation = version.for_organisations and (not version.for_citizens or rng.random() < 0.4)
    if organisation:
        name = f"{rng.choice(COMPANY_KINDS)} {rng.choice(COMPANY_NAMES)}"
        representative, _male = _person_name(rng)
        return services.Applicant(
            kind="organisation",
            name=name,
            tax_code=tax_code(rng),
            representative=representative,
            phone=phone(rng),
            address=address,
        )
    name, male = _person_name(rng)
    email = f"congdan{rng.randrange(10**6):06d}@example.com" if rng.random() < 0.35 else ""
    return services.Applicant(
        kind="person",
        name=name,
        id_number=citizen_id(rng, male, today),
        phone=phone(rng),
        email=email,
        address=address,
    )


# --- the plan of one dossier ----------------------------------------------------------------------


@dataclass
class Plan:
    fate: str  # on_time | late_apology | late | stopped | refused
    online: bool
    channel: int
    return_channel: int
    intake_supplement: bool
    supplements: int
    reject: bool
    weights: list[float] = field(default_factory=list)


def _plan(rng: random.Random, version: ProcedureVersion) -> Plan:
    # The same number of draws whatever the procedure: a dossier's fate depends on its seed only.
    d_online, d_post, d_return, d_return_post, d_refuse, d_fate, d_supp, d_intake, d_reject = (
        rng.random() for _ in range(9)
    )
    online = version.is_online and d_online < 0.6
    if online:
        channel = Channel.ONLINE
        return_channel = Channel.COUNTER if d_return < 0.3 else Channel.ONLINE
    else:
        channel = Channel.POST if version.postal_submission and d_post < 0.1 else Channel.COUNTER
        return_channel = Channel.COUNTER
    if version.postal_return and d_return_post < 0.15:
        return_channel = Channel.POST
    if online and d_refuse < 0.06:
        fate = "refused"  # ~3 % of all dossiers: about half arrive online
    elif d_fate < 0.01:
        fate = "stopped"
    elif d_fate < 0.045:
        fate = "late_apology"
    elif d_fate < 0.08:
        fate = "late"
    else:
        fate = "on_time"
    return Plan(
        fate=fate,
        online=online,
        channel=channel,
        return_channel=return_channel,
        intake_supplement=online and d_intake < 0.06,
        supplements=0 if d_supp > 0.10 else (2 if d_supp < 0.015 else 1),
        reject=d_reject < 0.04,
    )


SAMPLE_RESULT = "demo/ket-qua-minh-hoa.pdf"


def _store_sample_result() -> tuple[str, int, str]:
    """The one illustrative result PDF of the demo (written once under MEDIA_ROOT): name, size, sha256."""
    storage = DossierDocument._meta.get_field("file").storage
    if not storage.exists(SAMPLE_RESULT):
        from django.core.files.base import ContentFile

        from cchc.dossiers.slips import html_to_pdf

        html = (
            "<html><body style='font-family: serif; margin: 3cm'>"
            "<p style='text-align:center'><b>KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH</b></p>"
            "<p style='text-align:center'><i>Văn bản minh họa của dữ liệu mẫu — "
            "không có giá trị pháp lý.</i></p>"
            "</body></html>"
        )
        storage.save(SAMPLE_RESULT, ContentFile(html_to_pdf(html)))
    with storage.open(SAMPLE_RESULT, "rb") as handle:
        content = handle.read()
    return SAMPLE_RESULT, len(content), hashlib.sha256(content).hexdigest()


class _Future(Exception):
    """The next action would happen after now: the dossier stays where it is."""


@dataclass
class DossierLoader:
    count: int = DEFAULT_COUNT
    now: dt.datetime = field(default_factory=timezone.now)
    created: int = 0
    failures: list[str] = field(default_factory=list)

    def __post_init__(self):
        self.cal = calendar.get_calendar()
        self.day_minutes = self.cal.day_minutes
        self.users: dict[tuple[int, str], list] = defaultdict(list)
        staff = Staff.objects.select_related("user", "unit").filter(user__is_active=True).order_by("user_id")
        for member in staff:
            user = member.user
            for role in roles.user_roles(user):  # caches the roles on the user object
                self.users[(member.unit_id, role)].append(user)
        self._versions: dict[tuple, list[ProcedureVersion]] = {}
        self._weights: dict[int, float] = {}
        self._steps: dict[tuple[int, int | None], list[ProcessStep]] = {}
        self._counters: dict[int, int | None] = {}
        # Performers, service places and what each serves, with their validity (a few dozen rows).
        agencies = Agency.objects.prefetch_related("serves")
        self.agency_rows = {a.pk: a for a in agencies}
        self.places = [a for a in self.agency_rows.values() if a.kind == Agency.Kind.SERVICE_CENTRE]
        self.serving: dict[int, list[Agency]] = defaultdict(list)
        for place in self.places:
            for served in place.serves.all():
                self.serving[served.pk].append(place)
        self._performers: dict[int, list[int]] = {}
        self._sample_result: tuple[str, int, str] | None = None

    def attach_result(self, dossier: Dossier) -> None:
        """The electronic result of an approved dossier whose applicant chose to receive it online.
        Every demo dossier shares one illustrative PDF (stored once); each gets its own row, named
        after its procedure's result, so that downloads and indicators behave as in production."""
        if dossier.return_channel != Channel.ONLINE:
            return
        if self._sample_result is None:
            self._sample_result = _store_sample_result()
        name, size, sha256 = self._sample_result
        DossierDocument.objects.create(
            dossier=dossier,
            kind=DossierDocument.Kind.RESULT,
            title=dossier.procedure_version.result_name[:255],
            original_name="ket-qua-minh-hoa.pdf",
            safe_name="ket-qua-minh-hoa.pdf",
            mime="application/pdf",
            size=size,
            sha256=sha256,
            uploaded_at=dossier.finished_at,
            file=name,
        )

    # -------------------------------------------------------------- choosing
    def _in_force(self, day: dt.date) -> list[ProcedureVersion]:
        keys = tuple(ProcedureVersion.objects.published(day).order_by("pk").values_list("pk", flat=True))
        if keys not in self._versions:  # the same few sets of versions, day after day
            versions = ProcedureVersion.objects.filter(pk__in=keys).select_related("procedure")
            self._versions[keys] = [
                v for v in versions.prefetch_related("fees").order_by("procedure__code") if self._walkable(v)
            ]
        return self._versions[keys]

    def _walkable(self, version: ProcedureVersion) -> bool:
        """A process this walk can take to a decision."""
        steps = self.steps(version)
        if not steps or not version.at_counter:
            return False
        if not PLACES_IN_SERVICES and self.counter_unit(version.agency_id) is None:
            return False  # received at a centre of another agency: needs intake anywhere
        for a, b in itertools.pairwise(steps):
            # A partner step right before the return step: the services now let the sending unit
            # decide after take_back (tests/dossiers/test_lifecycle.py), but this walk does not
            # model that path yet, so such procedures get no demo dossiers.
            if a.role == ProcessStep.Role.PARTNER and b.role == ProcessStep.Role.RETURN:
                return False
        return True

    def steps(self, version: ProcedureVersion, agency_id: int | None = None) -> list[ProcessStep]:
        key = (version.pk, agency_id)
        if key not in self._steps:
            self._steps[key] = list(procedure_selectors.process_steps(version.pk, agency_id))
        return self._steps[key]

    # -------------------------------------------------------------- agencies and places
    def competent(self, rng: random.Random, version: ProcedureVersion, day: dt.date) -> int:
        """A performer of the version in being on the day (the lead when the services cannot choose)."""
        if not PLACES_IN_SERVICES:
            return version.agency_id
        if version.pk not in self._performers:
            self._performers[version.pk] = sorted(
                procedure_selectors.performers(version).values_list("agency_id", flat=True)
            )
        alive = [pk for pk in self._performers[version.pk] if self.agency_rows[pk].is_valid_on(day)]
        return rng.choice(alive) if alive else version.agency_id

    def receipt_place(
        self,
        rng: random.Random,
        version: ProcedureVersion,
        agency_id: int,
        day: dt.date,
        anywhere: bool = True,
    ) -> int:
        """Where a paper dossier is received: a place that serves the agency (its own centre or branch
        mostly), for a procedure received anywhere sometimes another place of the province; the agency's
        own counter when no place serves it (before 01/7/2025)."""
        serving = [p for p in self.serving.get(agency_id, []) if p.is_valid_on(day)]
        if not PLACES_IN_SERVICES or not serving:
            return agency_id
        if anywhere and version.anywhere and rng.random() < 0.3:
            others = [p for p in self.places if p.is_valid_on(day) and p not in serving]
            if others:
                return rng.choice(others).pk
        return rng.choice(serving).pk

    def return_place(self, rng, version, agency_id: int, receipt_id: int | None, day: dt.date) -> int:
        """Mostly where it was received; sometimes another place that serves the agency."""
        serving = [p.pk for p in self.serving.get(agency_id, []) if p.is_valid_on(day)]
        if receipt_id and (rng.random() < 0.75 or not serving):
            return receipt_id
        if version.anywhere and rng.random() < 0.3:
            others = [p.pk for p in self.places if p.is_valid_on(day)]
            if others:
                return rng.choice(others)
        return rng.choice(serving) if serving else agency_id

    def _weight(self, version: ProcedureVersion) -> float:
        key = version.procedure_id
        if key not in self._weights:  # some procedures are much more frequent than others
            self._weights[key] = random.Random(SEED * 7919 + key).choice([0.3, 0.6, 1, 1, 2, 4, 8])
        return self._weights[key]

    def counter_unit(self, agency_id: int) -> int | None:
        if agency_id not in self._counters:
            unit = Unit.objects.valid_on().filter(agency_id=agency_id, kind=Unit.Kind.COUNTER).first()
            self._counters[agency_id] = unit.pk if unit else None
        return self._counters[agency_id]

    def user(self, rng: random.Random, unit_id: int | None, *wanted: str):
        for role in wanted:
            found = self.users.get((unit_id, role))
            if found:
                return rng.choice(found)
        return None

    def moments(self, rng: random.Random) -> list[dt.datetime]:
        """``count`` reception moments in office hours over the last MONTHS months, in order."""
        today = timezone.localdate(self.now)
        start = today - dt.timedelta(days=round(MONTHS * 30.44))
        days = []
        day = start
        while day <= today:
            if self.cal.is_working_day(day):
                days.append(day)
            day += dt.timedelta(days=1)
        # Slowly growing demand: later days weigh up to 1.6 times the first ones.
        weights = [1 + 0.6 * i / len(days) for i in range(len(days))]
        picked = rng.choices(days, weights=weights, k=self.count)
        out = []
        for day in picked:
            midnight = dt.datetime.combine(day, dt.time(0, 0), tzinfo=self.cal.tz)
            out.append(self.cal.add_working_minutes(midnight, rng.randint(5, self.day_minutes - 45)))
        out.sort()
        limit = self.now - dt.timedelta(minutes=30)
        return [min(m, limit) for m in out]

    # -------------------------------------------------------------- time
    def later(self, t: dt.datetime, minutes: float) -> dt.datetime:
        t = self.cal.add_working_minutes(t, max(1, int(minutes)))
        if t > self.now:
            raise _Future
        return t

    def days(self, rng: random.Random, low: float, high: float) -> float:
        return rng.uniform(low, high) * self.day_minutes

    # -------------------------------------------------------------- running
    def run(self, progress: bool = True) -> int:
        existing = Dossier.objects.count()
        if existing >= self.count:
            return 0
        rng = random.Random(SEED)
        moments = self.moments(rng)
        seeds = [rng.getrandbits(64) for _ in range(self.count)]
        todo = list(range(existing, self.count))
        from tqdm import tqdm

        bar = tqdm(total=len(todo), desc="Hồ sơ minh họa", unit="hs", disable=not progress or None)
        for first in range(0, len(todo), BATCH):
            chunk = todo[first : first + BATCH]
            with transaction.atomic():
                ids = []
                for i in chunk:
                    dossier = self.one(random.Random(seeds[i]), moments[i])
                    if dossier is not None:
                        ids.append(dossier.pk)
                # These notices belong to the past: never send them (see the module docstring).
                notifications.mark_sent_when_queued(dossier_ids=ids)
            self.created += len(ids)
            bar.update(len(chunk))
        bar.close()
        return self.created

    def one(self, rng: random.Random, at: dt.datetime) -> Dossier | None:
        day = timezone.localdate(at)
        versions = self._in_force(day)
        if not versions:
            return None
        version = rng.choices(versions, weights=[self._weight(v) for v in versions])[0]
        plan = _plan(rng, version)
        applicant = applicant_for(rng, version, day)
        agency_id = self.competent(rng, version, day)
        # The place of receipt (paper) and of return (collected at a counter); online: the agency's own
        # place checks the submission.
        receipt_id = None if plan.online else self.receipt_place(rng, version, agency_id, day)
        return_id = None
        if plan.return_channel == Channel.COUNTER:
            return_id = self.return_place(rng, version, agency_id, receipt_id, day)
        # An online submission is checked by a counter acting for the agency (its own or a place serving it).
        checker_id = receipt_id or self.receipt_place(rng, version, agency_id, day, anywhere=False)
        counter = self.user(rng, self.counter_unit(checker_id), roles.COUNTER_OFFICER)
        returner = self.user(rng, self.counter_unit(return_id), roles.COUNTER_OFFICER) if return_id else None
        if counter is None:
            return None
        rows = self.agency_rows
        places = {"agency": rows[agency_id], "return_place": rows[return_id] if return_id else None}
        places = places if PLACES_IN_SERVICES else {}
        dossier = None
        try:
            if plan.online:
                dossier, secret = services.submit_online(
                    procedure_version=version,
                    applicant=applicant,
                    return_channel=plan.return_channel,
                    identity=_signed_in(applicant, at) if rng.random() < 0.7 else None,
                    at=at,
                    **places,
                )
                dossier = self.intake(rng, plan, dossier, secret, counter, at)
            else:
                dossier, _secret = services.receive_at_counter(
                    actor=counter,
                    procedure_version=version,
                    applicant=applicant,
                    channel=plan.channel,
                    return_channel=plan.return_channel,
                    paper_reason=rng.choice(PAPER_REASONS) if version.is_online else "",
                    at=at,
                    **places,
                )
            if not PLACES_IN_SERVICES:  # what the services will record themselves (decision 0021)
                Dossier.objects.filter(pk=dossier.pk).update(
                    receipt_place_id=receipt_id, return_place_id=return_id
                )
            if dossier.status == Status.RECEIVED:
                self.walk(rng, plan, dossier, counter, returner or counter)
            self.digital_facts(rng, dossier, at)
        except _Future:
            pass
        except (ValidationError, PermissionDenied) as exc:  # a bug in the plan: report, keep loading
            self.failures.append(f"{dossier.code if dossier else version}: {exc}")
        return dossier

    def digital_facts(self, rng, dossier: Dossier, at: dt.datetime) -> None:
        """The QĐ 766 facts the demo cannot produce through screens (no payment gateway, no scanned
        files): digitised components, data reused, online payment — improving over the 18 months."""
        progress = max(0.0, 1 - (self.now - at).days / (MONTHS * 30.44))  # 0 oldest … 1 today
        online = dossier.channel == Channel.ONLINE
        digitised = rng.random() < (0.55 + 0.35 * progress if online else 0.35 + 0.4 * progress)
        paid = OnlinePayment.NO
        if online and dossier.fee_amount and rng.random() < 0.45 + 0.4 * progress:
            paid = rng.choice([OnlinePayment.NATIONAL_PORTAL, OnlinePayment.LOCAL_PORTAL])
        Dossier.objects.filter(pk=dossier.pk).update(
            digitised_components=digitised,
            data_reused=digitised and rng.random() < 0.3 + 0.5 * progress,
            paid_online=paid,
        )

    def intake(self, rng, plan: Plan, dossier, secret, counter, at) -> Dossier:
        t = self.later(at, rng.uniform(10, 0.8 * self.day_minutes))
        if plan.fate == "refused":
            return services.refuse(
                actor=counter, dossier=dossier, revision=None, reason=rng.choice(REFUSE_REASONS), at=t
            )
        if plan.intake_supplement:
            dossier = services.request_intake_supplement(
                actor=counter, dossier=dossier, revision=None, items=rng.choice(INTAKE_ITEMS), at=t
            )
            t = self.later(t, self.days(rng, 0.5, 4))
            dossier = services.resubmit(dossier=dossier, secret=secret, note="Đã bổ sung theo yêu cầu.", at=t)
            t = self.later(t, rng.uniform(10, 0.8 * self.day_minutes))
        return services.receive(actor=counter, dossier=dossier, revision=None, at=t)

    def durations(self, rng, plan: Plan, dossier: Dossier, steps: list[ProcessStep]) -> dict[int, float]:
        """Working minutes spent at each step before the decision, fitting the plan's fate."""
        deciding = [s for s in steps if s.role != ProcessStep.Role.RETURN]
        allowed = self.cal.working_minutes_between(dossier.received_at, dossier.due_at)
        if plan.fate in ("late", "late_apology"):  # the specialist's step then overruns (walk)
            share = rng.uniform(0.93, 0.98)
        else:
            share = rng.uniform(0.3, 0.97) if rng.random() < 0.85 else rng.uniform(0.9, 0.99)
        total = allowed * share
        raw = {s.order: float(s.budget) * rng.lognormvariate(0, 0.35) for s in deciding}
        scale = total / sum(raw.values())
        return {order: max(5.0, value * scale) for order, value in raw.items()}

    def walk(self, rng, plan: Plan, dossier: Dossier, counter, returner) -> None:
        steps = self.steps(dossier.procedure_version, dossier.agency_id)
        by_order = {s.order: s for s in steps}
        minutes = self.durations(rng, plan, dossier, steps)
        work = next((s for s in steps if s.role == ProcessStep.Role.SPECIALIST), None)
        if plan.fate in ("late", "late_apology") and work is not None:
            minutes[work.order] += (
                self.cal.working_minutes_between(dossier.received_at, dossier.due_at) * 0.05
                + self.days(rng, 0.2, 4)
                + 30
            )
        t = dossier.received_at
        sender = None  # the unit that sent the dossier to another agency
        for _guard in range(20):
            if dossier.status == Status.RESULT_READY:
                t = self.later(t, self.days(rng, 0.05, 1.5))
                services.return_result(actor=returner, dossier=dossier, revision=None, at=t)
                return
            if dossier.status not in (Status.RECEIVED, Status.IN_PROCESS, Status.INTER_AGENCY):
                return
            step = by_order[dossier.current_step.order]
            end = self.cal.add_working_minutes(t, max(1, int(minutes.get(step.order, 30))))
            if work is not None and step.order == work.order and dossier.status == Status.IN_PROCESS:
                dossier, t, end = self.work_step(rng, plan, dossier, t, end, counter, returner)
                if dossier.status == Status.STOPPED:
                    return
            if end > self.now:
                raise _Future
            t = end
            if dossier.status == Status.INTER_AGENCY:
                actor = self.user(rng, sender, roles.DIRECTOR, roles.UNIT_HEAD, roles.SPECIALIST)
                dossier = services.take_back(actor=actor, dossier=dossier, revision=None, at=t)
                continue
            unit = dossier.holder_unit
            needed = services.STEP_ROLE.get(step.role)
            if needed is None:
                needed = roles.COUNTER_OFFICER if unit.kind == Unit.Kind.COUNTER else roles.SPECIALIST
            actor = self.user(rng, unit.pk, needed)
            following = [s for s in steps if s.order > step.order]
            if not following or following[0].role == ProcessStep.Role.RETURN:
                if plan.reject:
                    dossier = services.reject(
                        actor=actor, dossier=dossier, revision=None, reason=rng.choice(REJECT_REASONS), at=t
                    )
                else:
                    dossier = services.approve(
                        actor=actor, dossier=dossier, revision=None, at=t, attach=self.attach_result
                    )
                continue
            sender = unit.pk
            dossier = services.hand_over(actor=actor, dossier=dossier, revision=None, at=t)
        raise ValidationError(f"{dossier.code}: quy trình không kết thúc")

    def work_step(self, rng, plan: Plan, dossier: Dossier, t, end, counter, returner):
        """The specialist's step: supplement rounds, an apology, or a stop, inside the step's time."""
        unit = dossier.holder_unit
        specialist = self.user(rng, unit.pk, roles.SPECIALIST, roles.UNIT_HEAD)
        length = self.cal.working_minutes_between(t, end)
        if plan.fate == "stopped":
            t = self.later(t, length * rng.uniform(0.2, 0.7))
            dossier = services.stop(
                actor=counter, dossier=dossier, revision=None, reason=rng.choice(STOP_REASONS), at=t
            )
            return dossier, t, end
        for _round in range(plan.supplements):
            t = self.later(t, max(10, length * rng.uniform(0.1, 0.4)))
            dossier = services.request_supplement(
                actor=specialist, dossier=dossier, revision=None, items=rng.choice(SUPPLEMENT_ITEMS), at=t
            )
            pause = self.days(rng, 1, 10)
            t = self.later(t, pause)
            # The supplement is handed in on the return side (the place of return, else of receipt).
            dossier = services.supplement_received(
                actor=returner, dossier=dossier, revision=None, note="Người nộp đã bổ sung.", at=t
            )
            end = self.cal.add_working_minutes(end, pause)
        head = self.user(rng, unit.pk, roles.UNIT_HEAD)
        if plan.fate == "late_apology" and head is not None:
            before = self.days(rng, 1.05, 3) if rng.random() < 0.85 else self.days(rng, 0.2, 0.9)
            # ``before`` working minutes ahead of the appointment, and not before the last action.
            ahead = self.cal.working_minutes_between(t, dossier.due_at) - int(before)
            when = self.cal.add_working_minutes(t, max(5, ahead))
            if when > self.now:
                raise _Future
            overrun = max(0, self.cal.working_minutes_between(dossier.due_at, end))
            new_due = self.cal.add_working_minutes(dossier.due_at, int(overrun + self.days(rng, 0.3, 3)) + 30)
            dossier = services.apologise(
                actor=head,
                dossier=dossier,
                revision=None,
                reason=rng.choice(APOLOGY_REASONS),
                new_due_at=new_due,
                at=when,
            )
            t = when
            end = max(end, self.cal.add_working_minutes(t, 5))
        return dossier, t, end


def load_dossiers(
    count: int = DEFAULT_COUNT, *, now: dt.datetime | None = None, progress=True
) -> DossierLoader:
    loader = DossierLoader(count=count, **({"now": now} if now else {}))
    loader.run(progress=progress)
    return loader


def summary() -> dict[str, Counter]:
    """Statuses, channels and timeliness classes of all dossiers (for the command's report)."""
    from cchc.dossiers import timeliness

    qs = Dossier.objects.order_by()
    return {
        "status": Counter(dict(qs.values_list("status").annotate(n=Count("pk")))),
        "channel": Counter(dict(qs.values_list("channel").annotate(n=Count("pk")))),
        "timeliness": Counter(
            dict(timeliness.annotate(qs).values_list("timeliness").annotate(n=Count("pk")))
        ),
    }


def _signed_in(applicant, at) -> Identity | None:
    """A demo citizen who filed signed in through the national sign-on (their dossier VNeID-verified)."""
    if not applicant.id_number:
        return None
    return Identity(
        personal_id=applicant.id_number,
        full_name=applicant.name,
        account_type="citizen",
        level="2",
        verified_at=at,
    )
