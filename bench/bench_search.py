"""Catalog search at 10,000 procedures: p50/p95 of the selector and of the whole page.

Runs against its own database so it never touches real data:
- SQLite: var/bench-search.sqlite3 (default);
- PostgreSQL: set DATABASE_URL to a scratch database, e.g.
  DATABASE_URL=postgres://cchc:cchc@127.0.0.1:5432/cchc_bench python -m bench search

Target: p50 ≤ 20 ms on SQLite and on PostgreSQL (the catalog search's target, docs/benchmarks.md).

Then the province (decision 0021): 20 departments and 100 communes are added, 2,000 of the procedures
become commune-level ones performed by 4 communes each (8,000 ``Performer`` rows) and 200 others are
received anywhere; the same searches run again (no regression), and with the filters by performing
agency, by commune and by level, the selector and the whole page.
"""

from __future__ import annotations

import random
import statistics
import time
from decimal import Decimal

from bench import setup_django

N_PROCEDURES = 10_000
# What citizens type: a phrase naming the procedure (with or without accents, any case) ...
PHRASE_QUERIES = [
    "tro cap that nghiep",
    "thất nghiệp",
    "giay phep lao dong nguoi nuoc ngoai",
    "GIA HẠN GIẤY PHÉP LAO ĐỘNG",
    "nguoi co cong",
    "giáo dục nghề nghiệp",
    "an toan lao dong thiet bi",
    "noi quy lao dong",
]
# ... and one or two common words that match a large share of any catalog.
BROAD_QUERIES = ["TRỢ CẤP", "dang ky", "cap lai", "lao dong"]
QUERIES = PHRASE_QUERIES + BROAD_QUERIES
VERBS = [
    "Cấp",
    "Cấp lại",
    "Gia hạn",
    "Điều chỉnh",
    "Đăng ký",
    "Xác nhận",
    "Giải quyết",
    "Thu hồi",
    "Công nhận",
]
# Subjects x qualifiers give a catalog of mostly distinct names, as a real one has.
SUBJECTS = [
    "giấy phép lao động",
    "hưởng trợ cấp thất nghiệp",
    "chế độ ưu đãi người có công",
    "trợ cấp xã hội hằng tháng",
    "giấy chứng nhận đăng ký hoạt động giáo dục nghề nghiệp",
    "giấy phép hoạt động dịch vụ việc làm",
    "nội quy lao động",
    "giấy phép hoạt động cho thuê lại lao động",
    "hỗ trợ học nghề",
    "trợ cấp mai táng phí",
    "kiểm định máy, thiết bị có yêu cầu nghiêm ngặt về an toàn lao động",
    "chứng chỉ kỹ năng nghề quốc gia",
    "thành lập trường trung cấp",
    "hoạt động cai nghiện ma túy tự nguyện",
    "can thiệp khẩn cấp bảo vệ trẻ em",
    "trợ cấp một lần",
    "thăm viếng mộ liệt sĩ",
    "di chuyển hài cốt liệt sĩ",
    "hợp đồng nhận lao động thực tập",
    "huấn luyện an toàn, vệ sinh lao động",
    "thang lương, bảng lương",
    "tai nạn lao động",
    "thỏa ước lao động tập thể",
    "đưa người lao động đi làm việc ở nước ngoài",
    "quỹ bảo trợ trẻ em",
    "nhận chăm sóc thay thế trẻ em",
    "chi trả trợ cấp ưu đãi",
    "thờ cúng liệt sĩ",
    "chương trình đào tạo nghề",
    "kết quả giáo dục nghề nghiệp",
]
QUALIFIERS = [
    "",
    " cho người lao động nước ngoài",
    " đối với doanh nghiệp",
    " cho cá nhân",
    " tại khu công nghiệp",
    " của cơ sở giáo dục nghề nghiệp",
    " đối với thân nhân",
    " cho tổ chức",
    " trong khu kinh tế",
    " cho hộ nghèo",
    " theo hình thức trực tuyến",
    " cho người khuyết tật",
    " đối với cơ sở trợ giúp xã hội",
    " cho doanh nghiệp nhà nước",
    " cho hợp tác xã",
    " cho người cao tuổi",
    " đối với trẻ em mồ côi",
    " cho người lao động mất việc làm",
    " tại trung tâm dịch vụ việc làm",
    " cho người từ đủ 75 tuổi",
]
PLACES = ["", " cấp tỉnh", " cấp xã", " (liên thông)"]
# A third of the catalog also has English texts (name, steps, result), folded into the same search columns.
ENGLISH_SUBJECTS = [
    "work permit",
    "unemployment benefit",
    "employment service licence",
    "vocational training support",
    "occupational safety training",
    "labour hire licence",
]
ENGLISH_VERBS = ["Issuance of", "Re-issuance of", "Extension of", "Certification of", "Registration of"]


