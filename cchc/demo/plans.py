# ruff: noqa: E501 — data tables: the plan's requirement texts are kept one per line.
"""Demo data of the reform plan 56/KH-SLĐTBXH (plan.md): requirements, targets T1–T9, tasks 2021–2026,
progress reports, sub-tasks, initiatives and training courses.

The plan and its requirements are the real text (restored in plan.md); the tasks' titles, dates,
statuses, progress, initiatives and courses are ILLUSTRATIVE, chosen deterministically (a hash of
each task's reference) so that most past tasks are done on time, some late, a few still open after
their deadline (overdue), and the current year's tasks are in progress.

Units named in the plan → demo units (cchc/demo/org_data.py): Văn phòng Sở → ``van-phong``;
Phòng Kế hoạch – Tài chính → ``ke-hoach-tai-chinh``; Phòng Bảo trợ xã hội… → ``bao-tro-xa-hoi``;
"các phòng chuyên môn, đơn vị trực thuộc" → the four divisions and the employment service centre;
Bộ phận một cửa → ``mot-cua`` — only as a *coordinating* unit: the demo counter has no unit head to
close a task, so tasks the counter carries out are led by the Office. Every other named unit exists.

Idempotent: rows are found by natural keys (plan number; requirement and target codes; a task's
``ref``; course title and date; initiative title and year) and a second run creates nothing.
"""

from __future__ import annotations

import datetime as dt
import zlib
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from cchc.demo import org_data
from cchc.org.models import Staff, Unit
from cchc.plans.models import (
    Attendance,
    Course,
    Evidence,
    Initiative,
    Plan,
    PlanEvent,
    ProgressReport,
    Requirement,
    Target,
    Task,
    TaskStatus,
)

PLAN_NUMBER = "56/KH-SLĐTBXH"
YEARS = range(2021, 2027)
OFFICE = "van-phong"
FINANCE = "ke-hoach-tai-chinh"
SOCIAL = "bao-tro-xa-hoi"
COUNTER = org_data.COUNTER_UNIT
INSPECTION = "thanh-tra"
DIVISIONS = ["lao-dong-viec-lam", "nguoi-co-cong", "bao-tro-xa-hoi", "giao-duc-nghe-nghiep"]
UNITS = [*DIVISIONS, "tt-dich-vu-viec-lam"]
FIELD_OF = {
    "lao-dong-viec-lam": "lao động, việc làm, bảo hiểm xã hội",
    "nguoi-co-cong": "người có công",
    "bao-tro-xa-hoi": "bảo trợ xã hội, trẻ em, phòng chống tệ nạn xã hội",
    "giao-duc-nghe-nghiep": "giáo dục nghề nghiệp",
    "tt-dich-vu-viec-lam": "dịch vụ việc làm, bảo hiểm thất nghiệp",
}
# Officials who receive sub-tasks from their head (P-B1).
SUBTASK_OFFICIALS = {"lao-dong-viec-lam": "cv.vieclam", "bao-tro-xa-hoi": "cv.baotro"}
EVIDENCE_NAME = "plans/demo/bao-cao-ket-qua-minh-hoa.pdf"

