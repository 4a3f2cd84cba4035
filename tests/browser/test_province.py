"""In the browser: the province's oversight opens the ranking of every agency (departments apart from
communes), drills down to one agency's dashboard, one of its units, and the late dossiers behind the
agency's on-time rate; the screens at 1366 and 360 px wide (docs/screenshots/province-*.png)."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import SCREENSHOTS, fill_sign_in
from tests.indicators.conftest import at, ensure_rules_766, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def province(db):
    from cchc.dossiers.models import Channel
    from cchc.org import roles
    from cchc.org.models import Unit
    from tests.factories import UnitFactory, merged_province, province_dossier

    ensure_rules_766()
    w = merged_province()
    ten = dt.timedelta(days=10)
    rows = [
        (w.v_ldtb_vl, w.ldtbxh, at(2025, 2, 10), at(2025, 2, 15)),
        (w.v_ldtb_vl, w.ldtbxh, at(2025, 3, 10), at(2025, 3, 30)),
        (w.v_ldtb_bt, w.ldtbxh, at(2025, 4, 10), at(2025, 4, 30)),
        (w.v_nv, w.noi_vu, at(2025, 8, 10), at(2025, 8, 15)),
        (w.v_yt, w.y_te, at(2025, 9, 10), at(2025, 9, 15)),
        (w.v_xa, w.xa_a, at(2025, 10, 10), at(2025, 10, 15)),
    ]
    w.dossiers = [
        province_dossier(
            v, a, received=r, due=r + ten, finished=f, channel=Channel.ONLINE if i % 2 else Channel.COUNTER
        )
        for i, (v, a, r, f) in enumerate(rows)
    ]
    office = UnitFactory(
        agency=w.province, code="van-phong-ubnd", kind=Unit.Kind.OFFICE, name="Văn phòng UBND tỉnh"
    )
    w.overseer = make_user("giamsat", roles.PROVINCE_OVERSIGHT, office)
    return w


def _shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("width", [1366, 360])
def test_the_province_ranks_and_drills_down(live_server, new_page, province, width):
    page = new_page(width=width, height=900)
    page.goto(live_server.url + "/quan-tri/dang-nhap/?next=/quan-tri/chi-so/toan-tinh/%3Fky%3D2025")
    fill_sign_in(page, province.overseer)
    page.wait_for_url("**/quan-tri/chi-so/toan-tinh/?ky=2025")
    departments = page.locator("#bang-so-nganh")
    expect(departments).to_contain_text("Sở Nội vụ")
    expect(departments).to_contain_text("66,67 %")  # LĐTBXH's Việc làm counted in Sở Nội vụ's 2025
    expect(departments).not_to_contain_text("Xuân Hương")
    expect(page.locator("#bang-xa-phuong")).to_contain_text("UBND phường Xuân Hương")
    expect(page.locator("#diem-toan-tinh")).to_be_visible()
    _shot(page, f"province-ranking-{width}")

    departments.get_by_role("link", name="Sở Nội vụ").click()
    page.wait_for_url(f"**co-quan={province.noi_vu.code}**")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sở Nội vụ")
    expect(page.locator("#chi-tieu-T5")).to_contain_text("66,67 %")
    _shot(page, f"province-agency-{width}")

    page.goto(f"{live_server.url}/quan-tri/chi-so/qua-han/?ky=2025&co-quan={province.noi_vu.code}")
    codes = page.locator("#bang-ho-so a.code").all_inner_texts()
    assert codes == [province.dossiers[1].code]  # late, of Sở LĐTBXH, in a field Sở Nội vụ carries
    _shot(page, f"province-late-{width}")
