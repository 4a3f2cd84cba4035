"""End to end in the browser: a plan task from assignment to the 90 % table.

The Office assigns a task to a division; the division head splits it into a sub-task for an
official; the official reports progress with an evidence file; the head marks the sub-task and the
task done; the 90 % table shows the division's rate. Each actor has their own browser context and
logs in through the staff sign-in page.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cchc.plans.models import Task, TaskStatus
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import screenshot, staff_login
from tests.plans.conftest import PDF, world  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Mẫu hóa biểu mẫu thủ tục lĩnh vực việc làm"
SUB_TITLE = "Soạn hướng dẫn kê khai tờ khai trợ cấp thất nghiệp"


def _login(new_page, base: str, user, **size):
    return staff_login(new_page(**size), base, user, "/quan-tri/ke-hoach/nhiem-vu/")


def _action(page, button: str):
    form = page.locator("#thao-tac form").filter(has=page.get_by_role("button", name=button, exact=True))
    expect(form).to_have_count(1)
    return form


def _done(page, label: str):
    expect(page.locator("main .alert[role=status]")).to_contain_text(f"“{label}”")
    expect(page.locator("main .alert-danger")).to_have_count(0)


def test_task_from_assignment_to_the_90_percent_table(live_server, new_page, world, tmp_path):  # noqa: F811
    base = live_server.url
    today = timezone.localdate()
    deadline = today + dt.timedelta(days=20)
    evidence = tmp_path / "bao-cao-tien-do.pdf"
    evidence.write_bytes(PDF)

    # 1. The Office assigns the task to the division.
    office = _login(new_page, base, world.users["office"])
    office.get_by_role("link", name="Giao nhiệm vụ mới").click()
    office.get_by_label("Thực hiện yêu cầu").select_option(label=str(world.requirement))
    office.get_by_label("Tên nhiệm vụ").fill(TITLE)
    office.get_by_label("Đơn vị chủ trì").select_option(label=world.division.name)
    office.get_by_label(world.other.name).check()
    office.get_by_label("Ngày bắt đầu").fill(today.isoformat())
    office.get_by_label("Hạn hoàn thành").fill(deadline.isoformat())
    office.get_by_role("button", name="Giao nhiệm vụ").click()
    expect(office.locator("main .alert[role=status]")).to_contain_text("Đã giao nhiệm vụ")
    expect(office.locator("#don-vi-chu-tri")).to_have_text(world.division.name)
    task = Task.objects.get(title=TITLE)

    # 2. The head of the division splits it into a sub-task for an official of the unit.
    head = _login(new_page, base, world.users["head"])
    head.get_by_role("link", name=TITLE).click()
    form = _action(head, "Giao nhiệm vụ con")
    form.get_by_label("Tên nhiệm vụ con").fill(SUB_TITLE)
    form.get_by_label("Giao cho cán bộ").select_option(label=world.staff("official").full_name)
    form.get_by_label("Hạn hoàn thành").fill((deadline - dt.timedelta(days=5)).isoformat())
    form.get_by_role("button", name="Giao nhiệm vụ con").click()
    _done(head, "Giao nhiệm vụ con")
    expect(head.locator("#nhiem-vu-con")).to_contain_text(SUB_TITLE)
    sub = task.subtasks.get()

    # 3. The official reports progress with an evidence file.
    official = _login(new_page, base, world.users["official"])
    official.get_by_role("link", name="Của tôi").click()
    official.get_by_role("link", name=SUB_TITLE).click()
    assert "Xác nhận hoàn thành" not in official.locator("#thao-tac").inner_text()
    form = _action(official, "Báo cáo tiến độ")
    form.get_by_label("Tiến độ (%)").fill("100")
    form.get_by_label("Nội dung báo cáo").fill("Đã soạn xong dự thảo hướng dẫn kê khai.")
    form.get_by_label("Tệp minh chứng").set_input_files(str(evidence))
    form.get_by_role("button", name="Báo cáo tiến độ").click()
    _done(official, "Báo cáo tiến độ")
    expect(official.locator("#bao-cao")).to_contain_text("bao-cao-tien-do.pdf")
    expect(official.locator("#bao-cao")).to_contain_text("100 %")
    screenshot(official, "plans-subtask-reported")
    assert_accessible(official, "plans-subtask-reported")

    # 4. The head marks the sub-task done (its evidence is there), then the task with a result file.
    head.goto(base + f"/quan-tri/ke-hoach/nhiem-vu/{sub.pk}/")
    form = _action(head, "Xác nhận hoàn thành")
    form.get_by_label("Kết quả thực hiện").fill("Đạt yêu cầu.")
    form.get_by_role("button", name="Xác nhận hoàn thành").click()
    _done(head, "Xác nhận hoàn thành")
    head.get_by_role("link", name=TITLE).click()
    form = _action(head, "Xác nhận hoàn thành")
    form.get_by_label("Tệp minh chứng kết quả").set_input_files(str(evidence))
    form.get_by_role("button", name="Xác nhận hoàn thành").click()
    _done(head, "Xác nhận hoàn thành")
    task.refresh_from_db()
    sub.refresh_from_db()
    assert task.status == sub.status == TaskStatus.DONE

    # 5. The 90 % table shows the division's rate.
    office.goto(base + f"/quan-tri/ke-hoach/ty-le-hoan-thanh/?nam={task.year}")
    row = office.locator("#bang-don-vi tr").filter(has_text=world.division.name)
    expect(row).to_contain_text("100,0 %")
    expect(row).to_contain_text("Đạt ngưỡng 90 %")
    official_row = office.locator("#bang-can-bo tr").filter(has_text=world.staff("official").full_name)
    expect(official_row).to_contain_text("100,0 %")
    screenshot(office, "plans-completion")
    assert_accessible(office, "plans-completion")