# code, section, short title, text (plan.md).
REQUIREMENTS = [
    (
        "P-A1",
        "A",
        "Khắc phục tiêu chí điểm thấp",
        "Tìm nguyên nhân các chỉ số PAR Index, PAPI, SIPAS thấp; chuyển thành nhiệm vụ CCHC và giải pháp khắc phục; giao rõ cho từng phòng chuyên môn, đơn vị trực thuộc, để nâng điểm, thứ hạng, tiêu chí và tiêu chí thành phần hằng năm.",
    ),
    (
        "P-A2",
        "A",
        "Cải cách TTHC, TTHC liên thông",
        "Tập trung cải cách thủ tục hành chính giữa Sở với các sở, ngành và người dân, tổ chức, nhất là TTHC liên thông.",
    ),
    (
        "P-A3",
        "A",
        "Thí điểm mô hình mới",
        "Thí điểm mô hình, giải pháp mới trong giải quyết thủ tục hành chính.",
    ),
    (
        "P-A4",
        "A",
        "Nội dung của mỗi nhiệm vụ",
        "Mỗi nhiệm vụ nêu rõ mục tiêu, giải pháp, kết quả dự kiến, đơn vị chủ trì, đơn vị phối hợp, tiến độ và thời gian hoàn thành.",
    ),
    (
        "P-A5",
        "A",
        "Trách nhiệm người đứng đầu",
        "Thủ trưởng các đơn vị chỉ đạo, kiểm tra, giám sát nhiệm vụ được giao và chịu trách nhiệm trước Giám đốc Sở.",
    ),
    (
        "P-A6",
        "A",
        "Căn cứ thi đua, khen thưởng",
        "Kết quả thực hiện nhiệm vụ là căn cứ đánh giá, xếp loại hằng năm và bình xét thi đua, khen thưởng.",
    ),
    (
        "P-A7",
        "A",
        "Quy tắc 90 %",
        "Đơn vị, người đứng đầu đơn vị, cán bộ hoàn thành dưới 90 % nhiệm vụ CCHC được Giám đốc giao theo Kế hoạch thì không được xếp loại “hoàn thành tốt nhiệm vụ” trở lên.",
    ),
    (
        "P-B1",
        "B",
        "Triển khai, kiểm tra nhiệm vụ",
        "Các đơn vị triển khai nhiệm vụ, chỉ tiêu của Kế hoạch; thủ trưởng kiểm tra nhiệm vụ đã phân công, nhất là nhiệm vụ khắc phục tiêu chí yếu.",
    ),
    (
        "P-B2",
        "B",
        "Sáng kiến cải cách",
        "Thu thập sáng kiến cải cách hành chính; mỗi năm ít nhất một sáng kiến được áp dụng (T9).",
    ),
    (
        "P-B3",
        "B",
        "Mẫu hóa biểu mẫu",
        "Mọi biểu mẫu của mọi TTHC thuộc thẩm quyền của Sở được mẫu hóa, có hướng dẫn kê khai đầy đủ.",
    ),
    (
        "P-B4",
        "B",
        "Công khai danh mục TTHC",
        "Công khai danh mục 100 % TTHC với trình tự, quy trình; danh mục TTHC trực tuyến mức độ 3, 4; danh mục TTHC tiếp nhận, trả kết quả qua dịch vụ bưu chính công ích.",
    ),
    (
        "P-B5",
        "B",
        "Công khai cán bộ tiếp nhận",
        "Công khai địa chỉ, họ tên, chức vụ, điện thoại cán bộ được giao tiếp nhận, hướng dẫn, trả lời phản ánh về TTHC trên Trang thông tin điện tử và in trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả.",
    ),
    (
        "P-B6",
        "B",
        "Công khai kết quả khảo sát",
        "Công khai kết quả khảo sát định kỳ sự hài lòng của người dân, tổ chức đối với Sở và cán bộ.",
    ),
    (
        "P-B7",
        "B",
        "Công khai văn bản, chính sách",
        "Công khai văn bản pháp luật, chính sách, quy định mới, hướng dẫn thuộc lĩnh vực của Sở ngay sau khi ban hành.",
    ),
    (
        "P-B8",
        "B",
        "Công khai tuyển dụng",
        "Công khai kế hoạch, tiêu chuẩn tuyển dụng công chức, viên chức từ khi ban hành đến khi kết thúc đợt tuyển dụng.",
    ),
    (
        "P-B9",
        "B",
        "Công khai chương trình công tác",
        "Công khai chương trình, kế hoạch công tác năm và nhiều năm, tình hình thực hiện và kết quả trong suốt năm.",
    ),
    (
        "P-B10",
        "B",
        "Nhiệm vụ trọng tâm",
        "Hoàn thành 100 % nhiệm vụ trọng tâm, nhiệm vụ CCHC do tỉnh và Giám đốc giao; xây dựng văn bản quy phạm pháp luật đúng tiến độ.",
    ),
    (
        "P-B11",
        "B",
        "Quy trình điện tử",
        "Xây dựng quy trình điện tử của mọi TTHC: cắt giảm thời gian, thành phần hồ sơ, bước thực hiện; nêu rõ trách nhiệm, thời gian của từng người ở từng bước (quy trình nội bộ).",
    ),
    (
        "P-B12",
        "B",
        "Chỉ tiêu đúng hạn cho đơn vị",
        "Hằng năm giao chỉ tiêu giải quyết hồ sơ cho từng đơn vị, tỷ lệ đúng hạn ít nhất bằng của tỉnh, năm sau cao hơn năm trước (T5).",
    ),
    (
        "P-B13",
        "B",
        "Trách nhiệm khi trễ hạn",
        "Xử lý cán bộ gây chậm trễ, trễ hạn không có Phiếu xin lỗi và hẹn lại ngày trả kết quả, hướng dẫn không đầy đủ một lần, gây phiền hà; tổng hợp vướng mắc do cơ quan phối hợp báo cáo Sở Nội vụ bằng văn bản.",
    ),
    (
        "P-B14",
        "B",
        "Tinh gọn tổ chức bộ máy",
        "Sắp xếp tổ chức bộ máy tinh gọn (Kế hoạch 16-KH/TU, 82-KH/TU, Chương trình 43-CTr/TU).",
    ),
    (
        "P-B15",
        "B",
        "Đào tạo, bồi dưỡng",
        "Thực hiện kế hoạch đào tạo, bồi dưỡng cán bộ, công chức, viên chức (T6).",
    ),
    (
        "P-B16",
        "B",
        "Dịch vụ công trực tuyến, BCCI",
        "Nâng tỷ lệ sử dụng dịch vụ công trực tuyến mức độ 3, 4 và dịch vụ bưu chính công ích; không nhận hồ sơ giấy đối với TTHC mức độ 3, 4 đến cuối năm 2022 (T4).",
    ),
    (
        "P-B17",
        "B",
        "TTHC liên thông",
        "Rà soát, lập danh mục TTHC liên thông; xây dựng quy trình nội bộ, trình tỉnh phê duyệt, ban hành quy trình điện tử trên phần mềm một cửa của tỉnh; kiến nghị xử lý chỗ chưa rõ.",
    ),
    (
        "P-B18",
        "B",
        "Hỏi – Đáp",
        "Tiếp nhận, trả lời và công khai câu hỏi, phản ánh của người dân, tổ chức qua chuyên mục “Hỏi – Đáp” trên Trang thông tin điện tử.",
    ),
    (
        "P-B19",
        "B",
        "Chuyển đổi số, một cửa",
        "Gắn nhiệm vụ của Kế hoạch với mục tiêu chuyển đổi số quốc gia và cải cách một cửa (T8).",
    ),
    (
        "P-B20",
        "B",
        "Quản lý ngân sách, tài sản công",
        "Phòng Kế hoạch – Tài chính: quản lý, quyết toán ngân sách; không vi phạm trong sử dụng ngân sách, tài sản công; vi phạm được khắc phục ngay.",
    ),
    (
        "P-B21",
        "B",
        "Công khai rà soát hộ nghèo",
        "Phòng Bảo trợ xã hội và phòng, chống tệ nạn xã hội: kiểm tra, hướng dẫn địa phương rà soát, phê duyệt danh sách hộ nghèo công khai, minh bạch; chi trả chính sách đúng đối tượng, đúng quy trình.",
    ),
    (
        "P-C1",
        "C",
        "Báo cáo kết quả CCHC",
        "Văn phòng và các đơn vị thực hiện nhiệm vụ, báo cáo kết quả về Sở (qua Văn phòng) trong báo cáo CCHC định kỳ.",
    ),
    (
        "P-C2",
        "C",
        "Theo dõi, đôn đốc",
        "Văn phòng theo dõi, đôn đốc tiến độ, báo cáo kết quả về UBND tỉnh (qua Sở Nội vụ).",
    ),
]

