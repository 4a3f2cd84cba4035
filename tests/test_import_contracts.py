"""The app boundaries in `.importlinter` hold today and catch a deliberate break.

CI runs ``lint-imports`` on the code; these tests show the contracts are not toothless: the real
import graph passes, and the same graph with one forbidden import added fails the contract meant
to catch it (the cases the boundaries exist for).
"""

from __future__ import annotations

import copy
from pathlib import Path

import grimp
import pytest
from importlinter import configuration
from importlinter.adapters.user_options import IniFileUserOptionReader
from importlinter.contracts.layers import LayersContract

from tools.import_contracts import PublicApiContract

ROOT = Path(__file__).resolve().parent.parent
TYPES = {"layers": LayersContract, "public_api": PublicApiContract}


@pytest.fixture(scope="module")
def contracts():
    configuration.configure()
    options = IniFileUserOptionReader()._read_config_filename(str(ROOT / ".importlinter"))
    session = {**options.session_options, "root_packages": [options.session_options["root_package"]]}
    made = {}
    for contract in options.contracts_options:
        cls = TYPES[contract["type"]]
        made[contract["id"]] = cls(name=contract["name"], session_options=session, contract_options=contract)
    return made


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph("cchc")


def _kept(contract, graph) -> bool:
    return contract.check(copy.deepcopy(graph), verbose=False).kept


def test_the_code_keeps_every_contract(contracts, graph):
    assert set(contracts) == {"layers", "public"}
    for contract in contracts.values():
        assert _kept(contract, graph), contract.name


def test_a_lower_app_importing_a_higher_one_breaks_the_layers(contracts, graph):
    broken = copy.deepcopy(graph)
    broken.add_import(
        importer="cchc.dossiers.services",
        imported="cchc.plans.models",
        line_number=1,
        line_contents="from cchc.plans.models import Task",
    )
    assert not _kept(contracts["layers"], broken)


@pytest.mark.parametrize(
    ("importer", "imported"),
    [
        ("cchc.indicators.engine", "cchc.dossiers.tallies"),  # another app's internal module
        ("cchc.reports.views_staff", "cchc.backoffice.views"),  # another app's screens
        ("cchc.plans.views_staff", "cchc.feedback.forms"),
    ],
)
def test_a_private_module_of_another_app_breaks_the_public_api(contracts, graph, importer, imported):
    broken = copy.deepcopy(graph)
    broken.add_import(importer=importer, imported=imported, line_number=1, line_contents=f"import {imported}")
    assert not _kept(contracts["public"], broken)


def test_a_public_module_is_allowed(contracts, graph):
    fine = copy.deepcopy(graph)
    fine.add_import(
        importer="cchc.plans.views_staff",
        imported="cchc.feedback.selectors",
        line_number=1,
        line_contents="from cchc.feedback import selectors",
    )
    assert _kept(contracts["public"], fine)
