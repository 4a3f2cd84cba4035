"""One-stop dossiers (hồ sơ): the case, its append-only history and its control slip.

What a dossier records is what every indicator later reads (domain.md §3, §6.2), so nothing here
is ever rewritten: the status history is ``DossierEvent`` (append-only, a trigger refuses UPDATE
and DELETE on PostgreSQL), hand-overs are ``Handover`` rows, and the code never changes.
All writes go through ``cchc.dossiers.services``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cchc.common.events import AppendOnlyEvent
from cchc.common.stored_files import StoredUpload
from cchc.org.models import Agency, Unit
from cchc.procedures.models import ProcedureVersion, ProcessStep


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Đã nộp trực tuyến, chờ kiểm tra")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Yêu cầu bổ sung khi tiếp nhận")
    REFUSED = "refused", _("Từ chối tiếp nhận")
    RECEIVED = "received", _("Đã tiếp nhận")
    IN_PROCESS = "in_process", _("Đang xử lý")
    WAITING_SUPPLEMENT = "waiting_supplement", _("Chờ bổ sung (tạm dừng tính thời gian)")
    INTER_AGENCY = "inter_agency", _("Đang ở cơ quan phối hợp")
    RESULT_READY = "result_ready", _("Có kết quả, chờ trả")
    RETURNED = "returned", _("Đã trả kết quả")
    STOPPED = "stopped", _("Dừng giải quyết theo đề nghị")


OPEN_STATUSES = frozenset(
    {
        Status.SUBMITTED,
        Status.SUPPLEMENT_REQUESTED,
        Status.RECEIVED,
        Status.IN_PROCESS,
        Status.WAITING_SUPPLEMENT,
        Status.INTER_AGENCY,
        Status.RESULT_READY,
    }
)


class Channel(models.IntegerChoices):
    """Channels of submission and return; the numbers are QĐ 766's KenhThucHien codes."""

    COUNTER = 1, _("Trực tiếp tại Bộ phận Một cửa")
    ONLINE = 2, _("Trực tuyến")
    POST = 3, _("Dịch vụ bưu chính công ích")


class ApplicantKind(models.TextChoices):
    PERSON = "person", _("Cá nhân")
    ORGANISATION = "organisation", _("Tổ chức, doanh nghiệp")


class Outcome(models.TextChoices):
    APPROVED = "approved", _("Giải quyết (có kết quả)")
    REJECTED = "rejected", _("Không giải quyết (trả lại, nêu rõ lý do)")


class OnlinePayment(models.IntegerChoices):
    """QĐ 766 DuocThanhToanTrucTuyen."""

    NO = 0, _("Không thanh toán trực tuyến")
    NATIONAL_PORTAL = 1, _("Qua Cổng Dịch vụ công quốc gia")
    LOCAL_PORTAL = 2, _("Qua cổng thanh toán của bộ, tỉnh")


