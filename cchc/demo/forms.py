"""Demo form templates (mẫu đơn, tờ khai) and the DOCX files generated for them.

Form numbers ("Mẫu số …") and their source instruments are ILLUSTRATIVE: the layouts are generated
here, modelled on the official forms, not copied from them. Two forms deliberately have no filling
guidance, so the T1 share ("forms with file and guidance") is not 100 %.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

ILLUSTRATIVE = " (số hiệu mẫu minh họa)"

_TCTN_GUIDE = """Ghi đầy đủ họ, chữ đệm và tên bằng chữ in hoa có dấu, đúng như trên căn cước công dân.
Số định danh cá nhân: ghi 12 chữ số trên căn cước công dân.
Số sổ bảo hiểm xã hội: ghi mã số bảo hiểm xã hội gồm 10 chữ số.
Ghi số tài khoản và tên ngân hàng nếu đề nghị nhận trợ cấp qua tài khoản cá nhân.
Ghi rõ ngày chấm dứt hợp đồng lao động và tên đơn vị nơi làm việc cuối cùng.
Người lao động ký và ghi rõ họ tên; không tẩy xóa, sửa chữa nội dung đã kê khai."""

_ORG_GUIDE = """Ghi tên doanh nghiệp, tổ chức đúng như trên giấy chứng nhận đăng ký doanh nghiệp \
hoặc quyết định thành lập.
Mã số doanh nghiệp: ghi mã số thuế gồm 10 hoặc 13 chữ số.
Ghi họ tên, chức vụ, số điện thoại của người được giao liên hệ giải quyết hồ sơ.
{extra}
Người đại diện theo pháp luật ký, ghi rõ họ tên và đóng dấu."""

_TCTN_GUIDE_EN = """Write your full name in capital letters with diacritics, exactly as on your citizen \
identity card.
Personal identification number: the 12 digits on your citizen identity card.
Social insurance number: the 10-digit social insurance code.
Give your bank account number and the bank if you want the benefit paid into your own account.
Give the date your employment contract ended and the name of your last employer.
Sign and write your full name; do not erase or correct what you have written."""

_ORG_GUIDE_EN = """Write the name of the enterprise or organisation exactly as on its enterprise \
registration certificate or establishment decision.
Enterprise code: the 10- or 13-digit tax code.
Give the name, position and phone number of the person in charge of the application.
{extra}
The legal representative signs, writes their full name and affixes the seal."""

# key -> spec. ``org``: header with the organisation's name and "Số: …" on the left. ``title_en`` and
# ``guidance_en``: the English portal's text, for the forms of the procedures shipped in English.
FORMS: dict[str, dict] = {
    "de-nghi-tctn": {
        "code": "Mẫu số 03",
        "source": "Thông tư 15/2023/TT-BLĐTBXH",
        "title": "Đề nghị hưởng trợ cấp thất nghiệp",
        "to": "Trung tâm Dịch vụ việc làm tỉnh Bình Thuận",
        "fields": [
            "Tên tôi là",
            "Sinh ngày … tháng … năm …; Giới tính",
            "Số định danh cá nhân",
            "Số sổ bảo hiểm xã hội",
            "Số điện thoại; Địa chỉ email (nếu có)",
            "Số tài khoản (nếu có); tại ngân hàng",
            "Trình độ đào tạo; Ngành nghề đào tạo",
            "Nơi thường trú",
            "Chỗ ở hiện nay",
            "Ngày … tháng … năm … đã chấm dứt hợp đồng lao động với (tên đơn vị)",
            "Số tháng đã đóng bảo hiểm thất nghiệp",
            "Nơi đề nghị nhận trợ cấp thất nghiệp",
        ],
        "guidance": _TCTN_GUIDE,
        "title_en": "Application for unemployment benefit",
        "guidance_en": _TCTN_GUIDE_EN,
    },
    "de-nghi-chuyen-noi": {
        "code": "Mẫu số 10",
        "source": "Thông tư 28/2015/TT-BLĐTBXH",
        "title": "Đề nghị chuyển nơi hưởng trợ cấp thất nghiệp",
        "to": "Trung tâm Dịch vụ việc làm tỉnh Bình Thuận",
        "fields": [
            "Tên tôi là",
            "Số định danh cá nhân",
            "Số sổ bảo hiểm xã hội",
            "Đang hưởng trợ cấp thất nghiệp theo Quyết định số",
            "Số tháng đã hưởng; số tháng còn được hưởng",
            "Nay đề nghị chuyển đến tỉnh, thành phố",
            "Lý do chuyển",
        ],
        "guidance": "Ghi đúng số, ngày quyết định hưởng trợ cấp thất nghiệp đã được cấp.\n"
        "Ghi rõ tỉnh, thành phố nơi chuyển đến và địa chỉ nơi ở mới.\n"
        "Nộp đề nghị trước ngày hết thời hạn hưởng trợ cấp thất nghiệp.",
    },
    "de-nghi-hoc-nghe": {
        "code": "Mẫu số 15",
        "source": "Thông tư 28/2015/TT-BLĐTBXH",
        "title": "Đề nghị hỗ trợ học nghề",
        "to": "Trung tâm Dịch vụ việc làm tỉnh Bình Thuận",
        "fields": [
            "Tên tôi là",
            "Số định danh cá nhân",
            "Số sổ bảo hiểm xã hội",
            "Nghề đề nghị học",
            "Thời gian học (tháng)",
            "Cơ sở giáo dục nghề nghiệp đăng ký học",
        ],
        "guidance": "Ghi tên nghề đúng như trong danh mục đào tạo của cơ sở giáo dục nghề nghiệp.\n"
        "Thời gian học ghi theo số tháng của khóa học.\n"
        "Ghi tên, địa chỉ cơ sở giáo dục nghề nghiệp nơi người lao động đăng ký học.",
    },
    "de-nghi-gpld": {
        "code": "Mẫu số 11/PLI",
        "source": "Nghị định 70/2023/NĐ-CP",
        "title": "Văn bản đề nghị cấp/cấp lại/gia hạn giấy phép lao động",
        "to": "Sở Lao động – Thương binh và Xã hội tỉnh Bình Thuận",
        "org": True,
        "fields": [
            "Tên doanh nghiệp/tổ chức",
            "Mã số doanh nghiệp",
            "Địa chỉ trụ sở; Điện thoại; Email",
            "Họ và tên người lao động nước ngoài",
            "Ngày sinh; Giới tính; Quốc tịch",
            "Số hộ chiếu; Ngày cấp; Nơi cấp",
            "Vị trí công việc; Chức danh công việc",
            "Hình thức làm việc",
            "Địa điểm làm việc",
            "Thời hạn làm việc: từ ngày … đến ngày",
            "Văn bản chấp thuận nhu cầu sử dụng người lao động nước ngoài số",
        ],
        "guidance": _ORG_GUIDE.format(
            extra="Đánh dấu vào ô cấp mới, cấp lại hoặc gia hạn; ghi số giấy phép lao động đã được cấp "
            "đối với trường hợp cấp lại, gia hạn.\nHình thức làm việc ghi theo Điều 2 Nghị định "
            "152/2020/NĐ-CP (ví dụ: thực hiện hợp đồng lao động)."
        ),
        "title_en": "Application for the issuance, re-issuance or extension of a work permit",
        "guidance_en": _ORG_GUIDE_EN.format(
            extra="Tick new issuance, re-issuance or extension; for a re-issuance or an extension, give the "
            "number of the work permit already issued.\nThe form of work follows Article 2 of Decree "
            "152/2020/NĐ-CP (for example: performing an employment contract)."
        ),
    },
    "de-nghi-xac-nhan-mien": {
        "code": "Mẫu số 09/PLI",
        "source": "Nghị định 70/2023/NĐ-CP",
        "title": "Văn bản đề nghị xác nhận người lao động nước ngoài không thuộc diện cấp giấy phép lao động",
        "to": "Sở Lao động – Thương binh và Xã hội tỉnh Bình Thuận",
        "org": True,
        "fields": [
            "Tên doanh nghiệp/tổ chức",
            "Mã số doanh nghiệp",
            "Họ và tên người lao động nước ngoài",
            "Ngày sinh; Quốc tịch; Số hộ chiếu",
            "Vị trí công việc",
            "Trường hợp không thuộc diện cấp giấy phép lao động (điểm, khoản, điều)",
            "Thời gian làm việc: từ ngày … đến ngày",
        ],
        "guidance": _ORG_GUIDE.format(
            extra="Ghi rõ căn cứ không thuộc diện cấp giấy phép lao động theo Điều 154 Bộ luật Lao động "
            "và Điều 7 Nghị định 152/2020/NĐ-CP."
        ),
        "title_en": "Application for certification that a foreign worker is exempt from a work permit",
        "guidance_en": _ORG_GUIDE_EN.format(
            extra="State the grounds for the exemption under Article 154 of the Labour Code and Article 7 of "
            "Decree 152/2020/NĐ-CP."
        ),
    },
    "bao-cao-giai-trinh": {
        "code": "Mẫu số 01/PLI",
        "source": "Nghị định 70/2023/NĐ-CP",
        "title": "Báo cáo giải trình nhu cầu, thay đổi nhu cầu sử dụng người lao động nước ngoài",
        "to": "Sở Lao động – Thương binh và Xã hội tỉnh Bình Thuận",
        "org": True,
        "fields": [
            "Tên doanh nghiệp/tổ chức",
            "Loại hình doanh nghiệp; Lĩnh vực kinh doanh",
            "Tổng số lao động; Số lao động nước ngoài đang làm việc",
            "Vị trí công việc dự kiến sử dụng người lao động nước ngoài",
            "Số lượng; Thời hạn làm việc",
            "Lý do sử dụng người lao động nước ngoài",
            "Kết quả tuyển dụng người lao động Việt Nam vào vị trí dự kiến",
        ],
        "guidance": _ORG_GUIDE.format(
            extra="Nộp báo cáo trước ít nhất 15 ngày kể từ ngày dự kiến sử dụng người lao động nước ngoài.\n"
            "Nêu rõ đã thông báo tuyển dụng người lao động Việt Nam trên Cổng thông tin điện tử của Cục Việc "
            "làm hoặc Trung tâm Dịch vụ việc làm tối thiểu 15 ngày."
        ),
        "title_en": "Explanatory report on the demand, or change in demand, for foreign workers",
        "guidance_en": _ORG_GUIDE_EN.format(
            extra="Submit the report at least 15 days before the date you plan to employ the foreign "
            "worker.\nState that the vacancy was advertised to Vietnamese workers on the portal of the "
            "Department of Employment or of an Employment Service Centre for at least 15 days."
        ),
    },
    "de-nghi-gp-dvvl": {
        "code": "Mẫu số 02",
        "source": "Nghị định 23/2021/NĐ-CP",
        "title": "Văn bản đề nghị cấp giấy phép hoạt động dịch vụ việc làm",
        "to": "Sở Lao động – Thương binh và Xã hội tỉnh Bình Thuận",
        "org": True,
        "fields": [
            "Tên doanh nghiệp",
            "Mã số doanh nghiệp",
            "Địa chỉ trụ sở chính; Điện thoại",
            "Họ và tên người đại diện theo pháp luật",
            "Địa điểm đề nghị hoạt động dịch vụ việc làm",
            "Số, ngày giấy chứng nhận ký quỹ",
        ],
        "guidance": _ORG_GUIDE.format(extra="Ghi đầy đủ địa chỉ các địa điểm đặt chi nhánh (nếu có)."),
        "title_en": "Application for an employment service licence",
        "guidance_en": _ORG_GUIDE_EN.format(extra="Give the full address of every branch (if any)."),
    },
    "dang-ky-thuc-tap": {
        "code": "Mẫu số 06",
        "source": "Thông tư 21/2021/TT-BLĐTBXH",
        "title": "Văn bản đăng ký hợp đồng nhận lao động thực tập",
        "to": "Sở Lao động – Thương binh và Xã hội tỉnh Bình Thuận",
        "org": True,
        "fields": [
            "Tên doanh nghiệp",
            "Mã số doanh nghiệp",
            "Tên đối tác nước ngoài nhận lao động thực tập",
            "Nước đến thực tập",
            "Số lượng người lao động; Ngành, nghề thực tập",
            "Thời hạn thực tập",
        ],
        "guidance": "",  # deliberately without guidance (T1 share not 100 %)
    },
    "de-nghi-gdnn": {
        "code": "Mẫu số 1a",
        "source": "Nghị định 143/2016/NĐ-CP (sửa đổi bởi Nghị định 24/2022/NĐ-CP)",
        "title": "Văn bản đề nghị cấp giấy chứng nhận đăng ký hoạt động giáo dục nghề nghiệp",
        "to": "Sở Lao động – Thương binh và Xã hội tỉnh Bình Thuận",
        "org": True,
        "fields": [
            "Tên cơ sở giáo dục nghề nghiệp",
            "Địa chỉ trụ sở chính; Điện thoại",
            "Quyết định thành lập số",
            "Tên ngành, nghề đào tạo; Mã ngành, nghề",
            "Trình độ đào tạo; Quy mô tuyển sinh/năm",
            "Địa điểm đào tạo",
        ],
        "guidance": _ORG_GUIDE.format(
            extra="Mã ngành, nghề ghi theo danh mục ngành, nghề đào tạo cấp IV trình độ trung cấp, cao đẳng."
        ),
    },
    "to-trinh-truong-tc": {
        "code": "Mẫu số 01",
        "source": "Nghị định 143/2016/NĐ-CP",
        "title": "Tờ trình đề nghị thành lập (cho phép thành lập) trường trung cấp",
        "to": "Ủy ban nhân dân tỉnh Bình Thuận",
        "org": True,
        "fields": [
            "Tên trường dự kiến",
            "Địa điểm đặt trụ sở",
            "Ngành, nghề và quy mô đào tạo dự kiến",
            "Tổng vốn đầu tư",
            "Cơ quan chủ quản / nhà đầu tư",
        ],
        "guidance": "",  # deliberately without guidance
    },
    "ban-khai-than-nhan": {
        "code": "Mẫu số 07 Phụ lục I",
        "source": "Nghị định 131/2021/NĐ-CP",
        "title": "Bản khai của thân nhân người hoạt động kháng chiến được tặng huân chương, huy chương",
        "to": "Ủy ban nhân dân xã (phường)",
        "fields": [
            "Họ và tên người khai",
            "Ngày sinh; Số định danh cá nhân",
            "Nơi thường trú",
            "Quan hệ với người hoạt động kháng chiến",
            "Họ và tên người hoạt động kháng chiến",
            "Huân chương, huy chương được tặng; Ngày chết",
        ],
        "guidance": "Người khai là đại diện thân nhân; nếu có nhiều thân nhân thì kèm giấy ủy quyền.\n"
        "Ghi đúng loại, hạng huân chương, huy chương theo quyết định hoặc bằng khen.\n"
        "UBND cấp xã xác nhận nơi thường trú và quan hệ thân nhân.",
    },
    "don-tham-vieng-mo": {
        "code": "Mẫu số 48 Phụ lục I",
        "source": "Nghị định 131/2021/NĐ-CP",
        "title": "Đơn đề nghị thăm viếng mộ liệt sĩ",
        "to": "Sở Lao động – Thương binh và Xã hội tỉnh Bình Thuận",
        "fields": [
            "Họ và tên người đề nghị",
            "Số định danh cá nhân; Nơi thường trú",
            "Quan hệ với liệt sĩ",
            "Họ và tên liệt sĩ; Năm sinh; Nguyên quán",
            "Nơi an táng (nghĩa trang, tỉnh)",
            "Số người đi thăm viếng (tối đa 03 người)",
        ],
        "guidance": "Ghi thông tin mộ liệt sĩ theo giấy báo tin mộ hoặc thông tin do cơ quan có thẩm quyền "
        "xác nhận.\nMỗi năm được hỗ trợ một lần, tối đa 03 thân nhân hoặc người thờ cúng liệt sĩ.",
    },
    "don-sua-thong-tin": {
        "code": "Mẫu số 23 Phụ lục I",
        "source": "Nghị định 131/2021/NĐ-CP",
        "title": "Đơn đề nghị sửa đổi, bổ sung thông tin cá nhân trong hồ sơ người có công",
        "to": "Sở Lao động – Thương binh và Xã hội tỉnh Bình Thuận",
        "fields": [
            "Họ và tên người đề nghị",
            "Số định danh cá nhân",
            "Thông tin trong hồ sơ người có công hiện ghi",
            "Thông tin đề nghị sửa đổi, bổ sung",
            "Giấy tờ chứng minh kèm theo",
        ],
        "guidance": "Ghi nguyên văn thông tin sai và thông tin đúng đề nghị sửa.\n"
        "Kèm bản sao chứng thực giấy tờ có giá trị pháp lý chứng minh thông tin đúng.",
    },
    "to-trinh-csxh": {
        "code": "Mẫu số 01",
        "source": "Nghị định 103/2017/NĐ-CP",
        "title": "Tờ trình đề nghị thành lập cơ sở trợ giúp xã hội công lập",
        "to": "Ủy ban nhân dân tỉnh Bình Thuận",
        "org": True,
        "fields": [
            "Tên cơ sở dự kiến",
            "Địa điểm",
            "Đối tượng phục vụ; Quy mô",
            "Chức năng, nhiệm vụ",
            "Số người làm việc dự kiến",
        ],
        "guidance": _ORG_GUIDE.format(extra="Tờ trình kèm đề án thành lập và dự thảo quy chế hoạt động."),
    },
    "to-khai-gp-csxh": {
        "code": "Mẫu số 06",
        "source": "Nghị định 103/2017/NĐ-CP",
        "title": "Tờ khai đề nghị cấp giấy phép hoạt động cơ sở trợ giúp xã hội",
        "to": "Sở Lao động – Thương binh và Xã hội tỉnh Bình Thuận",
        "org": True,
        "fields": [
            "Tên cơ sở",
            "Số giấy chứng nhận đăng ký thành lập",
            "Địa chỉ; Điện thoại",
            "Phạm vi dịch vụ đề nghị cung cấp",
            "Số nhân viên; Số đối tượng có thể tiếp nhận",
        ],
        "guidance": _ORG_GUIDE.format(extra="Phạm vi dịch vụ ghi theo Điều 30 Nghị định 103/2017/NĐ-CP."),
    },
    "to-khai-dk-csxh": {
        "code": "Mẫu số 02",
        "source": "Nghị định 103/2017/NĐ-CP",
        "title": "Tờ khai đăng ký thành lập cơ sở trợ giúp xã hội ngoài công lập",
        "to": "Sở Lao động – Thương binh và Xã hội tỉnh Bình Thuận",
        "fields": [
            "Họ và tên người đứng đầu (hoặc tên tổ chức đăng ký)",
            "Số định danh cá nhân / mã số doanh nghiệp",
            "Tên cơ sở dự kiến",
            "Địa chỉ trụ sở",
            "Loại hình cơ sở; Đối tượng phục vụ",
        ],
        "guidance": "Cá nhân đăng ký ghi số định danh cá nhân; tổ chức ghi mã số doanh nghiệp.\n"
        "Loại hình cơ sở ghi theo Điều 5 Nghị định 103/2017/NĐ-CP.",
    },
    "don-tiep-nhan-csxh": {
        "code": "Mẫu số 14",
        "source": "Nghị định 20/2021/NĐ-CP",
        "title": "Đơn đề nghị tiếp nhận vào cơ sở trợ giúp xã hội",
        "to": "Sở Lao động – Thương binh và Xã hội tỉnh Bình Thuận",
        "fields": [
            "Họ và tên người viết đơn",
            "Quan hệ với đối tượng",
            "Họ và tên đối tượng; Ngày sinh",
            "Nơi thường trú",
            "Hoàn cảnh, lý do đề nghị tiếp nhận",
        ],
        "guidance": "Mô tả ngắn gọn hoàn cảnh đặc biệt khó khăn của đối tượng.\n"
        "Đơn có xác nhận của UBND cấp xã nơi đối tượng cư trú.",
    },
    "de-nghi-cai-nghien": {
        "code": "Mẫu số 01",
        "source": "Nghị định 116/2021/NĐ-CP",
        "title": "Văn bản đề nghị cấp giấy phép hoạt động cai nghiện ma túy tự nguyện",
        "to": "Sở Lao động – Thương binh và Xã hội tỉnh Bình Thuận",
        "org": True,
        "fields": [
            "Tên cơ sở",
            "Địa chỉ; Điện thoại",
            "Người đứng đầu cơ sở",
            "Quy mô tiếp nhận (số người)",
            "Các dịch vụ cai nghiện cung cấp",
        ],
        "guidance": _ORG_GUIDE.format(extra="Ghi rõ các dịch vụ theo quy trình cai nghiện ma túy."),
    },
    "de-nghi-noi-quy": {
        "code": "Mẫu tham khảo",
        "source": "Bộ luật Lao động 2019, Điều 119",
        "title": "Văn bản đề nghị đăng ký nội quy lao động",
        "to": "Sở Lao động – Thương binh và Xã hội tỉnh Bình Thuận",
        "org": True,
        "fields": [
            "Tên doanh nghiệp",
            "Mã số doanh nghiệp",
            "Địa chỉ trụ sở; Điện thoại",
            "Tổng số lao động",
            "Ngày ban hành nội quy lao động",
        ],
        "guidance": _ORG_GUIDE.format(
            extra="Nộp hồ sơ trong thời hạn 10 ngày kể từ ngày ban hành nội quy lao động."
        ),
    },
    "de-nghi-cho-thue-lai": {
        "code": "Mẫu số 05 Phụ lục III",
        "source": "Nghị định 145/2020/NĐ-CP",
        "title": "Văn bản đề nghị cấp giấy phép hoạt động cho thuê lại lao động",
        "to": "Sở Lao động – Thương binh và Xã hội tỉnh Bình Thuận",
        "org": True,
        "fields": [
            "Tên doanh nghiệp",
            "Mã số doanh nghiệp",
            "Người đại diện theo pháp luật",
            "Số giấy chứng nhận tiền ký quỹ; Ngân hàng",
        ],
        "guidance": _ORG_GUIDE.format(extra="Ghi đúng số, ngày giấy chứng nhận ký quỹ 2.000.000.000 đồng."),
    },
    "khai-bao-thiet-bi": {
        "code": "Mẫu số 01",
        "source": "Nghị định 44/2016/NĐ-CP",
        "title": "Phiếu khai báo sử dụng máy, thiết bị, vật tư có yêu cầu nghiêm ngặt về an toàn lao động",
        "to": "Sở Lao động – Thương binh và Xã hội tỉnh Bình Thuận",
        "org": True,
        "fields": [
            "Tên cơ sở sử dụng",
            "Địa chỉ nơi đặt thiết bị",
            "Tên thiết bị; Mã hiệu; Số chế tạo",
            "Năm sản xuất; Nơi sản xuất",
            "Số, ngày giấy chứng nhận kết quả kiểm định",
        ],
        "guidance": _ORG_GUIDE.format(
            extra="Khai báo trong thời hạn 30 ngày kể từ ngày đưa thiết bị vào sử dụng; mỗi thiết "
            "bị một phiếu."
        ),
    },
    "de-nghi-huan-luyen": {
        "code": "Mẫu số 01 Phụ lục II",
        "source": "Nghị định 44/2016/NĐ-CP",
        "title": "Văn bản đề nghị cấp giấy chứng nhận đủ điều kiện hoạt động huấn luyện an toàn, vệ sinh lao "
        "động",
        "to": "Sở Lao động – Thương binh và Xã hội tỉnh Bình Thuận",
        "org": True,
        "fields": [
            "Tên tổ chức",
            "Địa chỉ; Điện thoại",
            "Hạng đề nghị cấp (A/B)",
            "Phạm vi huấn luyện",
        ],
        "guidance": _ORG_GUIDE.format(extra="Đánh dấu hạng đề nghị cấp và phạm vi đối tượng huấn luyện."),
    },
    "phieu-ghi-nhan-tre-em": {
        "code": "Mẫu số 01",
        "source": "Nghị định 56/2017/NĐ-CP",
        "title": "Phiếu ghi nhận thông tin, thông báo, tố giác hành vi xâm hại trẻ em",
        "to": "Sở Lao động – Thương binh và Xã hội tỉnh Bình Thuận",
        "fields": [
            "Họ và tên người thông báo (có thể không ghi)",
            "Họ và tên trẻ em; Tuổi; Giới tính",
            "Nơi xảy ra sự việc",
            "Mô tả hành vi xâm hại",
            "Thời điểm tiếp nhận thông tin (giờ, ngày)",
        ],
        "guidance": "Ghi chính xác giờ tiếp nhận thông tin: thời hạn 12 giờ tính từ thời điểm này.\n"
        "Giữ bí mật thông tin người thông báo, tố giác.",
    },
}


def _fonts(doc) -> None:
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attr), "Times New Roman")
    style.paragraph_format.space_after = Pt(3)


def _line(container, text: str, *, bold=False, italic=False, align=WD_ALIGN_PARAGRAPH.CENTER, size=None):
    p = container.add_paragraph()
    p.alignment = align
    run = p.add_run(text)
    run.bold, run.italic = bold, italic
    if size:
        run.font.size = Pt(size)
    return p


def build_docx(spec: dict, agency_name: str) -> bytes:
    """A Nghị định 30/2020-style form: motto block, title, addressee, dotted fields, signature."""
    doc = Document()
    _fonts(doc)
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)

    motto = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập – Tự do – Hạnh phúc", "―――――――――"]
    _line(doc, f"{spec['code']}{ILLUSTRATIVE}", italic=True, align=WD_ALIGN_PARAGRAPH.RIGHT, size=11)
    if spec.get("org"):
        table = doc.add_table(rows=1, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        left, right = table.rows[0].cells
        left.width, right.width = Cm(6.5), Cm(9.5)
        left.paragraphs[0].add_run("TÊN DOANH NGHIỆP/TỔ CHỨC").bold = True
        left.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _line(left, "―――――")
        _line(left, "Số: ……/……")
        right.paragraphs[0].add_run(motto[0]).bold = True
        right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _line(right, motto[1], bold=True)
        _line(right, motto[2])
        _line(right, "……, ngày …… tháng …… năm ……", italic=True)
    else:
        _line(doc, motto[0], bold=True)
        _line(doc, motto[1], bold=True)
        _line(doc, motto[2])
    doc.add_paragraph()
    _line(doc, spec["title"].upper(), bold=True, size=14)
    _line(doc, f"Kính gửi: {spec['to']}", align=WD_ALIGN_PARAGRAPH.CENTER)
    doc.add_paragraph()
    for label in spec["fields"]:
        p = doc.add_paragraph()
        p.paragraph_format.tab_stops.add_tab_stop(Cm(16), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        p.add_run(f"{label}: \t")
    doc.add_paragraph(
        "Tôi (chúng tôi) cam đoan những nội dung kê khai trên là đúng sự thật và chịu trách nhiệm "
        "trước pháp luật."
    )
    sign = doc.add_table(rows=1, cols=2)
    left, right = sign.rows[0].cells
    if not spec.get("org"):
        right.paragraphs[0].add_run("……, ngày …… tháng …… năm ……").italic = True
        right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _line(right, "NGƯỜI ĐẠI DIỆN THEO PHÁP LUẬT" if spec.get("org") else "NGƯỜI ĐỀ NGHỊ", bold=True)
    _line(right, "(Ký, ghi rõ họ tên" + (", đóng dấu)" if spec.get("org") else ")"), italic=True)
    left.paragraphs[0].add_run("Nơi nhận:").bold = True
    _line(left, f"- {agency_name};", align=WD_ALIGN_PARAGRAPH.LEFT, size=11)
    _line(left, "- Lưu: …", align=WD_ALIGN_PARAGRAPH.LEFT, size=11)
    doc.add_paragraph()
    _line(
        doc,
        f"Mẫu minh họa do hệ thống CCHC tạo, theo {spec['source']}; đối chiếu văn bản gốc trước khi sử dụng.",
        italic=True,
        align=WD_ALIGN_PARAGRAPH.LEFT,
        size=10,
    )
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
