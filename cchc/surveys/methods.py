"""The survey methods shipped with the system (domain.md §6.3), as plain data.

The data migration ``0002_methods`` loads them; administrators add later versions in the admin
(method version with its elements, criteria and questions as inlines) without code.
The 2017–2020 questionnaire is summarised from QĐ 2640/QĐ-BNV (marked illustrative): check the
wording against the decision before official use.
"""

from __future__ import annotations

import datetime as dt

HARASSMENT = "Công chức có gây phiền hà, sách nhiễu Ông/Bà trong khi giải quyết thủ tục không?"
INFORMAL = "Ông/Bà có phải chi thêm khoản tiền ngoài quy định (bồi dưỡng, cảm ơn…) không?"
EXPECT_OPTIONS = "Không mong đợi\nÍt mong đợi\nMong đợi\nRất mong đợi"
EXPECT_OPTIONS_EN = "Not expected\nSlightly expected\nExpected\nStrongly expected"

METHODS = [
    {
        "code": "sipas-2017",
        "name": "SIPAS 2017–2020 (QĐ 2640/QĐ-BNV)",
        "name_en": "SIPAS 2017–2020 (Decision 2640/QĐ-BNV)",
        "basis": "Quyết định 2640/QĐ-BNV ngày 10/10/2017 của Bộ Nội vụ",
        "valid_from": dt.date(2017, 10, 10),
        "valid_to": dt.date(2022, 12, 31),
        "illustrative": True,
        "elements": [
            (
                "Tiếp cận dịch vụ",
                "Access to services",
                [
                    ("Nơi ngồi chờ có đủ chỗ ngồi", "Enough seats in the waiting area"),
                    ("Trang thiết bị phục vụ đầy đủ", "Adequate equipment"),
                    ("Trang thiết bị hiện đại, dễ sử dụng", "Modern, easy-to-use equipment"),
                ],
            ),
            (
                "Thủ tục hành chính",
                "Administrative procedures",
                [
                    ("Thủ tục được niêm yết công khai đầy đủ", "The procedure is fully posted"),
                    ("Thủ tục được niêm yết công khai chính xác", "The procedure is posted accurately"),
                    ("Thành phần hồ sơ đúng quy định", "Documents required are as prescribed"),
                    ("Phí, lệ phí đúng quy định", "Fees are as prescribed"),
                    ("Thời hạn giải quyết đúng quy định", "The time limit is as prescribed"),
                ],
            ),
            (
                "Công chức trực tiếp giải quyết",
                "Officials handling the procedure",
                [
                    ("Công chức có thái độ lịch sự", "The official is polite"),
                    ("Công chức chú ý lắng nghe", "The official listens attentively"),
                    ("Công chức trả lời, giải thích đầy đủ", "The official answers fully"),
                    ("Công chức hướng dẫn dễ hiểu", "The official's guidance is easy to understand"),
                    ("Công chức tuân thủ đúng quy định", "The official follows the rules"),
                ],
            ),
            (
                "Kết quả giải quyết",
                "Results",
                [
                    ("Kết quả đúng quy định", "The result is as prescribed"),
                    ("Kết quả có thông tin đầy đủ", "The result has complete information"),
                    ("Kết quả có thông tin chính xác", "The result has accurate information"),
                    ("Nhận kết quả đúng hạn", "The result was received on time"),
                ],
            ),
            (
                "Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị",
                "Receiving and handling feedback",
                [
                    ("Có bố trí hình thức tiếp nhận góp ý", "Ways to give feedback are provided"),
                    ("Dễ dàng thực hiện góp ý", "Feedback is easy to give"),
                    ("Góp ý được tiếp nhận, xử lý tích cực", "Feedback is received and handled actively"),
                    ("Góp ý được phản hồi kịp thời", "Feedback is answered in time"),
                    ("Kết quả xử lý góp ý được thông báo", "The outcome of feedback is communicated"),
                ],
            ),
        ],
        "questions": [
            (1, "yes_no", HARASSMENT, "Did an official harass or trouble you?", "", ""),
            (2, "yes_no", INFORMAL, "Did you pay anything beyond the prescribed fees?", "", ""),
            (
                3,
                "choice",
                "Mức độ mong đợi của Ông/Bà về việc rút ngắn thời gian giải quyết",
                "How much do you expect the processing time to be shortened?",
                EXPECT_OPTIONS,
                EXPECT_OPTIONS_EN,
            ),
        ],
    },
    {
        "code": "sipas-2023",
        "name": "SIPAS 2023–2026, phần dịch vụ (QĐ 1001/QĐ-BNV)",
        "name_en": "SIPAS 2023–2026, public services (Decision 1001/QĐ-BNV)",
        "basis": "Quyết định 1001/QĐ-BNV năm 2023 của Bộ Nội vụ",
        "valid_from": dt.date(2023, 1, 1),
        "valid_to": None,
        "illustrative": False,
        "elements": [
            (
                "Tiếp cận dịch vụ",
                "Access to services",
                [
                    ("Biển hiệu, chỉ dẫn rõ ràng, dễ tìm", "Clear signs and directions"),
                    ("Đủ ghế ngồi, bàn viết", "Enough seats and writing desks"),
                    ("Trang thiết bị phục vụ đầy đủ, dễ sử dụng", "Adequate, easy-to-use equipment"),
                ],
            ),
            (
                "Thủ tục hành chính",
                "Administrative procedures",
                [
                    ("Thủ tục được niêm yết công khai", "The procedure is publicly posted"),
                    ("Thành phần hồ sơ đúng quy định", "Documents required are as prescribed"),
                    ("Phí, lệ phí đúng quy định", "Fees are as prescribed"),
                    ("Thời hạn giải quyết đúng quy định", "The time limit is as prescribed"),
                ],
            ),
            (
                "Công chức trực tiếp giải quyết",
                "Officials handling the procedure",
                [
                    ("Công chức lịch sự, tôn trọng", "The official is polite and respectful"),
                    (
                        "Công chức hướng dẫn rõ ràng, đầy đủ, một lần",
                        "Guidance is clear and complete, in one go",
                    ),
                    ("Công chức tuân thủ đúng quy định", "The official follows the rules"),
                ],
            ),
            (
                "Kết quả giải quyết",
                "Results",
                [
                    ("Nhận kết quả đúng hạn", "The result was received on time"),
                    ("Kết quả đầy đủ, chính xác", "The result is complete and accurate"),
                    ("Kết quả công bằng", "The result is fair"),
                ],
            ),
            (
                "Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị",
                "Receiving and handling feedback",
                [
                    ("Dễ dàng gửi góp ý, phản ánh", "Feedback is easy to submit"),
                    ("Góp ý được xử lý đúng quy định", "Feedback is handled as prescribed"),
                    ("Góp ý được trả lời kịp thời", "Feedback is answered in time"),
                ],
            ),
        ],
        "questions": [
            (1, "yes_no", HARASSMENT, "Did an official harass or trouble you?", "", ""),
            (2, "yes_no", INFORMAL, "Did you pay anything beyond the prescribed fees?", "", ""),
            (
                3,
                "choice",
                "Mong đợi về rút ngắn thời gian giải quyết",
                "Expectation: shorter processing time",
                EXPECT_OPTIONS,
                EXPECT_OPTIONS_EN,
            ),
            (
                4,
                "choice",
                "Mong đợi về thái độ phục vụ của công chức",
                "Expectation: officials' service attitude",
                EXPECT_OPTIONS,
                EXPECT_OPTIONS_EN,
            ),
            (
                5,
                "choice",
                "Mong đợi về đơn giản hóa thành phần hồ sơ",
                "Expectation: fewer documents required",
                EXPECT_OPTIONS,
                EXPECT_OPTIONS_EN,
            ),
            (
                6,
                "choice",
                "Mong đợi về mở rộng dịch vụ công trực tuyến",
                "Expectation: more online public services",
                EXPECT_OPTIONS,
                EXPECT_OPTIONS_EN,
            ),
        ],
    },
]


