"""Demo procedure catalog of a provincial Department of Labour, Invalids and Social Affairs.

Procedure names follow the official wording as best known; the national codes (1.00xxxx /
2.00xxxx), time limits, fees, form numbers and decision numbers are ILLUSTRATIVE — every version
carries ``DATA_NOTE`` saying so. Legal instruments are real (number, issuer, date).
"""

from __future__ import annotations

import datetime as dt

from cchc.demo import org_data as o

DATA_NOTE = (
    "Mã TTHC, thời hạn, phí và số hiệu mẫu là số liệu minh họa; "
    "đối chiếu Cơ sở dữ liệu quốc gia về TTHC trước khi sử dụng."
)
DATA_NOTE_EN = (
    "Procedure codes, time limits, fees and form numbers are illustrative; "
    "check the National Database on Administrative Procedures before use."
)
# The standard note of every procedure without fees, in English (loader).
NO_FEE_EN = "No fees or charges."

# The procedures foreign workers need (work permits, the demand report, an employment service licence)
# and the unemployment benefit ship in English: ``name_en`` and the other ``*_en`` keys below, ``docs_en``
# (one per document), ``process_en`` (one per step of an explicit process), ``action_en`` (what the
# Department's leadership does, in the third person) and fees as (name, amount, note, name_en, note_en).
# The steps text and the standard process are generated in both languages by the loader.

FIELDS: list[dict] = [
    {"code": "viec-lam", "name": "Việc làm", "name_en": "Employment", "order": 10},
    {
        "code": "giao-duc-nghe-nghiep",
        "name": "Giáo dục nghề nghiệp",
        "name_en": "Vocational education",
        "order": 20,
    },
    {
        "code": "nguoi-co-cong",
        "name": "Người có công",
        "name_en": "People with meritorious services",
        "order": 30,
    },
    {"code": "bao-tro-xa-hoi", "name": "Bảo trợ xã hội", "name_en": "Social protection", "order": 40},
    {
        "code": "lao-dong-tien-luong",
        "name": "Lao động – Tiền lương",
        "name_en": "Labour and wages",
        "order": 50,
    },
    {
        "code": "an-toan-lao-dong",
        "name": "An toàn, vệ sinh lao động",
        "name_en": "Occupational safety and health",
        "order": 60,
    },
    {"code": "tre-em", "name": "Trẻ em", "name_en": "Children", "order": 70},
    {
        "code": "te-nan-xa-hoi",
        "name": "Phòng, chống tệ nạn xã hội",
        "name_en": "Prevention of social evils",
        "order": 80,
    },
    {
        "code": "lao-dong-nuoc-ngoai",
        "name": "Lao động nước ngoài",
        "name_en": "Foreign workers",
        "order": 15,
    },
]

D = dt.date
# key -> (number, title, issuer, issued on). Real instruments. English titles: LAWS_EN.
LAWS: dict[str, tuple[str, str, str, dt.date]] = {
    "luat-vl": ("38/2013/QH13", "Luật Việc làm", "Quốc hội", D(2013, 11, 16)),
    "nd28": (
        "28/2015/NĐ-CP",
        "Quy định chi tiết thi hành một số điều của Luật Việc làm về bảo hiểm thất nghiệp",
        "Chính phủ",
        D(2015, 3, 12),
    ),
    "nd61": (
        "61/2020/NĐ-CP",
        "Sửa đổi, bổ sung một số điều của Nghị định số 28/2015/NĐ-CP",
        "Chính phủ",
        D(2020, 5, 29),
    ),
    "tt28": (
        "28/2015/TT-BLĐTBXH",
        "Hướng dẫn thực hiện Điều 52 của Luật Việc làm và một số điều của Nghị định số 28/2015/NĐ-CP",
        "Bộ Lao động – Thương binh và Xã hội",
        D(2015, 7, 31),
    ),
    "tt15": (
        "15/2023/TT-BLĐTBXH",
        "Sửa đổi, bổ sung một số điều của Thông tư số 28/2015/TT-BLĐTBXH",
        "Bộ Lao động – Thương binh và Xã hội",
        D(2023, 12, 29),
    ),
    "blld": ("45/2019/QH14", "Bộ luật Lao động", "Quốc hội", D(2019, 11, 20)),
    "blld12": ("10/2012/QH13", "Bộ luật Lao động", "Quốc hội", D(2012, 6, 18)),
    "nd49": (
        "49/2013/NĐ-CP",
        "Quy định chi tiết thi hành một số điều của Bộ luật Lao động về tiền lương",
        "Chính phủ",
        D(2013, 5, 14),
    ),
    "nd152": (
        "152/2020/NĐ-CP",
        "Quy định về người lao động nước ngoài làm việc tại Việt Nam và tuyển dụng, quản lý người lao động "
        "Việt Nam làm việc cho tổ chức, cá nhân nước ngoài tại Việt Nam",
        "Chính phủ",
        D(2020, 12, 30),
    ),
    "nd70": (
        "70/2023/NĐ-CP",
        "Sửa đổi, bổ sung một số điều của Nghị định số 152/2020/NĐ-CP",
        "Chính phủ",
        D(2023, 9, 18),
    ),
    "nd23": (
        "23/2021/NĐ-CP",
        "Quy định chi tiết khoản 3 Điều 37 và Điều 39 của Luật Việc làm về trung tâm dịch vụ việc làm, "
        "doanh nghiệp hoạt động dịch vụ việc làm",
        "Chính phủ",
        D(2021, 3, 19),
    ),
    "luat69": (
        "69/2020/QH14",
        "Luật Người lao động Việt Nam đi làm việc ở nước ngoài theo hợp đồng",
        "Quốc hội",
        D(2020, 11, 13),
    ),
    "nd112": (
        "112/2021/NĐ-CP",
        "Quy định chi tiết một số điều của Luật Người lao động Việt Nam đi làm việc ở nước ngoài "
        "theo hợp đồng",
        "Chính phủ",
        D(2021, 12, 10),
    ),
    "luat-gdnn": ("74/2014/QH13", "Luật Giáo dục nghề nghiệp", "Quốc hội", D(2014, 11, 27)),
    "nd15": (
        "15/2019/NĐ-CP",
        "Quy định chi tiết một số điều và biện pháp thi hành Luật Giáo dục nghề nghiệp",
        "Chính phủ",
        D(2019, 2, 1),
    ),
    "nd143": (
        "143/2016/NĐ-CP",
        "Quy định điều kiện đầu tư và hoạt động trong lĩnh vực giáo dục nghề nghiệp",
        "Chính phủ",
        D(2016, 10, 14),
    ),
    "nd24": (
        "24/2022/NĐ-CP",
        "Sửa đổi, bổ sung các Nghị định quy định về điều kiện đầu tư và hoạt động trong lĩnh vực giáo dục "
        "nghề nghiệp",
        "Chính phủ",
        D(2022, 4, 6),
    ),
    "pl02": (
        "02/2020/UBTVQH14",
        "Pháp lệnh Ưu đãi người có công với cách mạng",
        "Ủy ban Thường vụ Quốc hội",
        D(2020, 12, 9),
    ),
    "nd131": (
        "131/2021/NĐ-CP",
        "Quy định chi tiết và biện pháp thi hành Pháp lệnh Ưu đãi người có công với cách mạng",
        "Chính phủ",
        D(2021, 12, 30),
    ),
    "nd103": (
        "103/2017/NĐ-CP",
        "Quy định về thành lập, tổ chức, hoạt động, giải thể và quản lý các cơ sở trợ giúp xã hội",
        "Chính phủ",
        D(2017, 9, 12),
    ),
    "nd20": (
        "20/2021/NĐ-CP",
        "Quy định chính sách trợ giúp xã hội đối với đối tượng bảo trợ xã hội",
        "Chính phủ",
        D(2021, 3, 15),
    ),
    "luat-pcmt": ("73/2021/QH14", "Luật Phòng, chống ma túy", "Quốc hội", D(2021, 3, 30)),
    "nd116": (
        "116/2021/NĐ-CP",
        "Quy định chi tiết một số điều của Luật Phòng, chống ma túy, Luật Xử lý vi phạm hành chính về "
        "cai nghiện ma túy và quản lý sau cai nghiện ma túy",
        "Chính phủ",
        D(2021, 12, 21),
    ),
    "nd145": (
        "145/2020/NĐ-CP",
        "Quy định chi tiết và hướng dẫn thi hành một số điều của Bộ luật Lao động về điều kiện lao động "
        "và quan hệ lao động",
        "Chính phủ",
        D(2020, 12, 14),
    ),
    "luat-atvsld": ("84/2015/QH13", "Luật An toàn, vệ sinh lao động", "Quốc hội", D(2015, 6, 25)),
    "nd44": (
        "44/2016/NĐ-CP",
        "Quy định chi tiết một số điều của Luật An toàn, vệ sinh lao động về hoạt động kiểm định kỹ thuật "
        "an toàn lao động, huấn luyện an toàn, vệ sinh lao động và quan trắc môi trường lao động",
        "Chính phủ",
        D(2016, 5, 15),
    ),
    "nd140": (
        "140/2018/NĐ-CP",
        "Sửa đổi, bổ sung các Nghị định liên quan đến điều kiện đầu tư kinh doanh và thủ tục hành chính "
        "thuộc phạm vi quản lý nhà nước của Bộ Lao động – Thương binh và Xã hội",
        "Chính phủ",
        D(2018, 10, 8),
    ),
    "luat-te": ("102/2016/QH13", "Luật Trẻ em", "Quốc hội", D(2016, 4, 5)),
    "nd56": (
        "56/2017/NĐ-CP",
        "Quy định chi tiết một số điều của Luật Trẻ em",
        "Chính phủ",
        D(2017, 5, 9),
    ),
}

