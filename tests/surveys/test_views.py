"""Public and staff pages: link, bad/reused token, kiosk cookie, escaping, rate limit, export."""

from __future__ import annotations

import io

import pytest
from django.core import signing
from django.template.loader import render_to_string
from django.urls import reverse
from openpyxl import load_workbook

from cchc.dossiers import slips
from cchc.dossiers import survey_link as links
from cchc.dossiers.models import Status
from cchc.surveys import kiosk, services
from cchc.surveys.models import KioskDevice, Response

from .conftest import all_fives, returned_dossier

pytestmark = pytest.mark.django_db


def form_data(method, score="5", **extra):
    data = {f"c{c.slot}": score for c in method.criteria.all()}
    data.update(extra)
    return data


def test_answer_from_the_link(client, world, sipas):
    dossier = returned_dossier(world)
    path = links.survey_path(dossier)
    assert path.startswith("/khao-sat/phieu/")
    page = client.get(path)
    assert page.status_code == 200
    assert dossier.code in page.content.decode()
    data = form_data(sipas, c1="na", q1="0", q3="4", **{"gop-y": "Tốt"})
    response = client.post(path, data)
    assert response.status_code == 302 and response["Location"].endswith("/khao-sat/cam-on/")
    saved = Response.objects.get(dossier=dossier)
    assert (
        saved.channel == "link" and saved.s01 is None and saved.s02 == 5 and saved.x01 == 0 and saved.x03 == 4
    )


def test_bad_token_reused_token_and_not_returned_messages(client, world, sipas):
    page = client.get(reverse("portal:surveys:answer", args=["gia-mao:abc"]))
    assert page.status_code == 400
    assert "Đường dẫn khảo sát không hợp lệ" in page.content.decode()
    forged = signing.dumps(123456, salt="khac")
    assert "không hợp lệ" in client.get(reverse("portal:surveys:answer", args=[forged])).content.decode()

    dossier = returned_dossier(world)
    path = links.survey_path(dossier)
    client.post(path, form_data(sipas))
    again = client.get(path)
    assert again.status_code == 409
    assert "đã được đánh giá. Mỗi hồ sơ chỉ đánh giá một lần" in again.content.decode()
    assert client.post(path, form_data(sipas)).status_code == 409
    assert Response.objects.count() == 1

    open_dossier = returned_dossier(world, status=Status.IN_PROCESS)
    page = client.get(links.survey_path(open_dossier))
    assert page.status_code == 409
    assert "chưa được trả kết quả" in page.content.decode()


def test_expired_token(client, world, settings):
    settings.CCHC_SURVEY_LINK_MAX_AGE = -1
    page = client.get(links.survey_path(returned_dossier(world)))
    assert "hết hạn" in page.content.decode()


def test_form_error_keeps_answers_and_says_why(client, world, sipas):
    path = links.survey_path(returned_dossier(world))
    page = client.post(path, {"c1": "9", "gop-y": "giữ lại"})
    assert page.status_code == 400
    text = page.content.decode()
    assert "từ 1 đến 5" in text and "giữ lại" in text


def test_comment_script_is_shown_as_text(client, world, sipas):
    evil = '<script>alert("x")</script><b>đậm</b>'
    services.submit(
        channel="link",
        dossier=returned_dossier(world),
        answers=all_fives(sipas, {1: 1}).__class__(scores={1: 1}, comment=evil),
    )
    client.force_login(world.staff["head"])
    page = client.get(reverse("backoffice:surveys_staff:follow_ups")).content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;đậm&lt;/b&gt;" in page
    assert evil not in page


def test_open_survey_counts_as_public(client, sipas, world):
    response = client.post(reverse("portal:surveys:open"), form_data(sipas, score="4"))
    assert response.status_code == 302
    assert Response.objects.get().channel == "public"


@pytest.mark.ratelimit
def test_open_survey_is_rate_limited(client, sipas, world, settings):
    settings.CCHC_SURVEY_PUBLIC_RATE = "2/h"
    url = reverse("portal:surveys:open")
    codes = [client.post(url, form_data(sipas)).status_code for _ in range(3)]
    assert codes == [302, 302, 429]
    assert Response.objects.count() == 2


