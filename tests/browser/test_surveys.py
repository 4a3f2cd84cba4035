"""A citizen answers the survey from the QR link, and at the counter kiosk opened by staff."""

import pytest
from django.contrib.auth.models import Group

from cchc.dossiers import survey_link as links
from cchc.org import roles
from cchc.org.models import Unit
from cchc.surveys.methods import load_methods
from cchc.surveys.models import Criterion, Element, MethodVersion, Question, Response
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import screenshot
from tests.dossiers.conftest import world  # noqa: F401
from tests.surveys.conftest import returned_dossier

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def methods(db):
    # A transactional test empties the tables the data migration filled: load the methods again.
    load_methods(MethodVersion, Element, Criterion, Question)
    for name in roles.ROLES:
        Group.objects.get_or_create(name=name)


def answer_all(page, score: str):
    for group in page.locator(".survey-criterion .scale").all():
        group.locator(f"label[for$='-{score}']").click()


def test_citizen_answers_from_the_qr_link(live_server, phone_page, world, methods):  # noqa: F811
    dossier = returned_dossier(world)
    page = phone_page
    page.goto(live_server.url + links.survey_path(dossier))
    assert page.get_by_role("heading", name="Phiếu khảo sát sự hài lòng").is_visible()
    assert dossier.code in page.content()
    answer_all(page, "4")
    page.locator("label[for='c1-na']").click()  # "not applicable"
    page.locator("label[for='c5-2']").click()  # one low answer: a follow-up for the unit head
    page.get_by_label("Góp ý thêm (không bắt buộc)").fill("<b>Cần thêm ghế</b>")
    screenshot(page, "surveys-link-phone")
    assert_accessible(page, "surveys-link-phone")
    page.get_by_role("button", name="Gửi đánh giá").click()
    page.wait_for_url("**/khao-sat/cam-on/")
    response = Response.objects.get(dossier=dossier)
    assert (response.channel, response.s01, response.s02, response.s05) == ("link", None, 4, 2)
    assert response.comment == "<b>Cần thêm ghế</b>"
    assert response.follow_up.unit == world.division
    # The same link again: answered already.
    page.goto(live_server.url + links.survey_path(dossier))
    assert "đã được đánh giá" in page.content()


def test_kiosk_opened_by_staff_answered_and_reset(live_server, browser, world, methods):  # noqa: F811
    assert world.counter.kind == Unit.Kind.COUNTER
    dossier = returned_dossier(world)
    context = browser.new_context(viewport={"width": 1024, "height": 768}, locale="vi-VN", has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(live_server.url + "/khao-sat/kiosk/")
        assert "Chưa mở chế độ kiosk" in page.content()
        # The counter officer logs in and opens kiosk mode on the tablet.
        page.goto(live_server.url + "/quan-tri/khao-sat/kiosk/")
        page.get_by_label("Tên đăng nhập").fill("motcua")
        page.get_by_label("Mật khẩu").fill("mat-khau-thu-nghiem")
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url("**/quan-tri/khao-sat/kiosk/")
        page.get_by_label("Tên máy").fill("Máy tính bảng quầy 1")
        page.get_by_role("button", name="Mở chế độ kiosk").click()
        page.wait_for_url("**/khao-sat/kiosk/")
        screenshot(page, "surveys-kiosk-start")
        assert_accessible(page, "surveys-kiosk-start")
        # The citizen types the dossier code and answers with large buttons.
        page.get_by_label("Nhập mã hồ sơ trên giấy hẹn").fill(dossier.code)
        page.get_by_role("button", name="Bắt đầu đánh giá").click()
        page.wait_for_url("**/khao-sat/kiosk/phieu/**")
        answer_all(page, "5")
        screenshot(page, "surveys-kiosk-form")
        assert_accessible(page, "surveys-kiosk-form")
        page.get_by_role("button", name="Gửi đánh giá").click()
        page.wait_for_url("**/khao-sat/kiosk/?da-gui=1")
        assert page.locator("#da-gui").is_visible()
        # The page resets itself to the empty code screen.
        page.wait_for_url(lambda url: url.endswith("/khao-sat/kiosk/"), timeout=10_000)
        assert page.get_by_label("Nhập mã hồ sơ trên giấy hẹn").input_value() == ""
        assert Response.objects.get(dossier=dossier).channel == "kiosk"
        # The same code again is refused.
        page.get_by_label("Nhập mã hồ sơ trên giấy hẹn").fill(dossier.code)
        page.get_by_role("button", name="Bắt đầu đánh giá").click()
        assert "đã được đánh giá" in page.content()
    finally:
        context.close()
