"""End to end in the browser: intake anywhere in a province (decision 0021).

A citizen of commune A (Hàm Thắng) walks in at commune B's centre (Hàm Liêm) for A's commune-level
procedure and chooses to collect the result at the provincial centre's branch. B's officer receives it
for A (the receipt prints both places); A's specialist confirms the paper originals and hands the dossier
on; A's head approves; the result comes back to the branch, whose officer confirms the paper result and
returns it. The citizen's tracking page shows the competent agency and both places.
"""

from __future__ import annotations

import re
import subprocess

import pytest
from playwright.sync_api import expect

from cchc.dossiers.models import Dossier, PaperTransfer, Status
from tests.browser.conftest import screenshot, staff_login
from tests.factories import province_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = "0987654321"
COMMUNE_A = "UBND xã Hàm Thắng"
CENTRE_B = "Trung tâm Phục vụ hành chính công xã Hàm Liêm"
BRANCH = "Chi nhánh Trung tâm Phục vụ hành chính công tỉnh tại Phan Thiết"


def _staff(new_page, base, user, width=1366):
    page = staff_login(new_page(width=width), base, user, "/quan-tri/can-bo/", wait_for="**/quan-tri/**")
    expect(page.locator(".staff-who")).to_contain_text(user.staff.full_name)
    return page


def _open(page, base, code):
    page.goto(f"{base}/quan-tri/ho-so/{code}/")


def _act(page, button, done):
    form = page.locator("#thao-tac form").filter(has=page.get_by_role("button", name=button, exact=True))
    form.get_by_role("button", name=button, exact=True).click()
    expect(page.locator("main .alert[role=status]")).to_contain_text(f"“{done}”")