# code, text, indicator, comparator, value, measure, year (None = every year), baseline, baseline year.
TARGETS = [
    (
        "T1",
        "100 % biểu mẫu, đơn, tờ khai được mẫu hóa, có hướng dẫn kê khai và sơ đồ",
        "forms_templated",
        "gte",
        100,
        "percent",
        2021,
        None,
        None,
    ),
    (
        "T2",
        "100 % thông tin TTHC và thông tin liên quan PAPI được công khai đầy đủ, kịp thời",
        "publication_on_time",
        "gte",
        100,
        "percent",
        2021,
        None,
        None,
    ),
    (
        "T3",
        "100 % quy trình giải quyết TTHC thực hiện trên môi trường điện tử",
        "electronic_processing",
        "gte",
        100,
        "percent",
        2022,
        None,
        None,
    ),
    (
        "T4",
        "TTHC trực tuyến mức độ 3, 4 không nhận hồ sơ giấy",
        "paper_for_online",
        "eq",
        0,
        "count",
        2022,
        None,
        None,
    ),
    (
        "T5",
        "Tỷ lệ giải quyết hồ sơ đúng hạn đạt từ 98 % trở lên hằng năm",
        "on_time_rate",
        "gte",
        98,
        "percent",
        None,
        None,
        None,
    ),
    (
        "T5",
        "Tỷ lệ giải quyết hồ sơ đúng hạn năm sau cao hơn năm trước",
        "on_time_rate",
        "above_previous",
        None,
        "percent",
        None,
        None,
        None,
    ),
    (
        "T6",
        "Trên 95 % cán bộ, công chức tham gia đào tạo, bồi dưỡng theo kế hoạch",
        "training_participation",
        "gt",
        95,
        "percent",
        None,
        None,
        None,
    ),
    (
        "T7",
        "Mức độ hài lòng của người dân, tổ chức đối với việc giải quyết TTHC của Sở đạt từ 85 % trở lên",
        "satisfaction",
        "gte",
        85,
        "percent",
        None,
        Decimal("76.3"),
        2020,
    ),
    (
        "T8",
        "Hoàn thành nhiệm vụ chuyển đổi số, số hóa, cải cách một cửa (KH 54/KH-LĐTBXH, QĐ 468/QĐ-TTg), 2023–2025",
        "digital_tasks",
        "gte",
        100,
        "percent",
        2025,
        None,
        None,
    ),
    (
        "T9",
        "Ít nhất 01 sáng kiến hoặc giải pháp mới được áp dụng mỗi năm",
        "initiatives_applied",
        "gte",
        1,
        "count",
        None,
        None,
        None,
    ),
]


def _d(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, day)


