"""Report jobs: request (roles, units, periods), build (progress, done, failed), worker, views."""

from __future__ import annotations

import datetime as dt
import io
import time
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from cchc.reports import department, excel, runner, services
from cchc.reports.models import JobStatus, Kind, ReportJob

TODAY = dt.date(2026, 11, 26)


@pytest.fixture(autouse=True)
def _no_thread(settings):
    settings.CCHC_REPORTS_RUN_IN_THREAD = False


def request(world, who="office", kind=Kind.DEPARTMENT, period_kind="quarter", year=2026, number=3, unit=None):
    return services.request_report(
        actor=world.staff[who],
        kind=kind,
        period_kind=period_kind,
        year=year,
        number=number,
        unit=unit,
        today=TODAY,
    )


def _files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT) / "reports"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


# --- permissions ---------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["office", "director"])
def test_office_and_director_may_request_the_department_report(world, who):
    job = request(world, who)
    assert (job.status, job.progress, job.period_label) == (JobStatus.QUEUED, 0, "Quý III/2026")
    assert (job.period_start, job.period_end) == (dt.date(2026, 7, 1), dt.date(2026, 9, 30))


@pytest.mark.parametrize("who", ["specialist", "head", "counter"])
def test_others_cannot_request_the_department_report(world, who):
    with pytest.raises(PermissionDenied, match="Chỉ Văn phòng Sở và Lãnh đạo Sở"):
        request(world, who)
    assert not ReportJob.objects.exists()


def test_a_unit_head_requests_only_their_units_delay_report(world):
    job = request(world, "head", Kind.DELAY, unit=world.division)
    assert job.unit == world.division
    with pytest.raises(PermissionDenied, match="chỉ được lập báo cáo hồ sơ trễ hạn của đơn vị mình"):
        request(world, "head", Kind.DELAY, unit=world.other_division)
    with pytest.raises(PermissionDenied, match="của đơn vị mình"):
        request(world, "head", Kind.DELAY, unit=None)  # the whole Department
    with pytest.raises(PermissionDenied):
        request(world, "specialist", Kind.DELAY, unit=world.division)
    assert ReportJob.objects.count() == 1
    # The Office may ask for any unit, or the whole Department.
    assert request(world, "office", Kind.DELAY, unit=world.other_division).unit == world.other_division
    assert request(world, "office", Kind.DELAY).unit is None


def test_the_right_to_a_report_follows_the_current_unit_not_the_request(world):
    from cchc.reports import selectors

    head = world.staff["head"]
    job = request(world, "head", Kind.DELAY, unit=world.division)
    assert services.can_download(head, job) and list(selectors.jobs_for(head)) == [job]
    head.staff.unit = world.other_division  # the head moves to another unit
    head.staff.save()
    head.refresh_from_db()
    assert not services.can_download(head, job) and list(selectors.jobs_for(head)) == []


def test_an_identical_pending_request_is_not_queued_twice(world):
    assert request(world) == request(world)
    assert ReportJob.objects.count() == 1


# --- bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period_kind", "year", "number", "message"),
    [
        ("quarter", 2027, 1, "chưa bắt đầu"),  # the future
        ("year", 2027, None, "kỳ tương lai"),
        ("month", 2026, 12, "chưa bắt đầu"),  # December 2026 starts after 26/11/2026
        ("quarter", 2026, 5, "Số kỳ phải từ 1 đến 4"),
        ("half", 2026, 3, "Số kỳ phải từ 1 đến 2"),
        ("quarter", "20x6", 1, "Năm báo cáo phải là số có 4 chữ số"),
        ("quarter", "", 1, "Năm báo cáo phải là số"),
        ("quarter", 1999, 1, "Năm báo cáo phải từ 2015"),
        ("quarter", 2026, "ba", "Chọn số kỳ"),
        ("week", 2026, 1, "Loại kỳ báo cáo không hợp lệ"),
    ],
)
def test_bad_periods_are_refused_in_vietnamese_and_nothing_is_queued(
    world, period_kind, year, number, message
):
    with pytest.raises(ValidationError, match=message):
        request(world, period_kind=period_kind, year=year, number=number)
    assert not ReportJob.objects.exists()