class DayCounter(models.Model):
    """The last running number of an agency's dossiers on one day (code ``…-YYMMDD-NNNN``)."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "day"], name="daycounter_unique_agency_day")]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.day:%Y-%m-%d}: {self.last_number}"


class Dossier(models.Model):
    code = models.CharField(_("mã hồ sơ"), max_length=40, unique=True, editable=False)
    # The competent agency (cơ quan có thẩm quyền giải quyết): whose dossier it is, whose code prefix
    # and day counter it takes, whose indicators count it (decision 0021).
    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan giải quyết"), on_delete=models.PROTECT, related_name="dossiers"
    )
    # Where it was received (a service centre or branch, or the agency's own counter; empty for an
    # online submission) and where the applicant collects the result (empty: by post or online).
    receipt_place = models.ForeignKey(
        Agency,
        verbose_name=_("nơi tiếp nhận"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossiers_received",
    )
    return_place = models.ForeignKey(
        Agency,
        verbose_name=_("nơi trả kết quả"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossiers_returned",
    )
    procedure_version = models.ForeignKey(
        ProcedureVersion,
        verbose_name=_("thủ tục (phiên bản)"),
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    # Applicant.
    applicant_kind = models.CharField(_("người nộp là"), max_length=12, choices=ApplicantKind.choices)
    applicant_name = models.CharField(_("họ tên, tên tổ chức"), max_length=255)
    id_number = models.CharField(_("số định danh cá nhân"), max_length=12, blank=True)
    tax_code = models.CharField(_("mã số thuế"), max_length=14, blank=True)
    representative = models.CharField(_("người đại diện"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=11, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    address = models.CharField(_("địa chỉ"), max_length=500, blank=True)
    # Channels.
    channel = models.PositiveSmallIntegerField(_("hình thức nộp"), choices=Channel.choices)
    return_channel = models.PositiveSmallIntegerField(_("hình thức nhận kết quả"), choices=Channel.choices)
    paper_reason = models.CharField(
        _("lý do nhận hồ sơ giấy"),
        max_length=500,
        blank=True,
        help_text=_("Bắt buộc khi nhận hồ sơ giấy của thủ tục có dịch vụ công trực tuyến (chỉ tiêu T4)."),
    )
    # Where it is.
    status = models.CharField(_("trạng thái"), max_length=24, choices=Status.choices, db_index=True)
    current_step = models.ForeignKey(
        ProcessStep,
        verbose_name=_("bước hiện tại"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    holder_unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị đang giữ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="held_dossiers",
    )
    holder_agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan đang giữ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="held_dossiers",
    )
    # Time (domain.md §5). due_at is the original appointment and never moves except by pauses.
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    received_at = models.DateTimeField(_("tiếp nhận lúc"), null=True, blank=True)
    due_at = models.DateTimeField(_("hẹn trả"), null=True, blank=True)
    new_due_at = models.DateTimeField(_("hẹn lại (sau xin lỗi)"), null=True, blank=True)
    finished_at = models.DateTimeField(_("xử lý xong lúc"), null=True, blank=True)
    returned_at = models.DateTimeField(_("trả kết quả lúc"), null=True, blank=True)
    paused_since = models.DateTimeField(_("tạm dừng từ"), null=True, blank=True)
    paused_minutes = models.PositiveIntegerField(_("thời gian tạm dừng (phút làm việc)"), default=0)
    supplement_count = models.PositiveSmallIntegerField(_("số lần yêu cầu bổ sung"), default=0)
    # Outcome.
    outcome = models.CharField(_("kết quả giải quyết"), max_length=10, choices=Outcome.choices, blank=True)
    outcome_reason = models.TextField(_("lý do"), blank=True)
    result_code = models.CharField(_("mã kết quả điện tử"), max_length=48, blank=True)
    # Apology (P-B13): one re-appointment per dossier.
    apologised_at = models.DateTimeField(_("xin lỗi lúc"), null=True, blank=True)
    apology_reason = models.TextField(_("lý do chậm"), blank=True)
    apology_late = models.BooleanField(_("xin lỗi muộn"), default=False)
    # Fields QĐ 766 reads (domain.md §6.2).
    fee_amount = models.DecimalField(_("phí, lệ phí (đồng)"), max_digits=14, decimal_places=0, default=0)
    paid_online = models.PositiveSmallIntegerField(
        _("thanh toán trực tuyến"), choices=OnlinePayment.choices, default=OnlinePayment.NO
    )
    digitised_components = models.BooleanField(_("thành phần hồ sơ được số hóa"), default=False)
    data_reused = models.BooleanField(_("tái sử dụng dữ liệu đã số hóa"), default=False)
    vneid_verified = models.BooleanField(_("tài khoản xác thực VNeID"), default=False)
    # Optimistic concurrency: every change increments it; a form carries the value it was built on.
    revision = models.PositiveIntegerField(default=1, editable=False)
    # Hash of the secret the applicant uses with the code to follow the dossier through the API.
    tracking_secret_hash = models.CharField(max_length=128, blank=True, editable=False)
    # The language the applicant used (the portal's page language): notices are written in it.
    language = models.CharField(_("ngôn ngữ nhận thông báo"), max_length=8, default="vi", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        ordering = ["-received_at", "-id"]
        indexes = [
            # Covers the worklist's tab counts and its page of ids (no table reads; decision 0006):
            # the columns the tabs filter by (``timeliness.late_q``, ``due_soon_q``) and sort by.
            models.Index(
                fields=[
                    "holder_unit",
                    "status",
                    "due_at",
                    "finished_at",
                    "code",
                    "supplement_count",
                    "paused_since",
                ],
                name="dossier_worklist_cover",
            ),
            models.Index(fields=["agency", "received_at"], name="dossier_agency_received"),
            models.Index(fields=["receipt_place", "status"], name="dossier_receipt_place"),
            models.Index(fields=["return_place", "status"], name="dossier_return_place"),
            models.Index(fields=["status", "due_at"], name="dossier_status_due"),
            # The indicators read open and recently finished dossiers live (decision 0010).
            models.Index(fields=["finished_at"], name="dossier_finished"),
            # "Hồ sơ của tôi": a signed-in citizen's dossiers by personal ID, whatever the door.
            models.Index(fields=["id_number", "submitted_at"], name="dossier_id_number"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(applicant_kind="person") | ~Q(tax_code=""),
                name="dossier_organisation_has_tax_code",
            ),
            models.CheckConstraint(
                condition=Q(outcome="") | Q(status__in=[Status.RESULT_READY, Status.RETURNED]),
                name="dossier_outcome_only_when_decided",
            ),
            models.CheckConstraint(
                condition=Q(new_due_at__isnull=True) | Q(apologised_at__isnull=False),
                name="dossier_new_due_needs_apology",
            ),
            # Finished no earlier than received (the indicators' monthly tallies rely on it).
            models.CheckConstraint(
                condition=Q(finished_at__isnull=True)
                | Q(received_at__isnull=True)
                | Q(finished_at__gte=F("received_at")),
                name="dossier_finished_after_received",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def effective_due_at(self):
        return self.new_due_at or self.due_at


class DossierTally(models.Model):
    """Counts of the *finished* dossiers of one procedure version by month, kept by database triggers.

    A finished dossier's class (on time, online, paid online…) no longer changes, so the indicators
    add these rows up instead of reading a year of dossiers; only open and recently finished dossiers
    are read live (decision 0010, ``cchc/dossiers/tallies.py``). Months are local calendar months
    (``TIME_ZONE``); ``1900-01-01`` stands for "no date" (e.g. no appointment). Every count is
    "dossiers with this property"; the ``pop_*`` counts are of the on-time population (received,
    with an appointment, not refused at intake).

    Written only by the triggers and by ``tallies.rebuild()``; never edit rows by hand.
    """

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    procedure_version = models.ForeignKey(
        "procedures.ProcedureVersion", on_delete=models.CASCADE, related_name="+"
    )
    received_month = models.DateField()
    due_month = models.DateField()
    finished_month = models.DateField()
    n = models.IntegerField(default=0)
    pop = models.IntegerField(default=0)
    pop_on_time = models.IntegerField(default=0)  # finished by the original appointment, ≤ 1 supplement
    pop_late_no_apology = models.IntegerField(default=0)
    pop_supp_ok = models.IntegerField(default=0)  # supplemented at most once
    pop_no_apology = models.IntegerField(default=0)
    pop_supp_ok_no_apology = models.IntegerField(default=0)
    online = models.IntegerField(default=0)
    online_e = models.IntegerField(default=0)  # online, with an electronic result
    paper = models.IntegerField(default=0)  # at the counter or by post
    paper_no_reason = models.IntegerField(default=0)
    fee = models.IntegerField(default=0)
    paid = models.IntegerField(default=0)  # with a fee, paid online
    digitised = models.IntegerField(default=0)
    reused = models.IntegerField(default=0)
    vneid = models.IntegerField(default=0)
    approved = models.IntegerField(default=0)
    approved_e = models.IntegerField(default=0)  # approved, with an electronic result

    class Meta:
        verbose_name = _("số liệu tổng hợp hồ sơ đã xong theo tháng")
        verbose_name_plural = _("số liệu tổng hợp hồ sơ đã xong theo tháng")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "procedure_version", "received_month", "due_month", "finished_month"],
                name="dossiertally_unique_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.procedure_version_id} {self.finished_month:%m/%Y}: {self.n}"


class DossierDocument(StoredUpload):
    """A file of a dossier: a required document (scanned at the counter or uploaded online) or a result.

    Stored under MEDIA_ROOT, never at a public URL; served only by views that check permission.
    Type, size and sha256 come from ``cchc.common.uploads.inspect_upload`` (content, not name).
    """

    class Kind(models.TextChoices):
        COMPONENT = "component", _("Thành phần hồ sơ")
        RESULT = "result", _("Kết quả giải quyết")
        RECEIPT = "receipt", _("Biên lai điện tử")

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="documents")
    required_document = models.ForeignKey(
        "procedures.RequiredDocument", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.COMPONENT)
    # 0: the dossier as first submitted or received; n: the n-th supplement (intake or processing).
    # A later round's file for the same required document supersedes the earlier one, which is kept.
    round = models.PositiveSmallIntegerField(_("lần nộp"), default=0)
    # A result's name as the applicant reads it ("Quyết định hưởng trợ cấp thất nghiệp"); the file is
    # delivered as "<title> — <dossier code>.<ext>". Blank for the applicant's documents.
    title = models.CharField(_("tên văn bản"), max_length=255, blank=True)
    file = models.FileField(upload_to="dossiers/%Y/%m/", max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["dossier", "kind", "round", "id"]
        indexes = [models.Index(fields=["dossier", "kind"], name="dossierdocument_dossier")]

    @property
    def download_name(self) -> str:
        """The file name the downloader gets: a result's title and the dossier code, else the
        name the file was uploaded with."""
        if self.title:
            extension = self.safe_name.rsplit(".", 1)[-1]
            return f"{self.title} — {self.dossier.code}.{extension}"
        return self.original_name


class DossierEvent(AppendOnlyEvent):
    """One action on a dossier. Appended in the same transaction as the change; never edited."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="events")
    seq = models.PositiveIntegerField()
    actor_label = models.CharField(max_length=255, blank=True, help_text=_("Người nộp, hệ thống…"))
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    to_status = models.CharField(max_length=24)
    public = models.BooleanField(default=True, help_text=_("Hiện trên trang tra cứu của công dân."))

    numbered_by = "dossier"

    class Meta:
        ordering = ["dossier", "seq"]
        constraints = [models.UniqueConstraint(fields=["dossier", "seq"], name="dossierevent_unique_seq")]

    def __str__(self) -> str:
        return f"{self.dossier_id}#{self.seq} {self.action}"


