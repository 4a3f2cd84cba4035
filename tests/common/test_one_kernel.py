"""Every workflow runs through the one kernel, and the machinery it replaced is not rebuilt per app."""

from __future__ import annotations

import ast
from pathlib import Path

from django.apps import apps

import cchc
from cchc.accounts.models import SecurityEvent
from cchc.citizens.models import SignIn as CitizenSignIn
from cchc.common.events import AppendOnlyEvent
from cchc.common.workflow import Table, Workflow
from cchc.disclosure import services as disclosure
from cchc.dossiers import services as dossiers
from cchc.dossiers.models import PersonalDataRead
from cchc.feedback import services as feedback
from cchc.national.models import MessageEvent
from cchc.payments.models import PaymentEvent
from cchc.plans import services as plans
from cchc.surveys import services as surveys

SERVICES = (dossiers, feedback, plans, disclosure, surveys)
PACKAGE = Path(cchc.__file__).parent
# Where the shared pieces live: the kernel, the event model, the form and file helpers, staff_of.
SHARED = {PACKAGE / "common", PACKAGE / "org" / "staff.py"}


def test_each_apps_history_is_written_by_its_kernel_workflows():
    workflows = [
        value for module in SERVICES for value in vars(module).values() if isinstance(value, Workflow)
    ]
    events = {model for model in apps.get_models() if issubclass(model, AppendOnlyEvent)}
    events.discard(SecurityEvent)  # the log of sign-ins (cchc.accounts): no row's workflow, nothing to kernel
    # The log of reads of personal data is append-only too, but records reads, not changes: it is
    # written by its own service function, outside any workflow (decision 0018).
    events -= {PersonalDataRead}
    # The log of the attempts to deliver a message to the national portal: no workflow either.
    events -= {MessageEvent}
    # The log of every payment request and callback (verified or refused): no workflow either.
    events -= {PaymentEvent}
    # The log of citizens' sign-ins through the national sign-on: no workflow either.
    events -= {CitizenSignIn}
    assert {workflow.event for workflow in workflows} == events
    for workflow in workflows:
        assert isinstance(workflow.table, Table)
        assert workflow.model._meta.app_label == workflow.event._meta.app_label


# The helpers each app used to write for itself; the kernel and cchc.common hold them once now.
REBUILT = {"_lock", "_save", "_append", "_staff", "_remove", "_remove_files", "_delete_stored"}
REBUILT |= {"_files_rolled_back", "_add_errors", "attach_errors"}


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts or any(path == s or s in path.parents for s in SHARED):
            continue
        yield path, ast.parse(path.read_text(encoding="utf-8"))


def test_no_app_rebuilds_the_frame_its_stale_error_or_its_helpers():
    found = []
    for path, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name in REBUILT:
                found.append(f"{path.relative_to(PACKAGE)}: def {node.name}")
            if isinstance(node, ast.ClassDef) and node.name.startswith("Stale"):
                found.append(f"{path.relative_to(PACKAGE)}: class {node.name}")
    assert found == []
