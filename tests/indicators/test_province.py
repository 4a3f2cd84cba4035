"""Indicators at every level: an agency's figures follow its lineage across 1/7/2025 (predecessors, fields
transferred), the province's figures are every agency's, and the province's ranking; values computed by
hand.

The province (``merged_province``): Sở LĐTBXH closed on 30/6/2025, replaced by Sở Nội vụ; its field "Bảo
trợ xã hội" went to Sở Y tế. Dossiers of 2025 (due dates 10 days after receipt):

=========================  =========  ==========  =======
agency, field              received   finished    on time
=========================  =========  ==========  =======
LĐTBXH, Việc làm           10/02      15/02       yes
LĐTBXH, Việc làm           10/03      30/03       no (due 20/03)
LĐTBXH, Bảo trợ xã hội     10/04      30/04       no (due 20/04)
Nội vụ, Việc làm           10/08      15/08       yes
Y tế, Bảo trợ xã hội       10/09      15/09       yes
xã A, Hộ tịch              10/10      15/10       yes
xã A, Hộ tịch              10/11      (open)      yes (due 20/11, open at the year's end? no: late)
=========================  =========  ==========  =======

The last one is open at 31/12/2025 and due 20/11: late. So, for 2025:
Sở Nội vụ = LĐTBXH Việc làm (1 of 2) + own (1 of 1) = 2/3 = 66.67 %;
Sở Y tế = LĐTBXH Bảo trợ (0 of 1) + own (1 of 1) = 1/2 = 50.00 %;
xã A = 1/2 = 50.00 %; xã B: no data; the province = 4/7 = 57.14 %.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal as D

import pytest

from cchc.common.periods import Period
from cchc.dossiers.models import Dossier
from cchc.indicators import engine
from cchc.org import roles
from cchc.org.models import Unit
from tests.factories import UnitFactory, merged_province, province_dossier, staff_user
from tests.indicators.conftest import NOW, at

Y2025 = Period.year(2025)
BEFORE_ANY_DATA = at(2020, 1, 1)


@pytest.fixture
def pw(db):
    w = merged_province()
    ten = dt.timedelta(days=10)

    def d(version, agency, received, finished):
        return province_dossier(version, agency, received=received, due=received + ten, finished=finished)

    d(w.v_ldtb_vl, w.ldtbxh, at(2025, 2, 10), at(2025, 2, 15))
    d(w.v_ldtb_vl, w.ldtbxh, at(2025, 3, 10), at(2025, 3, 30))
    d(w.v_ldtb_bt, w.ldtbxh, at(2025, 4, 10), at(2025, 4, 30))
    d(w.v_nv, w.noi_vu, at(2025, 8, 10), at(2025, 8, 15))
    d(w.v_yt, w.y_te, at(2025, 9, 10), at(2025, 9, 15))
    d(w.v_xa, w.xa_a, at(2025, 10, 10), at(2025, 10, 15))
    d(w.v_xa, w.xa_a, at(2025, 11, 10), None)
    return w


def _counts(agency, split=None):
    rows = engine.grouped_counts(on_time={"": Y2025}, agency=agency, now=NOW, split=split)
    return sum(r["n"] for r in rows), sum(r["on_time"] for r in rows)


@pytest.mark.parametrize("split", [None, BEFORE_ANY_DATA], ids=["tallies", "live"])
def test_agency_figures_follow_the_lineage_across_1_7_2025(pw, split):
    assert _counts(pw.noi_vu, split) == (3, 2)
    assert _counts(pw.y_te, split) == (2, 1)
    assert _counts(pw.ldtbxh, split) == (3, 1)  # its own, for the months it existed
    assert _counts(pw.xa_a, split) == (2, 1)
    assert _counts(pw.xa_b, split) == (0, 0)
    assert _counts(None, split) == (7, 4)  # the province: every dossier once


def test_on_time_value_and_766_per_agency_and_for_the_province(pw):
    assert engine.on_time(Y2025, agency=pw.noi_vu, now=NOW).value == D("66.67")
    assert engine.on_time(Y2025, agency=pw.y_te, now=NOW).value == D("50.00")
    assert engine.on_time(Y2025, now=NOW).value == D("57.14")
    assert engine.index_766(Y2025, agency=pw.noi_vu, now=NOW).indicator("2.1").rate == D("66.67")
    assert engine.province_index(Y2025, now=NOW).indicator("2.1").rate == D("57.14")


def test_the_sql_condition_and_its_python_twin_agree(pw):
    for agency in (pw.noi_vu, pw.y_te, pw.ldtbxh, pw.xa_a, pw.xa_b, pw.province):
        line = engine.lineage(agency)
        by_sql = set(engine.dossiers(agency).values_list("pk", flat=True))
        by_python = {
            d.pk
            for d in Dossier.objects.select_related("procedure_version")
            if line.covers(d.agency_id, d.procedure_version.field_id)
        }
        assert by_sql == by_python, agency.name


def test_the_transferred_field_is_not_counted_by_the_main_successor(pw):
    line = engine.lineage(pw.noi_vu)
    assert line.covers(pw.ldtbxh.pk, pw.viec_lam.pk)
    assert not line.covers(pw.ldtbxh.pk, pw.bao_tro.pk)
    assert engine.lineage(pw.y_te).covers(pw.ldtbxh.pk, pw.bao_tro.pk)
    assert not engine.lineage(pw.y_te).covers(pw.ldtbxh.pk, pw.viec_lam.pk)


def test_a_units_dossiers_are_its_agencys_in_its_versions(pw):
    assert engine.on_time_counts(Y2025, pw.unit_nv, now=NOW)["n"] == 1
    assert engine.on_time_counts(Y2025, pw.unit_yt, now=NOW)["n"] == 1


def test_ranking_departments_apart_from_communes(pw):
    groups = engine.agency_ranking(Y2025, now=NOW)
    deps = {r.agency.name: r for r in groups["so-nganh"]}
    communes = {r.agency.name: r for r in groups["xa-phuong"]}
    # Sở LĐTBXH is not in force at the year's end: its work is in its successors' rows
    assert set(deps) == {"Sở Nội vụ", "Sở Y tế"}
    assert set(communes) == {"UBND phường Xuân Hương", "UBND xã Đạ Huoai"}
    assert (deps["Sở Nội vụ"].on_time_n, deps["Sở Nội vụ"].on_time_rate) == (3, D("66.67"))
    assert (deps["Sở Y tế"].on_time_n, deps["Sở Y tế"].on_time_rate) == (2, D("50.00"))
    assert deps["Sở Nội vụ"].received == 3  # its own and LĐTBXH's Việc làm, received in 2025
    assert communes["UBND xã Đạ Huoai"].on_time_rate is None and communes["UBND xã Đạ Huoai"].rank == 0
    # the ranking's rows agree with each agency's own dashboard
    for agency in (pw.noi_vu, pw.y_te):
        single = engine.index_766(Y2025, agency=agency, now=NOW)
        assert deps[agency.name].index766 == single.total


def test_ranks_share_ties_and_skip():
    class R:
        def __init__(self, name, v):
            self.agency = type("A", (), {"name": name})()
            self.v = v

    rows = engine.ranked(
        [R("a", D(90)), R("b", D(95)), R("c", D(90)), R("d", None), R("e", D(80))], lambda r: r.v
    )
    assert [(r.agency.name, r.rank) for r in rows] == [("b", 1), ("a", 2), ("c", 2), ("e", 4), ("d", 0)]


# --- screens -----------------------------------------------------------------------------------------


def _leader(agency, role, username, kind=Unit.Kind.LEADERSHIP):
    unit = UnitFactory(agency=agency, code=f"lanh-dao-{username}", kind=kind)
    return staff_user(role, unit, username, position="Lãnh đạo", full_name=f"Nguyễn {username}")


DASH = "/quan-tri/chi-so/"


def test_a_director_of_so_y_te_sees_so_y_te(pw, client):
    client.force_login(_leader(pw.y_te, roles.DIRECTOR, "gd.yte"))
    page = client.get(DASH, {"ky": "2025"})
    assert page.status_code == 200
    assert page.context["agency"] == pw.y_te
    t5 = next(v for v in page.context["targets"] if v.key == "T5")
    assert (t5.numerator, t5.denominator) == (1, 2)
    assert client.get(DASH, {"ky": "2025", "co-quan": pw.noi_vu.code}).status_code == 403
    assert client.get("/quan-tri/chi-so/toan-tinh/").status_code == 403
    assert "/quan-tri/chi-so/toan-tinh/" not in page.content.decode()  # no menu entry either


def test_the_province_drills_down_to_an_agency_a_unit_and_its_dossiers(pw, client):
    client.force_login(_leader(pw.province, roles.PROVINCE_OVERSIGHT, "giamsat"))
    page = client.get("/quan-tri/chi-so/toan-tinh/", {"ky": "2025"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Sở Nội vụ" in text and "UBND xã Đạ Huoai" in text and "66,67 %" in text
    province = client.get(DASH, {"ky": "2025"})
    assert province.context["agency"] is None
    assert 'href="/quan-tri/chi-so/toan-tinh/"' in province.content.decode()  # the menu entry
    t5 = next(v for v in province.context["targets"] if v.key == "T5")
    assert (t5.numerator, t5.denominator) == (4, 7)
    agency = client.get(DASH, {"ky": "2025", "co-quan": pw.noi_vu.code})
    t5 = next(v for v in agency.context["targets"] if v.key == "T5")
    assert (t5.numerator, t5.denominator) == (2, 3)
    assert f"co-quan={pw.noi_vu.code}" in agency.content.decode()
    unit = client.get(DASH, {"ky": "2025", "co-quan": pw.noi_vu.code, "don-vi": pw.unit_nv.code})
    assert unit.context["unit"] == pw.unit_nv
    late = client.get("/quan-tri/chi-so/qua-han/", {"ky": "2025", "co-quan": pw.noi_vu.code})
    codes = [d.code for d in late.context["page"].object_list]
    assert codes == list(
        Dossier.objects.filter(
            agency=pw.ldtbxh, procedure_version=pw.v_ldtb_vl, received_at__month=3
        ).values_list("code", flat=True)
    )


def test_the_ranking_exports_to_excel(pw, client):
    from openpyxl import load_workbook

    client.force_login(_leader(pw.province, roles.PROVINCE_OVERSIGHT, "giamsat"))
    response = client.get("/quan-tri/chi-so/toan-tinh/xep-hang.xlsx", {"ky": "2025"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book["Sở, ban, ngành"].iter_rows(min_row=3, values_only=True))
    assert sorted((r[1], r[2], r[3]) for r in rows) == [("Sở Nội vụ", 3, 66.67), ("Sở Y tế", 2, 50.0)]
    assert all(r[0] in (1, 2) for r in rows)


def test_a_service_place_sees_what_it_received_and_returned(pw, client):
    from cchc.dossiers.models import PaperTransfer

    d = Dossier.objects.get(procedure_version=pw.v_nv)
    Dossier.objects.filter(pk=d.pk).update(receipt_place=pw.centre, return_place=pw.centre)
    PaperTransfer.objects.create(
        dossier=d,
        direction="to_agency",
        from_agency=pw.centre,
        to_agency=pw.noi_vu,
        sent_at=at(2025, 8, 10, 10),
        due_at=at(2025, 8, 11, 10),
        received_at=at(2025, 8, 12, 10),
    )
    client.force_login(_leader(pw.province, roles.PROVINCE_OVERSIGHT, "giamsat"))
    page = client.get(f"/quan-tri/chi-so/noi-tiep-nhan/{pw.centre.code}/", {"ky": "2025"})
    assert page.status_code == 200
    figures = page.context["figures"]
    assert (figures["received"], figures["returned"], figures["transfers"], figures["transfers_late"]) == (
        1,
        1,
        1,
        1,
    )


def test_a_unit_keeps_the_history_of_the_unit_it_replaced(pw):
    Unit.objects.filter(pk=pw.unit_ldtb.pk).update(valid_to=dt.date(2025, 6, 30), replaced_by=pw.unit_nv)
    # Phòng Việc làm of Sở Nội vụ: its own dossier and the two of the old Phòng Việc làm of Sở LĐTBXH
    assert engine.on_time_counts(Y2025, pw.unit_nv, now=NOW) == {
        "n": 3,
        "on_time": 2,
        "late_no_apology": 1,
        "late_apology": 0,
    }


def test_each_agency_reads_its_own_plan_and_a_merged_agencys_plan_stays_its_own(pw):
    from cchc.plans.models import Plan, Target
    from cchc.plans.selectors import current_plan

    def plan(agency, number, goal):
        p = Plan.objects.create(
            number=number,
            title="Kế hoạch CCHC",
            issuer=agency.name,
            issued_on=dt.date(2021, 9, 1),
            period_from=2021,
            period_to=2025,
            agency=agency,
        )
        Target.objects.create(
            plan=p,
            code="T5",
            text="T5",
            indicator="on_time_rate",
            comparator="gte",
            value=goal,
            measure="percent",
        )
        return p

    old = plan(pw.ldtbxh, "56/KH-SLĐTBXH", D(98))
    plan(pw.y_te, "12/KH-SYT", D(50))
    assert current_plan(pw.ldtbxh) == old
    assert current_plan(pw.noi_vu) is None  # the successor does not take the old plan over
    assert engine.on_time(Y2025, agency=pw.y_te, now=NOW).goal == D(50)
    assert engine.on_time(Y2025, agency=pw.y_te, now=NOW).status == "good"
    assert engine.on_time(Y2025, agency=pw.noi_vu, now=NOW).goal is None
    assert engine.on_time(Y2025, now=NOW).goal is None  # the province has no plan here


def test_sipas_counts_for_the_dossiers_competent_agency(pw):
    from cchc.surveys import services as survey_services
    from cchc.surveys.models import Criterion, MethodVersion
    from cchc.surveys.services import Answers

    for agency in (pw.y_te, pw.noi_vu):
        UnitFactory(agency=agency, code=f"van-phong-{agency.pk}", kind=Unit.Kind.OFFICE)
    method = MethodVersion.in_force(dt.date(2025, 9, 20))
    slots = list(Criterion.objects.filter(method=method).values_list("slot", flat=True))
    for version, score in ((pw.v_yt, 5), (pw.v_nv, 1)):
        d = Dossier.objects.get(procedure_version=version)
        survey_services.submit(
            channel="link", dossier=d, answers=Answers(scores=dict.fromkeys(slots, score)), at=at(2025, 9, 20)
        )
    assert [v.value for v in engine.sipas(Y2025, agency=pw.y_te)] == [D("100.00")]
    assert [v.value for v in engine.sipas(Y2025, agency=pw.noi_vu)] == [D("0.00")]  # all "very dissatisfied"
    assert [v.denominator for v in engine.sipas(Y2025)] == [2]
