"""Demo survey responses (illustrative): about 65 % of the returned demo dossiers answer.

Satisfaction starts near the 2020 baseline (76.3 % satisfied, plan.md T7) and improves over the
18 months of demo dossiers toward ~88 %; a few criteria are weaker (seats and desks, answers to
feedback in time, time limits) and vary over time; about 3 % of respondents give a 1 or 2 (which
opens a follow-up; older ones are closed by the unit head). Some open (public) responses too.

Deterministic: the fate of a dossier depends only on ``SEED`` and its id, so a second run creates
nothing new (dossiers that already have a response, or were drawn "no answer", are skipped).
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from cchc.dossiers.models import Channel, Dossier, Handover, Status
from cchc.org import selectors as org_selectors
from cchc.org.models import Unit
from cchc.surveys import tallies
from cchc.surveys.models import (
    Criterion,
    FollowUp,
    MethodVersion,
    Question,
    Response,
    extra_field,
    score_field,
)
from cchc.surveys.services import office_unit

SEED = 2026
ANSWER_SHARE = 0.65
START_SATISFIED = 0.763
END_SATISFIED = 0.88
PUBLIC_PER_MONTH = 8
MARK_PUBLIC = "[demo]"

# Criterion text fragment -> offset of its satisfaction probability (weaker criteria).
WEAK = {
    "ghế ngồi": -0.09,
    "trả lời kịp thời": -0.07,
    "Thời hạn giải quyết": -0.05,
    "Trang thiết bị": -0.04,
    "hướng dẫn rõ ràng": -0.03,
}
COMMENTS = [
    "Cán bộ hướng dẫn nhiệt tình, dễ hiểu.",
    "Phòng chờ đông, cần thêm ghế ngồi.",
    "Nên nhắn tin khi có kết quả sớm hơn.",
    "Thủ tục nhanh gọn, cảm ơn.",
    "Thời gian chờ hơi lâu.",
    "Mong mở rộng nộp hồ sơ trực tuyến.",
    "Cần bố trí bàn viết, bút cho người dân.",
]
LOW_COMMENTS = [
    "Bị yêu cầu bổ sung nhiều lần, mỗi lần một giấy khác.",
    "Trả kết quả trễ hẹn, không được báo trước.",
    "Cán bộ trả lời thiếu nhiệt tình.",
]


def _satisfied_p(day: dt.date, first: dt.date, last: dt.date) -> float:
    span = max((last - first).days, 1)
    t = min(max((day - first).days / span, 0.0), 1.0)
    return START_SATISFIED + (END_SATISFIED - START_SATISFIED) * t


def _scores(rng: random.Random, criteria: list[Criterion], p: float, t: float) -> tuple[dict, bool]:
    unhappy = rng.random() < 0.03
    values = {}
    for c in criteria:
        feedback = c.element.order == 5
        if rng.random() < (0.45 if feedback else 0.04):
            continue  # not applicable (most people never sent feedback)
        offset = next((v for k, v in WEAK.items() if k.lower() in c.text.lower()), 0.0)
        # Weak criteria vary: the seats improve in the second half, the feedback answers do not.
        if "ghế" in c.text and t > 0.6:
            offset /= 3
        if rng.random() < p + offset:
            values[score_field(c.slot)] = 5 if rng.random() < 0.45 else 4
        elif unhappy and rng.random() < 0.5:
            values[score_field(c.slot)] = rng.choice([1, 2, 2])
        else:
            values[score_field(c.slot)] = 3
    if not values:
        values[score_field(criteria[0].slot)] = 4
    low = any(v <= 2 for v in values.values())
    return values, low


def _extras(rng: random.Random, questions: list[Question]) -> dict:
    out = {}
    for q in questions:
        if q.kind == Question.Kind.YES_NO:
            out[extra_field(q.slot)] = 1 if rng.random() < 0.01 else 0
        elif rng.random() < 0.9:
            out[extra_field(q.slot)] = rng.choices([1, 2, 3, 4], weights=[1, 2, 5, 4])[0]
    return out


def load(*, progress: bool = False) -> str:
    now = timezone.now()
    handling = (
        Handover.objects.filter(dossier=OuterRef("pk"), to_unit__isnull=False)
        .exclude(to_unit__kind__in=[Unit.Kind.COUNTER, Unit.Kind.LEADERSHIP])
        .order_by("-seq")
        .values("to_unit")[:1]
    )
    dossiers = list(
        Dossier.objects.filter(
            status=Status.RETURNED, returned_at__isnull=False, survey_response__isnull=True
        )
        .annotate(handling_unit=Subquery(handling))
        .values(
            "pk",
            "returned_at",
            "return_channel",
            "handling_unit",
            "procedure_version__procedure_id",
            "procedure_version__field_id",
        )
        .order_by("returned_at", "pk")
    )
    office = office_unit()
    methods = {m.pk: m for m in MethodVersion.objects.all()}
    structure = {
        pk: (
            list(Criterion.objects.filter(method_id=pk).select_related("element").order_by("slot")),
            list(Question.objects.filter(method_id=pk)),
        )
        for pk in methods
    }
    all_returned = Dossier.objects.filter(status=Status.RETURNED, returned_at__isnull=False)
    first = all_returned.order_by("returned_at").values_list("returned_at", flat=True).first()
    first_day = timezone.localdate(first) if first else timezone.localdate(now)
    last_day = timezone.localdate(now)

    rows: list[Response] = []
    low_flags: list[tuple[int, Response]] = []
    for d in dossiers:
        rng = random.Random(SEED * 1_000_003 + d["pk"])
        if rng.random() >= ANSWER_SHARE:
            continue
        at = min(d["returned_at"] + dt.timedelta(minutes=rng.randrange(5, 3 * 24 * 60)), now)
        day = timezone.localdate(at)
        method = MethodVersion.in_force(day)
        if method is None:
            continue
        criteria, questions = structure[method.pk]
        t = (day - first_day).days / max((last_day - first_day).days, 1)
        scores, low = _scores(rng, criteria, _satisfied_p(day, first_day, last_day), t)
        kiosk = d["return_channel"] == Channel.COUNTER and rng.random() < 0.35
        comment = ""
        if low:
            comment = rng.choice(LOW_COMMENTS)
        elif rng.random() < 0.08:
            comment = rng.choice(COMMENTS)
        response = Response(
            method=method,
            channel="kiosk" if kiosk else "link",
            dossier_id=d["pk"],
            unit_id=d["handling_unit"] or (office.pk if office else None),
            procedure_id=d["procedure_version__procedure_id"],
            field_id=d["procedure_version__field_id"],
            submitted_at=at,
            comment=comment,
            illustrative=True,
            **scores,
            **_extras(rng, questions),
        )
        rows.append(response)
        if low:
            low_flags.append((d["pk"], response))

    # Open (public) responses: a few per month, deterministic, created once.
    public_rows: list[Response] = []
    if not Response.objects.filter(channel="public", illustrative=True).exists():
        rng = random.Random(SEED)
        months = max(round((last_day - first_day).days / 30.44), 1)
        for _i in range(months * PUBLIC_PER_MONTH):
            day = first_day + dt.timedelta(days=rng.randrange(max((last_day - first_day).days, 1)))
            method = MethodVersion.in_force(day)
            if method is None:
                continue
            criteria, questions = structure[method.pk]
            t = (day - first_day).days / max((last_day - first_day).days, 1)
            scores, low = _scores(rng, criteria, _satisfied_p(day, first_day, last_day) - 0.03, t)
            at = timezone.make_aware(
                dt.datetime.combine(day, dt.time(8 + rng.randrange(9), rng.randrange(60)))
            )
            response = Response(
                method=method,
                channel="public",
                unit=office,
                submitted_at=min(at, now),
                comment=f"{MARK_PUBLIC} " + rng.choice(COMMENTS) if rng.random() < 0.3 else "",
                illustrative=True,
                **scores,
                **_extras(rng, questions),
            )
            public_rows.append(response)
            if low:
                low_flags.append((0, response))

    with transaction.atomic():
        created = Response.objects.bulk_create(rows + public_rows, batch_size=1000)
        if created and created[0].pk is None:  # a backend without ids from bulk inserts
            ids = dict(
                Response.objects.filter(dossier_id__in=[r.dossier_id for r in rows]).values_list(
                    "dossier_id", "pk"
                )
            )
            for r in rows:
                r.pk = ids[r.dossier_id]
            for r, pk in zip(
                public_rows,
                Response.objects.filter(channel="public", illustrative=True)
                .order_by("id")
                .values_list("pk", flat=True),
                strict=False,
            ):
                r.pk = pk
        heads = {}
        for staff in org_selectors.heads().select_related("user").order_by("pk"):
            heads.setdefault(staff.unit_id, staff.user)
        follow_ups = []
        criteria_text = {(c.method_id, c.slot): c.text for cs, _qs in structure.values() for c in cs}
        for _pk, r in low_flags:
            unit_id = r.unit_id or (office.pk if office else None)
            if unit_id is None:
                continue
            low = [
                f"{criteria_text[(r.method_id, slot)]}: {getattr(r, score_field(slot))} điểm"
                for slot in range(1, 25)
                if (r.method_id, slot) in criteria_text and (getattr(r, score_field(slot)) or 5) <= 2
            ]
            opened = r.submitted_at
            closer = heads.get(unit_id)
            closed = closer is not None and (now - opened).days > 20 and random.Random(r.pk).random() < 0.85
            follow_ups.append(
                FollowUp(
                    response_id=r.pk,
                    unit_id=unit_id,
                    low_criteria="\n".join(low),
                    opened_at=opened,
                    state=FollowUp.State.CLOSED if closed else FollowUp.State.OPEN,
                    closed_at=opened + dt.timedelta(days=3) if closed else None,
                    closed_by=closer if closed else None,
                    note="Đã liên hệ người dân, giải thích và nhắc nhở công chức (minh họa)."
                    if closed
                    else "",
                )
            )
        FollowUp.objects.bulk_create(follow_ups, batch_size=1000)
        created_days = [tallies.day_of(r.submitted_at) for r in created]
        if created_days:  # the results read the daily summary: recompute the days touched
            tallies.rebuild_tallies(min(created_days), max(created_days))
    return summary(new=len(rows) + len(public_rows))


def summary(new: int | None = None) -> str:
    total = Response.objects.count()
    public = Response.objects.filter(channel="public").count()
    open_items = FollowUp.objects.filter(state=FollowUp.State.OPEN).count()
    line = (
        f"Phiếu khảo sát minh họa: {total} (khảo sát mở {public}); "
        f"việc cần xử lý sau khảo sát còn mở: {open_items}"
    )
    if new is not None:
        line += f" (mới tạo {new})"
    return line
