"""The monthly tallies of finished dossiers stay in step with the dossiers (decision 0010).

The triggers see every write: ORM saves, queryset updates and bulk inserts; ``differences()`` compares
the kept tally with a fresh count after each change.
"""

from __future__ import annotations

import datetime as dt
import io
import zoneinfo

import pytest
from django.db import IntegrityError, connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc.dossiers import tallies
from cchc.dossiers.models import Channel, Dossier, DossierTally, Outcome, Status
from tests.factories import AgencyFactory, ProcedureVersionFactory, UnitFactory

pytestmark = pytest.mark.django_db
TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def setting(db):
    agency = AgencyFactory(is_home=True)
    counter = UnitFactory(agency=agency, code="mot-cua")
    versions = [ProcedureVersionFactory(agency=agency), ProcedureVersionFactory(agency=agency)]
    return agency, counter, versions


_seq = iter(range(1, 10**9))


def _dossier(setting, **kw) -> Dossier:
    agency, counter, versions = setting
    received = kw.pop("received", dt.datetime(2026, 1, 30, 23, 30, tzinfo=TZ))
    values = {
        "code": f"T-{next(_seq):07d}",
        "agency": agency,
        "procedure_version": versions[kw.pop("version", 0)],
        "applicant_kind": "person",
        "applicant_name": "Nguyễn Văn An",
        "channel": Channel.COUNTER,
        "return_channel": Channel.COUNTER,
        "status": Status.IN_PROCESS,
        "received_at": received,
        "submitted_at": received,
        "due_at": received + dt.timedelta(days=3),
        "holder_unit": counter,
    }
    values.update(kw)
    return Dossier.objects.create(**values)


def test_triggers_are_installed_after_migrate():
    _statements, names = tallies._trigger_sql(connection.vendor)
    assert tallies._installed(connection) == set(names)
    assert tallies.ensure() is False  # nothing to do


def test_local_month_at_the_day_boundary(setting):
    # 23:30 on 31 January in Hà Nội is 16:30 UTC: the tally month is January, not February;
    # 00:30 on 1 February local (17:30 UTC on 31 January) is February.
    jan = dt.datetime(2026, 1, 31, 23, 30, tzinfo=TZ)
    feb = dt.datetime(2026, 2, 1, 0, 30, tzinfo=TZ)
    _dossier(setting, received=jan, finished_at=jan, status=Status.RETURNED, outcome=Outcome.APPROVED)
    _dossier(setting, received=feb, finished_at=feb, status=Status.RETURNED, outcome=Outcome.APPROVED)
    months = sorted(DossierTally.objects.values_list("finished_month", flat=True))
    assert months == [dt.date(2026, 1, 1), dt.date(2026, 2, 1)]
    jan_row = DossierTally.objects.get(finished_month=dt.date(2026, 1, 1))
    assert (jan_row.n, jan_row.pop, jan_row.pop_on_time, jan_row.approved) == (1, 1, 1, 1)
    assert jan_row.due_month == dt.date(2026, 2, 1)


def test_the_last_microseconds_of_a_month_stay_in_it(setting):
    """SQLite's date functions round to the millisecond; the tally must not move 23:59:59.9999 on the
    last day of a month (an office day ending at 24:00 gives such due times) into the next month."""
    due = dt.datetime(2026, 1, 31, 23, 59, 59, 999999, tzinfo=TZ)
    received = dt.datetime(2026, 1, 30, 9, tzinfo=TZ)
    _dossier(
        setting,
        received=received,
        due_at=due,
        finished_at=due,
        status=Status.RETURNED,
        outcome=Outcome.APPROVED,
    )
    row = DossierTally.objects.get()
    assert (row.due_month, row.finished_month) == (dt.date(2026, 1, 1), dt.date(2026, 1, 1))


def test_the_database_refuses_finished_before_received(setting):
    received = dt.datetime(2026, 3, 5, 9, tzinfo=TZ)
    with pytest.raises(IntegrityError):
        _dossier(setting, received=received, finished_at=received - dt.timedelta(days=1))


