"""Every total on every staff table equals the sum of its rows, on the demo data.

The pages mark their totals for this check (and for nothing else):

- ``<table data-totals>``: a table whose totals are checked;
- ``<tr data-total-row>``: a row of column totals; each of its cells marked ``data-sum`` equals the sum
  of the same column over the rows it totals — the other rows of its ``<tbody>``, or, in the
  ``<tfoot>``, the group total rows of the body when it has some, else every body row;
- a cell marked ``data-row-total`` equals the sum of the cells marked ``data-part`` in its row.

"—", "N/A" and empty cells hold no number; a total over parts that all hold none holds none.
"""

from __future__ import annotations

import io
import random
import re
from decimal import Decimal

import lxml.html
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from cchc.demo import province_data
from cchc.demo.dossiers import applicant_for
from cchc.dossiers import services
from cchc.dossiers.models import OPEN_STATUSES, Dossier, Status
from cchc.org import roles
from cchc.org.models import Agency, Unit
from cchc.procedures import selectors as procedure_selectors
from cchc.procedures.models import ProcedureVersion, ProcessStep

pytestmark = pytest.mark.django_db

DEMO_DOSSIERS = 40
NO_NUMBER = {"", "—", "-", "N/A", "Chưa có dữ liệu"}


# --- the demo, with a dossier in every state the director's overview must place -------------------


def _user(unit: Unit, role: str):
    return get_user_model().objects.filter(staff__unit=unit, groups__name=role, is_active=True).first()


def _advance(dossier: Dossier, until: set[str]) -> Dossier:
    """Walk ``dossier`` along its process through the services until its status is in ``until``."""
    for _guard in range(20):
        if dossier.status in until:
            return dossier
        steps = list(procedure_selectors.process_steps(dossier.procedure_version_id, dossier.agency_id))
        step = dossier.current_step
        if dossier.status == Status.INTER_AGENCY:
            sender = dossier.handovers.order_by("-seq").first().from_unit
            dossier = services.take_back(
                actor=_user(sender, roles.UNIT_HEAD), dossier=dossier, revision=dossier.revision
            )
            continue
        unit = dossier.holder_unit
        role = services.STEP_ROLE.get(step.role) or (
            roles.COUNTER_OFFICER if unit.kind == Unit.Kind.COUNTER else roles.SPECIALIST
        )
        actor = _user(unit, role)
        following = [s for s in steps if s.order > step.order]
        operation = (
            services.approve
            if not following or following[0].role == ProcessStep.Role.RETURN
            else services.hand_over
        )
        dossier = operation(actor=actor, dossier=dossier, revision=dossier.revision)
    raise AssertionError(f"{dossier.code} did not reach {until}")


def _open_dossiers() -> None:
    """The demo walks its dossiers to today, so few stay open; add one in every state that is."""
    rng = random.Random(11)
    today = timezone.localdate()
    # Today the Department's work is Sở Nội vụ's (the demo province's main successor), at its own counter.
    home = Agency.objects.get(code=province_data.NOI_VU)
    counter = Unit.objects.valid_on().get(agency=home, kind=Unit.Kind.COUNTER)
    officer = _user(counter, roles.COUNTER_OFFICER)
    published = ProcedureVersion.objects.published().filter(performers__agency=home, at_counter=True)
    simple = published.filter(procedure__code="1.000105").get()  # work permit, fully online
    partner_inside = next(  # a procedure with another agency's step between two of ours
        v
        for v in published.order_by("procedure__code")
        if [s.role for s in procedure_selectors.process_steps(v.pk, home.pk)][1:3]
        == [ProcessStep.Role.SPECIALIST, ProcessStep.Role.PARTNER]
    )

    def walk_in(version):
        dossier, _secret = services.receive_at_counter(
            actor=officer,
            procedure_version=version,
            applicant=applicant_for(rng, version, today),
            paper_reason="Người nộp không sử dụng được dịch vụ trực tuyến" if version.is_online else "",
        )
        return dossier

    online, _secret = services.submit_online(
        procedure_version=simple, applicant=applicant_for(rng, simple, today)
    )
    services.request_intake_supplement(
        actor=officer, dossier=online, revision=online.revision, items="Bổ sung bản sao hộ chiếu"
    )
    services.submit_online(procedure_version=simple, applicant=applicant_for(rng, simple, today))
    _advance(walk_in(simple), {Status.RESULT_READY})
    _advance(walk_in(partner_inside), {Status.INTER_AGENCY})
    working = _advance(walk_in(simple), {Status.IN_PROCESS})
    services.request_supplement(
        actor=_user(working.holder_unit, roles.SPECIALIST),
        dossier=working,
        revision=working.revision,
        items="Bổ sung hợp đồng lao động",
    )
    walk_in(simple)  # received, at the counter
    twice = _advance(walk_in(simple), {Status.IN_PROCESS})  # asked twice: late whatever its dates
    specialist = _user(twice.holder_unit, roles.SPECIALIST)
    for _round in range(2):
        twice = services.request_supplement(
            actor=specialist, dossier=twice, revision=twice.revision, items="Bổ sung"
        )
        twice = services.supplement_received(actor=officer, dossier=twice, revision=twice.revision)


