"""The dossier workflow as data: one table of operations (domain.md §3).

Each operation names the statuses it may start from, the status it leads to (``DECIDED``: by the
service, e.g. the next step may be another agency; ``UNCHANGED``: the status stays), and who may
perform it:

- ``roles``: the staff roles (``cchc.org.roles``) allowed;
- ``scope``: which unit the actor must belong to —
  ``COUNTER`` a one-stop counter on the dossier's receipt side (the place of receipt; online with no
  place: the places serving the competent agency and its own counter — ``cchc.dossiers.places``);
  ``RETURN_COUNTER`` a counter on its return side (the place of return, else of receipt);
  ``HOLDER`` the unit that holds the dossier now (and, for a processing step, the role that step
  names); ``SENDER`` the unit that sent the dossier to another agency; ``APPLICANT`` no staff at all
  (the citizen, authenticated by the dossier's code and secret).

``cchc.dossiers.services`` is the only code that changes a dossier: its frame (the workflow kernel,
``cchc.common.workflow``) checks this table and applies the target. The tests walk every operation ×
status × role × unit combination against it.
"""

from __future__ import annotations

from cchc.common.workflow import DECIDED, UNCHANGED, Operation, Table
from cchc.dossiers.models import OPEN_STATUSES, Status
from cchc.org import roles

COUNTER = "counter"
RETURN_COUNTER = "return_counter"
HOLDER = "holder"
SENDER = "sender"
APPLICANT = "applicant"

_op = Operation.of
_PROCESSING_ROLES = {roles.SPECIALIST, roles.UNIT_HEAD, roles.DIRECTOR}

OPERATIONS = Table(
    # Intake of an online submission (ND 45/2020 Đ11): receive, ask for supplement, or refuse.
    _op("receive", {Status.SUBMITTED}, Status.RECEIVED, {roles.COUNTER_OFFICER}, COUNTER),
    _op(
        "request_intake_supplement",
        {Status.SUBMITTED},
        Status.SUPPLEMENT_REQUESTED,
        {roles.COUNTER_OFFICER},
        COUNTER,
    ),
    _op("refuse", {Status.SUBMITTED}, Status.REFUSED, {roles.COUNTER_OFFICER}, COUNTER),
    _op("resubmit", {Status.SUPPLEMENT_REQUESTED}, Status.SUBMITTED, set(), APPLICANT),
    # The applicant brings the supplement asked for at intake to the counter instead.
    _op(
        "intake_supplement_received",
        {Status.SUPPLEMENT_REQUESTED},
        Status.SUBMITTED,
        {roles.COUNTER_OFFICER},
        COUNTER,
    ),
    # Processing along the internal process.
    _op(
        "hand_over",
        {Status.RECEIVED, Status.IN_PROCESS},
        DECIDED,
        {roles.COUNTER_OFFICER, *_PROCESSING_ROLES},
        HOLDER,
    ),
    _op("take_back", {Status.INTER_AGENCY}, Status.IN_PROCESS, _PROCESSING_ROLES, SENDER),
    # An approver (the head of the unit, the director) returns the dossier to an earlier
    # internal step with the reason; the clock runs on.
    _op("send_back", {Status.IN_PROCESS}, Status.IN_PROCESS, {roles.UNIT_HEAD, roles.DIRECTOR}, HOLDER),
    _op("request_supplement", {Status.IN_PROCESS}, Status.WAITING_SUPPLEMENT, _PROCESSING_ROLES, HOLDER),
    # The supplement arrives: at the counter (scanned there) or online (the applicant uploads it).
    _op(
        "supplement_received",
        {Status.WAITING_SUPPLEMENT},
        Status.IN_PROCESS,
        {roles.COUNTER_OFFICER},
        RETURN_COUNTER,
    ),
    _op("supplement_online", {Status.WAITING_SUPPLEMENT}, Status.IN_PROCESS, set(), APPLICANT),
    _op(
        "apologise",
        {Status.RECEIVED, Status.IN_PROCESS, Status.WAITING_SUPPLEMENT, Status.INTER_AGENCY},
        UNCHANGED,
        {roles.UNIT_HEAD, roles.DIRECTOR},
        HOLDER,
    ),
    _op("approve", {Status.IN_PROCESS}, Status.RESULT_READY, {roles.UNIT_HEAD, roles.DIRECTOR}, HOLDER),
    _op("reject", {Status.IN_PROCESS}, Status.RESULT_READY, {roles.UNIT_HEAD, roles.DIRECTOR}, HOLDER),
    _op("return_result", {Status.RESULT_READY}, Status.RETURNED, {roles.COUNTER_OFFICER}, RETURN_COUNTER),
    # At the applicant's request, recorded by the counter (2025 Mẫu 05).
    _op("stop", OPEN_STATUSES - {Status.RESULT_READY}, Status.STOPPED, {roles.COUNTER_OFFICER}, COUNTER),
)
# Operations that may start from a status (for the screens' action lists).
allowed_from = OPERATIONS.allowed_from
