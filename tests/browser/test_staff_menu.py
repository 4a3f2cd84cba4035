"""The staff menu on a 1366 px screen and on a phone, for every role of the demo department.

At 1366×768 the menu is one line (every item at the same height, the bar no taller than one line)
and the brand names the user's own agency; on a 360 px phone it folds behind the menu button.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from tests.browser.conftest import fill_sign_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "cchc-demo-2026"
# One account per role of the demo, the counter officer and the heads of the longest unit names first.
ACCOUNTS = ["motcua1", "cv.baotro", "tp.baotro", "gd.dvvl", "giamdoc", "vanphong", "quantri", "noivu.motcua"]


@pytest.fixture
def demo_staff():
    from cchc.demo.loader import load
    from cchc.org import roles
    from cchc.org.models import Agency, Unit
    from tests.factories import StaffFactory, UnitFactory, UserFactory

    load()
    # An officer of another agency (its own one-stop counter): the brand must name that agency.
    other = Agency.objects.valid_on().get(short_name="Sở Nội vụ")
    user = UserFactory(username="noivu.motcua", password=DEMO_PASSWORD)
    user.groups.add(Group.objects.get(name=roles.COUNTER_OFFICER))
    StaffFactory(
        user=user,
        full_name="Trương Thị Mỹ Dung",
        unit=UnitFactory(agency=other, code="mot-cua-noi-vu", name="Bộ phận Một cửa", kind=Unit.Kind.COUNTER),
    )


def _login(page, base: str, username: str) -> None:
    page.goto(f"{base}/quan-tri/dang-nhap/")
    fill_sign_in(page, get_user_model().objects.get(username=username), DEMO_PASSWORD)
    page.wait_for_url("**/quan-tri/**")
    page.wait_for_load_state()


def _menu_geometry(page) -> dict:
    return page.evaluate(
        """() => {
          const bar = document.querySelector('nav.staff-band');
          const items = [...bar.querySelectorAll('.navbar-brand, .navbar-nav > .nav-item')]
            .filter(e => e.offsetParent !== null);
          const tops = items.map(e => Math.round(e.getBoundingClientRect().top));
          const line = parseFloat(getComputedStyle(bar.querySelector('.nav-link')).lineHeight);
          return {
            barHeight: bar.getBoundingClientRect().height,
            line,
            tops,
            labels: items.map(e => e.innerText.trim()),
            wrapped: items.filter(e => e.getBoundingClientRect().height > 2.2 * line)
              .map(e => e.innerText.trim()),
          };
        }"""
    )


def test_the_menu_is_one_line_at_1366_and_names_the_users_agency(live_server, new_page, demo_staff):
    from cchc.org.models import Staff

    for username in ACCOUNTS:
        staff = Staff.objects.select_related("unit__agency").get(user__username=username)
        agency = staff.unit.agency
        page = new_page(width=1366, height=768)
        _login(page, live_server.url, username)
        geometry = _menu_geometry(page)
        # Every item starts on the same line (the brand's larger type sits a few pixels higher).
        assert max(geometry["tops"]) - min(geometry["tops"]) < geometry["line"] / 2, (username, geometry)
        assert geometry["wrapped"] == [], (username, geometry)
        assert geometry["barHeight"] < 4 * geometry["line"], (username, geometry)
        brand = page.locator("nav.staff-band .navbar-brand")
        expect(brand).to_have_text(agency.short_name or agency.name)
        expect(brand).to_have_attribute("title", agency.name)
        expect(page.locator(".staff-who")).to_have_text(f"Tài khoản: {staff.full_name}")
        if username in ("motcua1", "vanphong", "noivu.motcua"):
            screenshot(page, f"staff-menu-1366-{username}")
        # The account menu holds the unit and the sign-out.
        page.locator(".staff-who").click()
        account = page.locator("nav.staff-band .dropdown-menu-end")
        expect(account).to_contain_text(staff.unit.name)
        expect(account.get_by_role("button", name="Đăng xuất")).to_be_visible()
        page.context.close()


def test_the_menu_folds_on_a_phone(live_server, new_page, demo_staff):
    page = new_page(viewport={"width": 360, "height": 740})
    _login(page, live_server.url, "vanphong")
    toggler = page.locator("nav.staff-band .navbar-toggler")
    expect(toggler).to_be_visible()
    expect(page.get_by_role("link", name="Hồ sơ của đơn vị")).to_be_hidden()
    expect(page.locator("nav.staff-band .navbar-brand")).to_have_text("Sở LĐTBXH")
    bar = page.locator("nav.staff-band").bounding_box()
    assert bar["width"] <= 360 and bar["height"] < 80, bar
    toggler.click()
    expect(page.locator("#nav-staff")).to_have_class(re.compile(r"\bshow\b"))  # unfolded
    expect(page.get_by_role("link", name="Hồ sơ của đơn vị")).to_be_visible()
    page.locator(".staff-who").click()
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "staff-menu-360-open")