def load_methods(MethodVersion, Element, Criterion, Question) -> int:
    """Create the shipped methods that do not exist yet (by code); returns how many were created.

    Takes the model classes so a data migration can pass its historical models.
    """
    created = 0
    for data in METHODS:
        if MethodVersion.objects.filter(code=data["code"]).exists():
            continue
        # migration 0002's historical model has no name_en yet (0004 adds and fills it)
        has_name_en = any(f.name == "name_en" for f in MethodVersion._meta.get_fields())
        method = MethodVersion.objects.create(
            code=data["code"],
            name=data["name"],
            **({"name_en": data["name_en"]} if has_name_en else {}),
            basis=data["basis"],
            valid_from=data["valid_from"],
            valid_to=data["valid_to"],
            illustrative=data["illustrative"],
        )
        slot = 0
        for e_order, (name, name_en, criteria) in enumerate(data["elements"], start=1):
            element = Element.objects.create(method=method, order=e_order, name=name, name_en=name_en)
            for c_order, (text, text_en) in enumerate(criteria, start=1):
                slot += 1
                Criterion.objects.create(
                    method=method, element=element, slot=slot, order=c_order, text=text, text_en=text_en
                )
        for order, (q_slot, kind, text, text_en, options, options_en) in enumerate(data["questions"], 1):
            Question.objects.create(
                method=method,
                slot=q_slot,
                order=order,
                kind=kind,
                text=text,
                text_en=text_en,
                options=options,
                options_en=options_en,
            )
        created += 1
    return created


def name_methods_in_english(MethodVersion) -> int:
    """Give the shipped methods created before ``name_en`` existed their English name."""
    named = 0
    for data in METHODS:
        named += MethodVersion.objects.filter(code=data["code"], name_en="").update(name_en=data["name_en"])
    return named