class PersonalDataRead(AppendOnlyEvent):
    """One read of a dossier's personal data by a staff member: who (``actor``, their ``unit`` then),
    when (``at``), which dossier, what (``action``: the page, a document, a slip, the register…;
    ``data`` names the file or slip) and why (``note``: the reason of a break-glass read).

    Written only by ``services.record_personal_data_read`` (one INSERT); never edited (a trigger
    refuses UPDATE and DELETE on PostgreSQL). The applicant reads these rows on the tracking page
    (the data subject's right to know who processed their data); the Office reads them per dossier
    and per officer. Kept as long as the dossier (decision 0018).
    """

    class What(models.TextChoices):
        PAGE = "page", _("Xem trang hồ sơ")
        DOCUMENT = "document", _("Tải tài liệu, kết quả")
        SLIP = "slip", _("In phiếu")
        REGISTER = "register", _("Xuất sổ theo dõi hồ sơ")
        BREAK_GLASS = "break_glass", _("Mở xem thông tin cá nhân (có lý do)")

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="personal_data_reads")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=16, choices=What.choices)

    class Meta:
        verbose_name = _("lượt xem dữ liệu cá nhân")
        verbose_name_plural = _("nhật ký xem dữ liệu cá nhân")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["dossier", "at"], name="personaldataread_dossier"),
            models.Index(fields=["actor", "at"], name="personaldataread_actor"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.action} {self.at:%Y-%m-%d %H:%M}"


