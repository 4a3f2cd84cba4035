"""The reform plan (plan.md, 56/KH-SLĐTBXH): requirements, targets, tasks, initiatives, training.

Reference data (``Plan``, ``Requirement``, ``Target``) is edited in the admin by the Office. Tasks,
their progress reports and evidence, initiatives and training attendance change only through
``cchc.plans.services``; every change appends a ``PlanEvent`` (history is never edited).

A task is *overdue* when its deadline has passed and it is neither done nor cancelled: that is
derived (``selectors.with_overdue``), never stored as a status.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cchc.common.events import AppendOnlyEvent
from cchc.org.models import Agency, Staff, Unit


class Plan(models.Model):
    """A reform plan of one agency: its goals are that agency's (``indicators.goals``). A plan of an
    agency that was later merged stays its plan; empty ``agency`` (older rows) means the system
    owner's."""

    number = models.CharField(_("số hiệu"), max_length=50, unique=True, help_text=_("Ví dụ 56/KH-SLĐTBXH."))
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan của kế hoạch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reform_plans",
        help_text=_("Để trống: kế hoạch của cơ quan vận hành hệ thống."),
    )
    title = models.CharField(_("trích yếu"), max_length=500)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=255)
    signer = models.CharField(_("người ký"), max_length=255, blank=True)
    issued_on = models.DateField(_("ngày ban hành"))
    period_from = models.PositiveSmallIntegerField(_("từ năm"))
    period_to = models.PositiveSmallIntegerField(_("đến năm"))
    implements = models.CharField(_("thực hiện văn bản"), max_length=255, blank=True)
    source_file = models.FileField(_("tệp văn bản gốc"), upload_to="plans/source/", blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        ordering = ["-issued_on"]
        constraints = [
            models.CheckConstraint(condition=Q(period_to__gte=F("period_from")), name="plan_period_order")
        ]

    def __str__(self) -> str:
        return f"{self.number} — {self.title}"


class Requirement(models.Model):
    class Section(models.TextChoices):
        A = "A", _("A. Mục đích, chỉ tiêu, yêu cầu")
        B = "B", _("B. Nhiệm vụ và giải pháp")
        C = "C", _("C. Tổ chức thực hiện")

    plan = models.ForeignKey(
        Plan, verbose_name=_("kế hoạch"), on_delete=models.PROTECT, related_name="requirements"
    )
    code = models.CharField(_("mã yêu cầu"), max_length=12, help_text=_("Ví dụ P-B3."))
    section = models.CharField(_("phần"), max_length=1, choices=Section.choices)
    title = models.CharField(_("tên ngắn"), max_length=255)
    text = models.TextField(_("nội dung"))
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("yêu cầu của kế hoạch")
        verbose_name_plural = _("yêu cầu của kế hoạch")
        ordering = ["plan", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="requirement_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Indicator(models.TextChoices):
    """What the indicators app computes for a target (plan.md T1–T9)."""

    FORMS_TEMPLATED = "forms_templated", _("T1 · Biểu mẫu được mẫu hóa, có hướng dẫn kê khai")
    PUBLICATION_ON_TIME = "publication_on_time", _("T2 · Công khai TTHC đầy đủ, kịp thời")
    ELECTRONIC_PROCESSING = "electronic_processing", _("T3 · Quy trình giải quyết trên môi trường điện tử")
    PAPER_FOR_ONLINE = "paper_for_online", _("T4 · Hồ sơ giấy của thủ tục trực tuyến mức 3–4")
    ON_TIME_RATE = "on_time_rate", _("T5 · Tỷ lệ giải quyết đúng hạn")
    TRAINING_PARTICIPATION = "training_participation", _("T6 · Tỷ lệ cán bộ tham gia đào tạo, bồi dưỡng")
    SATISFACTION = "satisfaction", _("T7 · Mức độ hài lòng")
    DIGITAL_TASKS = "digital_tasks", _("T8 · Nhiệm vụ chuyển đổi số, một cửa hoàn thành")
    INITIATIVES_APPLIED = "initiatives_applied", _("T9 · Sáng kiến, giải pháp mới được áp dụng")


class Target(models.Model):
    class Comparator(models.TextChoices):
        AT_LEAST = "gte", "≥"
        ABOVE = "gt", ">"
        AT_MOST = "lte", "≤"
        EQUAL = "eq", "="
        ABOVE_PREVIOUS_YEAR = "above_previous", _("cao hơn năm trước")

    class Measure(models.TextChoices):
        PERCENT = "percent", "%"
        COUNT = "count", _("số lượng")

    plan = models.ForeignKey(
        Plan, verbose_name=_("kế hoạch"), on_delete=models.PROTECT, related_name="targets"
    )
    code = models.CharField(_("mã chỉ tiêu"), max_length=8, help_text=_("T1 … T9."))
    text = models.TextField(_("nội dung chỉ tiêu"))
    indicator = models.CharField(_("chỉ số đo"), max_length=40, choices=Indicator.choices)
    comparator = models.CharField(_("so sánh"), max_length=20, choices=Comparator.choices)
    value = models.DecimalField(_("giá trị"), max_digits=7, decimal_places=2, null=True, blank=True)
    measure = models.CharField(_("đơn vị tính"), max_length=10, choices=Measure.choices)
    year = models.PositiveSmallIntegerField(
        _("năm phải đạt"), null=True, blank=True, help_text=_("Để trống: hằng năm.")
    )
    baseline_value = models.DecimalField(
        _("giá trị gốc"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField(_("năm gốc"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["plan", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code", "comparator"], name="target_unique"),
            models.CheckConstraint(
                condition=Q(comparator="above_previous") | Q(value__isnull=False), name="target_value_needed"
            ),
            models.CheckConstraint(
                condition=Q(baseline_value__isnull=True) | Q(baseline_year__isnull=False),
                name="target_baseline_has_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.get_comparator_display()} {self.value or ''}"

    @property
    def every_year(self) -> bool:
        return self.year is None


class TaskStatus(models.TextChoices):
    ASSIGNED = "assigned", _("Đã giao")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    DONE = "done", _("Hoàn thành")
    CANCELLED = "cancelled", _("Đã hủy")


OPEN_TASK_STATUSES = frozenset({TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS})


class Task(models.Model):
    """A reform task given to a unit (P-A4), or a sub-task its head gave an official (P-B1)."""

    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), on_delete=models.PROTECT, related_name="tasks")
    requirement = models.ForeignKey(
        Requirement,
        verbose_name=_("yêu cầu thực hiện"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("nhiệm vụ cha"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subtasks",
    )
    ref = models.CharField(_("mã tham chiếu"), max_length=80, blank=True)
    title = models.CharField(_("tên nhiệm vụ"), max_length=500)
    objective = models.TextField(_("mục tiêu"), blank=True)
    solution = models.TextField(_("giải pháp"), blank=True)
    expected_result = models.TextField(_("kết quả dự kiến"), blank=True)
    lead_unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị chủ trì"), on_delete=models.PROTECT, related_name="plan_tasks"
    )
    coordinating_units = models.ManyToManyField(
        Unit, verbose_name=_("đơn vị phối hợp"), blank=True, related_name="plan_tasks_coordinated"
    )
    assignee = models.ForeignKey(
        Staff,
        verbose_name=_("cán bộ được giao"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_tasks",
    )
    start = models.DateField(_("ngày bắt đầu"))
    deadline = models.DateField(_("hạn hoàn thành"))
    year = models.PositiveSmallIntegerField(_("năm đánh giá"))
    is_reform = models.BooleanField(
        _("tính vào tỷ lệ 90 %"), default=True, help_text=_("Nhiệm vụ CCHC do Giám đốc giao (P-A7).")
    )
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.ASSIGNED
    )
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    done_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    cancel_reason = models.TextField(_("lý do hủy"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người giao"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("thời điểm giao"))
    revision = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["deadline", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(deadline__gte=F("start")), name="task_deadline_after_start"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="task_progress_max_100"),
            models.CheckConstraint(
                condition=~Q(status="done") | (Q(done_on__isnull=False) & Q(progress=100)),
                name="task_done_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(cancel_reason=""), name="task_cancel_has_reason"
            ),
            models.CheckConstraint(
                condition=Q(parent__isnull=True) | Q(assignee__isnull=False), name="task_subtask_has_assignee"
            ),
            models.UniqueConstraint(fields=["plan", "ref"], condition=~Q(ref=""), name="task_ref_unique"),
        ]
        indexes = [
            # The 90 % rule counts a year's top-level tasks per unit, and an official's per year.
            # Covering (SQLite has no INCLUDE): the counts never read the table rows.
            models.Index(
                fields=["lead_unit", "year", "parent", "status", "is_reform", "deadline", "done_on"],
                name="task_unit_year",
            ),
            models.Index(
                fields=["assignee", "year", "status", "is_reform", "deadline", "done_on"],
                name="task_assignee_year",
            ),
            models.Index(
                fields=["year", "parent", "status", "is_reform", "deadline", "done_on"],
                name="task_year_counted",
            ),
            models.Index(fields=["status", "deadline"], name="task_status_deadline"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_TASK_STATUSES


class ProgressReport(models.Model):
    """An appended progress report (never edited): who, when, progress %, note."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="reports")
    at = models.DateTimeField(_("thời điểm"))
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"))
    note = models.TextField(_("nội dung báo cáo"), blank=True)

    class Meta:
        verbose_name = _("báo cáo tiến độ")
        verbose_name_plural = _("báo cáo tiến độ")
        ordering = ["task", "at", "pk"]
        constraints = [models.CheckConstraint(condition=Q(progress__lte=100), name="report_progress_max_100")]

    def __str__(self) -> str:
        return f"{self.task_id} · {self.progress} %"


class Evidence(models.Model):
    """A file proving a task's progress or result (checked by content, served after a permission check)."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="evidence")
    report = models.ForeignKey(
        ProgressReport, on_delete=models.PROTECT, null=True, blank=True, related_name="files"
    )
    file = models.FileField(upload_to="plans/%Y/%m/")
    original_name = models.CharField(max_length=255)
    mime = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")
        ordering = ["task", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class Initiative(models.Model):
    """A reform initiative or new solution (P-B2, T9)."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Đã đăng ký")
        ACCEPTED = "accepted", _("Được công nhận")
        REJECTED = "rejected", _("Không công nhận")
        APPLIED = "applied", _("Đã áp dụng")

    title = models.CharField(_("tên sáng kiến"), max_length=500)
    authors = models.CharField(_("tác giả"), max_length=500)
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="initiatives"
    )
    year = models.PositiveSmallIntegerField(_("năm đăng ký"))
    description = models.TextField(_("mô tả"))
    file = models.FileField(_("tệp thuyết minh"), upload_to="plans/initiatives/", blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=Status.choices, default=Status.REGISTERED
    )
    decision_note = models.TextField(_("kết luận của Hội đồng"), blank=True)
    decided_on = models.DateField(_("ngày Hội đồng kết luận"), null=True, blank=True)
    applied_on = models.DateField(_("ngày áp dụng"), null=True, blank=True)
    scope = models.CharField(_("phạm vi áp dụng"), max_length=500, blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField()
    revision = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("sáng kiến")
        verbose_name_plural = _("sáng kiến")
        ordering = ["-year", "title"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="applied") | (Q(applied_on__isnull=False) & ~Q(scope="")),
                name="initiative_applied_has_date",
            ),
            models.CheckConstraint(
                condition=Q(status="registered") | Q(decided_on__isnull=False),
                name="initiative_decided_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Course(models.Model):
    """A training course (P-B15, T6)."""

    title = models.CharField(_("tên lớp"), max_length=500)
    organiser = models.CharField(_("đơn vị tổ chức"), max_length=255)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    attendees = models.ManyToManyField(Staff, through="Attendance", related_name="courses")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("lớp đào tạo, bồi dưỡng")
        verbose_name_plural = _("lớp đào tạo, bồi dưỡng")
        ordering = ["-starts_on", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="course_dates_order")
        ]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="attendance")
    staff = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="attendance")
    planned = models.BooleanField(_("được cử đi học"), default=True)
    attended = models.BooleanField(_("đã tham dự"), default=False)

    class Meta:
        verbose_name = _("tham dự")
        verbose_name_plural = _("tham dự")
        constraints = [models.UniqueConstraint(fields=["course", "staff"], name="attendance_unique")]

    def __str__(self) -> str:
        return f"{self.course_id} · {self.staff_id}"


class PlanEvent(AppendOnlyEvent):
    """Appended history of every change to a task, an initiative or a course's attendance."""

    action = models.CharField(max_length=30)
    task = models.ForeignKey(Task, on_delete=models.PROTECT, null=True, blank=True, related_name="events")
    initiative = models.ForeignKey(
        Initiative, on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    course = models.ForeignKey(Course, on_delete=models.PROTECT, null=True, blank=True, related_name="events")
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, blank=True)

    class Meta:
        verbose_name = _("lịch sử kế hoạch")
        verbose_name_plural = _("lịch sử kế hoạch")
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(task__isnull=False) | Q(initiative__isnull=False) | Q(course__isnull=False),
                name="planevent_has_subject",
            )
        ]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.action}"
