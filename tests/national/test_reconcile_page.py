"""The reconciliation page: who sees which agency, the shares per day and per agency, the failing
dossiers with links to their pages, an incomplete run, the .xlsx export, bad input."""

from __future__ import annotations

import datetime as dt
import io
import zoneinfo

import pytest
from django.urls import reverse

from cchc.national.models import ReconcileLine, ReconcileRun
from tests.factories import DossierFactory, DossierSyncFactory, ProcedureVersionFactory, access_province

URL = reverse("backoffice:national:reconciliation")
TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
DAY = dt.date(2026, 11, 30)
V, R = ReconcileLine.Verdict, ReconcileLine.Reason


@pytest.fixture
def province(db):
    return access_province()


@pytest.fixture
def runs(province):
    """30/11: Sở Nội vụ 3 dossiers (2 synchronised, 1 never queued), Sở Y tế 2 (1 late, 1 pending);
    an earlier run of the same day (all unchecked) is replaced by the later one. 29/11: an incomplete
    run, Sở Nội vụ 1 synchronised + 1 unchecked."""
    a, b = province.agencies["dept_a"], province.agencies["dept_b"]
    va, vb = ProcedureVersionFactory(agency=a), ProcedureVersionFactory(agency=b)
    received = dt.datetime(2026, 11, 30, 9, tzinfo=TZ)

    def d(version, code, synced=True):
        dossier = DossierFactory(
            procedure_version=version, code=code, received_at=received, submitted_at=received
        )
        if synced:
            DossierSyncFactory(dossier=dossier, acked_at=received + dt.timedelta(minutes=1))
        return dossier

    dossiers = {
        "a1": d(va, "000.00.15.H56-261130-0001"),
        "a2": d(va, "000.00.15.H56-261130-0002"),
        "a3": d(va, "000.00.15.H56-261130-0003", synced=False),
        "b1": d(vb, "000.00.20.H56-261130-0001"),
        "b2": d(vb, "000.00.20.H56-261130-0002"),
    }

    def run(day, started, state, lines):
        r = ReconcileRun.objects.create(
            day=day, started_at=dt.datetime(2026, 12, 1, started, tzinfo=TZ), state=state, late_minutes=60
        )
        for key, verdict, reason in lines:
            ReconcileLine.objects.create(
                run=r,
                dossier=dossiers[key],
                agency=dossiers[key].agency,
                verdict=verdict,
                reason=reason,
                expected_code="2",
                lag_seconds=120 if verdict != V.LATE else 3 * 3600,
            )
        return r

    run(DAY, 1, "complete", [(k, V.UNCHECKED, R.PORTAL_DOWN) for k in dossiers])
    run(
        DAY,
        2,
        "complete",
        [
            ("a1", V.SYNCHRONISED, R.OK),
            ("a2", V.SYNCHRONISED, R.OK),
            ("a3", V.FAILED, R.NEVER_QUEUED),
            ("b1", V.LATE, R.DELIVERED_LATE),
            ("b2", V.PENDING, R.WAITING),
        ],
    )
    incomplete = run(
        DAY - dt.timedelta(days=1),
        3,
        "incomplete",
        [("a1", V.SYNCHRONISED, R.OK), ("a2", V.UNCHECKED, R.PORTAL_DOWN)],
    )
    incomplete.error = "Không kết nối được Cổng DVCQG: ConnectionError"
    incomplete.save()
    return dossiers


def _get(client, user, **params):
    client.force_login(user)
    params.setdefault("tu", "2026-11-20")
    params.setdefault("den", "2026-11-30")
    return client.get(URL, params)


def _section(body: str, marker: str) -> str:
    part = body[body.index(marker) :]
    return part[: part.index("</table>")]


