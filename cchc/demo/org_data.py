"""Demo organisation: agencies, the Department's units, and staff accounts.

ALL identifiers here are ILLUSTRATIVE: the QCVN 102:2016 codes follow the right format
(``000.17.22.H56``) but were not checked against the province's published code list; addresses,
phones and e-mails (``@example.gov.vn``) are made up for the demo. People are fictitious.
"""

from __future__ import annotations

import datetime as dt

from cchc.org import roles

HOME = "000.17.22.H56"  # Sở LĐTBXH tỉnh Bình Thuận — illustrative code
PROVINCE = "000.00.00.H56"
NOI_VU = "000.05.22.H56"
CONG_AN = "000.20.22.H56"
BHXH = "000.33.22.H56"
TAI_CHINH = "000.07.22.H56"
PVHCC = "000.01.22.H56"
CUC_VIEC_LAM = "000.10.05.G12"
PHAN_THIET = "000.00.01.H56"
HAM_THUAN_BAC = "000.00.04.H56"
PHU_THUY = "000.01.01.H56"
HAM_THANG = "000.04.01.H56"

DISTRICTS_END = dt.date(2025, 6, 30)  # two-tier local government from 01/7/2025

# code, name, short name, kind, parent code, extra fields
AGENCIES: list[dict] = [
    {
        "code": PROVINCE,
        "name": "Ủy ban nhân dân tỉnh Bình Thuận",
        "name_en": "Binh Thuan Provincial People's Committee",
        "short_name": "UBND tỉnh",
        "kind": "province",
        "address": "Số 06 Đường Nguyễn Tất Thành, phường Phú Thủy, thành phố Phan Thiết, tỉnh Bình Thuận",
        "phone": "0252 3822 170",
        "email": "ubnd@example.gov.vn",
    },
    {
        "code": HOME,
        "name": "Sở Lao động – Thương binh và Xã hội tỉnh Bình Thuận",
        "name_en": "Binh Thuan Department of Labour, Invalids and Social Affairs",
        "short_name": "Sở LĐTBXH",
        "document_symbol": "SLĐTBXH",
        "kind": "department",
        "parent": PROVINCE,
        "is_home": True,
        "address": "Số 01 Đường Nguyễn Tất Thành, phường Phú Thủy, thành phố Phan Thiết, tỉnh Bình Thuận",
        "phone": "0252 3822 456",
        "email": "soldtbxh@example.gov.vn",
        "website": "https://soldtbxh.example.gov.vn",
    },
    {
        "code": NOI_VU,
        "name": "Sở Nội vụ tỉnh Bình Thuận",
        "name_en": "Binh Thuan Department of Home Affairs",
        "short_name": "Sở Nội vụ",
        "document_symbol": "SNV",
        "kind": "department",
        "parent": PROVINCE,
        "phone": "0252 3822 236",
        "email": "sonoivu@example.gov.vn",
    },
    {
        "code": TAI_CHINH,
        "name": "Sở Tài chính tỉnh Bình Thuận",
        "name_en": "Binh Thuan Department of Finance",
        "short_name": "Sở Tài chính",
        "kind": "department",
        "parent": PROVINCE,
        "phone": "0252 3822 385",
        "email": "sotaichinh@example.gov.vn",
    },
    {
        "code": CONG_AN,
        "name": "Công an tỉnh Bình Thuận",
        "name_en": "Binh Thuan Provincial Police",
        "short_name": "Công an tỉnh",
        "kind": "other",
        "phone": "0252 3822 533",
    },
    {
        "code": BHXH,
        "name": "Bảo hiểm xã hội tỉnh Bình Thuận",
        "name_en": "Binh Thuan Social Security Office",
        "short_name": "BHXH tỉnh",
        "kind": "other",
        "phone": "0252 3825 444",
        "email": "bhxh@example.gov.vn",
    },
    {
        "code": PVHCC,
        "name": "Trung tâm Phục vụ hành chính công tỉnh Bình Thuận",
        "name_en": "Binh Thuan Public Administration Service Centre",
        "short_name": "Trung tâm PVHCC",
        "kind": "service_centre",
        "parent": PROVINCE,
        "address": "Số 19 Đường Nguyễn Tất Thành, phường Phú Thủy, thành phố Phan Thiết, tỉnh Bình Thuận",
        "phone": "0252 3836 666",
    },
    {
        "code": CUC_VIEC_LAM,
        "name": "Cục Việc làm – Bộ Lao động – Thương binh và Xã hội",
        "name_en": "Department of Employment, Ministry of Labour, Invalids and Social Affairs",
        "short_name": "Cục Việc làm",
        "kind": "central",
        "phone": "024 3826 9548",
    },
    {
        "code": PHAN_THIET,
        "name": "Ủy ban nhân dân thành phố Phan Thiết",
        "name_en": "Phan Thiet City People's Committee",
        "short_name": "UBND TP Phan Thiết",
        "kind": "district",
        "parent": PROVINCE,
        "valid_to": DISTRICTS_END,
    },
    {
        "code": HAM_THUAN_BAC,
        "name": "Ủy ban nhân dân huyện Hàm Thuận Bắc",
        "name_en": "Ham Thuan Bac District People's Committee",
        "short_name": "UBND huyện Hàm Thuận Bắc",
        "kind": "district",
        "parent": PROVINCE,
        "valid_to": DISTRICTS_END,
    },
    {
        "code": PHU_THUY,
        "name": "Ủy ban nhân dân phường Phú Thủy",
        "name_en": "Phu Thuy Ward People's Committee",
        "short_name": "UBND phường Phú Thủy",
        "kind": "commune",
        "parent": PROVINCE,
    },
    {
        "code": HAM_THANG,
        "name": "Ủy ban nhân dân xã Hàm Thắng",
        "name_en": "Ham Thang Commune People's Committee",
        "short_name": "UBND xã Hàm Thắng",
        "kind": "commune",
        "parent": PROVINCE,
    },
]

