"""Who may open a dossier at all across the province's agencies (decision 0021, "Permissions across
agencies"): the rule's two forms (``privacy.can_open`` / ``openable_q``) held equal, the matrix of every
role at every kind of agency, the leak test over every staff URL and API endpoint that takes a dossier
code, the lists, and the province's read-only oversight."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc.api.api import api
from cchc.dossiers import privacy, services, urls_staff
from cchc.dossiers.models import Channel, Dossier, DossierEvent, Handover, Status
from tests.factories import DossierFactory, ProcedureVersionFactory, access_province

NAME = "Trần Thị Bích"
PLACES = ("dept_a", "dept_b", "commune", "centre", "branch")


@pytest.fixture
def province(db):
    return access_province()


def _dossier(p, agency, *, receipt=None, ret=None, **fields):
    version = ProcedureVersionFactory(agency=p.agencies[agency])
    return DossierFactory(
        procedure_version=version,
        agency=p.agencies[agency],
        receipt_place=p.agencies[receipt] if receipt else None,
        return_place=p.agencies[ret] if ret else None,
        applicant_name=NAME,
        received_at=timezone.now() - dt.timedelta(days=20),
        due_at=timezone.now() - dt.timedelta(days=3),
        channel=Channel.COUNTER if receipt else Channel.ONLINE,
        **fields,
    )


# The dossiers of the matrix, and who opens each beyond the province's oversight and the administrators:
# an agency key (all its staff) or (agency, role) for one role there.
def dossiers(p):
    partner = _dossier(p, "dept_a", receipt="centre")
    Handover.objects.create(
        dossier=partner,
        seq=1,
        from_unit=p.units[("dept_a", "division")],
        to_agency=p.agencies["dept_b"],
        handed_at=timezone.now(),
    )
    return {
        "a_at_centre_back_at_branch": (
            _dossier(p, "dept_a", receipt="centre", ret="branch"),
            {"dept_a", "centre", "branch"},
        ),
        "a_at_own_counter": (_dossier(p, "dept_a", receipt="dept_a", ret="dept_a"), {"dept_a"}),
        "b_online_no_place": (
            _dossier(p, "dept_b", status=Status.SUBMITTED),
            {"dept_b", ("centre", "counter"), ("branch", "counter")},
        ),
        "commune": (_dossier(p, "commune", receipt="commune", ret="commune"), {"commune"}),
        "a_sent_to_b": (partner, {"dept_a", "centre", "dept_b"}),
    }


def _expected(openers, agency_key, role_key) -> bool:
    if role_key in ("oversight", "sysadmin"):
        return True
    # The leaders and the Office of the province's people's committee see the province (roles.sees_province).
    if agency_key == "province" and role_key in ("director", "office"):
        return True
    return agency_key in openers or (agency_key, role_key) in openers


def test_the_matrix_every_role_at_every_agency(province, client):
    """Each role at each agency opens exactly the dossiers of the table; the page answers 200 or 404."""
    table = dossiers(province)
    assert len(province.users) > 20
    for (agency_key, role_key), user in province.users.items():
        client.force_login(user)
        openable = set(Dossier.objects.filter(privacy.openable_q(user)).values_list("pk", flat=True))
        for name, (dossier, openers) in table.items():
            expected = _expected(openers, agency_key, role_key)
            where = f"{name} as {role_key} of {agency_key}"
            assert privacy.can_open(user, dossier) is expected, where
            assert (dossier.pk in openable) is expected, where
            response = client.get(reverse("backoffice:dossier", args=[dossier.code]))
            assert response.status_code == (200 if expected else 404), where
            if role_key == "oversight":  # read-only: nothing to do, the applicant masked
                body = response.content.decode()
                assert NAME not in body and "Trần T. B." in body, where
                assert f"{dossier.code}/thao-tac/" not in body and "mo-thong-tin/" not in body, where


def _staff_dossier_urls(dossier):
    urls = []
    for pattern in urls_staff.urlpatterns:
        converters = pattern.pattern.converters
        if "code" not in converters:
            continue
        kwargs = {"code": dossier.code}
        for name, value in (("doc_id", 1), ("kind", "control"), ("operation", "hand_over"), ("step", "gui")):
            if name in converters:
                kwargs[name] = value
        urls.append(reverse(f"backoffice:{pattern.name}", kwargs=kwargs))
    return urls


def _api_dossier_urls(dossier):
    patterns, _app, _namespace = api.urls
    return [
        "/api/" + str(p.pattern).replace("<code>", dossier.code)
        for p in patterns
        if "code" in getattr(p.pattern, "converters", {})
    ]


def test_another_agencys_user_learns_nothing_on_any_url(province, client):
    """Every staff URL and API endpoint taking a dossier code: 404 (403 or 401 on the API, which
    needs the applicant's secret) for a user of another agency, and neither the name nor the code
    in the answer beyond the address typed. The answer is the same as for a code that does not exist."""
    dossier = _dossier(province, "dept_a", receipt="centre", ret="branch")
    outsiders = [u for (a, r), u in province.users.items() if a in ("dept_b", "commune") and r != "sysadmin"]
    assert len(outsiders) == 10
    urls = _staff_dossier_urls(dossier)
    assert len(urls) == len([p for p in urls_staff.urlpatterns if "code" in p.pattern.converters]) >= 6
    api_urls = _api_dossier_urls(dossier)
    assert api_urls
    for user in outsiders:
        client.force_login(user)
        for url in urls:
            for method in (client.get, client.post):
                response = method(url)
                if response.status_code == 405:
                    continue
                where = f"{method.__name__} {url} as {user.username}"
                assert response.status_code == 404, where
                body = response.content.decode().replace(url, "")
                assert NAME not in body and dossier.code not in body, where
                missing = method(url.replace(dossier.code, "000.00.15.H56-990101-0001"))
                assert missing.status_code == 404, where
        for url in api_urls:
            response = client.get(url)
            assert response.status_code in (401, 403, 404, 405), url
            body = response.content.decode()
            assert NAME not in body and dossier.code not in body, url


LISTS = [
    "backoffice:worklist",
    "backoffice:counter",
    "backoffice:overview",
    "backoffice:late_list",
    "backoffice:paper_list",
    "backoffice:access_log",
    "backoffice:indicators_staff:late_dossiers",
    "backoffice:indicators_staff:paper_dossiers",
]


def test_lists_never_show_another_agencys_dossier(province, client):
    table = dossiers(province)
    for dossier, _openers in table.values():
        services.record_personal_data_read(
            actor=province.users[("dept_a", "counter")]
            if dossier.agency == province.agencies["dept_a"]
            else province.users[("dept_b", "counter")],
            dossier=dossier,
            what="page",
        )
    Dossier.objects.update(channel=Channel.COUNTER, paper_reason="Người nộp cao tuổi")
    year = timezone.localdate().year
    for (agency_key, role_key), user in province.users.items():
        client.force_login(user)
        for name in LISTS:
            url = reverse(name)
            response = client.get(url, {"ky": str(year)} if "indicators" in name else {})
            assert response.status_code in (200, 403), f"{url} as {user.username}"
            body = response.content.decode()
            for key, (dossier, openers) in table.items():
                if not _expected(openers, agency_key, role_key):
                    assert dossier.code not in body, f"{key} in {url} as {user.username}"


def test_the_province_oversight_chooses_an_agency(province, client):
    table = dossiers(province)
    client.force_login(province.users[("province", "oversight")])
    body = client.get(reverse("backoffice:late_list")).content.decode()
    assert all(d.code in body for d, _o in table.values())  # every agency
    assert NAME not in body  # masked
    dept_b = province.agencies["dept_b"]
    body = client.get(reverse("backoffice:late_list"), {"co-quan": dept_b.pk}).content.decode()
    assert not any(d.code in body for d, _o in table.values() if d.agency_id != dept_b.pk)
    assert "Sở Y tế" in client.get(reverse("backoffice:overview"), {"co-quan": dept_b.pk}).content.decode()
    # A department's director reads the lists of their own agency only, with no choice of agency.
    client.force_login(province.users[("dept_a", "director")])
    body = client.get(reverse("backoffice:late_list"), {"co-quan": dept_b.pk}).content.decode()
    assert 'id="chon-co-quan"' not in body
    assert table["a_at_own_counter"][0].code in body
    assert table["commune"][0].code not in body


def test_the_province_oversight_cannot_break_glass_nor_act(province, client):
    dossier, _openers = dossiers(province)["a_at_own_counter"]
    user = province.users[("province", "oversight")]
    client.force_login(user)
    response = client.post(
        reverse("backoffice:dossier_open", args=[dossier.code]), {"reason": "Kiểm tra theo phản ánh số 12"}
    )
    assert response.status_code == 403
    assert not privacy.can_see_personal_data(user, dossier)
    response = client.post(reverse("backoffice:dossier_action", args=[dossier.code, "hand_over"]), {})
    assert response.status_code in (400, 403)
    assert not dossier.events.exists()


def test_break_glass_only_for_the_directors_own_agency(province):
    dossier, _openers = dossiers(province)["a_at_centre_back_at_branch"]
    from django.core.exceptions import PermissionDenied

    for who in (("dept_b", "director"), ("centre", "director"), ("dept_b", "office")):
        with pytest.raises(PermissionDenied):
            services.open_personal_data(actor=province.users[who], dossier=dossier, reason="x" * 20)
    services.open_personal_data(
        actor=province.users[("dept_a", "director")], dossier=dossier, reason="x" * 20
    )
    assert privacy.can_see_personal_data(province.users[("dept_a", "director")], dossier)


def test_counter_of_the_receipt_or_return_place_sees_the_personal_data(province):
    dossier, _openers = dossiers(province)["a_at_centre_back_at_branch"]
    assert privacy.can_see_personal_data(province.users[("centre", "counter")], dossier)
    assert privacy.can_see_personal_data(province.users[("branch", "counter")], dossier)
    assert not privacy.can_see_personal_data(province.users[("dept_a", "counter")], dossier)
    assert not privacy.can_see_personal_data(province.users[("centre", "director")], dossier)


# --- the rule's two forms ------------------------------------------------------------------------

PLACE = st.sampled_from([None, *PLACES])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    agency=st.sampled_from(["dept_a", "dept_b", "commune"]),
    receipt=PLACE,
    ret=PLACE,
    holder_unit=st.sampled_from(
        [None, ("dept_a", "division"), ("dept_b", "division"), ("centre", "counter")]
    ),
    holder_agency=PLACE,
    handed_to_unit=st.sampled_from([None, ("dept_b", "division"), ("commune", "division")]),
    handed_to_agency=PLACE,
    actor=st.sampled_from([None, ("commune", "specialist"), ("branch", "counter")]),
    status=st.sampled_from([Status.SUBMITTED, Status.IN_PROCESS, Status.INTER_AGENCY, Status.RESULT_READY]),
)
def test_python_and_sql_agree(
    province,
    agency,
    receipt,
    ret,
    holder_unit,
    holder_agency,
    handed_to_unit,
    handed_to_agency,
    actor,
    status,
):
    p = province
    dossier = _dossier(
        p,
        agency,
        receipt=receipt,
        ret=ret,
        status=status,
        holder_unit=p.units[holder_unit] if holder_unit else None,
        holder_agency=p.agencies[holder_agency] if holder_agency else None,
    )
    if handed_to_unit or handed_to_agency:
        Handover.objects.create(
            dossier=dossier,
            seq=1,
            to_unit=p.units[handed_to_unit] if handed_to_unit else None,
            to_agency=p.agencies[handed_to_agency] if handed_to_agency else None,
            handed_at=timezone.now(),
        )
    if actor:
        DossierEvent.append(
            dossier=dossier, actor=p.users[actor], action="x", to_status=status, at=timezone.now()
        )
    for key, user in p.users.items():
        python = privacy.can_open(user, dossier)
        sql = Dossier.objects.filter(pk=dossier.pk).filter(privacy.openable_q(user)).exists()
        assert python is sql, key
        if privacy.can_see_personal_data(user, dossier):
            assert python, key  # whoever may see the personal data may open the dossier


def test_the_menu_offers_the_province_oversight_only_what_it_may_do(province, client):
    client.force_login(province.users[("province", "oversight")])
    body = client.get(reverse("backoffice:overview")).content.decode()
    menu = body[: body.index("</nav>")]
    assert "Toàn tỉnh" in menu and 'id="chon-co-quan"' in body
    assert reverse("backoffice:register") not in menu and reverse("backoffice:counter") not in menu
    assert client.get(reverse("backoffice:register")).status_code == 403
    assert client.get(reverse("backoffice:staff_home")).url == reverse("backoffice:overview")
    client.force_login(province.users[("dept_a", "director")])
    menu = client.get(reverse("backoffice:overview")).content.decode()
    assert "Toàn Sở" in menu and reverse("backoffice:register") in menu