def test_kiosk_needs_the_cookie_set_by_counter_staff(client, world, sipas):
    page = client.get(reverse("portal:surveys:kiosk"))
    assert page.status_code == 403 and "Chưa mở chế độ kiosk" in page.content.decode()

    client.force_login(world.staff["specialist"])
    page = client.post(reverse("backoffice:surveys_staff:kiosk"), {"thao-tac": "mo"})
    assert kiosk.COOKIE not in page.cookies or not page.cookies[kiosk.COOKIE].value
    assert not KioskDevice.objects.exists()

    client.force_login(world.staff["counter"])
    page = client.post(reverse("backoffice:surveys_staff:kiosk"), {"thao-tac": "mo", "ten-may": "Quầy 1"})
    assert page.status_code == 302 and page["Location"] == reverse("portal:surveys:kiosk")
    cookie = client.cookies[kiosk.COOKIE].value
    client.logout()  # the citizen uses the tablet without a login (logout drops the test cookies)
    client.cookies[kiosk.COOKIE] = cookie
    assert client.get(reverse("portal:surveys:kiosk")).status_code == 200

    not_found = client.post(reverse("portal:surveys:kiosk"), {"ma-ho-so": "KHONG-CO"})
    assert "Không tìm thấy hồ sơ" in not_found.content.decode()
    dossier = returned_dossier(world)
    start = client.post(reverse("portal:surveys:kiosk"), {"ma-ho-so": dossier.code.lower()})
    assert start.status_code == 302
    done = client.post(start["Location"], form_data(sipas))
    assert done["Location"].endswith("/khao-sat/kiosk/?da-gui=1")
    assert Response.objects.get(dossier=dossier).channel == "kiosk"
    again = client.post(reverse("portal:surveys:kiosk"), {"ma-ho-so": dossier.code})
    assert "đã được đánh giá" in again.content.decode()

    KioskDevice.objects.update(closed_at="2026-01-01T00:00:00Z")
    assert client.get(reverse("portal:surveys:kiosk")).status_code == 403


def test_forged_kiosk_cookie_is_refused(client, world):
    device = services.open_kiosk(actor=world.staff["counter"], label="Quầy 1")
    client.cookies[kiosk.COOKIE] = f"{device.pk}"
    assert client.get(reverse("portal:surveys:kiosk")).status_code == 403


def test_results_pages_and_export(client, world, sipas):
    from django.utils import timezone

    services.submit(
        channel="link", dossier=returned_dossier(world, at=timezone.now()), answers=all_fives(sipas, {1: 2})
    )
    services.submit(channel="public", answers=all_fives(sipas))
    page = client.get(reverse("portal:surveys:results"))
    text = page.content.decode()
    assert page.status_code == 200
    assert "SIPAS 2023" in text and "vendor/chartjs/chart.umd.min.js" in text
    assert "Khảo sát mở (thống kê riêng, không tính vào chỉ số)" in text

    client.force_login(world.staff["head"])
    page = client.get(reverse("backoffice:surveys_staff:results"), {"kenh": "link"})
    text = page.content.decode()
    assert page.status_code == 200 and "Theo đơn vị" in text and world.division.name in text
    # A unit head's export is their unit's, whatever unit the query string asks for.
    export = client.get(reverse("backoffice:surveys_staff:export"), {"don-vi": world.other_division.pk})
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(export.content))["Phuong phap 1"]
    assert sheet["B2"].value == 1  # the division's one linked response, not the public one
    # The director exports the whole Department.
    client.force_login(world.staff["director"])
    export = client.get(reverse("backoffice:surveys_staff:export"))
    assert export.status_code == 200
    wb = load_workbook(io.BytesIO(export.content))
    summary = {row[0]: row[1] for row in wb["Tong hop"].iter_rows(values_only=True)}
    assert (summary["Phiếu gắn hồ sơ đã thu"], summary["Phiếu khảo sát mở"]) == (1, 1)
    sheet = wb["Phuong phap 1"]
    assert sheet["B2"].value == 1  # the index counts the dossier holder only, not the open survey
    values = [row[1] for row in sheet.iter_rows(values_only=True)]
    assert 0.0 in values and 50.0 not in values  # criterion 1: the one linked answer is a 2
    # The open survey has its own index when that channel is chosen.
    export = client.get(reverse("backoffice:surveys_staff:export"), {"kenh": "public"})
    sheet = load_workbook(io.BytesIO(export.content))["Phuong phap 1"]
    assert sheet["B2"].value == 1
    assert 100.0 in [row[1] for row in sheet.iter_rows(values_only=True)]