def _task_specs() -> list[dict]:
    """Every requirement as tasks of the right units (see the module docstring for the mapping)."""
    specs: list[dict] = []

    def add(req, unit, years, title, deadline, coords=(), objective="", result=""):
        for year in years:
            specs.append(
                {
                    "ref": f"{req}/{year}/{unit}",
                    "requirement": req,
                    "unit": unit,
                    "year": year,
                    "title": title.format(year=year, field=FIELD_OF.get(unit, "")),
                    "deadline": deadline(year),
                    "coords": [c for c in coords if c != unit],
                    "objective": objective,
                    "expected_result": result,
                }
            )

    end = lambda y: _d(y, 12, 15)  # noqa: E731
    yearly = list(YEARS)
    add(
        "P-A1",
        OFFICE,
        yearly,
        "Phân tích kết quả PAR Index, PAPI, SIPAS; đề xuất nhiệm vụ khắc phục tiêu chí điểm thấp năm {year}",
        lambda y: _d(2021, 10, 15) if y == 2021 else _d(y, 3, 31),
        UNITS,
        "Nâng điểm, thứ hạng các chỉ số",
        "Báo cáo phân tích, danh mục nhiệm vụ khắc phục",
    )
    for unit in DIVISIONS:
        add(
            "P-A2",
            unit,
            yearly,
            "Rà soát, đơn giản hóa TTHC lĩnh vực {field}, ưu tiên TTHC liên thông (năm {year})",
            lambda y: _d(y, 9, 30),
            (OFFICE,),
            "Cắt giảm thời gian, thành phần hồ sơ",
            "Phương án đơn giản hóa trình UBND tỉnh",
        )
    add(
        "P-A3",
        OFFICE,
        yearly,
        "Thí điểm mô hình, giải pháp mới trong tiếp nhận, giải quyết TTHC năm {year}",
        lambda y: _d(y, 11, 30),
        (COUNTER, *DIVISIONS),
    )
    add(
        "P-A4",
        OFFICE,
        [2021],
        "Lập danh mục nhiệm vụ nêu rõ mục tiêu, giải pháp, kết quả, đơn vị chủ trì, phối hợp, thời hạn",
        lambda y: _d(2021, 10, 31),
        UNITS,
    )
    add(
        "P-A5",
        OFFICE,
        yearly,
        "Tổ chức kiểm tra, giám sát việc thực hiện nhiệm vụ CCHC tại các đơn vị năm {year}",
        lambda y: _d(y, 11, 30),
        (INSPECTION, *UNITS),
    )
    add(
        "P-A6",
        OFFICE,
        yearly,
        "Đánh giá kết quả thực hiện nhiệm vụ CCHC làm căn cứ xếp loại, thi đua năm {year}",
        lambda y: _d(y, 12, 31),
        UNITS,
    )
    add(
        "P-A7",
        OFFICE,
        yearly,
        "Tổng hợp tỷ lệ hoàn thành nhiệm vụ CCHC của đơn vị, người đứng đầu, cán bộ (quy tắc 90 %) năm {year}",
        lambda y: _d(y, 12, 31),
    )
    for unit in UNITS:
        add(
            "P-B1",
            unit,
            yearly,
            "Triển khai nhiệm vụ, chỉ tiêu Kế hoạch tại đơn vị; kiểm tra nhiệm vụ đã phân công (năm {year})",
            end,
            (),
            "Khắc phục tiêu chí yếu của đơn vị",
            "Báo cáo kiểm tra của thủ trưởng đơn vị",
        )
    add(
        "P-B2",
        OFFICE,
        yearly,
        "Phát động, tổng hợp sáng kiến CCHC năm {year}; ít nhất 01 sáng kiến được áp dụng",
        lambda y: _d(y, 11, 30),
        UNITS,
    )
    for unit in DIVISIONS:
        add(
            "P-B3",
            unit,
            [2021],
            "Mẫu hóa 100 % biểu mẫu TTHC lĩnh vực {field}, kèm hướng dẫn kê khai và sơ đồ",
            lambda y: _d(2021, 12, 31),
            (OFFICE,),
            "Chỉ tiêu T1",
            "Biểu mẫu mẫu hóa đăng trên Trang thông tin điện tử",
        )
        add(
            "P-B3",
            unit,
            range(2022, 2027),
            "Rà soát, mẫu hóa biểu mẫu của TTHC mới công bố lĩnh vực {field} (năm {year})",
            lambda y: _d(y, 6, 30),
            (OFFICE,),
        )
    add(
        "P-B4",
        OFFICE,
        yearly,
        "Công khai, cập nhật danh mục TTHC, TTHC trực tuyến mức độ 3, 4 và TTHC qua bưu chính công ích (năm {year})",
        lambda y: _d(y, 12, 31) if y == 2021 else _d(y, 3, 31),
        (COUNTER, *DIVISIONS),
        "Chỉ tiêu T2",
    )
    add(
        "P-B5",
        OFFICE,
        [2021],
        "Công khai cán bộ tiếp nhận, hướng dẫn TTHC trên Trang thông tin điện tử và Giấy tiếp nhận hồ sơ",
        lambda y: _d(2021, 11, 30),
        (COUNTER,),
    )
    add(
        "P-B6",
        OFFICE,
        yearly,
        "Công khai kết quả khảo sát sự hài lòng năm {year}",
        lambda y: _d(y, 12, 31),
        (COUNTER,),
        "Chỉ tiêu T7",
    )
    add(
        "P-B7",
        OFFICE,
        yearly,
        "Công khai văn bản, chính sách mới thuộc lĩnh vực của Sở ngay sau khi ban hành (năm {year})",
        lambda y: _d(y, 12, 31),
        DIVISIONS,
    )
    add(
        "P-B8",
        OFFICE,
        yearly,
        "Công khai kế hoạch, tiêu chuẩn tuyển dụng công chức, viên chức năm {year}",
        lambda y: _d(y, 12, 31),
    )
    add(
        "P-B9",
        OFFICE,
        yearly,
        "Công khai chương trình, kế hoạch công tác năm {year} và kết quả thực hiện",
        lambda y: _d(y, 1, 31) if y > 2021 else _d(2021, 10, 31),
    )
    add(
        "P-B10",
        OFFICE,
        yearly,
        "Hoàn thành nhiệm vụ trọng tâm, nhiệm vụ CCHC do tỉnh và Giám đốc giao năm {year}",
        lambda y: _d(y, 12, 31),
        UNITS,
    )
    for unit in DIVISIONS:
        add(
            "P-B11",
            unit,
            [2021, 2022],
            "Xây dựng quy trình điện tử, quy trình nội bộ các TTHC lĩnh vực {field} (năm {year})",
            lambda y: _d(y, 12, 31) if y == 2021 else _d(2022, 6, 30),
            (OFFICE, COUNTER),
            "Chỉ tiêu T3",
        )
    add(
        "P-B12",
        OFFICE,
        yearly,
        "Giao chỉ tiêu tỷ lệ giải quyết hồ sơ đúng hạn cho từng đơn vị năm {year}",
        lambda y: _d(2021, 10, 31) if y == 2021 else _d(y, 2, 28),
        UNITS,
        "Chỉ tiêu T5",
    )
    add(
        "P-B13",
        OFFICE,
        yearly,
        "Kiểm tra trách nhiệm cán bộ để hồ sơ trễ hạn; tổng hợp vướng mắc liên thông báo cáo Sở Nội vụ (năm {year})",
        end,
        (INSPECTION, COUNTER),
    )
    add(
        "P-B14",
        OFFICE,
        [2021, 2022, 2023],
        "Sắp xếp tổ chức bộ máy tinh gọn theo Kế hoạch 16-KH/TU, 82-KH/TU (năm {year})",
        lambda y: _d(y, 12, 31),
        UNITS,
    )
    add(
        "P-B15",
        OFFICE,
        yearly,
        "Thực hiện kế hoạch đào tạo, bồi dưỡng cán bộ, công chức, viên chức năm {year}",
        end,
        UNITS,
        "Chỉ tiêu T6",
    )
    add(
        "P-B16",
        OFFICE,
        yearly,
        "Đẩy mạnh dịch vụ công trực tuyến mức độ 3, 4 và bưu chính công ích năm {year}",
        lambda y: _d(y, 12, 31),
        (COUNTER, *DIVISIONS),
        "Chỉ tiêu T4",
    )
    for unit in DIVISIONS:
        add(
            "P-B17",
            unit,
            [2021, 2022],
            "Rà soát TTHC liên thông lĩnh vực {field}; xây dựng quy trình nội bộ liên thông (năm {year})",
            lambda y: _d(y, 12, 31),
            (OFFICE,),
        )
    add(
        "P-B18",
        OFFICE,
        yearly,
        "Tiếp nhận, trả lời, công khai câu hỏi qua chuyên mục Hỏi – Đáp năm {year}",
        lambda y: _d(y, 12, 31),
        DIVISIONS,
    )
    add(
        "P-B19",
        OFFICE,
        [2023, 2024, 2025, 2026],
        "Thực hiện nhiệm vụ chuyển đổi số, số hóa hồ sơ, cải cách một cửa năm {year}",
        lambda y: _d(y, 12, 31),
        (COUNTER, *DIVISIONS),
        "Chỉ tiêu T8",
    )
    add(
        "P-B20",
        FINANCE,
        yearly,
        "Quản lý, quyết toán ngân sách, tài sản công năm {year}; khắc phục ngay vi phạm (nếu có)",
        lambda y: _d(y, 12, 31),
    )
    add(
        "P-B21",
        SOCIAL,
        yearly,
        "Kiểm tra, hướng dẫn địa phương rà soát, công khai danh sách hộ nghèo năm {year}",
        lambda y: _d(y, 12, 15),
    )
    for unit in UNITS:
        add(
            "P-C1",
            unit,
            yearly,
            "Báo cáo kết quả CCHC năm {year} của đơn vị về Sở (qua Văn phòng)",
            lambda y: _d(y, 12, 10),
        )
    add(
        "P-C2",
        OFFICE,
        yearly,
        "Theo dõi, đôn đốc, báo cáo kết quả thực hiện Kế hoạch năm {year} về UBND tỉnh (qua Sở Nội vụ)",
        lambda y: _d(y, 12, 20),
    )
    return specs


