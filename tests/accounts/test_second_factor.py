"""The second factor (django-otp): required of leaders, the Office and administrators by default; until a
session passes it, such a user reaches only the enrolment and verification pages (pages, admin, API)."""

# ruff: noqa: F811  (pytest fixtures imported from tests.dossiers.conftest are redefined as arguments)
from __future__ import annotations

import re
from base64 import b32encode

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from cchc.accounts.models import SecurityEvent
from cchc.dossiers import services
from tests.backoffice.test_dossier_screens import action_url, at_counter, to_division, to_partner
from tests.dossiers.conftest import make_user, world  # noqa: F401
from tests.otp import current_code, totp_device

pytestmark = pytest.mark.otp  # force_login here is the password step only

PASSWORD = "mat-khau-thu-nghiem"
VERIFY = "/quan-tri/tai-khoan/xac-thuc/"
ENROL = "/quan-tri/tai-khoan/xac-thuc-hai-lop/"
Action = SecurityEvent.Action


def awaiting_director(world):
    s = world.staff
    dossier = to_partner(world, to_division(world, at_counter(world)))
    return services.take_back(actor=s["head"], dossier=dossier, revision=dossier.revision)


def approve(client, dossier):
    data = {"quyet-dinh-revision": dossier.revision, "quyet-dinh-opinion": ""}
    return client.post(action_url(dossier, "approve"), data)


def test_a_leader_without_a_second_factor_cannot_approve(world, client):
    director = world.staff["director"]
    dossier = awaiting_director(world)
    client.force_login(director)  # the password only
    response = approve(client, dossier)
    assert response.status_code == 302 and response["Location"] == ENROL
    dossier.refresh_from_db()
    assert dossier.status == "in_process"
    # Nor through the API with the same session.
    response = client.get("/api/worklist")
    assert response.status_code == 403 and "xác thực hai lớp" in response.json()["detail"]
    # Nor any other staff page or the admin.
    for path in (reverse("backoffice:worklist"), "/quan-tri/auth/user/"):
        assert client.get(path)["Location"].startswith(ENROL), path


def test_with_a_verified_code_the_leader_approves(world, client, settings):
    director = world.staff["director"]
    dossier = awaiting_director(world)
    device = totp_device(director)
    response = client.post("/quan-tri/dang-nhap/", {"username": director.username, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    assert approve(client, dossier)["Location"].startswith(VERIFY)  # password alone: not yet

    wrong = client.post(VERIFY, {"code": "000000" if current_code(device) != "000000" else "111111"})
    assert wrong.status_code == 400 and "Mã xác thực không đúng" in wrong.content.decode()
    # django-otp slows guessing down: right after a wrong code even the right one is refused for a while.
    assert client.post(VERIFY, {"code": current_code(device)}).status_code == 400
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # instead of waiting out the delay
    response = client.post(VERIFY, {"code": current_code(device), "next": "/quan-tri/ho-so/"})
    assert response.status_code == 302 and response["Location"] == "/quan-tri/ho-so/"

    assert approve(client, dossier).status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == "result_ready"
    assert client.get("/api/worklist").status_code == 200
    actions = set(SecurityEvent.objects.filter(actor=director).values_list("action", flat=True))
    assert {Action.SIGNIN, Action.OTP_FAILED, Action.OTP_VERIFIED} <= actions


def test_enrolment_shows_a_qr_code_then_ten_recovery_codes_usable_once(world, client):
    office = world.staff["office"]
    response = client.post("/quan-tri/dang-nhap/", {"username": office.username, "password": PASSWORD})
    assert response["Location"].startswith(ENROL)
    page = client.get(response["Location"]).content.decode()
    assert re.search(r'<img src="data:image/svg\+xml[^"]+"', page)
    main = page.split("<main", 1)[1].split("</main>", 1)[0]
    assert "<script" not in main and "style=" not in main  # nothing inline: the strict CSP allows none
    device = TOTPDevice.objects.get(user=office, confirmed=False)
    secret = b32encode(device.bin_key).decode().rstrip("=")
    shown = re.search(r'text-break">([A-Z2-7 ]+)<', main).group(1)
    assert shown.replace(" ", "") == secret  # typed by hand when the QR code cannot be scanned

    assert client.post(ENROL, {"code": "12345"}).status_code == 400  # wrong: nothing confirmed
    response = client.post(ENROL, {"code": current_code(device)})
    codes = re.findall(r'<li class="col py-1">(\w+)</li>', response.content.decode())
    assert response.status_code == 200 and len(codes) == 10 and len(set(codes)) == 10
    assert client.get(reverse("backoffice:worklist")).status_code == 200  # verified by the enrolment

    # Later: a recovery code replaces the phone once.
    for attempt in (1, 2):
        client.logout()
        client.post("/quan-tri/dang-nhap/", {"username": office.username, "password": PASSWORD})
        response = client.post(VERIFY, {"code": codes[0]})
        if attempt == 1:
            assert response.status_code == 302
        else:
            assert response.status_code == 400  # used up
    assert StaticToken.objects.filter(device__user=office).count() == 9
    assert SecurityEvent.objects.filter(actor=office, action=Action.RECOVERY_USED).count() == 1
    assert SecurityEvent.objects.filter(actor=office, action=Action.OTP_ENROLLED).count() == 1


def test_a_password_alone_cannot_replace_an_enrolled_device(world, client):
    head = world.staff["head"]
    totp_device(head)
    client.force_login(head)
    response = client.get(ENROL)
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    assert client.post(ENROL, {"code": "123456"})["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=head).count() == 1


def test_roles_that_need_it_are_a_setting(world, client, settings):
    counter = world.staff["counter"]
    client.force_login(counter)  # counter officers are not in the default list
    assert client.get(reverse("backoffice:worklist")).status_code == 200
    settings.CCHC_OTP_REQUIRED_ROLES = ["counter"]
    client.force_login(counter)
    assert client.get(reverse("backoffice:worklist"))["Location"].startswith(ENROL)
    settings.CCHC_OTP_REQUIRED_ROLES = []
    client.force_login(world.staff["director"])
    assert client.get(reverse("backoffice:worklist")).status_code == 200


def test_superusers_and_admin_staff_need_it(world, client):
    specialist = world.staff["specialist"]
    specialist.is_staff = True
    specialist.save(update_fields=["is_staff"])
    client.force_login(specialist)
    assert client.get("/quan-tri/")["Location"].startswith(ENROL)
