"""Building a report job: claim it, build the files, record progress, finish as done or failed.

Every state change is its own short transaction (a single UPDATE), so the staff page sees the
progress while the job runs and a crash never leaves a half-written row: the claim is a conditional
UPDATE (``queued`` → ``running``), so two workers never build the same job; files are written to
the storage first and recorded with ``done`` in one UPDATE; on any error the files already written
are deleted and the job ends ``failed`` with a message (no file).

**Where jobs run (a decision).** Production runs the worker command ``cchc reports`` (cron every
minute, or ``--loop 5`` as a service): building a report takes seconds to minutes of database work
and must not hold a web worker. So that ``make run`` works without a second process, a request
also starts the job in a daemon thread of the web process once its transaction commits
(``CCHC_REPORTS_RUN_IN_THREAD``, on by default; switch it off where a worker runs). The claim is a
conditional UPDATE, so the thread and a worker never build the same job twice; if the web process
dies mid-build the job stays ``running`` until the worker's ``--stale-minutes`` (30) puts it back in
the queue. Both paths call the same :func:`run_job`.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connections
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.common import logcontext
from cchc.reports import excel, periods, word
from cchc.reports.models import JobStatus, Kind, ReportJob

logger = logging.getLogger(__name__)

FAR_FUTURE = dt.date(9999, 12, 31)


def _agency(job: ReportJob):
    """Whose report: the unit's agency, else the requester's (None: the system owner's)."""
    if job.unit_id:
        return job.unit.agency
    staff = getattr(job.requested_by, "staff", None) if job.requested_by_id else None
    return staff.unit.agency if staff is not None else None


def _build(job: ReportJob, progress):
    rp = periods.parse(job.period_kind, job.year, job.number, today=FAR_FUTURE)
    if job.kind == Kind.DEPARTMENT:
        from cchc.reports import department

        return department.build(rp, agency=_agency(job), progress=progress)
    if job.kind == Kind.DELAY:
        from cchc.reports import delay_report

        return delay_report.build(rp, job.unit, progress=progress)
    raise ValidationError(_("Loại báo cáo không hợp lệ."))


def _progress(job_id: int):
    def update(pct: int, message: str) -> None:
        ReportJob.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(
            progress=max(1, min(int(pct), 99)), message=message
        )

    return update


def run_job(job_id: int) -> bool:
    """Build job ``job_id`` if it is still queued; True when it ended done.

    Every line logged meanwhile (in a worker or the web process' thread) names the job.
    """
    with logcontext.bind(report_job_id=job_id):
        return _run_job(job_id)


def _run_job(job_id: int) -> bool:
    now = timezone.now()
    claimed = ReportJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=now, progress=1, message=_("Bắt đầu lập báo cáo…")
    )
    if not claimed:
        return False
    job = ReportJob.objects.select_related("unit", "requested_by").get(pk=job_id)
    progress = _progress(job_id)
    written: list[str] = []
    try:
        report = _build(job, progress)
        progress(85, _("Đang tạo tệp Word…"))
        document = word.render(report)
        progress(93, _("Đang tạo tệp Excel…"))
        workbook = excel.render(report)
        folder = f"reports/{now:%Y/%m}"
        stem = f"{report.file_stem}-{job.pk}"
        written.append(default_storage.save(f"{folder}/{stem}.docx", ContentFile(document)))
        written.append(default_storage.save(f"{folder}/{stem}.xlsx", ContentFile(workbook)))
        finished = ReportJob.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(
            status=JobStatus.DONE,
            progress=100,
            document=written[0],
            workbook=written[1],
            finished_at=timezone.now(),
            message=_("Đã lập xong."),
        )
        if not finished:  # requeued as stale meanwhile: leave it to the next run
            raise RuntimeError(_("Yêu cầu đã bị đặt lại trong khi đang lập."))
        return True
    except Exception as exc:  # any error of any builder: the job fails visibly, nothing is kept
        logger.exception("report job %s failed", job_id)
        for name in written:
            default_storage.delete(name)
        detail = (
            "; ".join(exc.messages) if isinstance(exc, ValidationError) else f"{type(exc).__name__}: {exc}"
        )
        ReportJob.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(
            status=JobStatus.FAILED,
            document="",
            workbook="",
            finished_at=timezone.now(),
            message=(_("Không lập được báo cáo: %(detail)s") % {"detail": detail})[:2000],
        )
        return False


def requeue_stale(minutes: int, *, now: dt.datetime | None = None) -> int:
    """Jobs left ``running`` longer than ``minutes`` (their process died) go back to the queue."""
    now = now or timezone.now()
    return ReportJob.objects.filter(
        status=JobStatus.RUNNING, started_at__lt=now - dt.timedelta(minutes=minutes)
    ).update(status=JobStatus.QUEUED, progress=0, started_at=None, message=_("Đặt lại vào hàng chờ."))


def run_pending(limit: int = 20) -> tuple[int, int]:
    """Build the oldest queued jobs; return (done, failed)."""
    done = failed = 0
    ids = list(
        ReportJob.objects.filter(status=JobStatus.QUEUED)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    for job_id in ids:
        if run_job(job_id):
            done += 1
        elif ReportJob.objects.filter(pk=job_id, status=JobStatus.FAILED).exists():
            failed += 1
    return done, failed


def start_in_thread(job_id: int) -> threading.Thread:
    """Build the job in a daemon thread of this process (development and small installations)."""

    def target():
        try:
            run_job(job_id)
        finally:
            connections.close_all()

    thread = threading.Thread(target=target, name=f"report-job-{job_id}", daemon=True)
    thread.start()
    return thread
