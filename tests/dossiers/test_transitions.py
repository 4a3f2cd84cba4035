"""Every operation × every status × every actor, against an explicit table of who may do what.

The table below is the specification written out by hand (domain.md §3); the workflow
module is checked against it, not against itself.
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cchc.dossiers import services, workflow
from cchc.dossiers.models import Dossier, Handover, Status
from tests.dossiers.conftest import local, person

# state key -> (status, holder, current step order, holder agency is the partner)
STATES = {
    "submitted": (Status.SUBMITTED, None, None),
    "supplement_requested": (Status.SUPPLEMENT_REQUESTED, None, None),
    "refused": (Status.REFUSED, None, None),
    "received": (Status.RECEIVED, "counter", 1),
    "in_process_specialist": (Status.IN_PROCESS, "division", 2),
    "in_process_director": (Status.IN_PROCESS, "leadership", 5),
    "waiting_supplement": (Status.WAITING_SUPPLEMENT, "division", 2),
    "inter_agency": (Status.INTER_AGENCY, None, 4),
    "result_ready": (Status.RESULT_READY, "counter", 6),
    "returned": (Status.RETURNED, None, None),
    "stopped": (Status.STOPPED, None, None),
}
ACTORS = [
    "counter",
    "specialist",
    "head",
    "director",
    "office",
    "other_specialist",
    "other_head",
    "other_counter",
]
OPEN = {
    "submitted",
    "supplement_requested",
    "received",
    "in_process_specialist",
    "in_process_director",
    "waiting_supplement",
    "inter_agency",
}

APPLICANT_OPERATIONS = {"resubmit", "supplement_online"}

ALLOWED = {
    "receive": {("submitted", "counter")},
    "request_intake_supplement": {("submitted", "counter")},
    "refuse": {("submitted", "counter")},
    "hand_over": {
        ("received", "counter"),
        ("in_process_specialist", "specialist"),
        ("in_process_director", "director"),
    },
    "take_back": {("inter_agency", "specialist"), ("inter_agency", "head")},
    "request_supplement": {
        ("in_process_specialist", "specialist"),
        ("in_process_specialist", "head"),
        ("in_process_director", "director"),
    },
    "supplement_received": {("waiting_supplement", "counter")},
    "intake_supplement_received": {("supplement_requested", "counter")},
    # Only at an approval step (the director's here), by whoever that step names.
    "send_back": {("in_process_director", "director")},
    "apologise": {
        ("in_process_specialist", "head"),
        ("waiting_supplement", "head"),
        ("inter_agency", "head"),
        ("in_process_director", "director"),
    },
    "approve": {("in_process_director", "director")},
    "reject": {("in_process_director", "director")},
    "return_result": {("result_ready", "counter")},
    "stop": {(state, "counter") for state in OPEN},
}


@pytest.fixture
def dossiers(world):
    made = {}
    for key, (status, holder, step_order) in STATES.items():
        dossier, _ = services.submit_online(procedure_version=world.version, applicant=person())
        step = world.version.process_steps.get(order=step_order) if step_order else None
        Dossier.objects.filter(pk=dossier.pk).update(
            status=status,
            current_step=step,
            holder_unit=getattr(world, holder) if holder else None,
            holder_agency=world.partner if key == "inter_agency" else None,
        )
        if key == "inter_agency":
            Handover.objects.create(
                dossier=dossier,
                seq=1,
                step=step,
                from_unit=world.division,
                to_agency=world.partner,
                handed_at=dossier.submitted_at,
            )
        made[key] = Dossier.objects.select_related("current_step").get(pk=dossier.pk)
    return made


def test_table_covers_every_operation():
    assert set(ALLOWED) | APPLICANT_OPERATIONS == set(workflow.OPERATIONS)


def test_every_operation_status_and_actor(world, dossiers):
    wrong = []
    for operation, allowed in ALLOWED.items():
        for state, dossier in dossiers.items():
            for actor_key in ACTORS:
                try:
                    services.check(operation, world.staff[actor_key], dossier)
                    outcome = True
                except (PermissionDenied, ValidationError):
                    outcome = False
                if outcome != ((state, actor_key) in allowed):
                    wrong.append((operation, state, actor_key, outcome))
    assert wrong == []


def test_a_refused_transition_says_why_in_vietnamese(world, dossiers):
    with pytest.raises(ValidationError, match="Không thể thực hiện thao tác này khi hồ sơ đang ở trạng thái"):
        services.check("receive", world.staff["counter"], dossiers["returned"])
    with pytest.raises(PermissionDenied, match="Chỉ Bộ phận Một cửa của nơi tiếp nhận hồ sơ"):
        services.check("receive", world.staff["other_counter"], dossiers["submitted"])
    with pytest.raises(PermissionDenied, match="không do đơn vị của bạn đang giữ"):
        services.check(
            "request_supplement", world.staff["other_specialist"], dossiers["in_process_specialist"]
        )


@pytest.mark.parametrize(
    ("operation", "state"),
    [("resubmit", "supplement_requested"), ("supplement_online", "waiting_supplement")],
)
def test_the_applicants_operations_need_their_status(world, dossiers, operation, state):
    assert services.check(operation, None, dossiers[state]) is None
    for other, dossier in dossiers.items():
        if other != state:
            with pytest.raises(ValidationError):
                services.check(operation, None, dossier)


@pytest.mark.parametrize("operation", sorted(APPLICANT_OPERATIONS))
def test_the_applicants_operations_need_a_proof(world, dossiers, operation):
    state = "supplement_requested" if operation == "resubmit" else "waiting_supplement"
    with pytest.raises(PermissionDenied):
        getattr(services, operation)(dossier=dossiers[state], secret="doan-mo")


def test_anonymous_and_staffless_users_are_refused(world, dossiers):
    from django.contrib.auth.models import AnonymousUser

    from tests.factories import UserFactory

    for actor in (AnonymousUser(), UserFactory(), None):
        with pytest.raises(PermissionDenied):
            services.check("receive", actor, dossiers["submitted"])


@pytest.mark.parametrize("operation", ["hand_over", "request_supplement", "approve", "reject", "apologise"])
def test_services_refuse_before_writing(world, dossiers, operation):
    """A refused operation leaves the dossier, its history and its slip exactly as they were."""
    dossier = dossiers["in_process_specialist"]
    before = (dossier.status, dossier.revision, dossier.events.count(), dossier.handovers.count())
    call = getattr(services, operation)
    kwargs = {"actor": world.staff["other_head"], "dossier": dossier, "revision": dossier.revision}
    extra = {
        "request_supplement": {"items": "x"},
        "reject": {"reason": "x"},
        "apologise": {"reason": "x", "new_due_at": dossier.submitted_at},
    }.get(operation, {})
    with pytest.raises((PermissionDenied, ValidationError)):
        call(**kwargs, **extra)
    dossier.refresh_from_db()
    assert (dossier.status, dossier.revision, dossier.events.count(), dossier.handovers.count()) == before


# --- the place dimension: the counter operations by receipt side and return side (decision 0021) ---

PLACE_OFFICERS = [
    "officer_centre_b",
    "officer_branch",
    "officer_centre_a",
    "officer_far_centre",
    "officer_centre",
]
RECEIPT_SIDE = {"receive", "request_intake_supplement", "refuse", "intake_supplement_received", "stop"}
RETURN_SIDE = {"supplement_received", "return_result"}


def _counter_operations():
    return sorted(
        name
        for name, op in workflow.OPERATIONS.items()
        if op.scope in (workflow.COUNTER, workflow.RETURN_COUNTER)
    )


def test_the_counter_operations_are_split_into_receipt_and_return_sides():
    assert set(_counter_operations()) == RECEIPT_SIDE | RETURN_SIDE
    assert {n for n in RETURN_SIDE if workflow.OPERATIONS[n].scope == workflow.RETURN_COUNTER} == RETURN_SIDE


@pytest.mark.parametrize(
    ("how", "receipt_ok", "return_ok"),
    [
        # received at commune B's centre for commune A, result collected at the provincial branch
        ("walk_in", {"officer_centre_b"}, {"officer_branch"}),
        # received at B's centre, result collected where received (no place of return named)
        ("walk_in_here", {"officer_centre_b"}, {"officer_centre_b"}),
        # online, no place: the places serving the competent agency (A's centre) on both sides
        ("online", {"officer_centre_a"}, {"officer_centre_a"}),
        # online with the branch as place of return
        ("online_branch", {"officer_centre_a"}, {"officer_branch"}),
    ],
)
def test_every_counter_operation_status_and_place(db, how, receipt_ok, return_ok):
    from tests.factories import province_world

    p = province_world()
    applicant, at = person(), local(2026, 6, 1, 9, 0)
    if how.startswith("walk_in"):
        dossier, _ = services.receive_at_counter(
            actor=p.staff["officer_centre_b"],
            procedure_version=p.commune_version,
            applicant=applicant,
            agency=p.commune_a,
            return_place=p.branch if how == "walk_in" else None,
            paper_reason="Không có tài khoản",
            at=at,
        )
    else:
        dossier, _ = services.submit_online(
            procedure_version=p.commune_version,
            applicant=applicant,
            agency=p.commune_a,
            return_place=p.branch if how == "online_branch" else None,
            return_channel=1,
            at=at,
        )
    wrong = []
    for status in Status.values:
        Dossier.objects.filter(pk=dossier.pk).update(status=status)
        dossier.refresh_from_db()
        for name in _counter_operations():
            op = workflow.OPERATIONS[name]
            for officer in PLACE_OFFICERS:
                try:
                    services.check(name, p.staff[officer], dossier)
                    outcome = True
                except (PermissionDenied, ValidationError):
                    outcome = False
                side = receipt_ok if name in RECEIPT_SIDE else return_ok
                expected = status in op.sources and officer in side
                if outcome != expected:
                    wrong.append((name, status, officer, outcome))
    assert wrong == []
