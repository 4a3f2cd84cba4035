"""Read-side queries: the public lists, the feed, lateness and the Office's transparency checklist.

Lateness is computed in the database from the stored ``late_days`` (working days from issue to
publication, computed at publication time) and the limit of each kind, as one ``Case/When``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cchc.common import formats
from cchc.common.text import has_text_q, terms
from cchc.disclosure.models import Commune, Kind, Publication, Status
from cchc.org.models import Staff
from cchc.procedures import selectors as procedure_selectors
from cchc.procedures.models import FormTemplate, ProcedureVersion

MAX_QUERY_LENGTH = 200


def late_limit(kind: str) -> int:
    """Working days allowed from issue to publication for ``kind`` (settings, per kind overridable)."""
    default = int(getattr(settings, "CCHC_DISCLOSURE_LATE_WORKING_DAYS", 2))
    by_kind = getattr(settings, "CCHC_DISCLOSURE_LATE_WORKING_DAYS_BY_KIND", {}) or {}
    return int(by_kind.get(str(kind), default))


def late_condition() -> Q:
    """Q true for a publication published later than its kind's limit."""
    cond = Q()
    for kind in Kind.values:
        cond |= Q(kind=kind, late_days__gt=late_limit(kind))
    return Q(late_days__isnull=False) & cond


def with_lateness(qs: QuerySet[Publication]) -> QuerySet[Publication]:
    return qs.annotate(
        is_late=Case(
            When(late_condition(), then=Value(True)), default=Value(False), output_field=BooleanField()
        )
    )


def public_publications() -> QuerySet[Publication]:
    """Published items, newest first (drafts and withdrawn items are never public)."""
    return (
        with_lateness(Publication.objects.filter(status=Status.PUBLISHED).select_related("commune", "unit"))
        .defer("search_text")
        .order_by("-published_on", "-published_at", "-pk")
    )


@dataclass(frozen=True)
class ListFilter:
    q: str = ""
    year: int | None = None
    commune: str = ""  # Commune.code


def search(kind: str, filters: ListFilter) -> QuerySet[Publication]:
    """Published items of ``kind``; every folded word of ``q`` must occur in ``search_text``."""
    qs = public_publications().filter(kind=kind)
    for word in terms(filters.q[:MAX_QUERY_LENGTH]):
        qs = qs.filter(search_text__contains=word)
    if filters.year:
        qs = qs.filter(Q(year=filters.year) | Q(year__isnull=True, issued_on__year=filters.year))
    if filters.commune:
        qs = qs.filter(commune__code=filters.commune)
    return qs


def years(kind: str) -> list[int]:
    """The years a citizen may filter a kind's list by (issue years and stated years)."""
    qs = Publication.objects.filter(status=Status.PUBLISHED, kind=kind).order_by()
    stated = set(qs.exclude(year__isnull=True).values_list("year", flat=True).distinct())
    issued = {d.year for d in qs.filter(year__isnull=True).dates("issued_on", "year")}
    return sorted(stated | issued, reverse=True)