@pytest.fixture
def demo():
    out = io.StringIO()
    call_command("demo", dossiers=DEMO_DOSSIERS, verbosity=0, stdout=out, stderr=out)
    _open_dossiers()
    statuses = set(Dossier.objects.values_list("status", flat=True))
    assert {Status.SUPPLEMENT_REQUESTED, Status.RESULT_READY, Status.INTER_AGENCY} <= statuses
    assert {Status.WAITING_SUPPLEMENT, Status.SUBMITTED, Status.RECEIVED} <= statuses


def login(client, username: str):
    client.force_login(get_user_model().objects.get(username=username))
    return client


# --- reading the marked totals --------------------------------------------------------------------


def number(cell) -> tuple[Decimal | None, ...]:
    """A cell's numbers: ``(n,)``, or ``(points, maximum)`` for "12,50/20"; None for "—", "N/A"."""
    text = " ".join(cell.text_content().split()).replace("%", "").replace("N/A", "—")
    values = []
    for part in text.split("/"):
        part = part.strip()
        if part in NO_NUMBER:
            values.append(None)
            continue
        if not re.fullmatch(r"-?[\d.]+(,\d+)?", part):
            raise AssertionError(f"not a number in a totalled cell: {text!r}")
        values.append(Decimal(part.replace(".", "").replace(",", ".")))
    return tuple(values)


def _sum(values: list[Decimal | None]) -> Decimal | None:
    """The sum of the numbers; None when there are parts but none holds a number ("N/A" groups)."""
    present = [v for v in values if v is not None]
    if not values:
        return Decimal(0)
    return sum(present, Decimal(0)) if present else None


def _sums(tuples: list[tuple]) -> tuple:
    """Component-wise sums of cells' numbers (points with points, maxima with maxima)."""
    width = max((len(t) for t in tuples), default=1)
    return tuple(_sum([t[i] for t in tuples if len(t) > i]) for i in range(width))


def _cells(row) -> list:
    """The row's cells by column: a cell spanning k columns fills k places (itself, then None)."""
    out = []
    for cell in row.xpath("./td|./th"):
        out += [cell] + [None] * (int(cell.get("colspan", "1")) - 1)
    return out


def table_errors(table) -> list[str]:
    name = table.get("id") or table.xpath("string(.//caption)").strip() or "table"
    errors = []
    body_rows = table.xpath("./tbody/tr")
    group_totals = [row for row in body_rows if row.get("data-total-row") is not None]
    for row in table.xpath(".//tr"):
        cells = _cells(row)
        label = " ".join(cells[0].text_content().split()) if cells else ""
        for cell in cells:
            if cell is not None and cell.get("data-row-total") is not None:
                parts = [
                    number(c)
                    for c in cells
                    if c is not None and c is not cell and c.get("data-part") is not None
                ]
                if number(cell) != _sums(parts):
                    errors.append(f"{name}: row {label!r}: {number(cell)} ≠ Σ {parts}")
        if row.get("data-total-row") is None:
            continue
        if row.getparent().tag == "tfoot":
            totalled = group_totals or body_rows
        else:
            totalled = [r for r in row.getparent().xpath("./tr") if r is not row]
        for index, cell in enumerate(cells):
            if cell is None or cell.get("data-sum") is None:
                continue
            column = [
                number(_cells(r)[index])
                for r in totalled
                if len(_cells(r)) > index and _cells(r)[index] is not None
            ]
            if number(cell) != _sums(column):
                errors.append(f"{name}: {label!r} column {index + 1}: {number(cell)} ≠ Σ {column}")
    return errors


def page_tables(client, url: str, expected: int) -> list:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    tables = lxml.html.fromstring(response.content.decode()).xpath("//table[@data-totals]")
    assert len(tables) >= expected, f"{url}: {len(tables)} tables with totals, expected {expected}"
    return tables


# --- the check ------------------------------------------------------------------------------------


