"""What a report says, independent of its file format: sections of paragraphs and tables of typed cells.

``docx.py`` renders a :class:`Report` as an editable Word document (ND 30/2020 layout) and ``xlsx.py``
as a workbook with one sheet per table (numbers as numbers, percentages formatted). Both read the
same cells, so the document and the workbook cannot disagree.

Cell kinds: ``text``; ``int`` (a count); ``pct`` (a percentage 0–100); ``points`` (766 points);
``dec`` (a decimal such as working days); ``date``. ``None`` is "no data" and is never shown as 0.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from cchc.common.formats import format_date, format_number, format_percent

TEXT, INT, PCT, POINTS, DEC, DATE = "text", "int", "pct", "points", "dec", "date"
NO_DATA = "Chưa có dữ liệu"


@dataclass
class Cell:
    value: object
    kind: str = TEXT
    empty: str = NO_DATA  # what None reads as ("N/A" for a 766 rate with a zero denominator)

    @property
    def text(self) -> str:
        return display(self.value, self.kind, self.empty)


@dataclass
class Table:
    key: str
    title: str
    sheet: str  # Excel sheet name (≤ 31 characters)
    columns: list[str]
    widths: list[float]  # millimetres in the Word table; Excel widths derive from them
    rows: list[list[Cell]] = field(default_factory=list)
    bold_rows: set[int] = field(default_factory=set)  # group and total rows
    note: str = ""
    empty_text: str = ""  # a sentence instead of an empty table


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    after: list[str] = field(default_factory=list)  # paragraphs after the tables
    level: int = 1


@dataclass
class Report:
    kind: str  # "report" (Báo cáo) or "letter" (Công văn)
    parent: str  # governing body, plain capitals
    issuer: str  # issuing body, bold capitals
    number: str  # "Số: …/BC-SLĐTBXH"
    date_line: str  # "Bình Thuận, ngày … tháng … năm …"
    title: str  # "BÁO CÁO" / "" for a letter
    subtitle: str  # the report's subject, or the letter's "V/v …"
    addressee: str  # "Kính gửi: Sở Nội vụ" (letters)
    intro: list[str]
    sections: list[Section]
    closing: list[str]
    recipients: list[str]
    signer_title: list[str]
    signer_name: str
    file_stem: str
    appendix: list[Table] = field(default_factory=list)  # workbook sheets not printed in the document

    def tables(self) -> list[Table]:
        return [t for s in self.sections for t in s.tables] + self.appendix


def to_decimal(value) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return value
    return Decimal(str(value))


def two(value) -> Decimal | None:
    """Two decimals, half up (a rate computed as float by the database)."""
    value = to_decimal(value)
    return None if value is None else value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def display(value, kind: str = TEXT, empty: str = NO_DATA) -> str:
    """A cell as the Word document and the screens print it, in Vietnamese: "1.234", "97,10 %"."""
    if value is None:
        return empty
    if kind == INT:
        return format_number(int(value))
    if kind == PCT:
        return format_percent(value, 2)  # no break between the number and "%"
    if kind in (POINTS, DEC):
        return format_number(value, 2)
    if kind == DATE:
        return format_date(value, lang="vi") if isinstance(value, (dt.date, dt.datetime)) else str(value)
    return str(value)


def value_kind(unit: str) -> str:
    """The cell kind of an ``engine.Value`` by its unit."""
    return {"%": PCT, "count": INT, "points": POINTS}.get(unit, DEC)


STATUS_TEXT = {
    "good": "Đạt",
    "warn": "Cần cố gắng",
    "bad": "Chưa đạt",
    "nodata": NO_DATA,
    "nogoal": "Chưa đặt mục tiêu",
}

COMPARATOR_TEXT = {
    ">=": "≥",
    ">": ">",
    "<=": "≤",
    "=": "=",
    "higher_than_previous": "cao hơn năm trước",
    "": "",
}


def goal_text(value) -> str:
    """ "≥ 98,00 %", "cao hơn năm trước", "" (no goal)."""
    comparator = COMPARATOR_TEXT.get(value.comparator, value.comparator)
    if value.goal is None:
        return comparator
    goal = display(value.goal, value_kind(value.unit))
    return f"{comparator} {goal}".strip()


def status_text(status: str) -> str:
    return STATUS_TEXT.get(status, status)