LAWS_EN: dict[str, str] = {
    "luat-vl": "Law on Employment",
    "nd28": "Detailing the implementation of some articles of the Law on Employment on unemployment "
    "insurance",
    "nd61": "Amending and supplementing some articles of Decree No. 28/2015/NĐ-CP",
    "tt28": "Guiding Article 52 of the Law on Employment and some articles of Decree No. 28/2015/NĐ-CP",
    "tt15": "Amending and supplementing some articles of Circular No. 28/2015/TT-BLĐTBXH",
    "blld": "Labour Code",
    "nd152": "On foreign workers in Vietnam and the recruitment and management of Vietnamese workers "
    "working for foreign organisations and individuals in Vietnam",
    "nd70": "Amending and supplementing some articles of Decree No. 152/2020/NĐ-CP",
    "nd23": "Detailing Clause 3 of Article 37 and Article 39 of the Law on Employment on employment service "
    "centres and employment service enterprises",
}
# Read after "of" on the page: "45/2019/QH14 of the National Assembly dated 20/11/2019: Labour Code".
ISSUERS_EN: dict[str, str] = {
    "Quốc hội": "the National Assembly",
    "Ủy ban Thường vụ Quốc hội": "the Standing Committee of the National Assembly",
    "Chính phủ": "the Government",
    "Bộ Lao động – Thương binh và Xã hội": "the Ministry of Labour, Invalids and Social Affairs",
}

# Document kinds: O original, C certified copy, P copy, OC original or copy.
KINDS = {"O": "original", "C": "certified", "P": "copy", "OC": "original_or_copy"}

DVVL = "tt-dich-vu-viec-lam"
LDVL = "lao-dong-viec-lam"
NCC = "nguoi-co-cong"
BTXH = "bao-tro-xa-hoi"
GDNN = "giao-duc-nghe-nghiep"

V1_END = D(2025, 6, 30)
V2_START = D(2025, 7, 1)