def _roll(ref: str, salt: str = "") -> int:
    return zlib.crc32(f"{ref}{salt}".encode()) % 100


# A unit's share of late results: some units struggle more (illustrative).
LATE_BIAS = {"giao-duc-nghe-nghiep": 14, "nguoi-co-cong": 8, FINANCE: 6}


def _outcome(spec: dict, today: dt.date) -> dict:
    """Deterministic status, progress and completion date of a demo task."""
    ref, deadline = spec["ref"], spec["deadline"]
    roll = _roll(ref)
    start = min(_d(2021, 9, 1) if spec["year"] == 2021 else _d(spec["year"], 1, 5), deadline)
    late_share = 6 + LATE_BIAS.get(spec["unit"], 0)
    if deadline >= today:
        if roll < 12:
            return {
                "start": start,
                "status": TaskStatus.DONE,
                "progress": 100,
                "done_on": today - dt.timedelta(days=3 + roll),
            }
        return {
            "start": start,
            "status": TaskStatus.IN_PROGRESS,
            "progress": 20 + roll * 7 % 70,
            "done_on": None,
        }
    if spec["year"] >= 2025 and roll >= 92:  # a few recent tasks still open after their deadline
        return {"start": start, "status": TaskStatus.IN_PROGRESS, "progress": 40 + roll % 40, "done_on": None}
    if roll < 100 - late_share - 5:
        return {
            "start": start,
            "status": TaskStatus.DONE,
            "progress": 100,
            "done_on": deadline - dt.timedelta(days=1 + roll % 20),
        }
    if roll < 100 - 5:
        late = deadline + dt.timedelta(days=5 + roll % 25)
        if late < today:
            return {"start": start, "status": TaskStatus.DONE, "progress": 100, "done_on": late}
    # Still open after the deadline (overdue) only in recent years; older ones were finished late.
    if spec["year"] < 2025:
        return {
            "start": start,
            "status": TaskStatus.DONE,
            "progress": 100,
            "done_on": deadline + dt.timedelta(days=40),
        }
    return {"start": start, "status": TaskStatus.IN_PROGRESS, "progress": 40 + roll % 40, "done_on": None}


