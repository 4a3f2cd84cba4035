"""Demo questions and feedback (ILLUSTRATIVE): about 200 items over the last 18 months.

Questions and feedback about the demo procedures (employment, people with merit, social protection,
vocational training, foreign workers), mostly answered on time, some late, some still open, about
150 published in "Hỏi – Đáp" with a public text edited by the Office. Names, phones and e-mails are
invented. Deterministic (seeded), idempotent (demo rows are marked by ``secret_hash`` starting with
``demo:``; such rows cannot be opened on the tracking page), written with bulk_create; every item's
history (``FeedbackEvent``) matches its status, as the services would have written it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cchc.common.text import fold
from cchc.dossiers.models import Dossier
from cchc.feedback.models import Feedback, FeedbackEvent, Kind, Status, Subject, Vote
from cchc.feedback.services import due_date
from cchc.org.models import Unit
from cchc.procedures.models import Field, Procedure
from cchc.workdays import calendar

COUNT = 200
SEED = 20260766
MARK = "demo:"
OFFICE_USER = "vanphong"
# field code -> (unit code, specialist username, head username)
UNITS = {
    "viec-lam": ("lao-dong-viec-lam", "cv.vieclam", "tp.vieclam"),
    "lao-dong-nuoc-ngoai": ("lao-dong-viec-lam", "cv.vieclam", "tp.vieclam"),
    "nguoi-co-cong": ("nguoi-co-cong", "cv.nguoicocong", "tp.nguoicocong"),
    "bao-tro-xa-hoi": ("bao-tro-xa-hoi", "cv.baotro", "tp.baotro"),
    "giao-duc-nghe-nghiep": ("giao-duc-nghe-nghiep", "cv.gdnn", "tp.gdnn"),
}

# (field, procedure code or "", kind, title, question as the asker writes it, public question, answer)
TOPICS = [
    (
        "viec-lam",
        "1.001978",
        Kind.QUESTION,
        "Điều kiện hưởng trợ cấp thất nghiệp",
        "Tôi nghỉ việc từ tháng trước, đã đóng bảo hiểm thất nghiệp {n} tháng. Xin hỏi tôi có đủ điều kiện "
        "hưởng trợ cấp thất nghiệp không và phải nộp hồ sơ trong bao lâu?",
        "Người lao động đã đóng bảo hiểm thất nghiệp {n} tháng, nghỉ việc tháng trước, hỏi điều kiện và "
        "thời hạn nộp hồ sơ hưởng trợ cấp thất nghiệp.",
        "Theo Luật Việc làm, người lao động được hưởng trợ cấp thất nghiệp khi đã đóng bảo hiểm thất nghiệp "
        "từ đủ 12 tháng trở lên trong thời gian 24 tháng trước khi chấm dứt hợp đồng lao động và nộp hồ sơ "
        "tại Trung tâm Dịch vụ việc làm trong thời hạn 03 tháng kể từ ngày chấm dứt hợp đồng.",
    ),
    (
        "viec-lam",
        "1.001978",
        Kind.FEEDBACK,
        "Chậm chi trả trợ cấp thất nghiệp",
        "Tôi đã có quyết định hưởng trợ cấp thất nghiệp nhưng đến nay đã {n} ngày vẫn chưa nhận được tiền "
        "tháng đầu. Đề nghị Sở kiểm tra.",
        "Công dân phản ánh đã có quyết định hưởng trợ cấp thất nghiệp nhưng chưa nhận được tiền tháng đầu.",
        "Sở đã phối hợp với Bảo hiểm xã hội tỉnh kiểm tra: tiền trợ cấp được chi trả trong 05 ngày làm việc "
        "kể từ ngày có quyết định; trường hợp của công dân đã được chi trả qua tài khoản ngân hàng.",
    ),
    (
        "viec-lam",
        "1.000372",
        Kind.QUESTION,
        "Hỗ trợ học nghề khi đang hưởng trợ cấp thất nghiệp",
        "Tôi đang hưởng trợ cấp thất nghiệp, muốn học nghề sửa chữa điện lạnh {n} tháng. Tôi có được hỗ trợ "
        "học phí không?",
        "Người đang hưởng trợ cấp thất nghiệp hỏi về chế độ hỗ trợ học nghề.",
        "Người đang hưởng trợ cấp thất nghiệp có nhu cầu học nghề được hỗ trợ chi phí học nghề theo mức quy "
        "định, thời gian hỗ trợ không quá 06 tháng. Hồ sơ nộp tại Trung tâm Dịch vụ việc làm.",
    ),
    (
        "viec-lam",
        "1.000401",
        Kind.QUESTION,
        "Tạm dừng hưởng trợ cấp thất nghiệp khi không thông báo tìm việc",
        "Tháng này tôi bị ốm nên không đến thông báo tìm kiếm việc làm đúng hẹn. Trợ cấp của tôi có bị dừng "
        "không?",
        "Người lao động không thông báo tìm kiếm việc làm đúng hẹn vì ốm đau hỏi có bị tạm dừng trợ cấp.",
        "Trường hợp ốm đau có giấy xác nhận của cơ sở y tế, người lao động được ủy quyền hoặc gửi thư bảo "
        "đảm để thông báo; nếu không thông báo, trợ cấp bị tạm dừng và được tiếp tục khi thông báo lại.",
    ),
    (
        "lao-dong-nuoc-ngoai",
        "1.000105",
        Kind.QUESTION,
        "Thời hạn cấp giấy phép lao động cho chuyên gia",
        "Công ty chúng tôi cần tuyển {n} chuyên gia kỹ thuật người nước ngoài. Xin hỏi thời hạn giải quyết "
        "cấp giấy phép lao động là bao lâu?",
        "Doanh nghiệp hỏi thời hạn giải quyết cấp giấy phép lao động cho chuyên gia người nước ngoài.",
        "Thời hạn giải quyết là 05 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ; doanh nghiệp phải được "
        "chấp thuận nhu cầu sử dụng người lao động nước ngoài trước khi nộp hồ sơ.",
    ),
    (
        "lao-dong-nuoc-ngoai",
        "2.000205",
        Kind.FEEDBACK,
        "Đề nghị nộp hồ sơ gia hạn giấy phép lao động trực tuyến",
        "Đề nghị Sở cho phép nộp toàn bộ hồ sơ gia hạn giấy phép lao động trực tuyến, không phải nộp bản "
        "giấy {n} bộ.",
        "Doanh nghiệp kiến nghị nộp hồ sơ gia hạn giấy phép lao động hoàn toàn trực tuyến.",
        "Thủ tục gia hạn giấy phép lao động đã được cung cấp dịch vụ công trực tuyến toàn trình trên Cổng "
        "Dịch vụ công; doanh nghiệp không phải nộp bản giấy.",
    ),
    (
        "nguoi-co-cong",
        "1.010805",
        Kind.QUESTION,
        "Hỗ trợ thăm viếng mộ liệt sĩ",
        "Gia đình tôi muốn đi thăm mộ liệt sĩ ở tỉnh khác, đoàn {n} người. Xin hỏi thủ tục "
        "xin giấy giới thiệu "
        "và mức hỗ trợ tiền đi lại?",
        "Thân nhân liệt sĩ hỏi thủ tục cấp giấy giới thiệu và mức hỗ trợ thăm viếng mộ liệt sĩ.",
        "Thân nhân liệt sĩ (tối đa 03 người) được hỗ trợ tiền đi lại và ăn ở mỗi năm một lần. Hồ sơ gồm đơn "
        "đề nghị có xác nhận của UBND cấp xã, nộp tại Bộ phận Một cửa của Sở.",
    ),
    (
        "nguoi-co-cong",
        "1.010813",
        Kind.QUESTION,
        "Sửa sai năm sinh trong hồ sơ người có công",
        "Hồ sơ người có công của bố tôi ghi sai năm sinh so với căn cước ({n} năm). Xin hướng dẫn thủ tục "
        "đính chính.",
        "Thân nhân hỏi thủ tục đính chính năm sinh trong hồ sơ người có công.",
        "Thực hiện thủ tục sửa đổi, bổ sung thông tin cá nhân trong hồ sơ người có công: đơn đề nghị kèm bản "
        "sao giấy tờ chứng minh thông tin đúng; thời hạn giải quyết 12 ngày làm việc.",
    ),
    (
        "nguoi-co-cong",
        "",
        Kind.FEEDBACK,
        "Đề nghị rà soát chế độ điều dưỡng người có công",
        "Năm nay mẹ tôi chưa được đi điều dưỡng tập trung dù đã đến lượt sau {n} năm. Đề nghị Sở xem xét.",
        "Công dân phản ánh thân nhân chưa được bố trí điều dưỡng tập trung theo định kỳ.",
        "Sở đã rà soát danh sách điều dưỡng năm nay; trường hợp nêu trên được bố trí điều "
        "dưỡng đợt tiếp theo. "
        "Chế độ điều dưỡng được thực hiện 02 năm một lần theo quy định.",
    ),
    (
        "bao-tro-xa-hoi",
        "",
        Kind.QUESTION,
        "Trợ cấp xã hội hằng tháng cho người cao tuổi",
        "Bà nội tôi năm nay {n} tuổi, sống một mình, không có lương hưu. Bà có được hưởng trợ "
        "cấp xã hội hằng "
        "tháng không, nộp hồ sơ ở đâu?",
        "Công dân hỏi điều kiện hưởng trợ cấp xã hội hằng tháng đối với người cao tuổi không có lương hưu.",
        "Người từ đủ 75 tuổi trở lên không có lương hưu, trợ cấp bảo hiểm xã hội hằng tháng được hưởng trợ "
        "cấp xã hội hằng tháng. Hồ sơ nộp tại UBND cấp xã nơi cư trú.",
    ),
    (
        "bao-tro-xa-hoi",
        "1.001753",
        Kind.QUESTION,
        "Cấp giấy phép hoạt động cơ sở trợ giúp xã hội",
        "Tổ chức chúng tôi dự kiến mở cơ sở chăm sóc {n} người cao tuổi. Hồ sơ cấp giấy phép hoạt động gồm "
        "những gì?",
        "Tổ chức hỏi thành phần hồ sơ cấp giấy phép hoạt động cơ sở trợ giúp xã hội.",
        "Hồ sơ gồm: tờ khai đề nghị cấp giấy phép; bản sao giấy chứng nhận đăng ký thành lập; danh sách nhân "
        "viên; quy chế hoạt động. Thời hạn giải quyết 15 ngày làm việc.",
    ),
    (
        "bao-tro-xa-hoi",
        "",
        Kind.FEEDBACK,
        "Danh sách hộ nghèo chưa được niêm yết công khai",
        "Thôn tôi rà soát hộ nghèo năm nay nhưng danh sách chưa được niêm yết sau {n} ngày. "
        "Đề nghị Sở kiểm tra.",
        "Công dân phản ánh danh sách hộ nghèo sau rà soát chưa được niêm yết công khai tại thôn.",
        "Sở đã đề nghị UBND xã niêm yết công khai danh sách tại nhà văn hóa thôn và trụ sở UBND xã trong 03 "
        "ngày làm việc theo quy trình rà soát hộ nghèo.",
    ),
    (
        "giao-duc-nghe-nghiep",
        "1.000482",
        Kind.QUESTION,
        "Đăng ký hoạt động giáo dục nghề nghiệp cho trung tâm",
        "Trung tâm chúng tôi muốn mở thêm {n} nghề trình độ sơ cấp. Thủ tục đăng ký bổ sung "
        "hoạt động thế nào?",
        "Trung tâm giáo dục nghề nghiệp hỏi thủ tục đăng ký bổ sung ngành, nghề trình độ sơ cấp.",
        "Trung tâm nộp hồ sơ đăng ký bổ sung hoạt động giáo dục nghề nghiệp tại Sở; thời hạn giải quyết 10 "
        "ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.",
    ),
    (
        "giao-duc-nghe-nghiep",
        "",
        Kind.QUESTION,
        "Hỗ trợ đào tạo nghề cho lao động nông thôn",
        "Tôi là lao động nông thôn {n} tuổi, muốn học nghề may công nghiệp. Tôi có được hỗ "
        "trợ chi phí không?",
        "Lao động nông thôn hỏi chính sách hỗ trợ đào tạo nghề trình độ sơ cấp.",
        "Lao động nông thôn được hỗ trợ chi phí đào tạo trình độ sơ cấp và dưới 3 tháng theo chương trình "
        "mục tiêu; liên hệ Phòng Giáo dục nghề nghiệp hoặc UBND cấp xã để đăng ký.",
    ),
    (
        "viec-lam",
        "",
        Kind.FEEDBACK,
        "Thái độ hướng dẫn tại Bộ phận Một cửa",
        "Ngày tôi đến nộp hồ sơ phải chờ {n} phút và được hướng dẫn chưa rõ ràng. Đề nghị cải thiện.",
        "Công dân phản ánh thời gian chờ và việc hướng dẫn tại Bộ phận Một cửa.",
        "Sở tiếp thu phản ánh, đã nhắc nhở công chức và bố trí thêm quầy hướng dẫn vào giờ cao điểm; mời "
        "công dân đánh giá mức độ hài lòng sau mỗi lần giao dịch.",
    ),
]
GIVEN = [
    "An",
    "Bình",
    "Chi",
    "Dũng",
    "Hà",
    "Hùng",
    "Lan",
    "Minh",
    "Nga",
    "Phúc",
    "Quang",
    "Thảo",
    "Tuấn",
    "Vy",
]
FAMILY = ["Nguyễn Văn", "Trần Thị", "Lê Văn", "Phạm Thị", "Hoàng Minh", "Võ Thị", "Đặng Quốc", "Bùi Thị"]


def _at_office_hour(day: dt.date, rng: random.Random) -> dt.datetime:
    naive = dt.datetime.combine(day, dt.time(rng.choice([8, 9, 10, 14, 15]), rng.randrange(60)))
    return timezone.make_aware(naive)


def _working_day_on_or_after(day: dt.date) -> dt.date:
    while not calendar.is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def _after(start: dt.datetime, working_days: int, minutes: int) -> dt.datetime:
    moment = calendar.add_working_days(start, working_days) if working_days else start
    return moment + dt.timedelta(minutes=minutes)


def summary() -> str:
    qs = Feedback.objects.filter(secret_hash__startswith=MARK)
    published = qs.filter(status=Status.PUBLISHED).count()
    return f"Hỏi đáp, phản ánh minh họa: {qs.count()} mục, {published} đã công khai"


def load(*, progress: bool = False) -> str:
    if Feedback.objects.filter(secret_hash__startswith=MARK).exists():
        return summary() + " (đã có, không tạo thêm)"
    User = get_user_model()
    users = {u.username: u for u in User.objects.select_related("staff__unit").filter(staff__isnull=False)}
    office = users.get(OFFICE_USER)
    if office is None or any(
        name not in users for _unit, spec, head in UNITS.values() for name in (spec, head)
    ):
        return "Hỏi đáp, phản ánh minh họa: bỏ qua (chưa có cán bộ minh họa)"
    fields = {f.code: f for f in Field.objects.filter(code__in=UNITS)}
    units = {
        u.code: u for u in Unit.objects.filter(code__in={v[0] for v in UNITS.values()}, staff__isnull=False)
    }
    procedures = {p.code: p for p in Procedure.objects.filter(code__in={t[1] for t in TOPICS if t[1]})}
    dossiers = {}
    for code in procedures:
        dossiers[code] = list(
            Dossier.objects.filter(procedure_version__procedure__code=code)
            .order_by("code")
            .values_list("pk", flat=True)[:20]
        )
    any_dossiers = list(
        Dossier.objects.order_by("code").values_list("pk", "procedure_version__procedure_id")[:200]
    )
    rng = random.Random(SEED)
    today = timezone.localdate()
    first = today - dt.timedelta(days=548)
    taken_codes = set(Feedback.objects.values_list("code", flat=True))
    per_day: dict[dt.date, int] = {}
    items: list[Feedback] = []
    plans: list[list[tuple]] = []
    days = sorted(
        _working_day_on_or_after(first + dt.timedelta(days=rng.randrange(548))) for _ in range(COUNT)
    )
    for n, day in enumerate(days):
        if day > today:
            day = today
        field_code, proc_code, kind, title, body, public_q, answer = TOPICS[n % len(TOPICS)]
        number = rng.randint(2, 30)
        unit_code, spec_name, head_name = UNITS[field_code]
        received_at = _at_office_hour(day, rng)
        if received_at > timezone.now():
            received_at = timezone.now() - dt.timedelta(hours=1)
        per_day[day] = per_day.get(day, 0) + 1
        code = f"PA-{day:%y%m%d}-{per_day[day]:04d}"
        while code in taken_codes:
            per_day[day] += 1
            code = f"PA-{day:%y%m%d}-{per_day[day]:04d}"
        taken_codes.add(code)
        procedure = procedures.get(proc_code)
        subject, dossier_id = Subject.GENERAL, None
        if procedure is not None:
            subject = Subject.PROCEDURE
            if kind == Kind.FEEDBACK and dossiers.get(proc_code):
                subject, dossier_id = Subject.DOSSIER, rng.choice(dossiers[proc_code])
        elif kind == Kind.FEEDBACK and any_dossiers and rng.random() < 0.7:
            # A complaint about the counter names the dossier the person came for.
            dossier_id, procedure_id = rng.choice(any_dossiers)
            subject, procedure = Subject.DOSSIER, Procedure(pk=procedure_id)
        age = calendar.working_days_between(day, today)
        roll = rng.random()
        if age <= 3:
            status = Status.RECEIVED
        elif age <= 16 and roll < 0.6:
            status = rng.choice([Status.ASSIGNED, Status.DRAFTED, Status.APPROVED])
        elif roll < 0.04:
            status = Status.REJECTED
        elif roll < 0.07:
            status = Status.DUPLICATE
        elif roll < 0.09 and age > 16:
            status = rng.choice([Status.ASSIGNED, Status.DRAFTED])  # open and past its due date
        elif roll < 0.19:
            status = Status.ANSWERED
        else:
            status = Status.PUBLISHED
        late = rng.random() < 0.1
        answer_days = rng.randint(16, 24) if late else rng.randint(2, 13)
        answer_days = min(answer_days, max(age - 1, 1))
        name = f"{rng.choice(FAMILY)} {rng.choice(GIVEN)}"
        item = Feedback(
            code=code,
            kind=kind,
            subject=subject,
            procedure=procedure,
            dossier_id=dossier_id,
            asker_name=name,
            phone=f"09{rng.randrange(10**8):08d}",
            email=f"{fold(name).replace(' ', '.')}{n}@example.com" if rng.random() < 0.6 else "",
            title=title,
            body=body.format(n=number),
            status=status,
            received_at=received_at,
            due_on=due_date(received_at),
            secret_hash=MARK + hashlib.sha256(code.encode()).hexdigest()[:32],
        )
        office_unit = office.staff.unit
        spec, head = users[spec_name], users[head_name]
        steps = [("submit", None, None, "", Status.RECEIVED, received_at, True, "")]
        assign_at = _after(received_at, 1, 30)
        if status == Status.REJECTED:
            item.reason = "Nội dung không thuộc thẩm quyền giải quyết của Sở; đề nghị liên hệ UBND cấp xã."
            steps.append(
                ("reject", office, office_unit, Status.RECEIVED, status, assign_at, True, item.reason)
            )
        elif status == Status.DUPLICATE:
            previous = next((i for i in reversed(items) if i.title == title), None)
            if previous is None:
                status = item.status = Status.REJECTED
                item.reason = "Nội dung không thuộc thẩm quyền giải quyết của Sở."
                steps.append(
                    ("reject", office, office_unit, Status.RECEIVED, status, assign_at, True, item.reason)
                )
            else:
                item.duplicate_of = previous
                item.reason = f"Trùng nội dung với {previous.code}."
                steps.append(
                    (
                        "mark_duplicate",
                        office,
                        office_unit,
                        Status.RECEIVED,
                        status,
                        assign_at,
                        True,
                        item.reason,
                    )
                )
        elif status != Status.RECEIVED:
            item.field = fields.get(field_code)
            item.unit = units.get(unit_code)
            steps.append(
                ("assign", office, office_unit, Status.RECEIVED, Status.ASSIGNED, assign_at, True, "")
            )
            done = {Status.ASSIGNED: 0, Status.DRAFTED: 1}.get(status, 2)  # draft, approve
            answered_at = _after(received_at, answer_days, 60)
            span = max((answered_at - assign_at).total_seconds(), 3600)
            chain = [
                ("draft", spec, Status.ASSIGNED, Status.DRAFTED, False),
                ("approve", head, Status.DRAFTED, Status.APPROVED, True),
            ]
            for index, (action, actor, frm, to, public) in enumerate(chain[:done], start=1):
                moment = assign_at + dt.timedelta(seconds=span * index / 3)
                steps.append((action, actor, actor.staff.unit, frm, to, moment, public, ""))
                item.answer = answer
            if status in (Status.PUBLISHED, Status.ANSWERED):
                action = "publish" if status == Status.PUBLISHED else "answer_privately"
                steps.append((action, office, office_unit, Status.APPROVED, status, answered_at, True, ""))
                item.answered_at = answered_at
                item.working_days_taken = max(
                    0, calendar.working_days_between(day, timezone.localdate(answered_at))
                )
                if status == Status.PUBLISHED:
                    item.published_at = answered_at
                    item.public_title = title
                    item.public_question = public_q.format(n=number)
                    item.public_answer = answer
        item.search_text = fold(f"{item.public_title} {item.public_question} {item.public_answer}")
        item.revision = len(steps)
        items.append(item)
        plans.append(steps)

    with transaction.atomic():
        # Duplicates point at earlier items: create in two passes so the FK target has a pk.
        pending = {}
        for item in items:
            if item.duplicate_of is not None:
                pending[id(item)] = item.duplicate_of
                item.duplicate_of = None
        Feedback.objects.bulk_create(items, batch_size=500)
        if pending:
            fixed = []
            for item in items:
                if id(item) in pending:
                    item.duplicate_of = pending[id(item)]
                    fixed.append(item)
            Feedback.objects.bulk_update(fixed, ["duplicate_of"])
        events = []
        for item, steps in zip(items, plans, strict=True):
            for seq, (action, actor, unit, frm, to, at, public, note) in enumerate(steps, start=1):
                events.append(
                    FeedbackEvent(
                        feedback=item,
                        seq=seq,
                        at=at,
                        action=action,
                        actor=actor,
                        unit=unit,
                        from_status=frm,
                        to_status=to,
                        note=note,
                        public=public,
                    )
                )
        FeedbackEvent.objects.bulk_create(events, batch_size=1000)
        votes = []
        for item in items:
            if item.status != Status.PUBLISHED:
                continue
            likes, dislikes = rng.randint(0, 9), rng.choice([0, 0, 0, 1, 1, 2])
            for i in range(likes + dislikes):
                voter = hashlib.sha256(f"demo-vote:{item.code}:{i}".encode()).hexdigest()
                votes.append(
                    Vote(feedback=item, voter=voter, value=1 if i < likes else -1, at=item.published_at)
                )
            item.likes, item.dislikes = likes, dislikes
        Vote.objects.bulk_create(votes, batch_size=1000)
        Feedback.objects.bulk_update(
            [i for i in items if i.status == Status.PUBLISHED], ["likes", "dislikes"]
        )
    return summary()
