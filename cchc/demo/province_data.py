"""Demo province after the merger of 01/7/2025: tỉnh Lâm Đồng (with the former tỉnh Bình Thuận).

The former Bình Thuận agencies of ``org_data`` close on 30/6/2025 and name their successors
(``replaced_by``); the Department's history up to then stays theirs. From 01/7/2025: Sở Nội vụ carries
Sở LĐTBXH's work except social protection and children (to Sở Y tế, ``FieldTransfer``), two other
departments, six communes, the provincial service centre with two branches and each commune's centre.

ALL identifiers are ILLUSTRATIVE: QCVN 102 codes and administrative unit codes have the right
format but are not the province's published lists; people, phones and addresses are made up.
"""

from __future__ import annotations

import datetime as dt

from cchc.demo import org_data as od
from cchc.org import roles

MERGER = dt.date(2025, 7, 1)
OLD_END = dt.date(2025, 6, 30)

PROVINCE = "000.00.00.H42"
NOI_VU = "000.05.22.H42"
Y_TE = "000.13.22.H42"
TAI_CHINH = "000.07.22.H42"
TU_PHAP = "000.09.22.H42"
CENTRE = "000.01.22.H42"
BRANCH_PHAN_THIET = "000.01.23.H42"
BRANCH_GIA_NGHIA = "000.01.24.H42"

_PROVINCE_ADDRESS = "Số 36 Trần Phú, phường Xuân Hương – Đà Lạt, tỉnh Lâm Đồng"

# Communes after 01/7/2025: code, administrative unit code (5 digits, illustrative), name, short name,
# English name, centre code, the former Bình Thuận commune it carries on (or None).
COMMUNES = [
    ("000.40.01.H42", "22915", "phường Phan Thiết", "Phan Thiet Ward", "000.41.01.H42", od.PHU_THUY),
    ("000.40.02.H42", "22924", "phường Mũi Né", "Mui Ne Ward", "000.41.02.H42", None),
    ("000.40.03.H42", "22978", "xã Hàm Thắng", "Ham Thang Commune", "000.41.03.H42", od.HAM_THANG),
    ("000.40.04.H42", "23005", "xã Hàm Thuận Bắc", "Ham Thuan Bac Commune", "000.41.04.H42", None),
    (
        "000.40.05.H42",
        "24778",
        "phường Xuân Hương – Đà Lạt",
        "Xuan Huong – Da Lat Ward",
        "000.41.05.H42",
        None,
    ),
    ("000.40.06.H42", "24611", "phường Bắc Gia Nghĩa", "Bac Gia Nghia Ward", "000.41.06.H42", None),
]