def _paper(page, button):
    page.get_by_role("button", name=button).click()
    expect(page.locator("main .alert[role=status]")).to_contain_text("luân chuyển bản giấy")


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_a_citizen_of_commune_a_files_at_commune_bs_centre_and_collects_at_a_branch(
    live_server, new_page, tmp_path
):
    p = province_world()
    base = live_server.url

    # --- 1. B's officer receives for commune A, return at the provincial branch ------------------------
    officer_b = _staff(new_page, base, p.staff["officer_centre_b"])
    officer_b.goto(f"{base}/quan-tri/mot-cua/tiep-nhan/{p.commune_version.pk}/")
    officer_b.get_by_label("Cơ quan giải quyết").select_option(label=COMMUNE_A)
    officer_b.get_by_label("Họ tên người nộp hoặc tên tổ chức").fill("Lê Thị Hoa")
    officer_b.get_by_label("Số định danh cá nhân (CCCD)").fill("060190004321")
    officer_b.get_by_label("Điện thoại").fill(PHONE)
    officer_b.get_by_label("Địa chỉ").fill("Thôn 2, xã Hàm Thắng, tỉnh Lâm Đồng")
    officer_b.get_by_label("Nơi trả kết quả").select_option(label=BRANCH)
    officer_b.get_by_label("Lý do nhận hồ sơ giấy", exact=False).fill(
        "Người nộp không có tài khoản định danh"
    )
    screenshot(officer_b, "intake-anywhere-01-form")
    officer_b.get_by_role("button", name="Tiếp nhận và cấp giấy hẹn").click()
    officer_b.wait_for_url("**/mot-cua/da-tiep-nhan/**")
    dossier = Dossier.objects.get()
    code = dossier.code
    assert code.startswith("000.31.01.H37-")  # commune A's code series
    receipt = officer_b.request.get(f"{base}/quan-tri/ho-so/{code}/phieu/receipt/")
    assert receipt.ok
    (tmp_path / "receipt.pdf").write_bytes(receipt.body())
    text = _flat(
        subprocess.run(
            ["pdftotext", str(tmp_path / "receipt.pdf"), "-"], capture_output=True, text=True, check=True
        ).stdout
    )
    assert f"Nơi tiếp nhận: {CENTRE_B}" in text and f"cơ quan giải quyết: {COMMUNE_A}" in text
    assert f"Nơi trả kết quả: {BRANCH}" in text
    _open(officer_b, base, code)
    _act(officer_b, "Chuyển bước tiếp theo", "Chuyển xử lý")

    # --- 2. A's specialist confirms the paper originals and hands over; A's head approves --------------
    specialist = _staff(new_page, base, p.staff["specialist_a"])
    _open(specialist, base, code)
    expect(specialist.locator("#ban-giay")).to_contain_text(CENTRE_B)
    _paper(specialist, "Xác nhận đã nhận bản giấy hồ sơ")
    _act(specialist, "Chuyển bước tiếp theo", "Chuyển xử lý")
    head = _staff(new_page, base, p.staff["head_a"])
    _open(head, base, code)
    _act(head, "Phê duyệt, có kết quả", "Có kết quả giải quyết")

    # --- 3. the branch's officer sees it coming back, confirms the paper result, returns it ------------
    branch = _staff(new_page, base, p.staff["officer_branch"])
    branch.goto(f"{base}/quan-tri/mot-cua/?hang=cho-tra")
    branch.get_by_role("link", name=code, exact=True).click()
    branch.wait_for_url(f"**/quan-tri/ho-so/{code}/")
    _paper(branch, "Xác nhận đã nhận kết quả bản giấy")
    _act(branch, "Trả kết quả", "Đã trả kết quả")
    dossier.refresh_from_db()
    assert dossier.status == Status.RETURNED
    assert dossier.paper_transfers.filter(received_at__isnull=False).count() == 2
    assert set(dossier.paper_transfers.values_list("direction", flat=True)) == set(
        PaperTransfer.Direction.values
    )

    # --- 4. the citizen's tracking page, on a computer and a phone ------------------------------------
    for width, name in ((1366, "wide"), (360, "phone")):
        citizen = new_page(width=width, height=800)
        citizen.goto(base + "/tra-cuu/")
        citizen.get_by_label("Mã hồ sơ").fill(code)
        citizen.get_by_label("4 số cuối điện thoại").fill(PHONE[-4:])
        citizen.get_by_role("button", name="Tra cứu").click()
        citizen.wait_for_url(re.compile(rf".*/tra-cuu/{re.escape(code)}/"))
        expect(citizen.locator("#trang-thai")).to_have_text("Đã trả kết quả")
        expect(citizen.locator("#co-quan-giai-quyet")).to_contain_text(COMMUNE_A)
        expect(citizen.locator("#noi-tiep-nhan")).to_contain_text(CENTRE_B)
        expect(citizen.locator("#noi-tra-ket-qua")).to_contain_text(BRANCH)
        screenshot(citizen, f"intake-anywhere-02-tracking-{name}")

    # --- 5. the indicators: A's dashboard, B's centre's page, the province's ranking -------------------
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from cchc.org import roles
    from cchc.org.models import Unit
    from tests.factories import StaffFactory, UnitFactory, UserFactory

    year = timezone.localdate().year
    office = UnitFactory(
        agency=p.province, code="van-phong-ubnd", name="Văn phòng UBND tỉnh", kind=Unit.Kind.OFFICE
    )
    overseer = UserFactory(username="giamsat.tinh")
    overseer.groups.add(Group.objects.get(name=roles.PROVINCE_OVERSIGHT))
    StaffFactory(user=overseer, unit=office, full_name="Trần Thị Giám Sát")
    head = _staff(new_page, base, p.staff["head_a"])
    head.goto(f"{base}/quan-tri/chi-so/?ky={year}")
    expect(head.locator("#chi-tieu-T5")).to_contain_text("100")  # received and returned on time: 1 of 1
    province = _staff(new_page, base, overseer)
    province.goto(f"{base}/quan-tri/chi-so/toan-tinh/?ky={year}")
    communes = province.locator("#bang-xa-phuong")
    expect(communes).to_contain_text(COMMUNE_A)
    row = communes.locator("tr", has_text=COMMUNE_A)
    expect(row).to_contain_text("100")
    expect(province.locator("#diem-toan-tinh")).to_be_visible()
    province.goto(f"{base}/quan-tri/chi-so/noi-tiep-nhan/{p.centre_b.code}/?ky={year}")
    # Received at B's centre for commune A, its result returned elsewhere (at the branch).
    cells = province.locator("main tr", has_text=COMMUNE_A).inner_text().split()
    assert cells[-2:] == ["1", "0"], cells
    screenshot(province, "intake-anywhere-03-centre-b-indicators")
    province.goto(f"{base}/quan-tri/chi-so/noi-tiep-nhan/{p.branch.code}/?ky={year}")
    cells = province.locator("main tr", has_text=COMMUNE_A).inner_text().split()
    assert cells[-2:] == ["0", "1"], cells
