"""In the browser: the director opens the leaders' dashboard and drills from the on-time rate
down to one unit's late dossiers without an apology (the list shows exactly those codes)."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.browser.conftest import fill_sign_in, screenshot
from tests.indicators.conftest import at, ensure_rules_766, make_user, world  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "mat-khau-thu-nghiem"  # tests/factories.py UserFactory


@pytest.fixture
def data(world):  # noqa: F811
    from cchc.org import roles
    from cchc.org.models import Unit
    from tests.factories import UnitFactory

    ensure_rules_766()
    leadership = UnitFactory(agency=world.agency, code="ban-giam-doc", kind=Unit.Kind.LEADERSHIP)
    director = make_user("giamdoc", roles.DIRECTOR, leadership)
    d = world.dossier
    late_a = [
        d(world.va, received=at(2025, 3, 5), due=at(2025, 3, 20, 17), finished=at(2025, 3, 25)),
        d(world.va, received=at(2025, 5, 5), due=at(2025, 5, 20, 17), finished=at(2025, 5, 28)),
    ]
    sorry_a = d(
        world.va,
        received=at(2025, 6, 2),
        due=at(2025, 6, 16, 17),
        finished=at(2025, 6, 20),
        apologised_at=at(2025, 6, 13),
        new_due_at=at(2025, 6, 20, 17),
    )
    on_time = [
        d(world.va, received=at(2025, m, 3), due=at(2025, m, 17, 17), finished=at(2025, m, 10))
        for m in range(1, 12)
    ]
    late_b = d(world.vb, received=at(2025, 4, 1), due=at(2025, 4, 15, 17), finished=at(2025, 4, 20))
    d(world.vb, received=at(2025, 4, 1), due=at(2025, 4, 15, 17), finished=at(2025, 4, 10))
    return {"director": director, "late_a": late_a, "sorry_a": sorry_a, "on_time": on_time, "late_b": late_b}


def test_director_drills_from_on_time_rate_to_late_dossiers(live_server, browser, data, world):  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + "/quan-tri/dang-nhap/?next=/quan-tri/chi-so/%3Fky%3D2025")
    fill_sign_in(page, get_user_model().objects.get(username="giamdoc"), PASSWORD)
    page.wait_for_url("**/quan-tri/chi-so/?ky=2025")

    card = page.locator("#chi-tieu-T5")
    # 12 on time (11 of unit A, 1 of unit B) of 16 dossiers → 75,00 %.
    expect(card).to_contain_text("75,00 %")
    expect(page.locator("#bang-xep-hang")).to_contain_text("Phòng Việc làm")
    page.wait_for_function(
        "() => document.querySelector('#chart-trend') && document.querySelector('#chart-trend').width > 0"
    )
    # every target card carries its monthly trend, drawn and described for screen readers
    expect(page.locator("canvas.spark-target")).to_have_count(9)
    page.wait_for_function("() => document.querySelector('#spark-t4').width > 0")
    expect(page.locator("#spark-t5")).to_have_attribute("aria-label", re.compile(r"03/2025: 50,00 %"))
    screenshot(page, "indicators-dashboard")

    row = page.locator("#bang-xep-hang tr").filter(has_text="Phòng Việc làm")
    row.locator("a[data-unit='viec-lam']").click()
    page.wait_for_url("**/quan-tri/chi-so/qua-han/**")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hồ sơ quá hạn không có văn bản xin lỗi")
    codes = page.locator("#bang-ho-so a.code").all_inner_texts()
    assert sorted(codes) == sorted(x.code for x in data["late_a"])
    assert data["sorry_a"].code not in codes and data["late_b"].code not in codes
    screenshot(page, "indicators-late")
    context.close()


def test_dashboard_fits_a_phone(live_server, browser, data):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN", is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + "/quan-tri/dang-nhap/?next=/quan-tri/chi-so/%3Fky%3D2025")
    fill_sign_in(page, get_user_model().objects.get(username="giamdoc"), PASSWORD)
    page.wait_for_url("**/quan-tri/chi-so/?ky=2025")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    screenshot(page, "indicators-dashboard-phone")
    context.close()