def test_agency_sysadmin_sees_own_agency_shares_and_failing_dossiers(client, province, runs):
    """Sở Nội vụ on 30/11: 3 dossiers, 2 synchronised (66,67 %), 1 failed (33,33 %); the failing one
    listed with a link to its page; Sở Y tế's dossiers nowhere."""
    response = _get(client, province.users[("dept_a", "sysadmin")])
    assert response.status_code == 200
    body = response.content.decode()
    days = _section(body, 'id="bang-doi-soat"')
    row = days[days.index("30/11/2026") :]
    row = row[: row.index("</tr>")]
    assert "2 <span" in row and "(66,67 %)" in row and "(33,33 %)" in row
    assert "29/11/2026" in days and "Chưa hoàn tất" in days
    listing = _section(body, 'id="bang-ho-so"')
    assert "000.00.15.H56-261130-0003" in listing and "Chưa từng được đưa vào hàng đợi" in listing
    assert f'href="{reverse("backoffice:worklist")}000.00.15.H56-261130-0003/"' in listing
    assert "261130-0001" not in listing  # synchronised: not in the failing list
    assert "000.00.20.H56" not in body  # another agency's dossiers
    # The day's 1.4 figure by the indicator's rule: 3 received, 2 acknowledged (the never-queued one not).
    assert "(cách tính của chỉ tiêu 1.4): <strong>2/3</strong>" in body


def test_other_agency_is_refused_and_specialists_and_unit_heads_too(client, province, runs):
    response = _get(client, province.users[("dept_a", "director")], **{"co-quan": "000.00.20.H56"})
    assert response.status_code == 403 and "cơ quan mình" in response.content.decode()
    for key in ("specialist", "head", "counter"):
        response = _get(client, province.users[("dept_a", key)])
        assert response.status_code == 403, key
        assert "Quản trị hệ thống" in response.content.decode()


def test_province_viewer_sees_every_agency(client, province, runs):
    """Province on 30/11: 5 dossiers, 2 synchronised (40,00 %), 1 late, 1 failed, 1 pending (20,00 % each);
    per agency Sở Y tế (0 % synchronised) before Sở Nội vụ (66,67 %)."""
    body = _get(client, province.users[("province", "office")], ngay="2026-11-30").content.decode()
    days = _section(body, 'id="bang-doi-soat"')
    row = days[days.index("30/11/2026") :]
    row = row[: row.index("</tr>")]
    assert "(40,00 %)" in row and row.count("(20,00 %)") == 3
    agencies = _section(body, 'id="bang-co-quan"')
    assert agencies.index("Sở Y tế") < agencies.index("Sở Nội vụ")
    listing = _section(body, 'id="bang-ho-so"')
    assert all(code in listing for code in ("261130-0003", "H56-261130-0001</a>", "H56-261130-0002</a>"))
    one = _get(
        client, province.users[("province", "oversight")], ngay="2026-11-30", **{"co-quan": "000.00.20.H56"}
    )
    assert one.status_code == 200 and "000.00.15.H56" not in _section(one.content.decode(), 'id="bang-ho-so"')


def test_filter_by_verdict(client, province, runs):
    body = _get(
        client, province.users[("province", "office")], ngay="2026-11-30", loai="late"
    ).content.decode()
    listing = _section(body, 'id="bang-ho-so"')
    assert "000.00.20.H56-261130-0001" in listing and "3 giờ 0 phút" in listing
    assert "261130-0003" not in listing and "261130-0002" not in listing


def test_incomplete_run_says_so_and_is_not_100(client, province, runs):
    body = _get(client, province.users[("dept_a", "sysadmin")], ngay="2026-11-29").content.decode()
    assert "chưa hoàn tất" in body and "1 hồ sơ chưa kiểm tra được" in body
    days = _section(body, 'id="bang-doi-soat"')
    row = days[days.index("29/11/2026") :]
    row = row[: row.index("</tr>")]
    assert "(50,00 %)" in row and "100,00" not in row


def test_xlsx_export_of_a_day(client, province, runs):
    from openpyxl import load_workbook

    response = _get(client, province.users[("dept_a", "sysadmin")], ngay="2026-11-30", xuat="xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('doi-soat-dvcqg-2026-11-30.xlsx"')
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    codes = sorted(r[0] for r in rows[2:])
    assert codes == [f"000.00.15.H56-261130-000{i}" for i in (1, 2, 3)]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"tu": "30/11/2026"}, "không đúng dạng"),
        ({"tu": "2026-12-01", "den": "2026-11-01"}, "không quá 62 ngày"),
        ({"tu": "2026-01-01", "den": "2026-11-30"}, "không quá 62 ngày"),
    ],
)
def test_bad_dates_give_a_vietnamese_message(client, province, params, message):
    response = _get(client, province.users[("dept_a", "sysadmin")], **params)
    assert response.status_code == 400 and message in response.content.decode()