def test_english_results_page_names_elements_and_criteria_in_english(client, world, sipas):
    from django.utils import timezone

    from cchc.surveys.models import Criterion

    services.submit(
        channel="link", dossier=returned_dossier(world, at=timezone.now()), answers=all_fives(sipas, {1: 2})
    )
    first = Criterion.objects.select_related("element").get(method=sipas, slot=1)
    assert first.text_en and first.element.name_en
    url = reverse("portal:surveys:results")  # before a request switches the thread's language
    english = client.get("/en" + url).content.decode()
    assert first.text_en in english and first.element.name_en in english
    assert first.text not in english
    sipas.refresh_from_db()
    assert sipas.name_en and sipas.name_en in english and sipas.name not in english
    assert "percentage points" in english and "Whole year" in english
    vietnamese = client.get(url).content.decode()
    assert first.text in vietnamese and first.text_en not in vietnamese


def test_export_of_an_empty_period_says_no_data(client, world):
    client.force_login(world.staff["head"])
    export = client.get(reverse("backoffice:surveys_staff:export"), {"tu": "2019-01-01", "den": "2019-01-31"})
    wb = load_workbook(io.BytesIO(export.content))
    assert "Chưa có dữ liệu" in [r[0] for r in wb.active.iter_rows(values_only=True)]


def test_follow_up_page_closes_item(client, world, sipas):
    follow_up = services.submit(
        channel="link", dossier=returned_dossier(world), answers=all_fives(sipas, {3: 1})
    ).follow_up
    url = reverse("backoffice:surveys_staff:follow_up_close", args=[follow_up.pk])
    client.force_login(world.staff["other_head"])
    assert client.get(url).status_code == 403
    client.force_login(world.staff["head"])
    assert client.post(url, {"ket-qua": ""}).status_code == 400
    assert client.post(url, {"ket-qua": "Đã liên hệ"}).status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.state == "closed"


def test_receipt_slip_carries_the_survey_qr(world):
    dossier = returned_dossier(world)
    ctx = slips.slip_context(dossier, slips.RECEIPT)
    base, token = ctx["survey_url"].rstrip("/").rsplit("/", 1)
    assert base.endswith("/khao-sat/phieu") and links.dossier_id_from(token) == dossier.pk
    html = render_to_string("dossiers/slips/receipt.html", ctx)  # the context's own (timestamped) link
    assert 'class="survey"' in html and html.count('<img src="data:image/svg+xml') == 2
    # The link is the QR code (its signed address is too long to type), with a short caption.
    assert slips.qr_svg_data_uri(ctx["survey_url"]) in html and "đánh giá sự hài lòng" in html


def test_method_admin_pages(admin_client, sipas):
    assert admin_client.get(reverse("admin:surveys_methodversion_add")).status_code == 200
    page = admin_client.get(reverse("admin:surveys_methodversion_change", args=[sipas.pk]))
    assert page.status_code == 200 and "Biển hiệu" in page.content.decode()


@pytest.mark.parametrize("param", ["linh-vuc", "thu-tuc", "don-vi"])
@pytest.mark.parametrize("value", ["99999999999999999999", "9223372036854775808", "-1", "abc"])
def test_survey_filters_out_of_range_give_a_page_not_an_error(client, world, param, value):
    client.force_login(world.staff["director"])
    assert client.get(reverse("backoffice:surveys_staff:results"), {param: value}).status_code == 200
    assert client.get(reverse("backoffice:surveys_staff:export"), {param: value}).status_code == 200
