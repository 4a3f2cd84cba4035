"""Demo data is built in ``cchc.demo`` only: no domain app holds a demo module or imports ``cchc.demo``."""

from __future__ import annotations

import ast
from pathlib import Path

import cchc

ROOT = Path(cchc.__file__).parent
# Django's app registry lists ``cchc.demo`` in INSTALLED_APPS; that is a name, not an import.
OUTSIDE_DEMO = [p for p in ROOT.rglob("*.py") if p.relative_to(ROOT).parts[0] != "demo"]


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_no_demo_module_inside_a_domain_app():
    assert [str(p.relative_to(ROOT)) for p in OUTSIDE_DEMO if p.name == "demo.py"] == []


def test_no_domain_app_imports_the_demo_package():
    offenders = {}
    for path in OUTSIDE_DEMO:
        names = sorted(n for n in _imports(path) if n == "cchc.demo" or n.startswith("cchc.demo."))
        if names:
            offenders[str(path.relative_to(ROOT))] = names
    assert offenders == {}
