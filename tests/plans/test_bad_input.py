"""Bad input: a clear Vietnamese message and nothing saved (services and screens)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cchc.common.workflow import Stale
from cchc.plans import services
from cchc.plans.models import Evidence, PlanEvent, ProgressReport, Task
from tests.plans.conftest import exe, make_task, pdf

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def _counts():
    return (
        Task.objects.count(),
        ProgressReport.objects.count(),
        Evidence.objects.count(),
        PlanEvent.objects.count(),
    )


def test_deadline_before_start(world):
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        services.create_task(
            actor=world.users["office"],
            plan=world.plan,
            title="Giao",
            lead_unit=world.division,
            start=TODAY,
            deadline=TODAY - dt.timedelta(days=1),
        )
    assert exc.value.message_dict["deadline"] == ["Hạn hoàn thành không được trước ngày bắt đầu."]
    task = make_task(world, year=TODAY.year, deadline=TODAY + dt.timedelta(days=9))
    with pytest.raises(ValidationError) as exc:
        services.split_task(
            actor=world.users["head"],
            task=task,
            revision=task.revision,
            title="Con",
            assignee=world.staff("official"),
            start=TODAY,
            deadline=TODAY - dt.timedelta(days=3),
        )
    assert "Hạn hoàn thành không được trước ngày bắt đầu." in exc.value.message_dict["deadline"]
    with pytest.raises(ValidationError) as exc:  # a sub-task may not end after its task
        services.split_task(
            actor=world.users["head"],
            task=task,
            revision=task.revision,
            title="Con",
            assignee=world.staff("official"),
            start=TODAY,
            deadline=TODAY + dt.timedelta(days=10),
        )
    assert "không được sau hạn của nhiệm vụ" in str(exc.value)
    assert _counts()[0] == before[0] + 1  # only make_task's


@pytest.mark.parametrize("progress", [-1, 101, 250, None])
def test_progress_outside_0_100(world, progress):
    task = make_task(world, year=TODAY.year, deadline=TODAY + dt.timedelta(days=9))
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        services.report_progress(
            actor=world.users["official"],
            task=task,
            revision=task.revision,
            progress=progress,
            note="Báo cáo",
            files=[pdf()],
        )
    assert exc.value.message_dict["progress"] == ["Tiến độ phải là số nguyên từ 0 đến 100 (%)."]
    assert _counts() == before


def test_exe_evidence_refused(world, settings, tmp_path):
    task = make_task(world, year=TODAY.year, deadline=TODAY + dt.timedelta(days=9))
    before = _counts()
    for call in (
        lambda: services.report_progress(
            actor=world.users["official"],
            task=task,
            revision=task.revision,
            progress=50,
            note="Báo cáo",
            files=[exe()],
        ),
        lambda: services.complete_task(
            actor=world.users["head"], task=task, revision=task.revision, files=[pdf(), exe()]
        ),
    ):
        with pytest.raises(ValidationError) as exc:
            call()
        assert "“bao-cao.exe” không phải PDF, JPEG, PNG, DOCX hoặc XLSX" in exc.value.message_dict["files"][0]
    assert _counts() == before
    media = settings.MEDIA_ROOT
    assert not any(p.is_file() for p in media.rglob("*")) if media.exists() else True


def test_stale_revision(world):
    task = make_task(world, year=TODAY.year, deadline=TODAY + dt.timedelta(days=9))
    seen = task.revision
    services.report_progress(
        actor=world.users["official"], task=task, revision=seen, progress=10, note="Lần 1"
    )
    before = _counts()
    with pytest.raises(Stale) as exc:
        services.report_progress(
            actor=world.users["colleague"], task=task, revision=seen, progress=20, note="Lần 2"
        )
    assert "vừa được người khác thay đổi" in str(exc.value)
    assert _counts() == before


def _login(client, world, key):
    client.force_login(world.users[key])
    return client


def test_screens_show_the_message_and_save_nothing(world, client):
    task = make_task(world, year=TODAY.year, deadline=TODAY + dt.timedelta(days=9))
    _login(client, world, "official")
    url = reverse("backoffice:plans_staff:task_action", args=[task.pk, "report"])
    before = _counts()
    r = client.post(url, {"report-revision": task.revision, "report-progress": "150", "report-note": "x"})
    assert r.status_code == 400
    assert "Tiến độ phải là số nguyên từ 0 đến 100 (%)." in r.content.decode()
    r = client.post(
        url,
        {"report-revision": task.revision, "report-progress": "30", "report-note": "x", "report-file": exe()},
    )
    assert r.status_code == 400 and "không phải PDF, JPEG, PNG, DOCX hoặc XLSX" in r.content.decode()
    r = client.post(url, {"report-revision": task.revision + 5, "report-progress": "30", "report-note": "x"})
    assert r.status_code == 409 and "vừa được người khác thay đổi" in r.content.decode()
    assert _counts() == before
    _login(client, world, "office")
    r = client.post(
        reverse("backoffice:plans_staff:task_new"),
        {
            "title": "Giao",
            "lead_unit": world.division.pk,
            "start": TODAY.isoformat(),
            "deadline": (TODAY - dt.timedelta(days=2)).isoformat(),
            "is_reform": "on",
        },
    )
    assert r.status_code == 400 and "Hạn hoàn thành không được trước ngày bắt đầu." in r.content.decode()
    assert _counts() == before
