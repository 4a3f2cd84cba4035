"""The province's view: every agency in force ranked for a period (the monthly ranking a province
publishes), departments apart from communes, and the QĐ 766 score of the province as a whole.

The dossier figures of all agencies come from **one** ``grouped_counts(by_agency=True)``: rows per
(competent agency, procedure version), tallies plus live dossiers. Each ranked agency sums the rows its
lineage covers (``Lineage.covers``, the Python twin of the SQL condition the agency's own dashboard
uses), so a row of Sở LĐTBXH in a field transferred to Sở Y tế lands in Sở Y tế's figure. The rest of
QĐ 766 (catalog, feedback) and SIPAS are read per agency: small queries on small tables.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from cchc.common.periods import Period
from cchc.indicators.counts import _complete, grouped_counts, received_totals, version_attributes
from cchc.indicators.qd766 import _Ctx, index_766, rules_766
from cchc.indicators.scope import lineage
from cchc.indicators.targets import sipas
from cchc.indicators.values import Index766, pct
from cchc.org.models import Agency
from cchc.org.selectors import agencies_on
from cchc.procedures.models import ProcedureVersion

GROUPS = (
    ("so-nganh", "Sở, ban, ngành", Agency.Kind.DEPARTMENT),
    ("xa-phuong", "UBND xã, phường, đặc khu", Agency.Kind.COMMUNE),
)


@dataclass
class AgencyRow:
    agency: Agency
    received: int
    on_time_n: int
    on_time: int
    on_time_rate: Decimal | None
    index766: Decimal | None
    online_rate: Decimal | None
    digitised_rate: Decimal | None
    satisfaction: Decimal | None
    rank: int = 0

    @property
    def late(self) -> int:
        return self.on_time_n - self.on_time


def ranked(rows: list, key) -> list:
    """``rows`` best first by ``key`` (None last), with competition ranks: equal values share a rank
    and the next rank skips (1, 2, 2, 4)."""
    rows = sorted(rows, key=lambda r: (key(r) is None, -(key(r) or 0), r.agency.name))
    rank, last = 0, object()
    for i, r in enumerate(rows, start=1):
        value = key(r)
        if value != last:
            rank, last = i, value
        r.rank = rank if value is not None else 0
    return rows


def agency_ranking(period: Period, *, now: dt.datetime | None = None) -> dict[str, list[AgencyRow]]:
    """Group slug → the agencies of that group in force at the period's end, ranked by their QĐ 766
    score (ties share a rank; agencies without data last, unranked)."""
    grouped = grouped_counts(on_time={"": period}, received=period, now=now, by_agency=True)
    fields = dict(ProcedureVersion.objects.values_list("pk", "field_id"))
    kinds = [kind for _slug, _label, kind in GROUPS]
    agencies = list(agencies_on(period.end).filter(kind__in=kinds).order_by("name"))
    attrs, rules = version_attributes(), rules_766(period.end)  # read once for every agency
    out: dict[str, list[AgencyRow]] = {slug: [] for slug, _l, _k in GROUPS}
    slug_of = {kind: slug for slug, _l, kind in GROUPS}
    for agency in agencies:
        line = lineage(agency)
        mine = [r for r in grouped if line.covers(r["ag"], fields.get(r["pv"]))]
        totals = _complete({k: sum(r[k] for r in mine) for k in ("n", "on_time", "late_no_apology")})
        received = received_totals(mine, attrs)
        ctx = _Ctx(period, None, now, agency=agency)
        ctx.cache["on_time"], ctx.cache["received"] = totals, received
        index = index_766(period, agency=agency, now=now, _ctx=ctx, _rules=rules)
        survey = sipas(period, agency=agency)
        out[slug_of[agency.kind]].append(
            AgencyRow(
                agency=agency,
                received=received["n"],
                on_time_n=totals["n"],
                on_time=totals["on_time"],
                on_time_rate=pct(totals["on_time"], totals["n"]),
                index766=index.total,
                online_rate=pct(received["online_ok"], received["n"]),
                digitised_rate=pct(received["digitised"], received["n"]),
                satisfaction=survey[-1].value if survey else None,
            )
        )
    return {slug: ranked(rows, lambda r: r.index766) for slug, rows in out.items()}


def province_index(period: Period, *, now: dt.datetime | None = None) -> Index766:
    """QĐ 766 of the province as a whole: every dossier, version and feedback of every agency."""
    return index_766(period, now=now)


def ranking_workbook(period: Period, groups: dict[str, list[AgencyRow]]) -> bytes:
    """The ranking as an Excel workbook (one sheet per group), as provinces publish it; saved through
    ``workbook_bytes`` (no text cell becomes a formula)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from cchc.common.spreadsheets import workbook_bytes

    def num(value):
        return float(value) if value is not None else None

    book = Workbook()
    book.remove(book.active)
    headers = [
        "Hạng",
        "Cơ quan",
        "Hồ sơ tiếp nhận",
        "Tỷ lệ đúng hạn (%)",
        "Điểm Bộ chỉ số 766",
        "Tỷ lệ trực tuyến (%)",
        "Tỷ lệ số hóa (%)",
        "Mức độ hài lòng (%)",
    ]
    for slug, label, _kind in GROUPS:
        sheet = book.create_sheet(label[:31])
        sheet.append([f"Xếp hạng {label} — {period.label}"])
        sheet["A1"].font = Font(bold=True)
        sheet.append(headers)
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for r in groups.get(slug, []):
            sheet.append(
                [
                    r.rank or None,
                    r.agency.name,
                    r.received,
                    num(r.on_time_rate),
                    num(r.index766),
                    num(r.online_rate),
                    num(r.digitised_rate),
                    num(r.satisfaction),
                ]
            )
        sheet.column_dimensions["B"].width = 48
    return workbook_bytes(book)


def place_figures(place: Agency, period: Period, *, now: dt.datetime | None = None) -> dict:
    """A service place's own counts for ``period``: dossiers received there, results returned there
    (per competent agency), and the paper originals it sent or should have received late (not confirmed
    by their due time, or confirmed after it)."""
    from django.db.models import Count, F, Q

    from cchc.dossiers.models import Dossier, PaperTransfer

    start, cut = period.bounds(now)
    received = Q(receipt_place=place, received_at__gte=start, received_at__lt=cut)
    returned = Q(return_place=place, returned_at__gte=start, returned_at__lt=cut)
    per_agency = list(
        Dossier.objects.filter(received | returned)
        .values("agency__name")
        .annotate(
            received=Count("pk", filter=received),
            returned=Count("pk", filter=returned),
        )
        .order_by("agency__name")
    )
    late = Q(received_at__gt=F("due_at")) | Q(received_at__isnull=True, due_at__lt=cut)
    transfers = PaperTransfer.objects.filter(
        Q(from_agency=place) | Q(to_agency=place), sent_at__gte=start, sent_at__lt=cut
    ).aggregate(n=Count("pk"), late=Count("pk", filter=late))
    return {
        "received": sum(r["received"] for r in per_agency),
        "returned": sum(r["returned"] for r in per_agency),
        "per_agency": per_agency,
        "transfers": transfers["n"],
        "transfers_late": transfers["late"],
    }