def test_every_total_on_every_staff_table_is_the_sum_of_its_rows(demo, client):
    login(client, "snv.gd")
    pages = {
        "/quan-tri/toan-so/": 1,
        "/quan-tri/chi-so/": 1,  # QĐ 766: indicators, groups and the total
        "/quan-tri/ke-hoach/ty-le-hoan-thanh/": 1,  # the 90 % rule: units and the Department
        "/quan-tri/khao-sat/": 4,  # responses by unit, field, channel, month
        "/quan-tri/phan-anh/thong-ke/": 1,
    }
    errors = []
    for url, expected in pages.items():
        for table in page_tables(client, url, expected):
            errors += [f"{url} {e}" for e in table_errors(table)]
    assert errors == []

    # The director's overview names every holder and holds every received, unreturned dossier once.
    (table,) = page_tables(client, "/quan-tri/toan-so/", 1)
    holders = [" ".join(r.xpath("string(./th)").split()) for r in table.xpath("./tbody/tr")]
    assert all(h and h != "—" for h in holders), holders
    assert any(h.startswith("Đang ở cơ quan phối hợp: ") for h in holders), holders
    received_open = (
        Dossier.objects.filter(agency__code=province_data.NOI_VU, status__in=OPEN_STATUSES)
        .exclude(status__in=[Status.SUBMITTED, Status.SUPPLEMENT_REQUESTED])
        .count()
    )
    (grand,) = table.xpath("./tfoot/tr/td[@data-row-total]")
    assert number(grand) == (received_open,)
    # A unit head's view of their own unit adds up too.
    login(client, "snv.tp")
    (table,) = page_tables(client, "/quan-tri/toan-so/", 1)
    assert table_errors(table) == []
    assert len(table.xpath("./tbody/tr")) == 1

    # The reports' tables (the DOCX and the XLSX render the same cells).
    reports_add_up()


def reports_add_up() -> None:
    from cchc.reports import delay_report, department
    from cchc.reports.content import to_decimal
    from cchc.reports.periods import parse

    today = timezone.localdate()
    for kind, number_ in (("year", None), ("quarter", (today.month - 1) // 3 + 1)):
        rp = parse(kind, today.year, number_, today=today)
        report = department.build(rp, today=today)
        (table,) = [t for t in report.tables() if t.key == "index766"]
        groups: list[tuple[list, list[list]]] = []
        for i, row in enumerate(table.rows):
            if i in table.bold_rows and row[1].value != "Tổng điểm":
                groups.append((row, []))
            elif i not in table.bold_rows:
                groups[-1][1].append(row)
        total = table.rows[-1]
        assert total[1].value == "Tổng điểm"
        for head, members in groups:
            assert to_decimal(head[2].value) == sum(to_decimal(m[2].value) for m in members), head[1].value
            assert head[7].value == _sum([m[7].value for m in members]), head[1].value
        assert to_decimal(total[2].value) == sum(to_decimal(h[2].value) for h, _m in groups)
        assert total[7].value == _sum([h[7].value for h, _m in groups])

        letter = delay_report.build(rp, today=today)
        (agencies,) = [t for t in letter.tables() if t.key == "agencies"]
        steps = sum(row[2].value for row in agencies.rows)
        text = " ".join(letter.intro)
        if steps:
            assert f"có {steps} bước xử lý" in text, text


CHECKER_CASES = [
    # (html, errors expected)
    (
        "<tbody><tr><td>A</td><td>1</td></tr><tr><td>B</td><td>2</td></tr></tbody>"
        "<tfoot><tr data-total-row><td>T</td><td data-sum>3</td></tr></tfoot>",
        0,
    ),
    (
        "<tbody><tr><td>A</td><td>1</td></tr><tr><td>B</td><td>2</td></tr></tbody>"
        "<tfoot><tr data-total-row><td>T</td><td data-sum>4</td></tr></tfoot>",
        1,
    ),
    (
        "<tbody><tr><td>A</td><td data-part>1</td><td data-part>2</td><td data-row-total>3</td></tr></tbody>",
        0,
    ),
    (
        "<tbody><tr><td>A</td><td data-part>1</td><td data-part>2</td><td data-row-total>4</td></tr></tbody>",
        1,
    ),
    # Groups with a colspan header, N/A points and a "points/maximum" cell, totalled in the footer.
    (
        "<tbody><tr data-total-row><th colspan='2'>G1</th><th data-sum>2,50/10</th></tr>"
        "<tr><td>a</td><td>x</td><td>2,50/6</td></tr><tr><td>b</td><td>y</td><td>N/A/4</td></tr></tbody>"
        "<tbody><tr data-total-row><th colspan='2'>G2</th><th data-sum>N/A/5</th></tr>"
        "<tr><td>c</td><td>z</td><td>N/A/5</td></tr></tbody>"
        "<tfoot><tr data-total-row><th colspan='2'>T</th><td data-sum>2,50/15</td></tr></tfoot>",
        0,
    ),
    (
        "<tbody><tr data-total-row><th colspan='2'>G1</th><th data-sum>2,50/10</th></tr>"
        "<tr><td>a</td><td>x</td><td>2,50/6</td></tr><tr><td>b</td><td>y</td><td>N/A/5</td></tr></tbody>"
        "<tfoot><tr data-total-row><th colspan='2'>T</th><td data-sum>3/10</td></tr></tfoot>",
        2,
    ),
]


@pytest.mark.parametrize(("html", "expected"), CHECKER_CASES)
def test_the_check_finds_a_total_that_does_not_add_up(html, expected):
    table = lxml.html.fromstring(f"<table data-totals>{html}</table>")
    assert len(table_errors(table)) == expected, table_errors(table)
