"""``POST /api/token``: a staff bearer token for the password (and the second factor when the account
needs one); wrong passwords are refused and counted towards the lock-out, like the sign-in page's."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.test import Client

from cchc.accounts.models import SecurityEvent
from tests.dossiers import conftest as dossier_world
from tests.otp import current_code, totp_device

pytestmark = pytest.mark.django_db

world = dossier_world.world
PASSWORD = "mat-khau-thu-nghiem"


def token(client, **body):
    return client.post("/api/token", body, content_type="application/json")


def test_a_token_opens_the_worklist(world):
    specialist = world.staff["specialist"]
    response = token(Client(), username=specialist.username, password=PASSWORD)
    assert response.status_code == 200
    body = response.json()
    assert body["expires_at"]
    worklist = Client().get("/api/worklist", headers={"Authorization": f"Bearer {body['token']}"})
    assert worklist.status_code == 200 and worklist.json() == []
    assert SecurityEvent.objects.filter(actor=specialist, action=SecurityEvent.Action.API_TOKEN).exists()


def test_a_leader_needs_the_second_factor(world):
    head = world.staff["head"]
    device = totp_device(head)
    response = token(Client(), username=head.username, password=PASSWORD)
    assert response.status_code == 401 and "xác thực hai lớp" in response.json()["detail"]
    response = token(Client(), username=head.username, password=PASSWORD, otp=current_code(device))
    assert response.status_code == 200 and response.json()["token"]


def test_wrong_passwords_are_refused_counted_and_lock_the_account(world):
    specialist = world.staff["specialist"]
    client = Client()
    response = token(client, username=specialist.username, password="sai")
    assert response.status_code == 401
    assert response.json()["detail"] == "Tên đăng nhập hoặc mật khẩu không đúng."
    assert AccessAttempt.objects.get(username=specialist.username).failures_since_start == 1
    for _ in range(4):
        token(client, username=specialist.username, password="sai")
    response = token(client, username=specialist.username, password=PASSWORD)
    assert response.status_code == 429 and "tạm thời bị khóa" in response.json()["detail"]
    # The sign-in page refuses the account as well: one lock-out for both doors.
    page = client.post("/quan-tri/dang-nhap/", {"username": specialist.username, "password": PASSWORD})
    assert page.status_code == 429


@pytest.mark.ratelimit
def test_an_address_is_throttled(world, settings):
    settings.CCHC_SIGNIN_FAIL_RATE = "2/m"
    client = Client()
    for name in ("x1", "x2"):
        assert token(client, username=name, password="sai").status_code == 401
    response = token(client, username=world.staff["specialist"].username, password=PASSWORD)
    assert response.status_code == 429