def test_open_dossiers_are_not_tallied_and_finishing_adds_once(setting):
    d = _dossier(setting)
    assert not DossierTally.objects.exists()
    d.finished_at = d.received_at + dt.timedelta(days=5)  # after its due time: late
    d.status = Status.RESULT_READY
    d.outcome = Outcome.APPROVED
    d.save()
    d.status = Status.RETURNED  # not a tracked change
    d.save()
    row = DossierTally.objects.get()
    assert (row.n, row.pop, row.pop_on_time, row.pop_late_no_apology, row.approved) == (1, 1, 0, 1, 1)
    assert tallies.differences() == []


def test_an_update_moves_the_dossier_between_rows(setting):
    finished = dt.datetime(2026, 3, 2, 10, tzinfo=TZ)
    d = _dossier(setting, finished_at=finished, status=Status.RETURNED, outcome=Outcome.APPROVED)
    Dossier.objects.filter(pk=d.pk).update(supplement_count=2)  # now late: supplemented twice
    row = DossierTally.objects.get()
    assert (row.n, row.pop_on_time, row.pop_late_no_apology) == (1, 0, 1)
    Dossier.objects.filter(pk=d.pk).update(procedure_version=setting[2][1])
    rows = {(r.procedure_version_id, r.n, r.pop_late_no_apology) for r in DossierTally.objects.all()}
    assert rows == {(setting[2][0].pk, 0, 0), (setting[2][1].pk, 1, 1)}
    assert tallies.differences() == []


def test_every_column_the_counts_read_is_tracked():
    import re

    read = set(re.findall(r"\bd\.(\w+)", " ".join(tallies._conditions("d").values())))
    read |= {"agency_id", "procedure_version_id", "received_at", "due_at", "finished_at"}
    assert read == set(tallies.TRACKED)


def _other_agency():
    return AgencyFactory(is_home=False)


CHANGES = {
    "agency_id": lambda s: {"agency": _other_agency()},
    "procedure_version_id": lambda s: {"procedure_version": s[2][1]},
    "received_at": lambda s: {"received_at": dt.datetime(2025, 12, 20, 9, tzinfo=TZ)},
    "due_at": lambda s: {"due_at": dt.datetime(2026, 4, 1, 9, tzinfo=TZ)},
    "finished_at": lambda s: {"finished_at": dt.datetime(2026, 4, 2, 9, tzinfo=TZ)},
    "status": lambda s: {"status": Status.REFUSED, "outcome": ""},
    "supplement_count": lambda s: {"supplement_count": 2},
    "apologised_at": lambda s: {"apologised_at": dt.datetime(2026, 3, 1, 9, tzinfo=TZ)},
    "channel": lambda s: {"channel": Channel.ONLINE},
    "paper_reason": lambda s: {"paper_reason": "Không có tài khoản"},
    "result_code": lambda s: {"result_code": ""},
    "fee_amount": lambda s: {"fee_amount": 0},
    "paid_online": lambda s: {"paid_online": 1},
    "digitised_components": lambda s: {"digitised_components": True},
    "data_reused": lambda s: {"data_reused": True},
    "vneid_verified": lambda s: {"vneid_verified": True},
    "outcome": lambda s: {"outcome": Outcome.REJECTED},
}


def test_the_changes_below_cover_every_tracked_column():
    assert set(CHANGES) == set(tallies.TRACKED)


@pytest.mark.parametrize("column", sorted(CHANGES))
def test_changing_one_column_of_a_finished_dossier_moves_its_count(setting, column):
    received = dt.datetime(2026, 2, 27, 9, tzinfo=TZ)
    d = _dossier(
        setting,
        received=received,
        due_at=received + dt.timedelta(days=3),
        finished_at=received + dt.timedelta(days=2),
        status=Status.RETURNED,
        outcome=Outcome.APPROVED,
        result_code="KQ1",
        fee_amount=5000,
    )
    fields = tallies.KEY + tallies.COUNTS
    before = list(DossierTally.objects.values_list(*fields))
    Dossier.objects.filter(pk=d.pk).update(**CHANGES[column](setting))
    assert tallies.differences() == []
    assert list(DossierTally.objects.filter(n__gt=0).values_list(*fields)) != before