def _at(day: dt.date, hour: int = 15) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _evidence_file() -> str:
    if not default_storage.exists(EVIDENCE_NAME):
        pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n% Bao cao ket qua (minh hoa)\n%%EOF\n"
        return default_storage.save(EVIDENCE_NAME, ContentFile(pdf))
    return EVIDENCE_NAME


def _load_plan() -> tuple[Plan, dict[str, Requirement], int]:
    created = 0
    plan, new = Plan.objects.get_or_create(
        number=PLAN_NUMBER,
        defaults={
            "title": "Kế hoạch thực hiện nhiệm vụ, giải pháp nâng cao Chỉ số cải cách hành chính (PAR Index), "
            "Chỉ số hiệu quả quản trị và hành chính công (PAPI), Chỉ số hài lòng về sự phục vụ hành chính "
            "(SIPAS) năm 2021 và giai đoạn 2021–2025",
            "issuer": "Sở Lao động – Thương binh và Xã hội tỉnh Bình Thuận",
            "signer": "KT. Giám đốc — Phó Giám đốc",
            "issued_on": dt.date(2021, 9, 1),
            "period_from": 2021,
            "period_to": 2025,
            "implements": "Kế hoạch 2992/KH-UBND ngày 12/8/2021 của UBND tỉnh",
            "note": "Năm 2020 (gốc): PAR Index 81,4/100 (hạng 55/63); PAPI 40,98/80 (hạng 53/63); "
            "SIPAS 7,63/10 — 76,3 % hài lòng (hạng 63/63). Nguồn: bản quét ke-hoach-56-KH-SLDTBXH-2021.",
        },
    )
    created += new
    reqs = {}
    for order, (code, section, title, text) in enumerate(REQUIREMENTS, start=1):
        reqs[code], new = Requirement.objects.get_or_create(
            plan=plan, code=code, defaults={"section": section, "title": title, "text": text, "order": order}
        )
        created += new
    for order, (code, text, indicator, comp, value, measure, year, base, base_year) in enumerate(
        TARGETS, start=1
    ):
        _, new = Target.objects.get_or_create(
            plan=plan,
            code=code,
            comparator=comp,
            defaults={
                "text": text,
                "indicator": indicator,
                "value": value,
                "measure": measure,
                "year": year,
                "baseline_value": base,
                "baseline_year": base_year,
                "order": order,
            },
        )
        created += new
    return plan, reqs, created