# Units of the home agency. ``replaced_by`` names the successor's code (same agency).
COUNTER_UNIT = "mot-cua"
UNITS: list[dict] = [
    {"code": "ban-giam-doc", "name": "Ban Giám đốc", "name_en": "Board of Directors", "kind": "leadership"},
    {
        "code": "van-phong",
        "name": "Văn phòng Sở",
        "name_en": "Department Office",
        "kind": "office",
        "phone": "0252 3822 456",
    },
    {
        "code": "ke-hoach-tai-chinh",
        "name": "Phòng Kế hoạch – Tài chính",
        "name_en": "Planning and Finance Division",
        "kind": "division",
    },
    {
        "code": "lao-dong-viec-lam",
        "name": "Phòng Lao động – Việc làm – Bảo hiểm xã hội",
        "name_en": "Labour, Employment and Social Insurance Division",
        "kind": "division",
        "phone": "0252 3822 581",
    },
    {
        "code": "nguoi-co-cong",
        "name": "Phòng Người có công",
        "name_en": "Division of People with Meritorious Services",
        "kind": "division",
        "phone": "0252 3822 692",
    },
    {
        "code": "bao-tro-xa-hoi",
        "name": "Phòng Bảo trợ xã hội và phòng, chống tệ nạn xã hội",
        "name_en": "Social Protection and Social Evils Prevention Division",
        "kind": "division",
        "phone": "0252 3822 713",
    },
    {
        "code": "giao-duc-nghe-nghiep",
        "name": "Phòng Giáo dục nghề nghiệp",
        "name_en": "Vocational Education Division",
        "kind": "division",
        "phone": "0252 3822 724",
    },
    {"code": "thanh-tra", "name": "Thanh tra Sở", "name_en": "Department Inspectorate", "kind": "division"},
    {
        "code": COUNTER_UNIT,
        "name": "Bộ phận Một cửa",
        "name_en": "One-stop counter",
        "kind": "counter",
        "address": "Quầy Sở LĐTBXH, Trung tâm Phục vụ hành chính công tỉnh, số 19 Nguyễn Tất Thành, "
        "Phan Thiết",
        "phone": "0252 3836 688",
    },
    {
        "code": "tt-dich-vu-viec-lam",
        "name": "Trung tâm Dịch vụ việc làm tỉnh Bình Thuận",
        "name_en": "Binh Thuan Employment Service Centre",
        "kind": "affiliate",
        "address": "Số 268 Đường Trần Hưng Đạo, thành phố Phan Thiết, tỉnh Bình Thuận",
        "phone": "0252 3830 288",
    },
    # Historical unit, to show versioning: merged into the Social Protection unit (date illustrative).
    {
        "code": "tre-em-binh-dang-gioi",
        "name": "Phòng Trẻ em và Bình đẳng giới",
        "name_en": "Children and Gender Equality Division",
        "kind": "division",
        "valid_from": dt.date(2008, 7, 1),
        "valid_to": dt.date(2021, 6, 30),
        "replaced_by": "bao-tro-xa-hoi",
    },
]

DEMO_PASSWORD = "cchc-demo-2026"
# The authenticator-app secret of every demo account (base32, as typed into the app): a trial adds it
# once to a phone and signs in as any role. Demo only: a real account enrols its own on first sign-in.
DEMO_OTP_SECRET = "CCHCDEMOCCHCDEMOCCHCDEMOCCHCDEMO"

