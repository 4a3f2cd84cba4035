"""The dashboard and its drill-down: access by role and unit, bad input, the right dossiers."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from cchc.indicators.models import ExternalResult

from .conftest import at

URL = reverse("backoffice:indicators_staff:dashboard")
LATE = reverse("backoffice:indicators_staff:late_dossiers")


@pytest.fixture
def dossiers(world):
    on_time = world.dossier(
        world.va, received=at(2025, 3, 5), due=at(2025, 3, 20, 17), finished=at(2025, 3, 10)
    )
    late_a = world.dossier(
        world.va, received=at(2025, 3, 5), due=at(2025, 3, 20, 17), finished=at(2025, 3, 25)
    )
    late_a_sorry = world.dossier(
        world.va,
        received=at(2025, 3, 6),
        due=at(2025, 3, 20, 17),
        finished=at(2025, 3, 25),
        apologised_at=at(2025, 3, 19),
        new_due_at=at(2025, 3, 26, 17),
    )
    late_b = world.dossier(
        world.vb, received=at(2025, 4, 5), due=at(2025, 4, 20, 17), finished=at(2025, 4, 25)
    )
    return {"on_time": on_time, "late_a": late_a, "late_a_sorry": late_a_sorry, "late_b": late_b}


def test_director_sees_dashboard_and_ranking(client, people, dossiers):
    client.force_login(people["director"])
    response = client.get(URL, {"ky": "2025"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Tỷ lệ hồ sơ giải quyết đúng hạn" in body
    assert "25,00 %" in body  # 1 of 4 on time
    assert "bang-xep-hang" in body and "Phòng Việc làm" in body and "Phòng Người có công" in body
    assert "bang-766" in body


def test_drill_down_lists_the_right_codes(client, people, dossiers):
    client.force_login(people["director"])
    body = client.get(LATE, {"ky": "2025", "don-vi": "viec-lam", "xin-loi": "khong"}).content.decode()
    assert dossiers["late_a"].code in body
    assert dossiers["late_a_sorry"].code not in body
    assert dossiers["late_b"].code not in body
    assert dossiers["on_time"].code not in body
    body = client.get(LATE, {"ky": "2025"}).content.decode()
    for key in ("late_a", "late_a_sorry", "late_b"):
        assert dossiers[key].code in body


def test_unit_head_sees_own_unit_only(client, people, dossiers):
    client.force_login(people["head_a"])
    response = client.get(URL, {"ky": "2025"})
    assert response.status_code == 200
    assert "Phòng Việc làm" in response.content.decode()
    assert "bang-xep-hang" not in response.content.decode()  # no Department ranking
    own = client.get(LATE, {"ky": "2025", "don-vi": "viec-lam"})
    assert own.status_code == 200 and dossiers["late_a"].code in own.content.decode()
    assert dossiers["late_b"].code not in own.content.decode()
    other = client.get(LATE, {"ky": "2025", "don-vi": "nguoi-co-cong"})
    assert other.status_code == 403
    assert "chỉ xem được số liệu, hồ sơ của đơn vị mình" in other.content.decode()
    assert client.get(URL, {"ky": "2025", "don-vi": "nguoi-co-cong"}).status_code == 403


def test_specialist_is_refused(client, people, dossiers):
    client.force_login(people["specialist"])
    response = client.get(URL)
    assert response.status_code == 403


@pytest.mark.parametrize("bad", ["2025-q9", "abc", "2025-m13", "<script>"])
def test_invalid_period_gives_vietnamese_message(client, people, bad):
    client.force_login(people["director"])
    for url in (URL, LATE):
        response = client.get(url, {"ky": bad})
        assert response.status_code == 400
        assert (
            "Kỳ báo cáo không hợp lệ" in response.content.decode() or "phải từ" in response.content.decode()
        )


def test_unknown_unit_is_404(client, people):
    client.force_login(people["director"])
    assert client.get(URL, {"don-vi": "khong-co"}).status_code == 404


def test_what_if_on_dashboard(client, people, dossiers):
    client.force_login(people["director"])
    body = client.get(URL, {"ky": "2025", "chi-tieu": "2.1", "tang": "5"}).content.decode()
    # 25 % of 4 → 5 points; +5 points = 50 % = 2 on time: 1 more dossier.
    assert "Cần thêm <strong>1</strong> hồ sơ" in body
    bad = client.get(URL, {"ky": "2025", "chi-tieu": "2.1", "tang": "abc"})
    assert bad.status_code == 200 and "Số điểm muốn tăng phải là số dương" in bad.content.decode()


def test_no_data_period_shows_no_data(client, people):
    client.force_login(people["director"])
    body = client.get(URL, {"ky": "2024-m02"}).content.decode()
    card = body[body.index('id="chi-tieu-T5"') : body.index('id="chi-tieu-T6"')]
    assert "Chưa có dữ liệu" in card
    assert not re.search(r"(?<![0-9])0,00 %", card)


def test_paper_drill(client, people, world):
    paper = world.dossier(
        world.va, received=at(2025, 3, 5), due=at(2025, 3, 20, 17), paper_reason="Người cao tuổi"
    )
    client.force_login(people["director"])
    body = client.get(reverse("backoffice:indicators_staff:paper_dossiers"), {"ky": "2025"}).content.decode()
    assert paper.code in body


def test_external_results_entry(client, people):
    url = reverse("backoffice:indicators_staff:external")
    client.force_login(people["director"])
    assert client.get(url).status_code == 200
    assert (
        client.post(url, {"index": "par", "year": 2025, "score": "88", "max_score": "100"}).status_code == 403
    )
    client.force_login(people["office"])
    response = client.post(
        url, {"index": "par", "year": 2025, "score": "88.5", "max_score": "100", "rank": 20, "rank_of": 63}
    )
    assert response.status_code == 302
    assert ExternalResult.objects.get(index="par", year=2025).score == Decimal("88.5")
    bad = client.post(url, {"index": "par", "year": 2025, "score": "120", "max_score": "100"})
    assert bad.status_code == 400 and "Điểm không được lớn hơn thang điểm" in bad.content.decode()
    body = client.get(url).content.decode()
    assert "81,4/100" in body  # 2020 baseline of the plan, seeded
    assert ExternalResult.objects.filter(year=2020).count() == 3


def test_self_assessment_with_evidence(client, people):
    from cchc.demo import indicators as demo

    demo.load(progress=False)
    year = dt.date.today().year - 1
    client.force_login(people["office"])
    page = client.get(reverse("backoffice:indicators_staff:assessment"))
    assert page.status_code == 200 and "Bảng tự đánh giá" in page.content.decode()
    from cchc.indicators.models import Criterion

    c = Criterion.objects.get(assessment__year=year, code="2")
    r = client.post(
        reverse("backoffice:indicators_staff:criterion_edit", args=[c.pk]), {"self_score": "9", "note": ""}
    )
    assert r.status_code == 302
    c.refresh_from_db()
    assert c.self_score is not None and c.self_score != Decimal(9)  # 9 > 8 points: refused
    r = client.post(
        reverse("backoffice:indicators_staff:criterion_edit", args=[c.pk]),
        {"self_score": "7.5", "note": "Đủ"},
    )
    c.refresh_from_db()
    assert c.self_score == Decimal("7.5")
    import io

    f = io.BytesIO(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    f.name = "bien-ban.pdf"
    r = client.post(
        reverse("backoffice:indicators_staff:evidence_add", args=[c.pk]), {"title": "Biên bản", "file": f}
    )
    assert r.status_code == 302
    ev = c.evidence.get()
    download = client.get(reverse("backoffice:indicators_staff:evidence_file", args=[ev.pk]))
    assert download.status_code == 200
    exe = io.BytesIO(b"MZ\x90\x00" + b"\x00" * 100)
    exe.name = "virus.exe"
    client.post(reverse("backoffice:indicators_staff:evidence_add", args=[c.pk]), {"title": "X", "file": exe})
    assert c.evidence.count() == 1
    # Demo is idempotent.
    assert "0 bản ghi mới" in demo.load(progress=False)