def _load_tasks(plan, reqs, today) -> int:
    units = {u.code: u for u in Unit.objects.filter(agency__code=org_data.HOME)}
    staff = {s.user.username: s for s in Staff.objects.select_related("user", "unit")}
    office_user = staff["vanphong"].user
    heads = {}
    for s in staff.values():
        if s.position.startswith(("Trưởng", "Phó Trưởng", "Giám đốc Trung tâm", "Chánh")):
            heads.setdefault(s.unit.code, s.user)
    existing = set(Task.objects.filter(plan=plan).values_list("ref", flat=True))
    specs = [s for s in _task_specs() if s["ref"] not in existing]
    if not specs:
        return 0
    outcomes = {s["ref"]: _outcome(s, today) for s in specs}
    rows = []
    for s in specs:
        o = outcomes[s["ref"]]
        rows.append(
            Task(
                plan=plan,
                requirement=reqs[s["requirement"]],
                ref=s["ref"],
                title=s["title"],
                objective=s["objective"],
                expected_result=s["expected_result"],
                lead_unit=units[s["unit"]],
                start=o["start"],
                deadline=s["deadline"],
                year=s["year"],
                status=o["status"],
                progress=o["progress"],
                done_on=o["done_on"],
                created_by=office_user,
                created_at=_at(o["start"], 8),
            )
        )
    # Sub-tasks for officials of two units (P-B1): the head gives part of the work by name.
    subs = []
    for task in rows:
        unit_code = task.lead_unit.code
        req = task.requirement.code
        if (
            unit_code in SUBTASK_OFFICIALS
            and req in ("P-B3", "P-A2", "P-C1")
            and task.year in (2021, 2025, 2026)
        ):
            subs.append(task)
    Task.objects.bulk_create(rows)
    by_ref = {t.ref: t for t in Task.objects.filter(plan=plan, ref__in=[t.ref for t in rows])}
    through = Task.coordinating_units.through
    through.objects.bulk_create(
        [
            through(task_id=by_ref[s["ref"]].pk, unit_id=units[c].pk)
            for s in specs
            for c in s["coords"]
            if c in units
        ]
    )
    sub_rows = []
    for parent in subs:
        parent = by_ref[parent.ref]
        official = staff[SUBTASK_OFFICIALS[parent.lead_unit.code]]
        deadline = parent.deadline - dt.timedelta(days=15)
        done = parent.status == TaskStatus.DONE or (parent.done_on is None and _roll(parent.ref, "sub") < 50)
        done_on = min(parent.done_on or today, deadline) - dt.timedelta(days=2) if done else None
        sub_rows.append(
            Task(
                plan=plan,
                requirement_id=parent.requirement_id,
                parent=parent,
                ref=f"{parent.ref}/{official.user.username}",
                title=f"Dự thảo, tổng hợp số liệu phục vụ: {parent.title[:400]}",
                lead_unit_id=parent.lead_unit_id,
                assignee=official,
                start=parent.start,
                deadline=max(deadline, parent.start),
                year=parent.year,
                status=TaskStatus.DONE if done else TaskStatus.IN_PROGRESS,
                progress=100 if done else 60,
                done_on=max(done_on, parent.start) if done else None,
                created_by=heads.get(parent.lead_unit.code, office_user),
                created_at=_at(parent.start, 9),
            )
        )
    Task.objects.bulk_create(sub_rows)
    every = list(by_ref.values()) + list(Task.objects.filter(plan=plan, ref__in=[t.ref for t in sub_rows]))
    evidence_name = _evidence_file()
    reports, events, files = [], [], []
    for task in every:
        reporter = task.assignee.user if task.assignee_id else heads.get(task.lead_unit.code, office_user)
        events.append(
            PlanEvent(
                at=task.created_at, actor=task.created_by, action="create", task=task, to_status="assigned"
            )
        )
        mid = task.start + (min(task.done_on or today, task.deadline) - task.start) / 2
        mid_progress = 50 if task.status == TaskStatus.DONE else task.progress
        reports.append(
            ProgressReport(
                task=task,
                at=_at(mid),
                reporter=reporter,
                progress=mid_progress,
                note="Đã triển khai, đang tổng hợp kết quả.",
            )
        )
        events.append(
            PlanEvent(
                at=_at(mid),
                actor=reporter,
                action="report",
                task=task,
                from_status="assigned",
                to_status="in_progress",
                note="Đã triển khai, đang tổng hợp kết quả.",
                data={"progress": mid_progress},
            )
        )
        if task.status == TaskStatus.DONE:
            closer = heads.get(task.lead_unit.code, office_user)
            reports.append(
                ProgressReport(
                    task=task,
                    at=_at(task.done_on, 16),
                    reporter=closer,
                    progress=100,
                    note="Hoàn thành, có báo cáo kết quả kèm theo.",
                )
            )
            events.append(
                PlanEvent(
                    at=_at(task.done_on, 16),
                    actor=closer,
                    action="complete",
                    task=task,
                    from_status="in_progress",
                    to_status="done",
                    note="Hoàn thành, có báo cáo kết quả kèm theo.",
                    data={"on_time": task.done_on <= task.deadline},
                )
            )
            files.append(
                Evidence(
                    task=task,
                    file=evidence_name,
                    original_name="Báo cáo kết quả (minh họa).pdf",
                    mime="application/pdf",
                    size=default_storage.size(evidence_name),
                    sha256="0" * 64,
                    uploaded_at=_at(task.done_on, 16),
                    uploaded_by=closer,
                )
            )
    ProgressReport.objects.bulk_create(reports)
    PlanEvent.objects.bulk_create(events)
    Evidence.objects.bulk_create(files)
    return len(rows) + len(sub_rows)