# username, full name as the person writes it (family, middle, given names), role, unit code, position, phone,
# public contact duty ("" = not on the public list), superuser.
STAFF: list[dict] = [
    {
        "username": "motcua1",
        "full_name": "Nguyễn Thị Thu Hà",
        "role": roles.COUNTER_OFFICER,
        "unit": COUNTER_UNIT,
        "position": "Chuyên viên, Bộ phận Một cửa",
        "phone": "0252 3836 688",
        "duty": "Tiếp nhận, hướng dẫn hồ sơ lĩnh vực việc làm, lao động nước ngoài, giáo dục nghề nghiệp",
    },
    {
        "username": "motcua2",
        "full_name": "Trần Văn Phúc",
        "role": roles.COUNTER_OFFICER,
        "unit": COUNTER_UNIT,
        "position": "Chuyên viên, Bộ phận Một cửa",
        "phone": "0252 3836 689",
        "duty": "Tiếp nhận, hướng dẫn hồ sơ lĩnh vực người có công, bảo trợ xã hội, trẻ em",
    },
    {
        "username": "cv.vieclam",
        "full_name": "Lê Thị Ngọc Trâm",
        "role": roles.SPECIALIST,
        "unit": "lao-dong-viec-lam",
        "position": "Chuyên viên",
        "phone": "0914 235 781",
        "duty": "Hướng dẫn thủ tục giấy phép lao động, nội quy lao động, an toàn, vệ sinh lao động",
    },
    {
        "username": "cv.nguoicocong",
        "full_name": "Phạm Minh Tuấn",
        "role": roles.SPECIALIST,
        "unit": "nguoi-co-cong",
        "position": "Chuyên viên",
        "phone": "0905 614 372",
        "duty": "Giải đáp chế độ ưu đãi người có công với cách mạng",
    },
    {
        "username": "cv.baotro",
        "full_name": "Võ Thị Kim Liên",
        "role": roles.SPECIALIST,
        "unit": "bao-tro-xa-hoi",
        "position": "Chuyên viên",
        "phone": "0918 402 956",
        "duty": "",
    },
    {
        "username": "cv.gdnn",
        "full_name": "Đặng Quốc Bảo",
        "role": roles.SPECIALIST,
        "unit": "giao-duc-nghe-nghiep",
        "position": "Chuyên viên",
        "phone": "0983 117 640",
        "duty": "",
    },
    {
        "username": "cv.dvvl",
        "full_name": "Huỳnh Thị Mỹ Duyên",
        "role": roles.SPECIALIST,
        "unit": "tt-dich-vu-viec-lam",
        "position": "Viên chức, Phòng Bảo hiểm thất nghiệp",
        "phone": "0252 3830 289",
        "duty": "Tiếp nhận, giải đáp hồ sơ trợ cấp thất nghiệp, hỗ trợ học nghề",
    },
    {
        "username": "tp.vieclam",
        "full_name": "Nguyễn Hữu Thắng",
        "role": roles.UNIT_HEAD,
        "unit": "lao-dong-viec-lam",
        "position": "Trưởng phòng",
        "phone": "0252 3822 581",
        "duty": "",
    },
    {
        "username": "tp.nguoicocong",
        "full_name": "Trương Thị Hồng",
        "role": roles.UNIT_HEAD,
        "unit": "nguoi-co-cong",
        "position": "Trưởng phòng",
        "phone": "0252 3822 692",
        "duty": "",
    },
    {
        "username": "tp.baotro",
        "full_name": "Lê Văn Hùng",
        "role": roles.UNIT_HEAD,
        "unit": "bao-tro-xa-hoi",
        "position": "Trưởng phòng",
        "phone": "0252 3822 713",
        "duty": "Tiếp nhận phản ánh về bảo vệ trẻ em, phòng, chống tệ nạn xã hội",
    },
    {
        "username": "tp.gdnn",
        "full_name": "Bùi Thanh Sơn",
        "role": roles.UNIT_HEAD,
        "unit": "giao-duc-nghe-nghiep",
        "position": "Phó Trưởng phòng phụ trách",
        "phone": "0252 3822 724",
        "duty": "",
    },
    {
        "username": "gd.dvvl",
        "full_name": "Phan Văn Lộc",
        "role": roles.UNIT_HEAD,
        "unit": "tt-dich-vu-viec-lam",
        "position": "Giám đốc Trung tâm",
        "phone": "0252 3830 288",
        "duty": "",
    },
    {
        "username": "giamdoc",
        "full_name": "Hồ Thị Thanh Tâm",
        "role": roles.DIRECTOR,
        "unit": "ban-giam-doc",
        "position": "Giám đốc Sở",
        "phone": "0252 3822 410",
        "duty": "",
    },
    {
        "username": "phogiamdoc",
        "full_name": "Đỗ Minh Khoa",
        "role": roles.DIRECTOR,
        "unit": "ban-giam-doc",
        "position": "Phó Giám đốc Sở",
        "phone": "0252 3822 411",
        "duty": "",
    },
    {
        "username": "vanphong",
        "full_name": "Ngô Thị Lan",
        "role": roles.OFFICE,
        "unit": "van-phong",
        "position": "Chánh Văn phòng",
        "phone": "0252 3822 456",
        "duty": "Đầu mối tiếp nhận phản ánh, kiến nghị về quy định hành chính",
    },
    {
        "username": "quantri",
        "full_name": "Vũ Đức Anh",
        "role": roles.SYSADMIN,
        "unit": "van-phong",
        "position": "Chuyên viên công nghệ thông tin",
        "phone": "0935 208 614",
        "duty": "",
        "superuser": True,
    },
]