def _setup():
    import os

    # The page is measured as rendered: not from the public page cache (decision 0020), and with a cache
    # of its own, so the catalog summary of another database in var/cache is never read.
    os.environ["CCHC_PUBLIC_CACHE"] = "0"
    os.environ.setdefault("CCHC_CACHE_DIR", os.path.join("var", "bench-search-cache"))
    setup_django("bench-search.sqlite3")


def _populate():
    from django.db import transaction

    from cchc.org.models import Agency
    from cchc.procedures.models import Field, Procedure, ProcedureVersion

    if ProcedureVersion.objects.count() >= N_PROCEDURES:
        return
    rng = random.Random(2026)
    rng_en = random.Random(11)  # its own generator: the Vietnamese texts stay those of earlier runs
    with transaction.atomic():
        agency, _ = Agency.objects.get_or_create(
            code="000.00.99.H99", defaults={"name": "Sở thử tải", "kind": Agency.Kind.DEPARTMENT}
        )
        fields = [
            Field.objects.get_or_create(code=f"bench-{i}", defaults={"name": f"Lĩnh vực {i}"})[0]
            for i in range(9)
        ]
        procs = Procedure.objects.bulk_create(
            [Procedure(code=f"9.{i:06d}") for i in range(N_PROCEDURES)], batch_size=2000
        )
        versions = []
        for index, proc in enumerate(procs):
            name = f"{rng.choice(VERBS)} {rng.choice(SUBJECTS)}{rng.choice(QUALIFIERS)}{rng.choice(PLACES)}"
            steps = "Bước 1: Nộp hồ sơ tại Bộ phận Một cửa\nBước 2: Thẩm định\nBước 3: Trả kết quả"
            result = f"Quyết định {rng.choice(VERBS).lower()} {rng.choice(SUBJECTS)}"
            english = index % 3 == 0
            subject_en = rng_en.choice(ENGLISH_SUBJECTS)
            version = ProcedureVersion(
                procedure=proc,
                number=1,
                status="published",
                name=name,
                name_en=f"{rng_en.choice(ENGLISH_VERBS)} {subject_en}" if english else "",
                field=rng.choice(fields),
                agency=agency,
                steps=steps,
                steps_en="Step 1: Submit the application at the one-stop counter\nStep 2: Appraisal\n"
                "Step 3: Collect the result"
                if english
                else "",
                processing_time=Decimal(rng.choice([3, 5, 10, 15, 20])),
                result_name=result,
                result_name_en=f"Decision on the {subject_en}" if english else "",
                online_level=rng.choice(["none", "partial", "full"]),
            )
            version.refresh_search_columns()  # the model's own rule (bulk_create skips save())
            versions.append(version)
        ProcedureVersion.objects.bulk_create(versions, batch_size=2000)
    from cchc.common.db import refresh_statistics

    refresh_statistics()


N_DEPARTMENTS = 20
N_COMMUNES = 100
N_COMMUNE_PROCEDURES = 2_000
PERFORMERS_EACH = 4
N_ANYWHERE = 200


def _populate_province() -> list[str]:
    """The province's agencies and 8,000 performer rows (once); returns the communes' unit codes."""
    from django.db import transaction

    from cchc.org.models import Agency
    from cchc.procedures.models import Performer, ProcedureVersion

    codes = [f"{22000 + i:05d}" for i in range(N_COMMUNES)]
    if Performer.objects.count() >= N_COMMUNE_PROCEDURES * PERFORMERS_EACH:
        return codes
    rng = random.Random(14)
    with transaction.atomic():
        Agency.objects.bulk_create(
            [
                Agency(
                    code=f"000.00.{i:02d}.H35",
                    name=f"Sở thử tải tỉnh {i}",
                    kind="department",
                    level="province",
                )
                for i in range(1, N_DEPARTMENTS + 1)
            ]
        )
        communes = Agency.objects.bulk_create(
            [
                Agency(
                    code=f"000.{i // 100:02d}.{i % 100:02d}.X35",
                    name=f"UBND xã thử tải {i}",
                    kind="commune",
                    level="commune",
                    admin_unit_code=code,
                )
                for i, code in enumerate(codes)
            ]
        )
        ids = list(ProcedureVersion.objects.order_by("pk").values_list("pk", flat=True))
        commune_level, anywhere = (
            ids[:N_COMMUNE_PROCEDURES],
            ids[N_COMMUNE_PROCEDURES : N_COMMUNE_PROCEDURES + N_ANYWHERE],
        )
        ProcedureVersion.objects.filter(pk__in=commune_level).update(level="commune")
        ProcedureVersion.objects.filter(pk__in=anywhere).update(anywhere=True)
        Performer.objects.bulk_create(
            [
                Performer(version_id=version_id, agency=agency)
                for version_id in commune_level
                for agency in rng.sample(communes, PERFORMERS_EACH)
            ],
            batch_size=2000,
        )
    from cchc.common.db import refresh_statistics

    refresh_statistics()
    return codes