INITIATIVES = [
    (
        2021,
        "lao-dong-viec-lam",
        "Bộ câu hỏi – đáp mẫu về cấp giấy phép lao động cho người nước ngoài",
        "Lê Thị Ngọc Trâm",
        dt.date(2021, 12, 10),
        "Bộ phận Một cửa và Phòng Lao động – Việc làm",
    ),
    (
        2022,
        "van-phong",
        "Phiếu theo dõi hồ sơ bằng mã QR trên Giấy tiếp nhận",
        "Ngô Thị Lan; Vũ Đức Anh",
        dt.date(2022, 9, 15),
        "Toàn Sở",
    ),
    (2022, "nguoi-co-cong", "Số hóa hồ sơ người có công lưu trữ giấy", "Phạm Minh Tuấn", None, ""),
    (
        2023,
        "bao-tro-xa-hoi",
        "Quy trình phối hợp xác minh hộ nghèo với UBND cấp xã qua phần mềm",
        "Lê Văn Hùng; Võ Thị Kim Liên",
        dt.date(2023, 10, 2),
        "Phòng Bảo trợ xã hội, UBND cấp xã",
    ),
    (
        2024,
        "tt-dich-vu-viec-lam",
        "Đặt lịch hẹn nộp hồ sơ trợ cấp thất nghiệp trực tuyến",
        "Huỳnh Thị Mỹ Duyên",
        dt.date(2024, 8, 20),
        "Trung tâm Dịch vụ việc làm",
    ),
    (
        2024,
        "giao-duc-nghe-nghiep",
        "Mẫu hồ sơ điện tử cấp giấy chứng nhận đăng ký hoạt động giáo dục nghề nghiệp",
        "Đặng Quốc Bảo",
        "rejected",
        "",
    ),
    (
        2025,
        "van-phong",
        "Bảng theo dõi nhiệm vụ CCHC và cảnh báo quá hạn",
        "Ngô Thị Lan",
        dt.date(2025, 6, 16),
        "Toàn Sở",
    ),
    (
        2026,
        "lao-dong-viec-lam",
        "Hướng dẫn kê khai nội quy lao động bằng video ngắn",
        "Nguyễn Hữu Thắng; Lê Thị Ngọc Trâm",
        dt.date(2026, 5, 4),
        "Trang thông tin điện tử của Sở",
    ),
    (
        2026,
        "bao-tro-xa-hoi",
        "Tra cứu tình trạng hồ sơ trợ giúp xã hội qua tin nhắn",
        "Võ Thị Kim Liên",
        None,
        "",
    ),
]


def _load_initiatives(today) -> int:
    units = {u.code: u for u in Unit.objects.filter(agency__code=org_data.HOME)}
    office = get_user_model().objects.get(username="vanphong")
    created = 0
    for year, unit, title, authors, applied, scope in INITIATIVES:
        if Initiative.objects.filter(title=title, year=year).exists():
            continue
        item = Initiative(
            title=title,
            authors=authors,
            unit=units[unit],
            year=year,
            description="Mô tả minh họa: giải pháp giúp rút ngắn thời gian, giảm đi lại cho người dân.",
            registered_by=office,
            registered_at=_at(_d(year, 3, 10), 9),
        )
        if applied == "rejected":
            item.status, item.decided_on, item.decision_note = (
                Initiative.Status.REJECTED,
                _d(year, 7, 1),
                "Chưa đủ tính mới.",
            )
        elif applied is not None and applied <= today:
            item.status, item.decided_on, item.decision_note = (
                Initiative.Status.APPLIED,
                applied - dt.timedelta(days=30),
                "Công nhận sáng kiến.",
            )
            item.applied_on, item.scope = applied, scope
        item.save()
        PlanEvent.objects.create(
            at=item.registered_at, actor=office, action="register", initiative=item, to_status="registered"
        )
        created += 1
    return created


def _load_courses(today) -> int:
    office = get_user_model().objects.get(username="vanphong")
    people = list(
        Staff.objects.filter(unit__agency__code=org_data.HOME)
        .exclude(user__username="quantri")
        .order_by("pk")
    )
    created = 0
    for year in YEARS:
        for n, (title, month) in enumerate(
            (
                ("Bồi dưỡng kỹ năng giải quyết TTHC, giao tiếp với người dân", 4),
                ("Tập huấn dịch vụ công trực tuyến, số hóa hồ sơ", 10),
            ),
            start=1,
        ):
            if year == 2021 and month < 9:
                month = 11
            starts = _d(year, month, 12)
            full = f"{title} (lớp {n}/{year})"
            if Course.objects.filter(title=full, starts_on=starts).exists():
                continue
            course = Course.objects.create(
                title=full,
                organiser="Văn phòng Sở",
                starts_on=starts,
                ends_on=starts + dt.timedelta(days=2),
                created_by=office,
            )
            rows = []
            for person in people:
                if _roll(f"{full}{person.pk}", "plan") < 30:
                    continue  # not sent to this course
                went = starts <= today and _roll(f"{full}{person.pk}", "went") < 96
                rows.append(Attendance(course=course, staff=person, planned=True, attended=went))
            Attendance.objects.bulk_create(rows)
            PlanEvent.objects.create(
                at=_at(starts, 8), actor=office, action="course", course=course, data={"planned": len(rows)}
            )
            created += 1
    return created


def load(*, progress: bool) -> str:
    today = timezone.localdate()
    with transaction.atomic():
        plan, reqs, created = _load_plan()
        if not Staff.objects.filter(user__username="vanphong").exists():
            return "Kế hoạch 56/KH-SLĐTBXH: đã nạp yêu cầu, chỉ tiêu; chưa có cán bộ minh họa nên chưa nạp nhiệm vụ."
        tasks = _load_tasks(plan, reqs, today)
        initiatives = _load_initiatives(today)
        courses = _load_courses(today)
    total = Task.objects.filter(plan=plan).count()
    overdue = Task.objects.filter(
        plan=plan, status__in=["assigned", "in_progress"], deadline__lt=today
    ).count()
    return (
        f"Kế hoạch {PLAN_NUMBER}: {len(reqs)} yêu cầu, {plan.targets.count()} chỉ tiêu, {total} nhiệm vụ "
        f"({overdue} quá hạn), mới tạo {created + tasks + initiatives + courses} bản ghi; "
        "tiến độ, sáng kiến, lớp học là số liệu minh họa"
    )