AGENCIES: list[dict] = [
    {
        "code": PROVINCE,
        "name": "Ủy ban nhân dân tỉnh Lâm Đồng",
        "name_en": "Lam Dong Provincial People's Committee",
        "short_name": "UBND tỉnh Lâm Đồng",
        "kind": "province",
        "admin_unit_code": "68",
        "address": _PROVINCE_ADDRESS,
        "phone": "0263 3822 147",
    },
    {
        "code": NOI_VU,
        "name": "Sở Nội vụ tỉnh Lâm Đồng",
        "name_en": "Lam Dong Department of Home Affairs",
        "short_name": "Sở Nội vụ",
        "document_symbol": "SNV",
        "kind": "department",
        "parent": PROVINCE,
        "address": "Số 01 Đường Nguyễn Tất Thành, phường Phan Thiết, tỉnh Lâm Đồng",
        "phone": "0263 3822 236",
    },
    {
        "code": Y_TE,
        "name": "Sở Y tế tỉnh Lâm Đồng",
        "name_en": "Lam Dong Department of Health",
        "short_name": "Sở Y tế",
        "document_symbol": "SYT",
        "kind": "department",
        "parent": PROVINCE,
        "address": "Số 36 Trần Phú, phường Xuân Hương – Đà Lạt, tỉnh Lâm Đồng",
        "phone": "0263 3822 458",
    },
    {
        "code": TAI_CHINH,
        "name": "Sở Tài chính tỉnh Lâm Đồng",
        "name_en": "Lam Dong Department of Finance",
        "short_name": "Sở Tài chính",
        "document_symbol": "STC",
        "kind": "department",
        "parent": PROVINCE,
        "phone": "0263 3822 385",
    },
    {
        "code": TU_PHAP,
        "name": "Sở Tư pháp tỉnh Lâm Đồng",
        "name_en": "Lam Dong Department of Justice",
        "short_name": "Sở Tư pháp",
        "document_symbol": "STP",
        "kind": "department",
        "parent": PROVINCE,
        "phone": "0263 3822 731",
    },
    {
        "code": CENTRE,
        "name": "Trung tâm Phục vụ hành chính công tỉnh Lâm Đồng",
        "name_en": "Lam Dong Public Administration Service Centre",
        "short_name": "Trung tâm PVHCC tỉnh",
        "kind": "service_centre",
        "parent": PROVINCE,
        "address": "Số 36 Trần Phú, phường Xuân Hương – Đà Lạt, tỉnh Lâm Đồng",
        "phone": "0263 3836 666",
        "transfer_hours": 16,
    },
    {
        "code": BRANCH_PHAN_THIET,
        "name": "Chi nhánh Trung tâm Phục vụ hành chính công tỉnh tại Phan Thiết",
        "name_en": "Public Administration Service Centre, Phan Thiet branch",
        "short_name": "Chi nhánh Phan Thiết",
        "kind": "service_centre",
        "parent": CENTRE,
        "address": "Số 19 Đường Nguyễn Tất Thành, phường Phan Thiết, tỉnh Lâm Đồng",
        "phone": "0252 3836 666",
        "transfer_hours": 16,
    },
    {
        "code": BRANCH_GIA_NGHIA,
        "name": "Chi nhánh Trung tâm Phục vụ hành chính công tỉnh tại Gia Nghĩa",
        "name_en": "Public Administration Service Centre, Gia Nghia branch",
        "short_name": "Chi nhánh Gia Nghĩa",
        "kind": "service_centre",
        "parent": CENTRE,
        "address": "Đường 23 tháng 3, phường Bắc Gia Nghĩa, tỉnh Lâm Đồng",
        "phone": "0261 3544 666",
        "transfer_hours": 24,
    },
]
for _code, _admin, _name, _name_en, _centre, _old in COMMUNES:
    AGENCIES.append(
        {
            "code": _code,
            "name": f"Ủy ban nhân dân {_name}",
            "name_en": f"{_name_en} People's Committee",
            "short_name": f"UBND {_name}",
            "kind": "commune",
            "level": "commune",
            "admin_unit_code": _admin,
            "parent": PROVINCE,
            "address": f"Trụ sở UBND {_name}, tỉnh Lâm Đồng",
        }
    )
    AGENCIES.append(
        {
            "code": _centre,
            "name": f"Trung tâm Phục vụ hành chính công {_name}",
            "name_en": f"{_name_en} Public Administration Service Centre",
            "short_name": f"Trung tâm PVHCC {_name}",
            "kind": "service_centre",
            "level": "commune",
            "parent": _code,
            "address": f"Trụ sở UBND {_name}, tỉnh Lâm Đồng",
            "transfer_hours": 4,
        }
    )
for _row in AGENCIES:
    _row.setdefault("valid_from", MERGER)

DEPARTMENTS = [NOI_VU, Y_TE, TAI_CHINH, TU_PHAP]
PROVINCE_PLACES = [CENTRE, BRANCH_PHAN_THIET, BRANCH_GIA_NGHIA]
# code → the agencies it receives and returns for
SERVES: dict[str, list[str]] = {place: DEPARTMENTS for place in PROVINCE_PLACES}
SERVES.update({centre: [code] for code, _a, _n, _e, centre, _o in COMMUNES})

# The former agencies close on 30/6/2025; ``replaced_by`` names the main successor.
REPLACED = {
    od.PROVINCE: PROVINCE,
    od.HOME: NOI_VU,
    od.NOI_VU: NOI_VU,
    od.TAI_CHINH: TAI_CHINH,
    od.PVHCC: CENTRE,
    **{old: code for code, _a, _n, _e, _c, old in COMMUNES if old},
}
# Fields of Sở LĐTBXH that went to Sở Y tế rather than to its main successor.
FIELD_TRANSFERS = [(od.HOME, "bao-tro-xa-hoi", Y_TE), (od.HOME, "tre-em", Y_TE)]