def test_the_current_period_may_be_reported_to_date(world):
    assert request(world, period_kind="quarter", year=2026, number=4).period_end == dt.date(2026, 12, 31)


def test_an_unknown_kind_is_refused(world):
    with pytest.raises(ValidationError, match="Loại báo cáo không hợp lệ"):
        request(world, kind="bogus")


# --- building ------------------------------------------------------------------------------------


def test_progress_moves_to_100_and_done(world, monkeypatch, settings):
    job = request(world)
    seen = []
    real = department.build

    def spy(rp, *, progress, **kw):
        def record(pct, message):
            progress(pct, message)
            row = ReportJob.objects.values("status", "progress", "message").get(pk=job.pk)
            seen.append((row["status"], row["progress"]))

        return real(rp, progress=record, **kw)

    monkeypatch.setattr(department, "build", spy)
    assert runner.run_job(job.pk) is True
    job.refresh_from_db()
    assert (job.status, job.progress, job.message) == (JobStatus.DONE, 100, "Đã lập xong.")
    assert job.started_at and job.finished_at and job.finished_at >= job.started_at
    assert len(seen) >= 4 and all(status == JobStatus.RUNNING for status, _ in seen)
    progress = [p for _, p in seen]
    assert progress == sorted(progress) and 0 < progress[0] < progress[-1] < 100
    doc = Document(io.BytesIO(job.document.read()))
    assert any(p.text.strip() == "BÁO CÁO" for p in doc.paragraphs)
    assert load_workbook(io.BytesIO(job.workbook.read())).sheetnames[0] == "1. Chỉ tiêu T1-T9"
    assert sorted(p.suffix for p in _files(settings)) == [".docx", ".xlsx"]
    # A job is built once: a second run does nothing.
    assert runner.run_job(job.pk) is False


def test_a_failing_build_ends_failed_with_a_message_and_no_file(world, monkeypatch, settings):
    job = request(world)

    def broken(rp, **kw):
        raise RuntimeError("không đọc được số liệu")

    monkeypatch.setattr(department, "build", broken)
    assert runner.run_job(job.pk) is False
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.message == "Không lập được báo cáo: RuntimeError: không đọc được số liệu"
    assert not job.document and not job.workbook and job.finished_at is not None
    assert _files(settings) == []


def test_a_failure_after_the_word_file_was_written_leaves_no_file(world, monkeypatch, settings):
    job = request(world, "head", Kind.DELAY, unit=world.division)
    from django.core.files.storage import default_storage

    real_save = default_storage.save
    calls = []

    def save_then_fail(name, content, **kw):
        calls.append(name)
        if name.endswith(".xlsx"):
            raise OSError("đĩa đầy")
        return real_save(name, content, **kw)

    monkeypatch.setattr(default_storage, "save", save_then_fail)
    assert runner.run_job(job.pk) is False
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "đĩa đầy" in job.message
    assert len(calls) == 2 and _files(settings) == []  # the DOCX written first was removed


def test_the_worker_command_builds_queued_jobs_and_requeues_stale_ones(world):
    first = request(world)
    second = request(world, "office", Kind.DELAY)
    stale = request(world, "director", Kind.DELAY, period_kind="year", number=None)
    ReportJob.objects.filter(pk=stale.pk).update(
        status=JobStatus.RUNNING, started_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC), progress=40
    )
    out = io.StringIO()
    call_command("reports", stdout=out)
    assert "Đã lập 3 báo cáo, lỗi 0, đặt lại 1." in out.getvalue()
    assert set(ReportJob.objects.values_list("status", flat=True)) == {JobStatus.DONE}
    assert {first.pk, second.pk, stale.pk} == set(ReportJob.objects.values_list("pk", flat=True))


def test_excel_keeps_numbers_as_numbers(world):
    from cchc.reports import periods

    report = department.build(periods.parse("quarter", 2026, 3, today=TODAY))
    wb = load_workbook(io.BytesIO(excel.render(report)))
    ws = wb["7. Chỉ số 766"]
    assert [c.value for c in ws[4]] == [
        "Mã",
        "Nhóm, chỉ số",
        "Điểm tối đa",
        "Ngưỡng",
        "Tử số",
        "Mẫu số",
        "Tỷ lệ",
        "Điểm",
    ]
    numbers = [r[2].value for r in ws.iter_rows(min_row=5) if r[1].value]
    assert numbers and all(isinstance(v, (int, float)) for v in numbers)


