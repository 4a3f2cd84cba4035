import datetime as dt

import pytest

from cchc.common.text import fold, terms
from cchc.procedures.models import ProcedureVersion
from cchc.procedures.selectors import CatalogFilter, search
from tests.factories import FieldFactory, ProcedureVersionFactory

pytestmark = pytest.mark.django_db


def test_fold_strips_vietnamese_diacritics_and_d_bar():
    assert fold("Giải quyết hưởng TRỢ CẤP thất nghiệp") == "giai quyet huong tro cap that nghiep"
    assert fold("Đăng ký nội quy lao động") == "dang ky noi quy lao dong"
    assert fold("  Giấy phép   lao động, người nước ngoài! ") == "giay phep lao dong nguoi nuoc ngoai"
    assert terms("trợ cấp TRỢ cấp") == ["tro", "cap"]


@pytest.fixture
def catalog():
    field = FieldFactory(code="viec-lam", name="Việc làm")
    target = ProcedureVersionFactory(name="Giải quyết hưởng trợ cấp thất nghiệp", field=field)
    text_only = ProcedureVersionFactory(
        name="Tạm dừng hưởng chế độ", steps="Trung tâm xem xét việc tạm dừng trợ cấp thất nghiệp", field=field
    )
    other = ProcedureVersionFactory(name="Cấp giấy phép lao động cho người nước ngoài")
    return target, text_only, other


@pytest.mark.parametrize(
    "query",
    ["tro cap that nghiep", "TRỢ CẤP", "thất nghiệp", "Tro Cap", "giai quyet huong", "trợ  cấp   thất"],
)
def test_accent_and_case_insensitive(catalog, query):
    target = catalog[0]
    assert target in list(search(CatalogFilter(q=query)))


def test_d_matches_d_bar():
    version = ProcedureVersionFactory(name="Đăng ký nội quy lao động của doanh nghiệp")
    assert list(search(CatalogFilter(q="dang ky noi quy"))) == [version]
    assert list(search(CatalogFilter(q="ĐĂNG KÝ"))) == [version]


def test_name_matches_rank_above_text_matches(catalog):
    target, text_only, other = catalog
    results = list(search(CatalogFilter(q="tro cap that nghiep")))
    assert results == [target, text_only]
    assert other not in results


def test_every_word_must_match(catalog):
    assert list(search(CatalogFilter(q="tro cap hoc nghe"))) == []


def test_search_by_code(catalog):
    target = catalog[0]
    assert list(search(CatalogFilter(q=target.procedure.code))) == [target]


def test_only_published_versions_in_force_are_found():
    ProcedureVersionFactory(name="Thủ tục dự thảo", status=ProcedureVersion.Status.DRAFT)
    ProcedureVersionFactory(name="Thủ tục đã bãi bỏ", status=ProcedureVersion.Status.WITHDRAWN)
    ProcedureVersionFactory(name="Thủ tục hết hiệu lực", valid_to=dt.date(2020, 1, 1))
    ProcedureVersionFactory(name="Thủ tục chưa hiệu lực", valid_from=dt.date(2099, 1, 1))
    shown = ProcedureVersionFactory(name="Thủ tục đang áp dụng")
    assert list(search(CatalogFilter(q="thu tuc"))) == [shown]


def test_filters(catalog):
    target, text_only, other = catalog
    ProcedureVersion.objects.filter(pk=other.pk).update(online_level="full", postal_return=True)
    assert set(search(CatalogFilter(field="viec-lam"))) == {target, text_only}
    assert list(search(CatalogFilter(online="full"))) == [other]
    assert list(search(CatalogFilter(online="any"))) == [other]
    assert list(search(CatalogFilter(postal="return"))) == [other]
    assert list(search(CatalogFilter(postal="submit"))) == []
    assert list(search(CatalogFilter(agency=other.agency.code))) == [other]


def test_search_columns_follow_edits(catalog):
    target = catalog[0]
    target.name = "Hỗ trợ học nghề"
    target.save()
    assert list(search(CatalogFilter(q="ho tro hoc nghe"))) == [target]
    assert target not in list(search(CatalogFilter(q="that nghiep")))


def test_catalog_counts_follow_saves_and_deletes():
    from cchc.procedures.selectors import catalog_stats, fields_with_counts

    assert catalog_stats()["total"] == 0
    version = ProcedureVersionFactory(online_level="full")
    assert catalog_stats() == {"total": 1, "full_online": 1, "partial_online": 0, "postal": 0}
    assert [(f.code, f.n) for f in fields_with_counts()] == [(version.field.code, 1)]
    version.status = ProcedureVersion.Status.WITHDRAWN
    version.save()
    assert catalog_stats()["total"] == 0
    assert fields_with_counts() == []


def test_ranking_the_name_is_the_query_then_the_phrase_early_and_short_then_words_then_text():
    def make(name, **extra):
        return ProcedureVersionFactory(name=name, **extra)

    # Created in an order the ranking must undo (the old ranking sorted each tier by name).
    text = make("Hỗ trợ học nghề", conditions="Đang hưởng trợ cấp thất nghiệp")
    words_long = make("Thất nghiệp: trợ cấp và hỗ trợ học nghề, tư vấn việc làm")
    words = make("Trợ cấp cho người thất nghiệp")
    late = make("Chấm dứt việc hưởng trợ cấp thất nghiệp")
    after_opener = make("Giải quyết chi trả trợ cấp thất nghiệp")
    early_long = make("Hưởng trợ cấp thất nghiệp một lần cho người lao động")
    early = make("Hưởng trợ cấp thất nghiệp")
    exact = make("Trợ cấp thất nghiệp", name_en="Unemployment benefit")
    expected = [exact, early, early_long, after_opener, late, words, words_long, text]
    for query in ("trợ cấp thất nghiệp", "TRO CAP THAT NGHIEP"):
        assert list(search(CatalogFilter(q=query))) == expected
    # A query that starts with the opener is found at the start of the name, where it is.
    assert search(CatalogFilter(q="giai quyet chi tra tro cap")).first() == after_opener


DEMO_FIRSTS = [
    ("trợ cấp thất nghiệp", "Giải quyết hưởng trợ cấp thất nghiệp"),
    ("tro cap that nghiep", "Giải quyết hưởng trợ cấp thất nghiệp"),
    ("giải quyết hưởng trợ cấp thất nghiệp", "Giải quyết hưởng trợ cấp thất nghiệp"),
    ("tạm dừng hưởng trợ cấp thất nghiệp", "Tạm dừng hưởng trợ cấp thất nghiệp"),
    ("giấy phép lao động", "Cấp giấy phép lao động cho người lao động nước ngoài làm việc tại Việt Nam"),
    ("hỗ trợ học nghề", "Giải quyết hỗ trợ học nghề"),
]


def test_the_procedure_the_query_names_ranks_first_in_the_demo_catalog():
    from cchc.demo.loader import load

    load()
    for query, first in DEMO_FIRSTS:
        results = list(search(CatalogFilter(q=query)))
        assert results[0].name == first, (query, [v.name for v in results[:5]])