def test_ensure_reinstalls_dropped_triggers_and_rebuilds(setting):
    """SQLite drops a table's triggers when a migration rebuilds the table."""
    _, names = tallies._trigger_sql(connection.vendor)
    with connection.cursor() as cursor:
        for name in names:
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER {name} ON dossiers_dossier")
            else:
                cursor.execute(f"DROP TRIGGER {name}")
    finished = dt.datetime(2026, 3, 2, 10, tzinfo=TZ)
    _dossier(setting, finished_at=finished, status=Status.RETURNED, outcome=Outcome.APPROVED)
    assert tallies.differences() != []  # written while the triggers were gone
    assert tallies.ensure() is True
    assert tallies._installed(connection) == set(names)
    assert tallies.differences() == []


def test_differences_reports_a_tampered_row(setting):
    finished = dt.datetime(2026, 3, 2, 10, tzinfo=TZ)
    _dossier(setting, finished_at=finished, status=Status.RETURNED, outcome=Outcome.APPROVED)
    DossierTally.objects.update(online=7)
    assert len(tallies.differences()) == 1
    tallies.rebuild()
    assert tallies.differences() == []


_moment = st.datetimes(
    min_value=dt.datetime(2025, 11, 1), max_value=dt.datetime(2026, 3, 31), timezones=st.just(TZ)
)
_changes = st.fixed_dictionaries(
    {},
    optional={
        "finished_at": st.none() | _moment,
        "due_at": st.none() | _moment,
        "received_at": _moment,
        "status": st.sampled_from([Status.IN_PROCESS, Status.REFUSED, Status.RETURNED, Status.STOPPED]),
        "outcome": st.sampled_from(["", Outcome.APPROVED, Outcome.REJECTED]),
        "supplement_count": st.integers(0, 3),
        "apologised_at": st.none() | _moment,
        "channel": st.sampled_from(list(Channel)),
        "paper_reason": st.sampled_from(["", "Không có tài khoản"]),
        "result_code": st.sampled_from(["", "KQ1"]),
        "fee_amount": st.sampled_from([0, 50000]),
        "paid_online": st.integers(0, 2),
        "digitised_components": st.booleans(),
        "data_reused": st.booleans(),
        "vneid_verified": st.booleans(),
        "version": st.integers(0, 1),
    },
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    created=st.lists(_changes, min_size=1, max_size=6), edits=st.lists(st.tuples(st.integers(0, 5), _changes))
)
def test_any_writes_keep_the_tally_in_step(setting, created, edits):
    """Random dossiers, then random edits by save() and by queryset update(): always in step."""
    DossierTally.objects.all().delete()
    Dossier.objects.all().delete()
    made = []
    for values in created:
        values = dict(values)
        values.pop("outcome", None)  # an outcome needs a decided status (check constraint)
        try:
            with transaction.atomic():
                made.append(_dossier(setting, **values))
        except IntegrityError:  # finished before received: refused by the database, nothing tallied
            pass
    if not made:
        assert tallies.differences() == []
        return
    for i, values in edits:
        d = made[i % len(made)]
        values = dict(values)
        version = values.pop("version", None)
        if version is not None:
            values["procedure_version"] = setting[2][version]
        if values.get("outcome"):
            values["status"] = Status.RETURNED
        elif "status" in values and values["status"] != Status.RETURNED:
            values["outcome"] = ""
        try:
            with transaction.atomic():
                if i % 2:
                    Dossier.objects.filter(pk=d.pk).update(**values)
                else:
                    d.refresh_from_db()
                    for k, v in values.items():
                        setattr(d, k, v)
                    d.save()
        except IntegrityError:  # a refused write leaves the tally as it was
            pass
    assert tallies.differences() == []


def test_the_command_checks_and_rebuilds(setting):
    from django.core.management import CommandError, call_command

    finished = dt.datetime(2026, 3, 2, 10, tzinfo=TZ)
    _dossier(setting, finished_at=finished, status=Status.RETURNED, outcome=Outcome.APPROVED)
    call_command("rebuild_dossier_tallies", "--check", stdout=io.StringIO())
    DossierTally.objects.update(n=5)
    with pytest.raises(CommandError, match="lệch"):
        call_command("rebuild_dossier_tallies", "--check", stdout=io.StringIO())
    out = io.StringIO()
    call_command("rebuild_dossier_tallies", stdout=out)
    assert "Đã tính lại 1 dòng" in out.getvalue()
    assert tallies.differences() == []
