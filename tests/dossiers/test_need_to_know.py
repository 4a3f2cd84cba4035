"""Need-to-know (decision 0018): who sees a dossier's personal data, the masks for everyone else, the
log of every read, and what the applicant and the Office read of that log.

The permission matrix walks every staff URL that takes a dossier code — read from the URLconf, so a
new URL fails here until it is classified — for each kind of user and two moments of a dossier.
"""
# ruff: noqa: F811  (pytest fixtures imported from tests.dossiers.conftest are redefined as arguments)

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc.api.api import api
from cchc.dossiers import documents, privacy, selectors, services, urls_staff
from cchc.dossiers.models import Dossier, DossierEvent, Handover, PersonalDataRead, Status
from cchc.org import roles
from tests.dossiers.conftest import make_user, person, world  # noqa: F401
from tests.factories import DossierFactory, checked_pdf

ID_NUMBER = "060090001234"
MASKED_ID = "*********234"
PHONE = "0912345678"
ADDRESS = "Phan Thiết, Lâm Đồng"


# --- the dossier in two moments --------------------------------------------------------------------


def _received(world) -> Dossier:
    """Received at the counter with a scanned file, handed to the division (unit A): A holds it."""
    dossier, _secret = services.receive_at_counter(
        actor=world.staff["counter"],
        procedure_version=world.version,
        applicant=person(),
        paper_reason="Người nộp cao tuổi, không dùng được máy tính",
    )
    documents.save_documents(dossier, [checked_pdf()], user=world.staff["counter"])
    return services.hand_over(actor=world.staff["counter"], dossier=dossier, revision=dossier.revision)


def at_unit_a(world) -> Dossier:
    return _received(world)


def decided(world) -> Dossier:
    """The same dossier decided by the director after A's specialist, A's head and the partner
    agency: the counter holds it (result ready); A's officers who acted keep seeing it."""
    s = world.staff
    dossier = _received(world)
    dossier = services.hand_over(actor=s["specialist"], dossier=dossier, revision=dossier.revision)
    dossier = services.hand_over(actor=s["head"], dossier=dossier, revision=dossier.revision)
    dossier = services.take_back(actor=s["head"], dossier=dossier, revision=dossier.revision)
    return services.approve(actor=s["director"], dossier=dossier, revision=dossier.revision)


MOMENTS = {"at_unit_a": at_unit_a, "decided": decided}

# Who sees the personal data (True), who sees the masked dossier (False), at each moment.
# "specialist_2" is a second specialist of unit A who never acted on the dossier.
SEES = {
    "at_unit_a": {
        "specialist": True,
        "specialist_2": True,
        "head": True,
        "counter": True,
        "other_specialist": False,
        "other_head": False,
        "other_counter": False,
        "director": False,
        "office": False,
    },
    "decided": {
        "specialist": True,  # acted (handed it on)
        "specialist_2": False,  # of unit A, never acted, A no longer holds it
        "head": True,
        "counter": True,
        "other_specialist": False,
        "other_head": False,
        "other_counter": False,
        "director": True,  # acted (approved)
        "office": False,
    },
}
USERS = [*SEES["at_unit_a"], "anonymous"]
# Who may not open the dossier at all (404 on every URL; decision 0021): the partner agency's counter
# until the dossier is handed to its agency, then it opens it (masked) like the partner's staff.
CANNOT_OPEN = {"at_unit_a": {"other_counter"}, "decided": set()}


# How each staff URL taking a dossier is checked: a page (masked or not), a file (200 or 403), the
# break-glass form. A URL missing here fails ``test_every_dossier_url_is_in_the_matrix``.
PAGE, FILE, ACTION_PAGE, BREAK_GLASS = "page", "file", "action", "break-glass"
URL_KINDS = {
    "dossier": PAGE,
    "intake_done": PAGE,
    "dossier_action": ACTION_PAGE,
    "paper_action": ACTION_PAGE,
    "document": FILE,
    "slip": FILE,
    "dossier_open": BREAK_GLASS,
}


def _dossier_urls():
    return [p for p in urls_staff.urlpatterns if "code" in p.pattern.converters]


def _api_dossier_urls():
    patterns, _app, _namespace = api.urls
    return [p for p in patterns if "code" in getattr(p.pattern, "converters", {})]


def test_every_dossier_url_is_in_the_matrix():
    assert {p.name for p in _dossier_urls()} == set(URL_KINDS)


