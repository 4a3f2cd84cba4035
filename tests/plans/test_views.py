"""The staff screens: each page for each kind of actor, only the actions the actor may take, downloads."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from cchc.plans import services
from cchc.plans.models import Target, TaskStatus
from tests.plans.conftest import make_task, pdf

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def _get(client, world, key, name, *args, **params):
    client.force_login(world.users[key])
    return client.get(reverse(f"backoffice:plans_staff:{name}", args=args), params)


@pytest.mark.parametrize("key", ["office", "head", "official", "director", "counter", "other_official"])
def test_pages_open_for_every_staff_member(world, client, key):
    Target.objects.create(
        plan=world.plan,
        code="T9",
        text="Ít nhất 01 sáng kiến",
        indicator="initiatives_applied",
        comparator="gte",
        value=1,
        measure="count",
    )
    task = make_task(world, year=TODAY.year, deadline=TODAY - dt.timedelta(days=1))
    for name, args in (
        ("overview", ()),
        ("tasks", ()),
        ("task", (task.pk,)),
        ("completion", ()),
        ("initiatives", ()),
        ("courses", ()),
    ):
        r = _get(client, world, key, name, *args)
        # A task page is for its lead and coordinating units, the Office and the directors.
        outsider = name == "task" and key in ("counter", "other_official")
        assert r.status_code == (403 if outsider else 200), (name, key)
    r = _get(client, world, key, "tasks", xem="tat-ca")
    assert r.status_code == 200


def test_anonymous_redirected_to_login(client, world):
    r = client.get(reverse("backoffice:plans_staff:tasks"))
    assert r.status_code == 302 and "dang-nhap" in r["Location"]


def test_task_page_offers_only_allowed_actions(world, client):
    task = make_task(world, year=TODAY.year, deadline=TODAY + dt.timedelta(days=5))
    body = _get(client, world, "head", "task", task.pk).content.decode()
    assert "Giao nhiệm vụ con" in body and "Xác nhận hoàn thành" in body and "Hủy nhiệm vụ" not in body
    body = _get(client, world, "office", "task", task.pk).content.decode()
    assert "Hủy nhiệm vụ" in body and "Xác nhận hoàn thành" not in body
    body = _get(client, world, "official", "task", task.pk).content.decode()
    assert "Giao nhiệm vụ con" not in body and "Xác nhận hoàn thành" not in body
    assert _get(client, world, "other_head", "task", task.pk).status_code == 403


def test_task_list_overdue_first_and_new_task_form_for_the_office(world, client):
    make_task(world, year=TODAY.year, deadline=TODAY + dt.timedelta(days=5), title="Còn hạn")
    make_task(world, year=TODAY.year, deadline=TODAY - dt.timedelta(days=5), title="Đã quá hạn")
    body = _get(client, world, "head", "tasks", xem="don-vi").content.decode()
    assert body.index("Đã quá hạn") < body.index("Còn hạn") and "Quá hạn ·" in body
    assert _get(client, world, "head", "task_new").status_code == 403
    assert _get(client, world, "office", "task_new").status_code == 200
    client.force_login(world.users["office"])
    r = client.post(
        reverse("backoffice:plans_staff:task_new"),
        {
            "title": "Rà soát biểu mẫu",
            "lead_unit": world.division.pk,
            "coordinating_units": [world.other.pk],
            "requirement": world.requirement.pk,
            "start": TODAY.isoformat(),
            "deadline": (TODAY + dt.timedelta(days=30)).isoformat(),
            "is_reform": "on",
        },
    )
    assert r.status_code == 302
    from cchc.plans.models import Task

    task = Task.objects.get(title="Rà soát biểu mẫu")
    assert list(task.coordinating_units.all()) == [world.other]


def test_evidence_download_checked(world, client):
    task = make_task(world, year=TODAY.year, deadline=TODAY + dt.timedelta(days=5))
    services.report_progress(
        actor=world.users["official"],
        task=task,
        revision=task.revision,
        progress=30,
        note="Có minh chứng",
        files=[pdf()],
    )
    evidence = task.evidence.get()
    url = reverse("backoffice:plans_staff:evidence", args=[task.pk, evidence.pk])
    client.force_login(world.users["colleague"])
    r = client.get(url)
    assert r.status_code == 200 and b"".join(r.streaming_content).startswith(b"%PDF")
    client.force_login(world.users["other_official"])
    assert client.get(url).status_code == 403
    # Nor can another unit open the task's page (progress, evidence names, people).
    page = reverse("backoffice:plans_staff:task", args=[task.pk])
    assert client.get(page).status_code == 403
    client.force_login(world.users["colleague"])
    assert client.get(page).status_code == 200


def test_completion_page_shows_rates_and_no_data(world, client):
    deadline = dt.date(2025, 6, 30)
    for i in range(10):
        make_task(
            world, year=2025, deadline=deadline, status="done" if i < 9 else "in_progress", done_on=deadline
        )
    body = _get(client, world, "director", "completion", nam=2025).content.decode()
    assert "90,0 %" in body and "Đạt ngưỡng 90 %" in body
    assert "Không có dữ liệu" in body  # units without tasks
    body = _get(client, world, "director", "completion", nam=2023).content.decode()
    assert "0,0 %" not in body and "Không có dữ liệu" in body


def test_initiative_and_course_screens(world, client):
    client.force_login(world.users["official"])
    r = client.post(
        reverse("backoffice:plans_staff:initiatives"),
        {
            "title": "Tra cứu bằng QR",
            "authors": "Nguyễn An",
            "unit": world.division.pk,
            "year": 2025,
            "description": "Mô tả",
        },
    )
    assert r.status_code == 302
    from cchc.plans.models import Course, Initiative

    item = Initiative.objects.get()
    client.force_login(world.users["office"])
    r = client.post(
        reverse("backoffice:plans_staff:initiative_action", args=[item.pk, "danh-gia"]),
        {
            f"e{item.pk}-revision": item.revision,
            f"e{item.pk}-decision": "accepted",
            f"e{item.pk}-note": "Công nhận",
        },
    )
    assert r.status_code == 302
    item.refresh_from_db()
    assert item.status == "accepted"
    r = client.post(
        reverse("backoffice:plans_staff:courses"),
        {
            "title": "Lớp kỹ năng",
            "organiser": "Văn phòng Sở",
            "starts_on": "2025-04-01",
            "ends_on": "2025-04-02",
            "planned": [world.staff("head").pk, world.staff("official").pk],
        },
    )
    assert r.status_code == 302
    course = Course.objects.get()
    r = client.post(
        reverse("backoffice:plans_staff:course", args=[course.pk]), {"attended": [world.staff("head").pk]}
    )
    assert r.status_code == 302
    body = _get(client, world, "office", "courses", nam=2025).content.decode()
    assert "50,0 %" in body
    client.force_login(world.users["head"])
    r = client.post(reverse("backoffice:plans_staff:courses"), {"title": "x"})
    assert r.status_code == 403


def test_done_task_shows_late_badge(world, client):
    task = make_task(
        world, year=2025, deadline=dt.date(2025, 6, 30), status=TaskStatus.DONE, done_on=dt.date(2025, 7, 2)
    )
    body = _get(client, world, "head", "task", task.pk).content.decode()
    assert "Hoàn thành trễ hạn" in body
