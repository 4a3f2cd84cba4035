"""An import-linter contract type for CCHC's app boundaries (used by `.importlinter`).

``public_api``: an app is used by the other apps through the modules it declares public (its
selectors, services, and the models and constants that are its public types) and never through
its private names. A module of another app that is not declared public is that app's own business
(its views, forms, admin, internal helpers); a name starting with ``_`` is private wherever it lives.

Checked for every import between two different apps under the root package (function-level
imports included, as grimp sees them):

- the imported module must be public (listed under its app, or its app is listed as ``shared``);
- and, read from the importer's source, no private name is taken from another app's module,
  imported (``from cchc.x.y import _helper``) or as an attribute (``timeliness._rule``).

Modules outside every app (``cchc.urls``, ``cchc.settings``…) are the project's wiring and are
not checked as importers.
"""

from __future__ import annotations

import ast
import importlib.util

import grimp
from importlinter import Contract, ContractCheck, fields, output
from importlinter.application import contract_utils


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


class PublicApiContract(Contract):
    type_name = "public_api"

    root = fields.StringField()
    # "cchc.dossiers: models selectors services" — one line per app; an app not listed has no
    # public module (its screens are reached through URLs, never imported).
    public_modules = fields.ListField(subfield=fields.StringField())
    shared = fields.ListField(subfield=fields.StringField(), required=False)
    ignore_imports = fields.SetField(subfield=fields.ImportExpressionField(), required=False)

    def _public(self) -> dict[str, set[str]]:
        table: dict[str, set[str]] = {}
        for line in self.public_modules:  # type: ignore[attr-defined]
            line = line.strip()
            if not line:
                continue
            app, _, modules = line.partition(":")
            table[app.strip()] = set(modules.split())
        return table

    def _app(self, module: str) -> str | None:
        parts = module.split(".")
        root = str(self.root)
        if parts[0] != root or len(parts) < 2:
            return None
        return f"{root}.{parts[1]}"

    def check(self, graph: grimp.ImportGraph, verbose: bool) -> ContractCheck:
        removal = contract_utils.remove_ignored_imports_and_report(
            graph=graph,
            ignore_imports=self.ignore_imports,  # type: ignore[arg-type]
            unmatched_alerting=contract_utils.AlertLevel.ERROR,
        )
        public = self._public()
        shared = set(self.shared or ())  # type: ignore[arg-type]
        apps = set(public) | shared
        problems: list[str] = []
        for importer in sorted(graph.modules):
            home = self._app(importer)
            if home not in apps or ".migrations" in importer:
                continue
            foreign: set[str] = set()
            for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                there = self._app(imported)
                if there is None or there == home or there not in apps:
                    continue
                foreign.add(imported)
                details = graph.get_import_details(importer=importer, imported=imported)
                lines = ", ".join(str(d["line_number"]) for d in details)
                relative = imported[len(there) + 1 :].split(".")[0] if imported != there else ""
                if there not in shared and relative not in public[there]:
                    problems.append(f"{importer} -> {imported} (l.{lines}): not a public module of {there}")
            problems += _private_names(importer, foreign)
        return ContractCheck(
            kept=not problems,
            warnings=list(removal.warnings),
            ignored_import_count=removal.ignored_import_count,
            metadata={"problems": problems},
        )

    def render_broken_contract(self, check: ContractCheck) -> None:
        for problem in check.metadata["problems"]:
            output.print_error(f"- {problem}", bold=False)
            output.new_line()


def _private_names(importer: str, foreign: set[str]) -> list[str]:
    """Private names ``importer`` takes from modules of another app: ``from m import _name`` and
    ``alias._name`` where ``alias`` is such a module (read from the source: grimp sees modules only)."""
    if not foreign:
        return []
    spec = importlib.util.find_spec(importer)
    if spec is None or not spec.origin or not spec.origin.endswith(".py"):
        return []
    with open(spec.origin, encoding="utf-8") as fh:
        tree = ast.parse(fh.read(), spec.origin)
    aliases: dict[str, str] = {}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for name in node.names:
                full = f"{node.module}.{name.name}"
                if full in foreign:
                    aliases[name.asname or name.name] = full
                elif node.module in foreign and _private(name.name):
                    found.append(f"{importer} (l.{node.lineno}): imports the private name {full}")
        elif isinstance(node, ast.Import):
            for name in node.names:
                if name.name in foreign and name.asname:
                    aliases[name.asname] = name.name
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in aliases
            and _private(node.attr)
        ):
            found.append(
                f"{importer} (l.{node.lineno}): uses the private name {aliases[node.value.id]}.{node.attr}"
            )
    return found