@pytest.mark.django_db(transaction=True)
def test_the_request_starts_a_background_thread_after_commit(world, settings):
    settings.CCHC_REPORTS_RUN_IN_THREAD = True
    job = request(world, "office", Kind.DELAY)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if not job.is_active:
            break
        time.sleep(0.2)
    assert (job.status, job.progress) == (JobStatus.DONE, 100), job.message


# --- views ---------------------------------------------------------------------------------------


def _client(client, world, who):
    client.force_login(world.staff[who])
    return client


def test_the_page_requests_a_report_and_lists_it(client, world):
    c = _client(client, world, "office")
    url = reverse("backoffice:reports_staff:jobs")
    page = c.get(url)
    assert page.status_code == 200
    assert "Báo cáo kết quả thực hiện công tác CCHC" in page.content.decode()
    response = c.post(url, {"loai": Kind.DEPARTMENT, "ky": "quarter", "nam": "2026", "so": "3"})
    assert response.status_code == 302
    job = ReportJob.objects.get()
    assert job.requested_by == world.staff["office"]
    rows = c.get(reverse("backoffice:reports_staff:job_rows")).content.decode()
    assert 'hx-trigger="every 2s"' in rows and "Đang chờ" in rows
    runner.run_job(job.pk)
    rows = c.get(reverse("backoffice:reports_staff:job_rows")).content.decode()
    assert "hx-trigger" not in rows and "Word (DOCX)" in rows and "Excel (XLSX)" in rows


def test_the_page_refuses_bad_input_with_a_message(client, world):
    c = _client(client, world, "office")
    url = reverse("backoffice:reports_staff:jobs")
    response = c.post(url, {"loai": Kind.DEPARTMENT, "ky": "quarter", "nam": "2030", "so": "1"})
    assert response.status_code == 400
    assert "không thể lập báo cáo cho kỳ tương lai" in response.content.decode()
    response = c.post(url, {"loai": Kind.DEPARTMENT, "ky": "quarter", "nam": "hai nghìn", "so": "1"})
    assert response.status_code == 400 and "Năm báo cáo phải là số" in response.content.decode()
    assert not ReportJob.objects.exists()


def test_a_specialist_sees_no_form_and_is_refused(client, world):
    c = _client(client, world, "specialist")
    url = reverse("backoffice:reports_staff:jobs")
    assert "Vai trò của bạn không được lập báo cáo" in c.get(url).content.decode()
    response = c.post(url, {"loai": Kind.DEPARTMENT, "ky": "quarter", "nam": "2026", "so": "3"})
    assert response.status_code == 403 and "Chỉ Văn phòng Sở" in response.content.decode()
    assert not ReportJob.objects.exists()


def test_downloads_after_a_permission_check(client, world):
    job = request(world, "head", Kind.DELAY, unit=world.division)
    runner.run_job(job.pk)
    url = reverse("backoffice:reports_staff:download", args=[job.pk, "docx"])
    head = _client(client, world, "head").get(url)
    assert head.status_code == 200
    assert head["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert "attachment" in head["Content-Disposition"]
    Document(io.BytesIO(b"".join(head.streaming_content)))
    xlsx = client.get(reverse("backoffice:reports_staff:download", args=[job.pk, "xlsx"]))
    assert xlsx["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    client.logout()
    for who, status in [("other_head", 403), ("specialist", 403), ("director", 200), ("office", 200)]:
        assert _client(client, world, who).get(url).status_code == status, who
        client.logout()
    # The other unit's head does not even see the job in the list.
    assert (
        f"bao-cao-{job.pk}"
        not in _client(client, world, "other_head")
        .get(reverse("backoffice:reports_staff:jobs"))
        .content.decode()
    )


def test_no_download_before_done(client, world):
    job = request(world)
    url = reverse("backoffice:reports_staff:download", args=[job.pk, "docx"])
    assert _client(client, world, "office").get(url).status_code == 404