def _url(pattern, dossier) -> str:
    kwargs = {"code": dossier.code}
    converters = pattern.pattern.converters
    if "doc_id" in converters:
        kwargs["doc_id"] = dossier.documents.first().pk
    if "kind" in converters:
        kwargs["kind"] = "control"
    if "operation" in converters:
        kwargs["operation"] = "hand_over"
    if "step" in converters:
        kwargs["step"] = "nhan"
    return reverse(f"backoffice:{pattern.name}", kwargs=kwargs)


def _user(world, key):
    if key == "specialist_2":
        return make_user(roles.SPECIALIST, world.division, "chuyenvien2")
    return world.staff[key]


@pytest.mark.parametrize("key", USERS)
@pytest.mark.parametrize("moment", list(MOMENTS))
def test_permission_matrix(world, client, moment, key):
    dossier = MOMENTS[moment](world)
    if key != "anonymous":
        client.force_login(_user(world, key))
    sees = SEES[moment].get(key, False)
    patterns = sorted(_dossier_urls(), key=lambda p: URL_KINDS[p.name] == BREAK_GLASS)  # it changes state
    for pattern in patterns:
        url, kind = _url(pattern, dossier), URL_KINDS[pattern.name]
        if kind in (ACTION_PAGE, BREAK_GLASS):
            response = client.post(url, {"reason": "Giải quyết phản ánh số 12/PAKN của người nộp"})
        else:
            response = client.get(url)
        where = f"{pattern.name} as {key} ({moment})"
        if key == "anonymous":
            assert response.status_code == 302 and "dang-nhap" in response["Location"], where
            continue
        if key in CANNOT_OPEN[moment]:
            assert response.status_code == 404, where
            # The code appears only in the address the user typed (the language link repeats it).
            assert dossier.code not in response.content.decode().replace(url, ""), where
            continue
        if kind == FILE:
            assert response.status_code == (200 if sees else 403), where
        elif kind == BREAK_GLASS:
            allowed = key in ("director", "office")
            assert response.status_code == (302 if allowed else 403), where
        else:
            assert response.status_code == (200 if kind == PAGE else 400), where
            body = response.content.decode()
            assert ("Nguyễn Văn An" in body) is sees, where
            assert ("Nguyễn V. A." in body) is not sees, where
            if pattern.name != "intake_done":  # the page that confirms an intake shows the name only
                assert (ID_NUMBER in body) is sees, where
                assert (MASKED_ID in body) is not sees, where
                assert (PHONE in body) is sees, where
                assert (ADDRESS in body) is sees, where


@pytest.mark.parametrize("key", ["specialist", "other_specialist", "director"])
def test_the_api_gives_staff_nothing_of_a_dossier_without_its_secret(world, client, key):
    dossier = at_unit_a(world)
    client.force_login(world.staff[key])
    patterns = _api_dossier_urls()
    assert patterns
    for pattern in patterns:
        path = "/api/" + str(pattern.pattern).replace("<code>", dossier.code)
        response = client.get(path)
        assert response.status_code in (401, 403, 405), path
        assert ID_NUMBER not in response.content.decode()


def test_break_glass_opens_for_a_while_with_a_reason_that_is_logged(world, client, settings):
    dossier = at_unit_a(world)
    director = world.staff["director"]
    client.force_login(director)
    url = reverse("backoffice:dossier_open", args=[dossier.code])
    response = client.post(url, {"reason": "xem"})
    assert response.status_code == 400
    assert "ít nhất 10 ký tự" in response.content.decode()
    assert not PersonalDataRead.objects.exists()
    assert client.post(url, {"reason": "Giải quyết phản ánh số 12/PAKN"}).status_code == 302
    read = PersonalDataRead.objects.get()
    assert (read.action, read.note, read.actor, read.unit) == (
        PersonalDataRead.What.BREAK_GLASS,
        "Giải quyết phản ánh số 12/PAKN",
        director,
        world.leadership,
    )
    assert ID_NUMBER in client.get(reverse("backoffice:dossier", args=[dossier.code])).content.decode()
    later = timezone.now() + dt.timedelta(minutes=settings.CCHC_BREAK_GLASS_MINUTES + 1)
    assert not privacy.can_see_personal_data(director, dossier, now=later)


def test_a_unit_head_cannot_break_glass(world):
    dossier = at_unit_a(world)
    with pytest.raises(PermissionDenied):
        services.open_personal_data(actor=world.staff["other_head"], dossier=dossier, reason="x" * 20)