def _province(client, selector_of, whole_page) -> None:
    from cchc.procedures.models import Performer
    from cchc.procedures.selectors import CatalogFilter, search_page

    started = time.perf_counter()
    codes = _populate_province()
    print(
        f"province: {Performer.objects.count()} performer rows (set-up {time.perf_counter() - started:.1f} s)"
    )
    for label, queries in (("phrase", PHRASE_QUERIES), ("broad", BROAD_QUERIES)):
        _report(f"search selector, {label} queries", _measure(selector_of(), 10, queries))
    commune = codes[7]
    agency = "000.00.07.X35"
    cases = {
        "commune + phrase": lambda q: CatalogFilter(q=q, commune=commune),
        "performing agency + phrase": lambda q: CatalogFilter(q=q, agency=agency),
        "level commune + broad": lambda q: CatalogFilter(q=q, level="commune"),
    }
    for label, make in cases.items():
        queries = BROAD_QUERIES if "broad" in label else PHRASE_QUERIES
        _report(f"selector, {label}", _measure(lambda q, make=make: search_page(make(q), 1, 20), 10, queries))
    lists = {
        "commune, no words": CatalogFilter(commune=commune),
        "performing agency, no words": CatalogFilter(agency=agency),
        "level commune, no words": CatalogFilter(level="commune"),
    }
    for label, filters in lists.items():
        _report(f"selector, {label}", _measure(lambda _q, f=filters: search_page(f, 1, 20), 10, [""]))
    _measure(whole_page, 1)
    _report("GET /thu-tuc/?q=…, phrase queries", _measure(whole_page, 10, PHRASE_QUERIES))

    def filtered_page(query):
        response = client.get("/thu-tuc/", {"q": query, "xa": commune}, secure=True)
        assert response.status_code == 200, response.status_code

    _report("GET /thu-tuc/?q=…&xa=…, phrase", _measure(filtered_page, 10, PHRASE_QUERIES))


def _measure(fn, rounds: int, queries=QUERIES) -> list[float]:
    samples = []
    for _ in range(rounds):
        for query in queries:
            start = time.perf_counter()
            fn(query)
            samples.append((time.perf_counter() - start) * 1000)
    return samples


def _report(label: str, samples: list[float]) -> None:
    samples.sort()
    p50 = statistics.median(samples)
    p95 = samples[int(len(samples) * 0.95) - 1]
    print(f"{label:<36} p50 {p50:6.2f} ms   p95 {p95:6.2f} ms   ({len(samples)} searches)")


def main() -> None:
    _setup()
    from django.db import connection
    from django.test import Client

    from cchc.procedures.models import ProcedureVersion
    from cchc.procedures.selectors import CatalogFilter, search_page

    started = time.perf_counter()
    _populate()
    print(
        f"database: {connection.vendor}, published versions: {ProcedureVersion.objects.count()}"
        f" (set-up {time.perf_counter() - started:.1f} s)"
    )

    def selector(query):
        page = search_page(CatalogFilter(q=query), 1, 20)
        return page.paginator.count, list(page)

    client = Client()

    def whole_page(query):
        response = client.get("/thu-tuc/", {"q": query}, secure=True)
        assert response.status_code == 200, response.status_code

    matches = {query: selector(query)[0] for query in QUERIES}
    share = {query: 100 * n / max(ProcedureVersion.objects.count(), 1) for query, n in matches.items()}
    for label, queries in (("phrase", PHRASE_QUERIES), ("broad", BROAD_QUERIES)):
        lo, hi = min(share[q] for q in queries), max(share[q] for q in queries)
        print(f"{label} queries match {lo:.1f}–{hi:.1f} % of the catalog: {', '.join(queries)}")
    for label, queries in (("phrase", PHRASE_QUERIES), ("broad", BROAD_QUERIES)):
        _report(f"search selector, {label} queries", _measure(selector, 10, queries))
    _measure(whole_page, 1)
    for label, queries in (("phrase", PHRASE_QUERIES), ("broad", BROAD_QUERIES)):
        _report(f"GET /thu-tuc/?q=…, {label} queries", _measure(whole_page, 10, queries))
    _province(client, lambda: selector, whole_page)