class Handover(models.Model):
    """A row of the control slip (Mẫu 05/06): from, to, when, who, and the step's class."""

    class Result(models.TextChoices):
        EARLY = "early", _("Trước hạn")
        ON_TIME = "on_time", _("Đúng hạn")
        LATE = "late", _("Quá hạn")

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="handovers")
    seq = models.PositiveIntegerField()
    step = models.ForeignKey(ProcessStep, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    from_unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    from_agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    to_unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    to_agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    handed_at = models.DateTimeField()
    handed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The step the receiving side now works on, its budget and when that budget runs out.
    step_due_at = models.DateTimeField(null=True, blank=True)
    # Filled when the receiving side hands the dossier on: how it did against the step's budget.
    done_at = models.DateTimeField(null=True, blank=True)
    result = models.CharField(max_length=8, choices=Result.choices, blank=True)

    class Meta:
        ordering = ["dossier", "seq"]
        constraints = [models.UniqueConstraint(fields=["dossier", "seq"], name="handover_unique_seq")]

    def __str__(self) -> str:
        return f"{self.dossier_id}#{self.seq}"


class PaperTransfer(models.Model):
    """The paper originals moving between the place of receipt (or return) and the competent agency:
    handed by one side, confirmed by the other, against the place's transfer budget
    (``Agency.transfer_hours``). The electronic dossier does not wait for them (decision 0021);
    a transfer received late is a late row of its own on the control slip."""

    class Direction(models.TextChoices):
        TO_AGENCY = "to_agency", _("Nơi tiếp nhận chuyển cơ quan giải quyết")
        TO_RETURN = "to_return", _("Cơ quan giải quyết chuyển nơi trả kết quả")

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="paper_transfers")
    direction = models.CharField(_("chiều"), max_length=10, choices=Direction.choices)
    from_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    to_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    what = models.CharField(_("giấy tờ chuyển"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("chuyển lúc"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due_at = models.DateTimeField(_("hạn nhận"))
    received_at = models.DateTimeField(_("nhận lúc"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    result = models.CharField(max_length=8, choices=Handover.Result.choices, blank=True)

    class Meta:
        verbose_name = _("luân chuyển hồ sơ giấy")
        verbose_name_plural = _("luân chuyển hồ sơ giấy")
        ordering = ["dossier", "sent_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "direction"], name="papertransfer_one_per_direction"),
            models.CheckConstraint(
                condition=Q(received_at__isnull=True) | Q(received_at__gte=F("sent_at")),
                name="papertransfer_received_after_sent",
            ),
        ]
        indexes = [models.Index(fields=["to_agency", "received_at"], name="papertransfer_inbox")]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.direction}"


class SubmissionDraft(models.Model):
    """An online submission being filled in: what the applicant entered and the files already accepted.

    Every online form is backed by a draft from its first post, so a validation error never drops
    the files that were fine. A draft the applicant did not save on purpose expires after a day;
    a saved one after ``CCHC_DRAFT_MAX_AGE`` (it can be resumed from the same browser or by the
    link sent to the applicant). The key is a secret of the applicant's browser and link, stored
    hashed. ``dossier`` is set once, when the draft is submitted: a second submit of the same
    draft finds it and creates nothing (``cchc.dossiers.drafts``).
    """

    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    procedure_version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="+")
    data = models.JSONField(_("thông tin đã khai"), default=dict, blank=True)
    language = models.CharField(max_length=8, default="vi")
    saved = models.BooleanField(_("người nộp đã lưu"), default=False)
    declared_at = models.DateTimeField(_("cam đoan lúc"), null=True, blank=True)
    dossier = models.OneToOneField(
        Dossier, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("hồ sơ trực tuyến đang khai")
        verbose_name_plural = _("hồ sơ trực tuyến đang khai")

    def __str__(self) -> str:
        return f"{self.procedure_version_id} {self.created_at:%Y-%m-%d %H:%M}"


class DraftFile(StoredUpload):
    """A file accepted into a draft (checked like every upload); it becomes a dossier document on
    submission (the stored file is handed over, not copied) or is deleted with the draft."""

    draft = models.ForeignKey(SubmissionDraft, on_delete=models.CASCADE, related_name="files")
    required_document = models.ForeignKey(
        "procedures.RequiredDocument", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    file = models.FileField(upload_to="drafts/%Y/%m/", max_length=255)

    class Meta:
        ordering = ["draft", "id"]