# --- the rule's two forms ------------------------------------------------------------------------


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    status=st.sampled_from(list(Status)),
    holder=st.sampled_from([None, "counter", "division", "other_division", "leadership"]),
    partner_agency=st.booleans(),
    sent_from=st.sampled_from([None, "division", "other_division"]),
    passed_to=st.sampled_from([None, "division", "other_division", "leadership"]),
    actor=st.sampled_from([None, *sorted(["counter", "specialist", "head", "director", "office"])]),
    opened_by=st.sampled_from([None, "director", "office", "specialist"]),
    opened_minutes_ago=st.integers(min_value=0, max_value=120),
)
def test_python_and_sql_agree(
    world, status, holder, partner_agency, sent_from, passed_to, actor, opened_by, opened_minutes_ago
):
    units = {
        "counter": world.counter,
        "division": world.division,
        "other_division": world.other_division,
        "leadership": world.leadership,
    }
    now = timezone.now()
    dossier = DossierFactory(
        procedure_version=world.version,
        agency=world.partner if partner_agency else world.agency,
        status=status,
        holder_unit=units.get(holder),
    )
    seq = 0
    for from_key, to_key in ((None, passed_to), (sent_from, None)):
        if from_key or to_key:
            seq += 1
            Handover.objects.create(
                dossier=dossier,
                seq=seq,
                from_unit=units.get(from_key),
                to_unit=units.get(to_key),
                handed_at=now,
            )
    if actor:
        DossierEvent.append(dossier=dossier, actor=world.staff[actor], action="x", to_status=status, at=now)
    if opened_by:
        PersonalDataRead.objects.create(
            dossier=dossier,
            actor=world.staff[opened_by],
            action=PersonalDataRead.What.BREAK_GLASS,
            at=now - dt.timedelta(minutes=opened_minutes_ago),
        )
    for user in world.staff.values():
        python = privacy.can_see_personal_data(user, dossier, now=now)
        sql = Dossier.objects.filter(pk=dossier.pk).filter(privacy.personal_data_q(user, now=now)).exists()
        assert python is sql, user.username


def test_nobody_without_a_staff_profile_sees(world, django_user_model):
    dossier = at_unit_a(world)
    user = django_user_model.objects.create_user("khach")
    assert not privacy.can_see_personal_data(user, dossier)
    assert not Dossier.objects.filter(privacy.personal_data_q(user)).exists()


# --- masks ----------------------------------------------------------------------------------------


def test_masks():
    assert privacy.mask_digits("060090001234") == "*********234"
    assert privacy.mask_digits("0912 345 678") == "*******678"
    assert privacy.mask_digits("") == ""
    assert privacy.mask_email("an.nguyen@example.com") == "a***@example.com"
    assert privacy.mask_person_name("Nguyễn Văn An") == "Nguyễn V. A."
    assert privacy.mask_person_name("  Lê   Thị  Thu Hà ") == "Lê T. T. H."


def test_an_organisation_keeps_its_name_and_tax_code_in_the_masked_view():
    dossier = Dossier(
        applicant_kind="organisation", applicant_name="Công ty TNHH An Phát", tax_code="0101234567"
    )
    view = privacy.applicant_view(dossier, visible=False)
    assert (view.name, view.tax_code, view.masked) == ("Công ty TNHH An Phát", "0101234567", True)


# --- lists ----------------------------------------------------------------------------------------


def test_late_list_masks_the_rows_a_leader_may_not_see(world, client):
    dossier = at_unit_a(world)
    Dossier.objects.filter(pk=dossier.pk).update(due_at=timezone.now() - dt.timedelta(days=3))
    client.force_login(world.staff["director"])
    body = client.get(reverse("backoffice:late_list")).content.decode()
    assert dossier.code in body and "Nguyễn V. A." in body and "Nguyễn Văn An" not in body
    client.force_login(world.staff["head"])
    body = client.get(reverse("backoffice:late_list")).content.decode()
    assert "Nguyễn Văn An" in body


