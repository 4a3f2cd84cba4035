"""Idle staff sessions end; citizens' sessions do not; passwords are hashed with Argon2."""

# ruff: noqa: F811  (pytest fixtures imported from tests.dossiers.conftest are redefined as arguments)
from __future__ import annotations

import time

from django.contrib.auth.hashers import make_password
from django.urls import reverse

import cchc.settings as project_settings
from cchc.accounts import sessions
from cchc.accounts.models import SecurityEvent
from tests.dossiers.conftest import make_user, world  # noqa: F401


def _seen_ago(client, seconds: int) -> None:
    session = client.session
    session[sessions.LAST_SEEN] = int(time.time()) - seconds
    session.save()


def test_an_idle_staff_session_goes_to_the_sign_in_page(world, client, settings):
    settings.CCHC_STAFF_IDLE_SECONDS = 1800
    user = world.staff["specialist"]
    client.force_login(user)
    worklist = reverse("backoffice:worklist")
    assert client.get(worklist).status_code == 200
    _seen_ago(client, 1700)  # within the limit: still signed in, and the clock starts again
    assert client.get(worklist).status_code == 200
    assert time.time() - client.session[sessions.LAST_SEEN] < 60

    _seen_ago(client, 1801)
    response = client.get(worklist)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('backoffice:login')}?next={worklist}"
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "Phiên làm việc đã hết do lâu không thao tác" in page
    assert SecurityEvent.objects.filter(actor=user, action=SecurityEvent.Action.IDLE_SIGNOUT).count() == 1


def test_a_citizens_session_is_not_timed_out(db, client, settings):
    settings.CCHC_STAFF_IDLE_SECONDS = 1800
    session = client.session
    session["draft"] = "to-khai"
    session[sessions.LAST_SEEN] = int(time.time()) - 86400
    session.save()
    assert client.get("/").status_code == 200
    assert client.session["draft"] == "to-khai"


def test_argon2_first_and_older_hashes_upgraded_at_sign_in(world, client, settings):
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS  # the tests' fast hasher replaced
    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert make_password("x").startswith("argon2")
    user = world.staff["specialist"]
    user.password = make_password("mat-khau-cu-2020", hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])
    credentials = {"username": user.username, "password": "mat-khau-cu-2020"}
    response = client.post("/quan-tri/dang-nhap/", credentials)
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$")