def sections(latest: int = 3) -> list[dict]:
    """Per kind: the count of published items and the ``latest`` newest ones.

    One grouped count, then one short query per kind, each a backward scan of the index
    (status, kind, published_on, published_at) that stops after ``latest`` rows; a window function
    over all rows would sort every publication.
    """
    counts = dict(
        Publication.objects.filter(status=Status.PUBLISHED)
        .values_list("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    base = public_publications()
    return [
        {
            "kind": kind,
            "label": label,
            "count": counts.get(kind, 0),
            "items": list(base.filter(kind=kind)[:latest]) if counts.get(kind) else [],
        }
        for kind, label in Kind.choices
    ]


def feed_items(limit: int = 30) -> QuerySet[Publication]:
    return public_publications()[:limit]


def staff_list(*, status: str = "", kind: str = "") -> QuerySet[Publication]:
    qs = with_lateness(Publication.objects.select_related("unit", "commune", "created_by"))
    if status in Status.values:
        qs = qs.filter(status=status)
    if kind in Kind.values:
        qs = qs.filter(kind=kind)
    return qs.order_by(
        Case(When(status=Status.DRAFT, then=Value(0)), default=Value(1)),
        "-published_on",
        "-created_at",
        "-pk",
    )


# --- transparency checklist (P-B3–P-B9, P-B21) ------------------------------------------------------


@dataclass
class CheckItem:
    code: str
    title: str
    ok: bool
    published: list[str] = field(default_factory=list)  # what is there (short lines)
    missing: list[str] = field(default_factory=list)
    late: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)  # (label, url)


def _pub_stats(kind: str, since: dt.date | None = None) -> dict:
    qs = Publication.objects.filter(kind=kind, status=Status.PUBLISHED)
    if since:
        qs = qs.filter(published_on__gte=since)
    return qs.aggregate(
        total=Count("pk"),
        late=Count("pk", filter=late_condition()),
        latest=Max("published_on"),
    )


def _late_titles(kind: str, limit: int = 10) -> list[str]:
    rows = with_lateness(
        Publication.objects.filter(kind=kind, status__in=[Status.PUBLISHED, Status.WITHDRAWN])
    )
    rows = rows.filter(is_late=True).order_by("-published_on")[:limit]
    return [
        _("%(title)s — ban hành %(iss)s, công khai %(pub)s: sau %(days)s ngày làm việc (giới hạn %(limit)s)")
        % {
            "title": f"{p.number} {p.title}".strip(),
            "iss": formats.format_date(p.issued_on),
            "pub": formats.format_date(p.published_on),
            "limit": late_limit(kind),
            "days": p.late_days,
        }
        for p in rows
    ]


def _drafts(kind: str) -> int:
    return Publication.objects.filter(kind=kind, status=Status.DRAFT).count()


# One function per item of the checklist, each taking the day it is checked on; ``checklist`` runs
# them in the plan's order.


def _forms_item(day: dt.date) -> CheckItem:
    """P-B3: every form of every procedure in force has its file and its filling guidance."""
    forms = FormTemplate.objects.filter(document__version__in=ProcedureVersion.objects.published(day))
    form_ok = FormTemplate.templated_q()
    f = forms.aggregate(total=Count("pk"), ok=Count("pk", filter=form_ok))
    lacking = forms.exclude(form_ok).select_related("document__version__procedure").order_by("code")[:20]
    return CheckItem(
        "P-B3",
        str(_("Biểu mẫu có hướng dẫn kê khai")),
        ok=f["total"] > 0 and f["ok"] == f["total"],
        published=[_("%(ok)s/%(total)s mẫu đơn, tờ khai có tệp mẫu và hướng dẫn kê khai") % f],
        missing=[
            _("%(form)s (thủ tục %(code)s): thiếu %(what)s")
            % {
                "form": str(form),
                "code": form.document.version.procedure.code,
                "what": _("tệp mẫu") if not form.file else _("hướng dẫn kê khai"),
            }
            for form in lacking
        ]
        + ([] if f["total"] else [str(_("Chưa có mẫu đơn, tờ khai nào."))]),
    )


def _procedures_item(day: dt.date) -> CheckItem:
    """P-B4: the three public lists of procedures (portal pages) and the process of each procedure."""
    versions = ProcedureVersion.objects.published(day).annotate(
        has_process=procedure_selectors.has_common_process()
    )
    v = versions.aggregate(
        total=Count("pk"),
        with_process=Count("pk", filter=Q(has_process=True) | has_text_q("steps")),
        online=Count("pk", filter=~Q(online_level=ProcedureVersion.OnlineLevel.NONE)),
        postal=Count("pk", filter=Q(postal_submission=True) | Q(postal_return=True)),
    )
    no_process = (
        versions.filter(~has_text_q("steps"), has_process=False)
        .select_related("procedure")
        .order_by("procedure__code")[:20]
    )
    return CheckItem(
        "P-B4",
        str(_("Danh sách TTHC, TTHC trực tuyến, TTHC qua bưu chính công ích")),
        ok=v["total"] > 0 and v["with_process"] == v["total"],
        published=[
            _("%(total)s thủ tục đang công bố, %(with_process)s có trình tự, quy trình") % v,
            _("%(online)s thủ tục trực tuyến; %(postal)s thủ tục qua bưu chính công ích") % v,
        ],
        missing=[
            _("%(code)s %(name)s: chưa có trình tự, quy trình") % {"code": x.procedure.code, "name": x.name}
            for x in no_process
        ]
        + ([] if v["total"] else [str(_("Chưa công bố thủ tục nào."))]),
        links=[
            (str(_("Danh sách TTHC")), reverse("portal:public_list", args=["tat-ca"])),
            (str(_("TTHC trực tuyến")), reverse("portal:public_list", args=["truc-tuyen"])),
            (str(_("TTHC qua BCCI")), reverse("portal:public_list", args=["buu-chinh"])),
        ],
    )


def _contacts_item(day: dt.date) -> CheckItem:
    """P-B5: public contacts (name, position, phone)."""
    contacts = Staff.objects.filter(is_public_contact=True, user__is_active=True)
    c = contacts.aggregate(total=Count("pk"), no_phone=Count("pk", filter=Q(phone="")))
    return CheckItem(
        "P-B5",
        str(_("Cán bộ tiếp nhận, hướng dẫn, trả lời phản ánh")),
        ok=c["total"] > 0 and c["no_phone"] == 0,
        published=[_("%(total)s cán bộ trên danh sách liên hệ công khai") % c],
        missing=[
            _("%(name)s: chưa có số điện thoại") % {"name": str(s)}
            for s in contacts.filter(phone="").select_related("user")[:20]
        ]
        + ([] if c["total"] else [str(_("Chưa có cán bộ nào trên danh sách liên hệ công khai."))]),
        links=[(str(_("Trang liên hệ")), reverse("portal:contacts"))],
    )


def _publication_item(code: str, title: str, kind: str, *, missing_if_none: str, since=None) -> CheckItem:
    """An item met by publications of one kind: some published (since ``since``), none of them late."""
    s = _pub_stats(kind, since)
    drafts = _drafts(kind)
    published = [
        _("%(total)s mục đang công khai%(since)s; mới nhất ngày %(latest)s")
        % {
            "total": s["total"],
            "since": (_(" từ %(d)s") % {"d": formats.format_date(since)}) if since else "",
            "latest": formats.format_date(s["latest"]) if s["latest"] else "—",
        }
    ]
    if drafts:
        published.append(_("%(n)s dự thảo chờ công khai") % {"n": drafts})
    missing = [] if s["total"] else [missing_if_none]
    return CheckItem(
        code,
        title,
        ok=bool(s["total"]) and not s["late"],
        published=published,
        missing=missing,
        late=_late_titles(kind),
    )


def _surveys_item(day: dt.date) -> CheckItem:
    """P-B6: results of the satisfaction survey, published this year."""
    return _publication_item(
        "P-B6",
        str(_("Kết quả khảo sát sự hài lòng")),
        Kind.SURVEY,
        missing_if_none=str(_("Chưa công khai kết quả khảo sát nào trong năm.")),
        since=dt.date(day.year, 1, 1),
    )


def _legal_item(day: dt.date) -> CheckItem:
    """P-B7: legal documents and policies."""
    return _publication_item(
        "P-B7",
        str(_("Văn bản quy phạm pháp luật, chính sách")),
        Kind.LEGAL,
        missing_if_none=str(_("Chưa công khai văn bản nào.")),
    )


def _recruitment_item(day: dt.date) -> CheckItem:
    """P-B8: recruitment plans and criteria, with the rounds still open on ``day``."""
    item = _publication_item(
        "P-B8",
        str(_("Kế hoạch, tiêu chuẩn tuyển dụng")),
        Kind.RECRUITMENT,
        missing_if_none=str(_("Chưa công khai kế hoạch tuyển dụng nào.")),
    )
    open_now = Publication.objects.filter(
        kind=Kind.RECRUITMENT, status=Status.PUBLISHED, round_ends_on__gte=day
    ).count()
    item.published.append(_("%(n)s đợt tuyển dụng đang mở") % {"n": open_now})
    return item


def _work_plans_item(day: dt.date) -> CheckItem:
    """P-B9: the work plan of the year and the results report of this year or the last."""
    year = day.year
    plans = Publication.objects.filter(
        status=Status.PUBLISHED, kind__in=[Kind.PLAN, Kind.PLAN_REPORT]
    ).aggregate(
        plan=Count("pk", filter=Q(kind=Kind.PLAN, year=year)),
        report=Count("pk", filter=Q(kind=Kind.PLAN_REPORT, year__in=[year, year - 1])),
        late=Count("pk", filter=Q(kind__in=[Kind.PLAN, Kind.PLAN_REPORT]) & late_condition()),
    )
    plan_missing = []
    if not plans["plan"]:
        plan_missing.append(_("Chưa công khai kế hoạch công tác năm %(y)s.") % {"y": year})
    if not plans["report"]:
        plan_missing.append(
            _("Chưa công khai kết quả thực hiện kế hoạch năm %(y)s hoặc %(p)s.") % {"y": year, "p": year - 1}
        )
    return CheckItem(
        "P-B9",
        str(_("Chương trình, kế hoạch công tác và kết quả thực hiện")),
        ok=not plan_missing and not plans["late"],
        published=[
            _("%(n)s kế hoạch năm %(y)s; %(r)s báo cáo kết quả năm %(y)s hoặc %(p)s")
            % {"n": plans["plan"], "r": plans["report"], "y": year, "p": year - 1}
        ],
        missing=plan_missing,
        late=_late_titles(Kind.PLAN) + _late_titles(Kind.PLAN_REPORT),
    )


def _poor_households_item(day: dt.date) -> CheckItem:
    """P-B21: each commune valid on ``day`` has its poor-household review of the year published."""
    year = day.year
    reviewed = Publication.objects.filter(
        kind=Kind.POOR_HOUSEHOLD, status=Status.PUBLISHED, year=year, commune=OuterRef("pk")
    )
    communes = Commune.objects.valid_on(day).annotate(reviewed=Exists(reviewed))
    cm = communes.aggregate(total=Count("pk"), done=Count("pk", filter=Q(reviewed=True)))
    return CheckItem(
        "P-B21",
        str(_("Kết quả rà soát hộ nghèo, hộ cận nghèo theo xã, phường")),
        ok=cm["total"] > 0 and cm["done"] == cm["total"],
        published=[
            _("%(done)s/%(total)s xã, phường đã công khai kết quả rà soát năm %(y)s") % {**cm, "y": year}
        ],
        missing=[
            _("%(name)s: chưa công khai kết quả rà soát năm %(y)s") % {"name": c.name, "y": year}
            for c in communes.filter(reviewed=False)
        ]
        + ([] if cm["total"] else [str(_("Chưa có danh sách xã, phường."))]),
        late=_late_titles(Kind.POOR_HOUSEHOLD),
    )


CHECKLIST_ITEMS = (
    _forms_item,
    _procedures_item,
    _contacts_item,
    _surveys_item,
    _legal_item,
    _recruitment_item,
    _work_plans_item,
    _poor_households_item,
)


def checklist(day: dt.date | None = None) -> list[CheckItem]:
    """What is published, missing and late for each task of plan section B.II and P-B21."""
    day = day or timezone.localdate()
    return [item(day) for item in CHECKLIST_ITEMS]