def test_the_register_masks_and_logs_by_the_same_rule(world, client):
    dossier = at_unit_a(world)
    client.force_login(world.staff["office"])
    day = timezone.localdate()
    url = reverse("backoffice:register") + f"?tu={day}&den={day}&dinh-dang=xlsx"
    assert client.get(url).status_code == 200
    assert not PersonalDataRead.objects.filter(action=PersonalDataRead.What.REGISTER).exists()
    from cchc.dossiers import register

    rows = register.register_rows(world.agency, day, day, viewer=world.staff["office"])
    assert rows[0][3] == "Nguyễn V. A." and rows[0][4] == privacy.HIDDEN
    client.force_login(world.staff["counter"])
    assert client.get(url).status_code == 200
    read = PersonalDataRead.objects.get(action=PersonalDataRead.What.REGISTER)
    assert (read.dossier, read.actor) == (dossier, world.staff["counter"])


# --- the log --------------------------------------------------------------------------------------


def test_every_read_of_personal_data_is_logged_and_masked_views_are_not(world, client):
    dossier = at_unit_a(world)
    doc = dossier.documents.get()
    client.force_login(world.staff["specialist"])
    client.get(reverse("backoffice:dossier", args=[dossier.code]))
    client.get(reverse("backoffice:document", args=[dossier.code, doc.pk]))
    client.get(reverse("backoffice:slip", args=[dossier.code, "control"]))
    client.force_login(world.staff["other_specialist"])
    client.get(reverse("backoffice:dossier", args=[dossier.code]))
    client.get(reverse("backoffice:document", args=[dossier.code, doc.pk]))
    reads = list(PersonalDataRead.objects.order_by("id").values_list("actor__username", "action", "unit"))
    assert reads == [
        ("chuyenvien", "page", world.division.pk),
        ("chuyenvien", "document", world.division.pk),
        ("chuyenvien", "slip", world.division.pk),
    ]


def test_the_log_is_one_insert(world, django_assert_num_queries):
    dossier = at_unit_a(world)
    user = world.staff["specialist"]
    privacy.can_see_personal_data(user, dossier)  # the staff row is read once per user object
    with django_assert_num_queries(1):
        services.record_personal_data_read(actor=user, dossier=dossier, what=PersonalDataRead.What.PAGE)


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_applicant_reads_who_saw_their_data(world, client, prefix):
    dossier, secret = services.receive_at_counter(
        actor=world.staff["counter"],
        procedure_version=world.version,
        applicant=person(),
        paper_reason="Cao tuổi",
    )
    services.record_personal_data_read(actor=world.staff["counter"], dossier=dossier, what="page")
    services.record_personal_data_read(actor=world.staff["counter"], dossier=dossier, what="page")
    services.open_personal_data(actor=world.staff["office"], dossier=dossier, reason="Giải quyết phản ánh 12")
    url = prefix + reverse("portal:dossier_status", args=[dossier.code])
    client.post(prefix + "/tra-cuu/", {"code": dossier.code, "last4": "5678"})
    body = client.get(url).content.decode()
    assert "bang-truy-cap" not in body  # code and digits, no secret: nothing of who read it
    client.post(url, {"secret": secret})
    body = client.get(url).content.decode()
    assert 'id="bang-truy-cap"' in body
    assert "Bộ phận Một cửa" in body  # the unit's name, as written
    assert ("Department Office" if prefix else "Văn phòng Sở") in body  # the role, in the page's language
    assert "motcua" not in body and "vanphong" not in body  # the public pages never name staff
    assert "Giải quyết phản ánh 12" in body
    if prefix:
        assert "Who has seen your personal data" in body and "One-stop counter officer" in body
    with translation.override("vi"):
        lines = selectors.reads_for_applicant(dossier)
    assert [(str(line.role), line.unit, line.times) for line in lines] == [
        ("Văn phòng Sở", world.staff["office"].staff.unit.name, 1),
        ("Cán bộ Bộ phận Một cửa", "Bộ phận Một cửa", 2),
    ]


def test_the_office_reads_the_log_per_dossier_and_per_officer(world, client):
    dossier = at_unit_a(world)
    other = at_unit_a(world)
    services.record_personal_data_read(actor=world.staff["specialist"], dossier=dossier, what="page")
    services.record_personal_data_read(actor=world.staff["head"], dossier=other, what="document")
    url = reverse("backoffice:access_log")
    client.force_login(world.staff["specialist"])
    assert client.get(url).status_code == 403
    client.force_login(world.staff["office"])
    body = client.get(url, {"ho-so": dossier.code}).content.decode()
    assert dossier.code in body and other.code not in body
    body = client.get(url, {"can-bo": "truongphong"}).content.decode()
    assert other.code in body and dossier.code not in body