# Units: (agency code, unit code, name, kind). Departments: leadership, office, divisions, their
# counter at the provincial centre. Communes: leadership and two divisions (their centre receives).
UNITS: list[tuple[str, str, str, str]] = [
    (PROVINCE, "van-phong-ubnd", "Văn phòng Ủy ban nhân dân tỉnh", "office"),
    (NOI_VU, "ban-giam-doc", "Ban Giám đốc", "leadership"),
    (NOI_VU, "van-phong", "Văn phòng Sở", "office"),
    (NOI_VU, "lao-dong-viec-lam", "Phòng Lao động – Việc làm", "division"),
    (NOI_VU, "nguoi-co-cong", "Phòng Người có công", "division"),
    (NOI_VU, "mot-cua", "Bộ phận Một cửa", "counter"),
    (Y_TE, "ban-giam-doc", "Ban Giám đốc", "leadership"),
    (Y_TE, "van-phong", "Văn phòng Sở", "office"),
    (Y_TE, "bao-tro-xa-hoi", "Phòng Bảo trợ xã hội – Trẻ em", "division"),
    (Y_TE, "mot-cua", "Bộ phận Một cửa", "counter"),
    (TAI_CHINH, "ban-giam-doc", "Ban Giám đốc", "leadership"),
    (TAI_CHINH, "dang-ky-kinh-doanh", "Phòng Đăng ký kinh doanh", "division"),
    (TAI_CHINH, "mot-cua", "Bộ phận Một cửa", "counter"),
    (TU_PHAP, "ban-giam-doc", "Ban Giám đốc", "leadership"),
    (TU_PHAP, "hanh-chinh-tu-phap", "Phòng Hành chính tư pháp", "division"),
    (TU_PHAP, "mot-cua", "Bộ phận Một cửa", "counter"),
    (CENTRE, "ban-giam-doc", "Ban Giám đốc Trung tâm", "leadership"),
    (CENTRE, "quay", "Bộ phận tiếp nhận và trả kết quả", "counter"),
    (BRANCH_PHAN_THIET, "quay", "Bộ phận tiếp nhận và trả kết quả", "counter"),
    (BRANCH_GIA_NGHIA, "quay", "Bộ phận tiếp nhận và trả kết quả", "counter"),
]
# English names of the units above (the English portal shows who does each step).
UNIT_NAMES_EN = {
    "Văn phòng Ủy ban nhân dân tỉnh": "Office of the Provincial People's Committee",
    "Ban Giám đốc": "Board of Directors",
    "Văn phòng Sở": "Department Office",
    "Phòng Lao động – Việc làm": "Labour and Employment Division",
    "Phòng Người có công": "Division of People with Meritorious Services",
    "Bộ phận Một cửa": "One-stop counter",
    "Phòng Bảo trợ xã hội – Trẻ em": "Social Protection and Children Division",
    "Phòng Đăng ký kinh doanh": "Business Registration Division",
    "Phòng Hành chính tư pháp": "Judicial Administration Division",
    "Ban Giám đốc Trung tâm": "Centre Directors",
    "Bộ phận tiếp nhận và trả kết quả": "Reception and results desk",
    "Lãnh đạo Ủy ban nhân dân": "People's Committee leadership",
    "Phòng Văn hóa – Xã hội": "Culture and Social Affairs Division",
    "Phòng Kinh tế": "Economic Division",
}
for _code, _a, _n, _e, _centre, _o in COMMUNES:
    UNITS += [
        (_code, "lanh-dao", "Lãnh đạo Ủy ban nhân dân", "leadership"),
        (_code, "van-hoa-xa-hoi", "Phòng Văn hóa – Xã hội", "division"),
        (_code, "kinh-te", "Phòng Kinh tế", "division"),
        (_centre, "quay", "Bộ phận tiếp nhận và trả kết quả", "counter"),
    ]