# Each entry: one procedure. ``docs`` rows are (name, kind, form key or None[, optional]).
# ``versions`` (optional) lists per-version overrides; without it the procedure has one published
# version. ``process`` (optional) lists (role, unit code or agency code, budget, name) — otherwise a
# standard counter → specialist → head → director → return process is built from ``time``.
# ``incomplete`` leaves the steps text empty (QĐ 766 indicator 1.3 demo).
PROCEDURES: list[dict] = [
    # ---------------------------------------------------------------- Việc làm
    {
        "code": "1.001978",
        "field": "viec-lam",
        "name": "Giải quyết hưởng trợ cấp thất nghiệp",
        "name_en": "Settlement of unemployment benefits",
        "unit": DVVL,
        "time": 20,
        "time_note": "20 ngày làm việc kể từ ngày nhận đủ hồ sơ theo quy định.",
        "time_note_en": "20 working days from receipt of a complete application.",
        "online": "partial",
        "legacy": 3,
        "post_in": True,
        "post_out": True,
        "conditions": (
            "Chấm dứt hợp đồng lao động hoặc hợp đồng làm việc (trừ trường hợp đơn phương chấm dứt trái pháp "
            "luật, hưởng lương hưu hằng tháng);\n"
            "Đã đóng bảo hiểm thất nghiệp từ đủ 12 tháng trở lên trong thời gian 24 tháng trước khi chấm dứt "
            "hợp đồng;\n"
            "Đã nộp hồ sơ hưởng trợ cấp thất nghiệp trong thời hạn 03 tháng kể từ ngày chấm dứt hợp đồng;\n"
            "Chưa tìm được việc làm sau 15 ngày kể từ ngày nộp hồ sơ."
        ),
        "conditions_en": (
            "The employment or work contract has ended (except by unlawful unilateral termination, or when a "
            "monthly retirement pension is received);\n"
            "Unemployment insurance contributions were paid for at least 12 months in the 24 months before "
            "the contract ended;\n"
            "The application is submitted within 3 months of the end of the contract;\n"
            "No job has been found 15 days after the application was submitted."
        ),
        "result": "Quyết định về việc hưởng trợ cấp thất nghiệp",
        "result_en": "Decision on unemployment benefit",
        "result_form": "both",
        "action": "ký quyết định hưởng trợ cấp thất nghiệp",
        "action_en": "signs the decision on unemployment benefit",
        "docs": [
            ("Đề nghị hưởng trợ cấp thất nghiệp", "O", "de-nghi-tctn"),
            (
                "Hợp đồng lao động, hợp đồng làm việc đã hết hạn hoặc quyết định thôi việc, quyết "
                "định sa thải, "
                "thông báo chấm dứt hợp đồng",
                "C",
                None,
            ),
            ("Sổ bảo hiểm xã hội", "O", None),
        ],
        "docs_en": [
            "Application for unemployment benefit",
            "The expired employment or work contract, or the decision or notice that ended it (resignation, "
            "dismissal, termination)",
            "Social insurance book",
        ],
        "laws": ["luat-vl", "nd28", "nd61", "tt28", "tt15"],
        "inter": [o.BHXH],
        "process": [
            ("counter", "mot-cua", 0.5, "Tiếp nhận, kiểm tra hồ sơ, chuyển Trung tâm Dịch vụ việc làm"),
            ("specialist", DVVL, 14, "Xác nhận thông tin đóng bảo hiểm thất nghiệp, thẩm định hồ sơ"),
            ("unit_head", DVVL, 2, "Giám đốc Trung tâm xem xét, trình Lãnh đạo Sở"),
            ("director", "ban-giam-doc", 2, "Giám đốc Sở ký quyết định hưởng trợ cấp thất nghiệp"),
            ("partner", o.BHXH, 1, "Bảo hiểm xã hội tỉnh nhận quyết định, tổ chức chi trả trợ cấp"),
            ("return", "mot-cua", 0.5, "Trả quyết định cho người lao động"),
        ],
        "process_en": [
            "Receive and check the application, forward it to the Employment Service Centre",
            "Confirm the unemployment insurance contributions, appraise the application",
            "The Director of the Centre reviews it and submits it to the Department's leadership",
            "The Director of the Department signs the decision on unemployment benefit",
            "The provincial Social Security Office receives the decision and pays the benefit",
            "Return the decision to the worker",
        ],
    },
    {
        "code": "1.000401",
        "field": "viec-lam",
        "name": "Tạm dừng hưởng trợ cấp thất nghiệp",
        "unit": DVVL,
        "time": 3,
        "online": "none",
        "legacy": 2,
        "conditions": "Người đang hưởng trợ cấp thất nghiệp không thông báo về việc tìm kiếm việc "
        "làm hằng tháng "
        "theo quy định.",
        "result": "Quyết định về việc tạm dừng hưởng trợ cấp thất nghiệp",
        "action": "ký quyết định tạm dừng hưởng trợ cấp thất nghiệp",
        "docs": [
            (
                "Thông báo về việc tìm kiếm việc làm (trường hợp người lao động thông báo muộn)",
                "O",
                None,
                True,
            ),
            ("Giấy tờ chứng minh lý do không thông báo tìm kiếm việc làm đúng hạn", "P", None, True),
        ],
        "laws": ["luat-vl", "nd28", "nd61"],
    },
    {
        "code": "1.000389",
        "field": "viec-lam",
        "name": "Chấm dứt hưởng trợ cấp thất nghiệp",
        "unit": DVVL,
        "time": 3,
        "online": "none",
        "result": "Quyết định về việc chấm dứt hưởng trợ cấp thất nghiệp",
        "action": "ký quyết định chấm dứt hưởng trợ cấp thất nghiệp",
        "docs": [],  # deliberately incomplete: no required documents entered yet
        "laws": ["luat-vl", "nd28", "nd61"],
        "inter": [o.BHXH],
    },
    {
        "code": "1.000383",
        "field": "viec-lam",
        "name": "Chuyển nơi hưởng trợ cấp thất nghiệp (chuyển đi)",
        "unit": DVVL,
        "time": 3,
        "online": "partial",
        "legacy": 3,
        "post_in": True,
        "post_out": True,
        "result": "Giấy giới thiệu chuyển nơi hưởng trợ cấp thất nghiệp và hồ sơ hưởng trợ cấp thất nghiệp",
        "action": "ký giấy giới thiệu chuyển nơi hưởng trợ cấp thất nghiệp",
        "docs": [
            ("Đề nghị chuyển nơi hưởng trợ cấp thất nghiệp", "O", "de-nghi-chuyen-noi"),
            ("Quyết định hưởng trợ cấp thất nghiệp", "P", None),
        ],
        "laws": ["luat-vl", "nd28", "tt28"],
    },
    {
        "code": "1.000372",
        "field": "viec-lam",
        "name": "Giải quyết hỗ trợ học nghề",
        "unit": DVVL,
        "time": 20,
        "online": "partial",
        "legacy": 3,
        "post_in": True,
        "conditions": "Đang hưởng trợ cấp thất nghiệp, hoặc đáp ứng điều kiện hưởng trợ cấp thất "
        "nghiệp và có "
        "nhu cầu học nghề.",
        "result": "Quyết định về việc hỗ trợ học nghề",
        "action": "ký quyết định hỗ trợ học nghề",
        "docs": [
            ("Đề nghị hỗ trợ học nghề", "O", "de-nghi-hoc-nghe"),
            ("Quyết định hưởng trợ cấp thất nghiệp (trường hợp đang hưởng)", "P", None, True),
        ],
        "laws": ["luat-vl", "nd28", "nd61", "tt28"],
    },
    {
        "code": "2.001955",
        "field": "viec-lam",
        "name": "Cấp giấy phép hoạt động dịch vụ việc làm cho doanh nghiệp",
        "name_en": "Issuance of employment service licences to enterprises",
        "unit": LDVL,
        "citizens": False,
        "orgs": True,
        "online": "partial",
        "legacy": 3,
        "post_in": True,
        "post_out": True,
        "conditions": "Doanh nghiệp đã thực hiện ký quỹ 300.000.000 đồng; người đứng đầu có trình "
        "độ từ đại học "
        "trở lên hoặc đã có thời gian trực tiếp làm dịch vụ việc làm từ đủ 02 năm; có địa điểm bảo đảm theo "
        "quy định.",
        "conditions_en": "The enterprise has made a deposit of VND 300,000,000; its head holds a "
        "university degree or has at least 2 years of direct experience in employment services; it has "
        "premises that meet the requirements.",
        "result": "Giấy phép hoạt động dịch vụ việc làm",
        "result_en": "Employment service licence",
        "result_form": "both",
        "action": "ký giấy phép hoạt động dịch vụ việc làm",
        "action_en": "signs the employment service licence",
        "docs": [
            ("Văn bản đề nghị cấp giấy phép hoạt động dịch vụ việc làm", "O", "de-nghi-gp-dvvl"),
            ("Giấy chứng nhận đã thực hiện ký quỹ", "C", None),
            ("Lý lịch tự thuật của người đứng đầu doanh nghiệp", "O", None),
            ("Văn bằng, giấy tờ chứng minh trình độ hoặc kinh nghiệm của người đứng đầu", "C", None),
            ("Giấy tờ chứng minh quyền sử dụng địa điểm", "P", None),
        ],
        "docs_en": [
            "Application for an employment service licence",
            "Certificate of the deposit",
            "Curriculum vitae of the head of the enterprise",
            "Diplomas or documents proving the qualifications or experience of the head of the enterprise",
            "Documents proving the right to use the premises",
        ],
        "laws": ["luat-vl", "nd23"],
        "versions": [
            {
                "number": 1,
                "status": "withdrawn",
                "valid_from": D(2021, 5, 5),
                "valid_to": V1_END,
                "decision": "1012/QĐ-UBND ngày 10/5/2021 (minh họa)",
                "time": 10,
            },
            {
                "number": 2,
                "status": "published",
                "valid_from": V2_START,
                "decision": "1478/QĐ-UBND ngày 25/6/2025 (minh họa)",
                "time": 7,
                "time_note": "Rút ngắn từ 10 xuống 7 ngày làm việc theo phương án đơn giản hóa (minh họa).",
                "time_note_en": "Shortened from 10 to 7 working days under the simplification plan "
                "(illustrative).",
            },
        ],
    },
    {
        "code": "2.002005",
        "field": "viec-lam",
        "name": "Đăng ký hợp đồng nhận lao động thực tập thời hạn dưới 90 ngày",
        "unit": LDVL,
        "time": 5,
        "citizens": False,
        "orgs": True,
        "online": "partial",
        "legacy": 3,
        "post_in": True,
        "post_out": True,
        "result": "Văn bản chấp thuận đăng ký hợp đồng nhận lao động thực tập",
        "action": "ký văn bản chấp thuận",
        "docs": [
            ("Văn bản đăng ký hợp đồng nhận lao động thực tập", "O", "dang-ky-thuc-tap"),
            ("Hợp đồng nhận lao động thực tập kèm bản dịch tiếng Việt", "C", None),
            ("Danh sách người lao động đi thực tập", "O", None),
        ],
        "laws": ["luat69", "nd112"],
    },
    # ---------------------------------------------------------------- Lao động nước ngoài
    {
        "code": "1.000105",
        "field": "lao-dong-nuoc-ngoai",
        "name": "Cấp giấy phép lao động cho người lao động nước ngoài làm việc tại Việt Nam",
        "name_en": "Issuance of work permits to foreign workers in Vietnam",
        "unit": LDVL,
        "citizens": False,
        "orgs": True,
        "subjects_note": "Người sử dụng lao động đề nghị cho người lao động nước ngoài.",
        "subjects_note_en": "The employer applies on behalf of the foreign worker.",
        "online": "full",
        "legacy": 4,
        "post_in": True,
        "post_out": True,
        "conditions": (
            "Đủ 18 tuổi trở lên và có năng lực hành vi dân sự đầy đủ;\n"
            "Có trình độ chuyên môn, kỹ thuật, tay nghề, kinh nghiệm làm việc; có đủ sức khỏe;\n"
            "Không phải là người đang trong thời gian chấp hành hình phạt hoặc chưa được xóa án tích;\n"
            "Đã được chấp thuận nhu cầu sử dụng người lao động nước ngoài."
        ),
        "conditions_en": (
            "Aged 18 or over, with full legal capacity;\n"
            "Has the professional or technical qualifications, skills and work experience required, and is "
            "in good health;\n"
            "Is not serving a criminal sentence and has no unexpunged criminal record;\n"
            "The employer's demand for foreign workers has been approved."
        ),
        "result": "Giấy phép lao động",
        "result_en": "Work permit",
        "result_form": "both",
        "action": "ký giấy phép lao động",
        "action_en": "signs the work permit",
        "docs": [
            ("Văn bản đề nghị cấp giấy phép lao động của người sử dụng lao động", "O", "de-nghi-gpld"),
            ("Giấy chứng nhận sức khỏe hoặc giấy khám sức khỏe", "O", None),
            (
                "Phiếu lý lịch tư pháp hoặc văn bản xác nhận không phải là người đang chấp hành hình phạt",
                "O",
                None,
            ),
            (
                "Văn bản chứng minh là nhà quản lý, giám đốc điều hành, chuyên gia hoặc lao động kỹ thuật",
                "C",
                None,
            ),
            ("02 ảnh màu (4 cm x 6 cm, phông nền trắng)", "O", None),
            ("Hộ chiếu còn giá trị", "C", None),
        ],
        "docs_en": [
            "The employer's application for a work permit",
            "Health certificate or medical examination certificate",
            "Criminal record certificate, or a document confirming that the worker is not serving a sentence",
            "Document proving that the worker is a manager, executive director, expert or technical worker",
            "2 colour photos (4 cm × 6 cm, white background)",
            "Valid passport",
        ],
        "laws": ["blld", "nd152", "nd70"],
        "versions": [
            {
                "number": 1,
                "status": "withdrawn",
                "valid_from": D(2023, 9, 18),
                "valid_to": V1_END,
                "decision": "2201/QĐ-UBND ngày 12/10/2023 (minh họa)",
                "fees": [
                    (
                        "Lệ phí cấp giấy phép lao động",
                        400000,
                        "Mức thu minh họa",
                        "Work permit fee",
                        "Illustrative amount",
                    )
                ],
            },
            {
                "number": 2,
                "status": "published",
                "valid_from": V2_START,
                "decision": "1478/QĐ-UBND ngày 25/6/2025 (minh họa)",
                "fees": [
                    (
                        "Lệ phí cấp giấy phép lao động",
                        600000,
                        "Mức thu minh họa theo Nghị quyết HĐND tỉnh",
                        "Work permit fee",
                        "Illustrative amount under a resolution of the Provincial People's Council",
                    )
                ],
            },
        ],
        "time": 5,
        "time_note": "05 ngày làm việc kể từ ngày nhận đủ hồ sơ.",
        "time_note_en": "5 working days from receipt of a complete application.",
    },
    {
        "code": "1.000459",
        "field": "lao-dong-nuoc-ngoai",
        "name": "Cấp lại giấy phép lao động cho người lao động nước ngoài làm việc tại Việt Nam",
        "name_en": "Re-issuance of work permits to foreign workers in Vietnam",
        "unit": LDVL,
        "time": 3,
        "citizens": False,
        "orgs": True,
        "online": "full",
        "legacy": 4,
        "post_in": True,
        "post_out": True,
        "conditions": "Giấy phép lao động còn thời hạn bị mất, bị hỏng hoặc thay đổi họ và tên, "
        "quốc tịch, số hộ "
        "chiếu, địa điểm làm việc.",
        "conditions_en": "A valid work permit has been lost or damaged, or the holder's name, nationality, "
        "passport number or workplace has changed.",
        "result": "Giấy phép lao động (cấp lại)",
        "result_en": "Work permit (re-issued)",
        "result_form": "both",
        "action": "ký giấy phép lao động cấp lại",
        "action_en": "signs the re-issued work permit",
        "docs": [
            ("Văn bản đề nghị cấp lại giấy phép lao động", "O", "de-nghi-gpld"),
            ("02 ảnh màu (4 cm x 6 cm, phông nền trắng)", "O", None),
            ("Giấy phép lao động còn thời hạn đã được cấp (trừ trường hợp bị mất)", "O", None, True),
        ],
        "docs_en": [
            "Application for re-issuance of the work permit",
            "2 colour photos (4 cm × 6 cm, white background)",
            "The valid work permit already issued (unless it was lost)",
        ],
        "fees": [
            (
                "Lệ phí cấp lại giấy phép lao động",
                450000,
                "Mức thu minh họa",
                "Work permit re-issuance fee",
                "Illustrative amount",
            )
        ],
        "laws": ["blld", "nd152", "nd70"],
    },
    {
        "code": "2.000205",
        "field": "lao-dong-nuoc-ngoai",
        "name": "Gia hạn giấy phép lao động cho người lao động nước ngoài làm việc tại Việt Nam",
        "name_en": "Extension of work permits of foreign workers in Vietnam",
        "unit": LDVL,
        "time": 5,
        "citizens": False,
        "orgs": True,
        "online": "full",
        "legacy": 4,
        "post_in": True,
        "post_out": True,
        "conditions": "Giấy phép lao động đã được cấp còn thời hạn ít nhất 05 ngày nhưng không quá 45 ngày; "
        "được chấp thuận nhu cầu sử dụng người lao động nước ngoài.",
        "conditions_en": "The work permit has at least 5 and at most 45 days of validity left; the "
        "employer's demand for foreign workers has been approved.",
        "result": "Giấy phép lao động (gia hạn)",
        "result_en": "Work permit (extended)",
        "result_form": "both",
        "action": "ký giấy phép lao động gia hạn",
        "action_en": "signs the extended work permit",
        "docs": [
            ("Văn bản đề nghị gia hạn giấy phép lao động", "O", "de-nghi-gpld"),
            ("02 ảnh màu (4 cm x 6 cm, phông nền trắng)", "O", None),
            ("Giấy phép lao động còn thời hạn đã được cấp", "O", None),
            ("Giấy chứng nhận sức khỏe hoặc giấy khám sức khỏe", "O", None),
        ],
        "docs_en": [
            "Application for extension of the work permit",
            "2 colour photos (4 cm × 6 cm, white background)",
            "The valid work permit already issued",
            "Health certificate or medical examination certificate",
        ],
        "fees": [
            (
                "Lệ phí gia hạn giấy phép lao động",
                450000,
                "Mức thu minh họa",
                "Work permit extension fee",
                "Illustrative amount",
            )
        ],
        "laws": ["blld", "nd152", "nd70"],
    },
    {
        "code": "1.000516",
        "field": "lao-dong-nuoc-ngoai",
        "name": "Xác nhận người lao động nước ngoài không thuộc diện cấp giấy phép lao động",
        "name_en": "Certification of foreign workers exempt from work permits",
        "unit": LDVL,
        "time": 3,
        "cutoff": dt.time(15, 0),
        "time_note": "Hồ sơ nhận sau 15 giờ 00 được tính nhận vào ngày làm việc tiếp theo.",
        "time_note_en": "Applications received after 15:00 count as received on the next working day.",
        "citizens": False,
        "orgs": True,
        "online": "full",
        "legacy": 4,
        "post_in": True,
        "post_out": True,
        "result": "Văn bản xác nhận người lao động nước ngoài không thuộc diện cấp giấy phép lao động",
        "result_en": "Certification that the foreign worker is exempt from a work permit",
        "result_form": "both",
        "action": "ký văn bản xác nhận",
        "action_en": "signs the certification",
        "docs": [
            (
                "Văn bản đề nghị xác nhận không thuộc diện cấp giấy phép lao động",
                "O",
                "de-nghi-xac-nhan-mien",
            ),
            ("Giấy chứng nhận sức khỏe hoặc giấy khám sức khỏe", "O", None),
            ("Hộ chiếu còn giá trị", "C", None),
            (
                "Giấy tờ chứng minh người lao động nước ngoài không thuộc diện cấp giấy phép lao động",
                "C",
                None,
            ),
        ],
        "docs_en": [
            "Application for certification of exemption from a work permit",
            "Health certificate or medical examination certificate",
            "Valid passport",
            "Documents proving that the foreign worker is exempt from a work permit",
        ],
        "laws": ["blld", "nd152", "nd70"],
    },
    {
        "code": "2.000192",
        "field": "lao-dong-nuoc-ngoai",
        "name": "Báo cáo giải trình nhu cầu, thay đổi nhu cầu sử dụng người lao động nước ngoài",
        "name_en": "Explanatory report on the demand for, or change in demand for, foreign workers",
        "unit": LDVL,
        "time": 10,
        "citizens": False,
        "orgs": True,
        "online": "full",
        "legacy": 4,
        "post_in": True,
        "post_out": True,
        "result": "Văn bản chấp thuận (hoặc không chấp thuận) nhu cầu sử dụng người lao động nước ngoài",
        "result_en": "Approval (or refusal) of the demand for foreign workers",
        "result_form": "both",
        "action": "ký văn bản chấp thuận",
        "action_en": "signs the approval",
        "docs": [
            (
                "Báo cáo giải trình nhu cầu, thay đổi nhu cầu sử dụng người lao động nước ngoài",
                "O",
                "bao-cao-giai-trinh",
            ),
            ("Văn bản ủy quyền (trường hợp người khác nộp thay người sử dụng lao động)", "O", None, True),
        ],
        "docs_en": [
            "Explanatory report on the demand, or change in demand, for foreign workers",
            "Power of attorney (when someone else submits on the employer's behalf)",
        ],
        "laws": ["blld", "nd152", "nd70"],
    },
    # ---------------------------------------------------------------- Giáo dục nghề nghiệp
    {
        "code": "1.000479",
        "field": "giao-duc-nghe-nghiep",
        "name": "Thành lập trường trung cấp công lập trực thuộc tỉnh, thành phố trực thuộc trung ương và cho "
        "phép thành lập trường trung cấp tư thục trên địa bàn tỉnh, thành phố trực thuộc trung ương",
        "unit": GDNN,
        "time": 15,
        "citizens": False,
        "orgs": True,
        "online": "partial",
        "legacy": 2,
        "post_in": True,
        "conditions": "Phù hợp với quy hoạch mạng lưới cơ sở giáo dục nghề nghiệp; có đề án thành "
        "lập; bảo đảm "
        "điều kiện về đất đai, cơ sở vật chất, vốn đầu tư theo Nghị định 143/2016/NĐ-CP.",
        "result": "Quyết định thành lập hoặc cho phép thành lập trường trung cấp của Chủ tịch UBND tỉnh",
        "action": "ký tờ trình đề nghị Chủ tịch Ủy ban nhân dân tỉnh quyết định",
        "docs": [
            (
                "Tờ trình đề nghị thành lập hoặc cho phép thành lập trường trung cấp",
                "O",
                "to-trinh-truong-tc",
            ),
            ("Đề án thành lập trường trung cấp", "O", None),
            ("Giấy tờ chứng minh quyền sử dụng đất, tài sản gắn liền với đất", "C", None),
            ("Văn bản chứng minh vốn đầu tư", "C", None),
        ],
        "laws": ["luat-gdnn", "nd143", "nd15", "nd24"],
        "inter": [o.PROVINCE],
        "process": [
            ("counter", "mot-cua", 0.5, "Tiếp nhận, chuyển Phòng Giáo dục nghề nghiệp"),
            ("specialist", GDNN, 5, "Thẩm định hồ sơ, thẩm định thực tế cơ sở"),
            ("unit_head", GDNN, 1, "Trưởng phòng xem xét, dự thảo tờ trình"),
            ("director", "ban-giam-doc", 1, "Giám đốc Sở ký tờ trình"),
            ("partner", o.PROVINCE, 7, "Chủ tịch UBND tỉnh xem xét, quyết định"),
            ("return", "mot-cua", 0.5, "Trả kết quả"),
        ],
    },
    {
        "code": "1.000482",
        "field": "giao-duc-nghe-nghiep",
        "name": "Cấp giấy chứng nhận đăng ký hoạt động giáo dục nghề nghiệp đối với trung tâm giáo dục nghề "
        "nghiệp, trường trung cấp, doanh nghiệp",
        "unit": GDNN,
        "time": 10,
        "citizens": False,
        "orgs": True,
        "online": "partial",
        "legacy": 3,
        "post_in": True,
        "post_out": True,
        "result": "Giấy chứng nhận đăng ký hoạt động giáo dục nghề nghiệp",
        "action": "ký giấy chứng nhận đăng ký hoạt động giáo dục nghề nghiệp",
        "docs": [
            (
                "Văn bản đề nghị cấp giấy chứng nhận đăng ký hoạt động giáo dục nghề nghiệp",
                "O",
                "de-nghi-gdnn",
            ),
            ("Quyết định thành lập hoặc cho phép thành lập", "C", None),
            ("Báo cáo thực trạng cơ sở vật chất, thiết bị, đội ngũ nhà giáo", "O", None),
            ("Chương trình đào tạo của từng ngành, nghề đăng ký", "O", None),
        ],
        "laws": ["luat-gdnn", "nd143", "nd15", "nd24"],
    },
    # ---------------------------------------------------------------- Người có công
    {
        "code": "1.010801",
        "field": "nguoi-co-cong",
        "name": "Giải quyết chế độ trợ cấp một lần đối với thân nhân người hoạt động kháng chiến được tặng "
        "huân chương, huy chương chết trước ngày 01 tháng 01 năm 1995 mà chưa được hưởng chế độ ưu đãi",
        "unit": NCC,
        "time": 12,
        "online": "partial",
        "legacy": 2,
        "post_in": True,
        "post_out": True,
        "subjects_note": "Thân nhân nộp hồ sơ tại Ủy ban nhân dân cấp xã nơi thường trú.",
        "result": "Quyết định trợ cấp một lần",
        "action": "ký quyết định trợ cấp một lần",
        "docs": [
            ("Bản khai của thân nhân", "O", "ban-khai-than-nhan"),
            ("Bản sao huân chương, huy chương hoặc quyết định tặng thưởng", "C", None),
            ("Giấy ủy quyền của các thân nhân (nếu có)", "O", None, True),
        ],
        "laws": ["pl02", "nd131"],
        "inter": [o.PHU_THUY, o.HAM_THANG],
        "process": [
            ("partner", o.PHU_THUY, 3, "UBND cấp xã tiếp nhận, xác nhận, lập danh sách gửi Sở"),
            ("counter", "mot-cua", 0.5, "Tiếp nhận hồ sơ từ UBND cấp xã"),
            ("specialist", NCC, 5, "Thẩm định hồ sơ"),
            ("unit_head", NCC, 1.5, "Trưởng phòng xem xét, trình ký"),
            ("director", "ban-giam-doc", 1.5, "Giám đốc Sở ký quyết định"),
            ("return", "mot-cua", 0.5, "Chuyển kết quả về UBND cấp xã để trả người dân"),
        ],
    },
    {
        "code": "1.010805",
        "field": "nguoi-co-cong",
        "name": "Cấp giấy giới thiệu đi thăm viếng mộ liệt sĩ và hỗ trợ thăm viếng mộ liệt sĩ",
        "unit": NCC,
        "time": 5,
        "online": "partial",
        "legacy": 3,
        "post_in": True,
        "post_out": True,
        "result": "Giấy giới thiệu đi thăm viếng mộ liệt sĩ; tiền hỗ trợ thăm viếng",
        "action": "ký giấy giới thiệu",
        "docs": [
            ("Đơn đề nghị thăm viếng mộ liệt sĩ", "O", "don-tham-vieng-mo"),
            ("Giấy báo tin mộ liệt sĩ hoặc xác nhận thông tin về mộ liệt sĩ", "P", None),
        ],
        "laws": ["pl02", "nd131"],
    },
    {
        "code": "1.010813",
        "field": "nguoi-co-cong",
        "name": "Sửa đổi, bổ sung thông tin cá nhân trong hồ sơ người có công",
        "unit": NCC,
        "time": 12,
        "online": "partial",
        "legacy": 2,
        "post_in": True,
        "post_out": True,
        "result": "Quyết định sửa đổi, bổ sung thông tin cá nhân trong hồ sơ người có công",
        "action": "ký quyết định sửa đổi, bổ sung thông tin",
        "docs": [
            ("Đơn đề nghị sửa đổi, bổ sung thông tin cá nhân", "O", "don-sua-thong-tin"),
            ("Căn cước công dân hoặc giấy tờ có giá trị pháp lý chứng minh thông tin đúng", "C", None),
        ],
        "laws": ["pl02", "nd131"],
    },
    {
        "code": "1.010815",
        "field": "nguoi-co-cong",
        "name": "Cấp trích lục hoặc sao hồ sơ người có công với cách mạng",
        "unit": NCC,
        "time": 8,
        "online": "none",
        "result": "Bản trích lục hoặc bản sao hồ sơ người có công",
        "docs": [
            ("Đơn đề nghị cấp trích lục hoặc sao hồ sơ", "O", None),
            ("Giấy tờ chứng minh quan hệ với người có công (trường hợp thân nhân đề nghị)", "C", None, True),
        ],
        "laws": ["pl02", "nd131"],
        "incomplete": True,  # steps text not yet entered
    },
    # ---------------------------------------------------------------- Bảo trợ xã hội
    {
        "code": "1.001776",
        "field": "bao-tro-xa-hoi",
        "name": "Thành lập cơ sở trợ giúp xã hội công lập thuộc Ủy ban nhân dân cấp tỉnh, cơ sở trợ giúp xã "
        "hội công lập thuộc Sở Lao động – Thương binh và Xã hội",
        "unit": BTXH,
        "time": 15,
        "citizens": False,
        "orgs": True,
        "online": "none",
        "legacy": 2,
        "result": "Quyết định thành lập cơ sở trợ giúp xã hội công lập",
        "action": "ký văn bản gửi Sở Nội vụ thẩm định",
        "docs": [
            ("Tờ trình đề nghị thành lập cơ sở trợ giúp xã hội", "O", "to-trinh-csxh"),
            ("Đề án thành lập cơ sở trợ giúp xã hội", "O", None),
            ("Dự thảo quy chế hoạt động của cơ sở", "O", None),
        ],
        "laws": ["nd103"],
        "inter": [o.NOI_VU, o.PROVINCE],
        "process": [
            ("counter", "mot-cua", 0.5, "Tiếp nhận hồ sơ"),
            ("specialist", BTXH, 4, "Thẩm định đề án"),
            ("unit_head", BTXH, 1, "Trưởng phòng xem xét"),
            ("director", "ban-giam-doc", 1, "Giám đốc Sở ký văn bản đề nghị"),
            ("partner", o.NOI_VU, 8, "Sở Nội vụ thẩm định, trình UBND tỉnh quyết định"),
            ("return", "mot-cua", 0.5, "Trả kết quả"),
        ],
    },
    {
        "code": "1.001753",
        "field": "bao-tro-xa-hoi",
        "name": "Cấp giấy phép hoạt động đối với cơ sở trợ giúp xã hội có giấy chứng nhận đăng ký thành lập "
        "do Sở Lao động – Thương binh và Xã hội cấp",
        "unit": BTXH,
        "time": 10,
        "citizens": False,
        "orgs": True,
        "online": "partial",
        "legacy": 3,
        "post_in": True,
        "post_out": True,
        "result": "Giấy phép hoạt động cơ sở trợ giúp xã hội",
        "action": "ký giấy phép hoạt động",
        "docs": [
            ("Tờ khai đề nghị cấp giấy phép hoạt động", "O", "to-khai-gp-csxh"),
            ("Giấy chứng nhận đăng ký thành lập cơ sở", "C", None),
            ("Danh sách nhân viên kèm văn bằng, chứng chỉ", "O", None),
            ("Quy chế hoạt động của cơ sở", "O", None),
        ],
        "laws": ["nd103"],
    },
    {
        "code": "1.001739",
        "field": "bao-tro-xa-hoi",
        "name": "Đăng ký thành lập cơ sở trợ giúp xã hội ngoài công lập thuộc thẩm quyền thành lập của Sở "
        "Lao động – Thương binh và Xã hội",
        "unit": BTXH,
        "time": 5,
        "citizens": True,
        "orgs": True,
        "online": "partial",
        "legacy": 3,
        "post_in": True,
        "result": "Giấy chứng nhận đăng ký thành lập cơ sở trợ giúp xã hội",
        "action": "ký giấy chứng nhận đăng ký thành lập",
        "docs": [
            ("Tờ khai đăng ký thành lập cơ sở trợ giúp xã hội ngoài công lập", "O", "to-khai-dk-csxh"),
            ("Dự thảo quy chế hoạt động", "O", None),
            ("Giấy tờ chứng minh quyền sử dụng cơ sở vật chất", "P", None),
        ],
        "laws": ["nd103"],
    },
    {
        "code": "2.000286",
        "field": "bao-tro-xa-hoi",
        "name": "Tiếp nhận đối tượng bảo trợ xã hội có hoàn cảnh đặc biệt khó khăn vào cơ sở trợ giúp xã hội "
        "cấp tỉnh",
        "unit": BTXH,
        "time": 7,
        "online": "none",
        "legacy": 2,
        "post_in": True,
        "result": "Quyết định tiếp nhận vào cơ sở trợ giúp xã hội",
        "action": "ký quyết định tiếp nhận",
        "docs": [
            ("Đơn đề nghị tiếp nhận vào cơ sở trợ giúp xã hội", "O", "don-tiep-nhan-csxh"),
            ("Sơ yếu lý lịch của đối tượng có xác nhận của UBND cấp xã", "O", None),
            ("Giấy khám sức khỏe", "O", None),
            ("Văn bản đề nghị của Chủ tịch UBND cấp xã", "O", None),
        ],
        "laws": ["nd20", "nd103"],
        "inter": [o.HAM_THANG],
        "process": [
            ("partner", o.HAM_THANG, 2, "UBND cấp xã xác minh, lập hồ sơ đề nghị"),
            ("counter", "mot-cua", 0.5, "Tiếp nhận hồ sơ"),
            ("specialist", BTXH, 2, "Thẩm định hồ sơ"),
            ("unit_head", BTXH, 1, "Trưởng phòng xem xét"),
            ("director", "ban-giam-doc", 1, "Giám đốc Sở ký quyết định"),
            ("return", "mot-cua", 0.5, "Trả kết quả"),
        ],
    },
    # ---------------------------------------------------------------- Phòng, chống tệ nạn xã hội
    {
        "code": "1.010936",
        "field": "te-nan-xa-hoi",
        "name": "Cấp giấy phép hoạt động cai nghiện ma túy tự nguyện",
        "unit": BTXH,
        "time": 20,
        "citizens": False,
        "orgs": True,
        "online": "partial",
        "legacy": 2,
        "post_in": True,
        "post_out": True,
        "conditions": "Cơ sở đáp ứng điều kiện về cơ sở vật chất, nhân sự theo Điều 11 Nghị định "
        "116/2021/NĐ-CP.",
        "result": "Giấy phép hoạt động cai nghiện ma túy tự nguyện",
        "action": "ký giấy phép hoạt động cai nghiện ma túy tự nguyện",
        "docs": [
            (
                "Văn bản đề nghị cấp giấy phép hoạt động cai nghiện ma túy tự nguyện",
                "O",
                "de-nghi-cai-nghien",
            ),
            ("Giấy chứng nhận đăng ký doanh nghiệp hoặc quyết định thành lập", "C", None),
            ("Danh sách nhân sự kèm văn bằng, chứng chỉ", "O", None),
            ("Quy trình cai nghiện và nội quy của cơ sở", "O", None),
        ],
        "laws": ["luat-pcmt", "nd116"],
        "inter": [o.CONG_AN],
        "process": [
            ("counter", "mot-cua", 0.5, "Tiếp nhận hồ sơ"),
            ("specialist", BTXH, 8, "Thẩm định hồ sơ, kiểm tra thực tế"),
            ("partner", o.CONG_AN, 5, "Công an tỉnh có ý kiến về an ninh, trật tự"),
            ("unit_head", BTXH, 2, "Trưởng phòng xem xét"),
            ("director", "ban-giam-doc", 2, "Giám đốc Sở ký giấy phép"),
            ("return", "mot-cua", 0.5, "Trả kết quả"),
        ],
    },
    {
        "code": "1.010937",
        "field": "te-nan-xa-hoi",
        "name": "Cấp lại giấy phép hoạt động cai nghiện ma túy tự nguyện",
        "unit": BTXH,
        "time": 10,
        "citizens": False,
        "orgs": True,
        "online": "none",
        "result": "Giấy phép hoạt động cai nghiện ma túy tự nguyện (cấp lại)",
        "action": "ký giấy phép cấp lại",
        "docs": [
            ("Văn bản đề nghị cấp lại giấy phép", "O", None),
            ("Giấy phép hoạt động đã được cấp (trừ trường hợp bị mất)", "O", None, True),
        ],
        "laws": ["luat-pcmt", "nd116"],
        "versions": [{"number": 1, "status": "draft"}],
    },
    # ---------------------------------------------------------------- Lao động – Tiền lương
    {
        "code": "1.009467",
        "field": "lao-dong-tien-luong",
        "name": "Đăng ký nội quy lao động của doanh nghiệp",
        "unit": LDVL,
        "time": 7,
        "citizens": False,
        "orgs": True,
        "subjects_note": "Người sử dụng lao động sử dụng từ 10 người lao động trở lên.",
        "online": "full",
        "legacy": 4,
        "post_in": True,
        "post_out": True,
        "result": "Thông báo về việc đăng ký nội quy lao động",
        "result_form": "both",
        "action": "ký thông báo đăng ký nội quy lao động",
        "docs": [
            ("Văn bản đề nghị đăng ký nội quy lao động", "O", "de-nghi-noi-quy"),
            ("Nội quy lao động", "O", None),
            ("Văn bản góp ý của tổ chức đại diện người lao động tại cơ sở (nếu có)", "O", None, True),
            ("Các văn bản của người sử dụng lao động có quy định liên quan đến kỷ luật lao động", "P", None),
        ],
        "laws": ["blld", "nd145"],
    },
    {
        "code": "1.009462",
        "field": "lao-dong-tien-luong",
        "name": "Cấp giấy phép hoạt động cho thuê lại lao động",
        "unit": LDVL,
        "time": 20,
        "citizens": False,
        "orgs": True,
        "online": "partial",
        "legacy": 3,
        "post_in": True,
        "post_out": True,
        "conditions": "Doanh nghiệp đã ký quỹ 2.000.000.000 đồng; người đại diện theo pháp luật đáp ứng điều "
        "kiện theo Điều 21 Nghị định 145/2020/NĐ-CP.",
        "result": "Giấy phép hoạt động cho thuê lại lao động",
        "action": "ký tờ trình đề nghị Chủ tịch UBND tỉnh cấp giấy phép",
        "docs": [
            ("Văn bản đề nghị cấp giấy phép hoạt động cho thuê lại lao động", "O", "de-nghi-cho-thue-lai"),
            ("Bản lý lịch tự thuật của người đại diện theo pháp luật", "O", None),
            ("Phiếu lý lịch tư pháp số 1 của người đại diện theo pháp luật", "O", None),
            ("Giấy chứng nhận tiền ký quỹ hoạt động cho thuê lại lao động", "C", None),
        ],
        "fees": [("Lệ phí cấp giấy phép", 0, "Không thu (minh họa)")],
        "laws": ["blld", "nd145"],
        "inter": [o.PROVINCE],
        "process": [
            ("counter", "mot-cua", 0.5, "Tiếp nhận hồ sơ"),
            ("specialist", LDVL, 8, "Thẩm định hồ sơ"),
            ("unit_head", LDVL, 1.5, "Trưởng phòng xem xét"),
            ("director", "ban-giam-doc", 2, "Giám đốc Sở ký tờ trình"),
            ("partner", o.PROVINCE, 7, "Chủ tịch UBND tỉnh cấp giấy phép"),
            ("return", "mot-cua", 0.5, "Trả kết quả"),
        ],
    },
    {
        "code": "1.000453",
        "field": "lao-dong-tien-luong",
        "name": "Gửi thang lương, bảng lương, định mức lao động của doanh nghiệp",
        "unit": LDVL,
        "time": 5,
        "citizens": False,
        "orgs": True,
        "online": "none",
        "result": "Văn bản tiếp nhận",
        "docs": [
            ("Thang lương, bảng lương, định mức lao động", "O", None),
            ("Văn bản tham khảo ý kiến của tổ chức đại diện người lao động tại cơ sở", "P", None),
        ],
        "laws": ["blld12", "nd49"],
        # Bộ luật Lao động 2019 no longer requires enterprises to send their pay scales.
        "versions": [
            {
                "number": 1,
                "status": "withdrawn",
                "valid_from": D(2013, 7, 1),
                "valid_to": D(2020, 12, 31),
                "time_note": "Bãi bỏ từ 01/01/2021 khi Bộ luật Lao động 2019 có hiệu lực.",
            }
        ],
    },
    # ---------------------------------------------------------------- An toàn, vệ sinh lao động
    {
        "code": "2.000134",
        "field": "an-toan-lao-dong",
        "name": "Khai báo với Sở Lao động – Thương binh và Xã hội địa phương khi đưa vào sử dụng "
        "các loại máy, "
        "thiết bị, vật tư có yêu cầu nghiêm ngặt về an toàn lao động",
        "unit": LDVL,
        "time": 5,
        "citizens": True,
        "orgs": True,
        "online": "full",
        "legacy": 4,
        "post_in": True,
        "post_out": True,
        "result": "Giấy xác nhận khai báo",
        "result_form": "both",
        "action": "ký giấy xác nhận khai báo",
        "docs": [
            ("Phiếu khai báo sử dụng máy, thiết bị, vật tư", "O", "khai-bao-thiet-bi"),
            ("Giấy chứng nhận kết quả kiểm định", "P", None),
        ],
        "laws": ["luat-atvsld", "nd44"],
    },
    {
        "code": "1.000207",
        "field": "an-toan-lao-dong",
        "name": "Cấp giấy chứng nhận đủ điều kiện hoạt động huấn luyện an toàn, vệ sinh lao động hạng A hoặc "
        "hạng B",
        "unit": LDVL,
        "time": 25,
        "citizens": False,
        "orgs": True,
        "online": "partial",
        "legacy": 3,
        "post_in": True,
        "post_out": True,
        "conditions": "Tổ chức huấn luyện đáp ứng điều kiện về cơ sở vật chất, thiết bị, người huấn "
        "luyện theo "
        "Nghị định 44/2016/NĐ-CP và Nghị định 140/2018/NĐ-CP.",
        "result": "Giấy chứng nhận đủ điều kiện hoạt động huấn luyện an toàn, vệ sinh lao động",
        "action": "ký giấy chứng nhận",
        "docs": [
            ("Văn bản đề nghị cấp giấy chứng nhận", "O", "de-nghi-huan-luyen"),
            ("Bản thuyết minh về cơ sở vật chất, người huấn luyện", "O", None),
            ("Danh sách người huấn luyện kèm bằng cấp, chứng chỉ", "C", None),
        ],
        "fees": [("Phí thẩm định điều kiện hoạt động huấn luyện", 1500000, "Mức thu minh họa")],
        "laws": ["luat-atvsld", "nd44", "nd140"],
    },
    # ---------------------------------------------------------------- Trẻ em
    {
        "code": "1.004946",
        "field": "tre-em",
        "name": "Áp dụng các biện pháp can thiệp khẩn cấp hoặc tạm thời cách ly trẻ em khỏi môi trường hoặc "
        "người gây tổn hại cho trẻ em",
        "unit": BTXH,
        "time": 12,
        "time_unit": "working_hours",
        "time_note": "Trong vòng 12 giờ kể từ khi nhận được thông báo (tính theo giờ làm việc trong "
        "hệ thống).",
        "online": "none",
        "legacy": 2,
        "result": "Quyết định áp dụng biện pháp can thiệp khẩn cấp hoặc tạm thời cách ly trẻ em",
        "action": "ký quyết định áp dụng biện pháp can thiệp",
        "docs": [
            (
                "Phiếu ghi nhận thông tin, thông báo, tố giác hành vi xâm hại trẻ em",
                "O",
                "phieu-ghi-nhan-tre-em",
            ),
            ("Biên bản đánh giá nguy cơ đối với trẻ em", "O", None, True),
        ],
        "laws": ["luat-te", "nd56"],
    },
]