# Staff: username, full name (family, middle, given), role, agency code, unit code, position.
STAFF: list[tuple[str, str, str, str, str, str]] = [
    (
        "giamsat.tinh",
        "Nguyễn Văn Thành",
        roles.PROVINCE_OVERSIGHT,
        PROVINCE,
        "van-phong-ubnd",
        "Phó Chánh Văn phòng UBND tỉnh",
    ),
    (
        "gd.trungtam",
        "Lê Thị Minh Nguyệt",
        roles.PROVINCE_OVERSIGHT,
        CENTRE,
        "ban-giam-doc",
        "Giám đốc Trung tâm PVHCC tỉnh",
    ),
    ("tt.quay1", "Trần Thị Bích Ngọc", roles.COUNTER_OFFICER, CENTRE, "quay", "Chuyên viên tiếp nhận"),
    (
        "cn.phanthiet",
        "Phạm Văn Quý",
        roles.COUNTER_OFFICER,
        BRANCH_PHAN_THIET,
        "quay",
        "Chuyên viên tiếp nhận",
    ),
    ("cn.gianghia", "Y Bhin Niê", roles.COUNTER_OFFICER, BRANCH_GIA_NGHIA, "quay", "Chuyên viên tiếp nhận"),
    (
        "snv.motcua",
        "Đinh Thị Hồng Nhung",
        roles.COUNTER_OFFICER,
        NOI_VU,
        "mot-cua",
        "Chuyên viên, Bộ phận Một cửa",
    ),
    ("snv.cv", "Hoàng Minh Trí", roles.SPECIALIST, NOI_VU, "lao-dong-viec-lam", "Chuyên viên"),
    ("snv.cv2", "Mai Thị Thu Sương", roles.SPECIALIST, NOI_VU, "nguoi-co-cong", "Chuyên viên"),
    ("snv.tp", "Lâm Quốc Việt", roles.UNIT_HEAD, NOI_VU, "lao-dong-viec-lam", "Trưởng phòng"),
    ("snv.tp2", "Cao Văn Định", roles.UNIT_HEAD, NOI_VU, "nguoi-co-cong", "Trưởng phòng"),
    ("snv.gd", "Dương Thị Kim Oanh", roles.DIRECTOR, NOI_VU, "ban-giam-doc", "Giám đốc Sở"),
    ("snv.vp", "Tô Văn Hiếu", roles.OFFICE, NOI_VU, "van-phong", "Chánh Văn phòng"),
    (
        "syt.motcua",
        "Lý Thị Diệu Linh",
        roles.COUNTER_OFFICER,
        Y_TE,
        "mot-cua",
        "Chuyên viên, Bộ phận Một cửa",
    ),
    ("syt.cv", "Võ Thị Thanh Tâm", roles.SPECIALIST, Y_TE, "bao-tro-xa-hoi", "Chuyên viên"),
    ("syt.tp", "Bùi Văn Khánh", roles.UNIT_HEAD, Y_TE, "bao-tro-xa-hoi", "Trưởng phòng"),
    ("syt.gd", "Ngô Quang Huy", roles.DIRECTOR, Y_TE, "ban-giam-doc", "Phó Giám đốc Sở"),
    (
        "stc.motcua",
        "Huỳnh Thị Yến",
        roles.COUNTER_OFFICER,
        TAI_CHINH,
        "mot-cua",
        "Chuyên viên, Bộ phận Một cửa",
    ),
    ("stc.cv", "Đỗ Thanh Tùng", roles.SPECIALIST, TAI_CHINH, "dang-ky-kinh-doanh", "Chuyên viên"),
    ("stc.gd", "Phan Thị Hạnh", roles.DIRECTOR, TAI_CHINH, "ban-giam-doc", "Phó Giám đốc Sở"),
    ("stp.motcua", "Vũ Thị Quỳnh", roles.COUNTER_OFFICER, TU_PHAP, "mot-cua", "Chuyên viên, Bộ phận Một cửa"),
    ("stp.cv", "Trương Công Danh", roles.SPECIALIST, TU_PHAP, "hanh-chinh-tu-phap", "Chuyên viên"),
    ("stp.gd", "Hồ Văn Lực", roles.DIRECTOR, TU_PHAP, "ban-giam-doc", "Phó Giám đốc Sở"),
]
_GIVEN = ["An", "Bảo", "Châu", "Dung", "Giang", "Hải"]
for _i, (_code, _a, _n, _e, _centre, _o) in enumerate(COMMUNES, start=1):
    STAFF += [
        (
            f"xa{_i}.motcua",
            f"Nguyễn Thị Ngọc {_GIVEN[_i - 1]}",
            roles.COUNTER_OFFICER,
            _centre,
            "quay",
            "Công chức tiếp nhận",
        ),
        (
            f"xa{_i}.cv",
            f"Trần Văn {_GIVEN[_i - 1]}",
            roles.SPECIALIST,
            _code,
            "van-hoa-xa-hoi",
            "Công chức Văn hóa – Xã hội",
        ),
        (f"xa{_i}.tp", f"Lê Minh {_GIVEN[_i - 1]}", roles.UNIT_HEAD, _code, "van-hoa-xa-hoi", "Trưởng phòng"),
        (f"xa{_i}.ct", f"Phạm Quốc {_GIVEN[_i - 1]}", roles.DIRECTOR, _code, "lanh-dao", "Phó Chủ tịch UBND"),
    ]

# Commune-level procedures performed by every commune (the first commune is the lead agency).
# code, name, field, working days, anywhere (received at every service place of the province).
COMMUNE_PROCEDURES = [
    (
        "2.000286.000.00.00.H42",
        "Trợ giúp xã hội khẩn cấp về hỗ trợ chi phí mai táng",
        "bao-tro-xa-hoi",
        3,
        True,
    ),
    (
        "1.001776.000.00.00.H42",
        "Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hằng tháng, hỗ trợ kinh phí "
        "chăm sóc, nuôi dưỡng hằng tháng",
        "bao-tro-xa-hoi",
        10,
        False,
    ),
    (
        "1.010812.000.00.00.H42",
        "Xác nhận hộ gia đình làm nông nghiệp, lâm nghiệp, ngư nghiệp có mức sống trung bình",
        "bao-tro-xa-hoi",
        7,
        True,
    ),
]
