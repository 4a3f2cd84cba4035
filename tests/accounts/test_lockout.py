"""Sign-in lock-out (django-axes): per account after CCHC_LOCKOUT_FAILURES wrong passwords, a clear page,
the Office's unlock screen, the security log; the admin signs in through the same page."""

# ruff: noqa: F811  (pytest fixtures imported from tests.dossiers.conftest are redefined as arguments)
from __future__ import annotations

import pytest
from django.contrib.auth.signals import user_login_failed
from django.urls import reverse

from cchc.accounts import selectors
from cchc.accounts.models import SecurityEvent
from tests.dossiers.conftest import make_user, world  # noqa: F401
from tests.factories import UserFactory

LOGIN = "/quan-tri/dang-nhap/"
STAFF_PASSWORD = "mat-khau-thu-nghiem"  # tests/factories.py UserFactory
Action = SecurityEvent.Action


def sign_in(client, username, password, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def test_the_sixth_try_and_the_right_password_after_it_are_refused(world, client):
    failed = []
    user_login_failed.connect(lambda sender, **kw: failed.append(kw["credentials"]["username"]), weak=False)
    specialist = world.staff["specialist"]
    for _ in range(4):
        response = sign_in(client, specialist.username, "sai-mat-khau")
        assert response.status_code == 200 and "không đúng" in response.content.decode()
    fifth = sign_in(client, specialist.username, "sai-mat-khau")  # the limit reached: locked now
    assert fifth.status_code == 429
    for password in ("sai-mat-khau", STAFF_PASSWORD):
        response = sign_in(client, specialist.username, password)
        page = response.content.decode()
        assert response.status_code == 429, password
        assert "Tài khoản tạm thời bị khóa đăng nhập" in page and "Văn phòng Sở mở khóa" in page
        assert "_auth_user_id" not in client.session
    # Another account signs in from the same address: the lock is per account.
    assert sign_in(client, world.staff["counter"].username, STAFF_PASSWORD).status_code == 302
    # Django's signal still fires for each refusal (the metrics count it).
    assert failed.count(specialist.username) == 7
    rows = SecurityEvent.objects.filter(username=specialist.username).order_by("id")
    actions = list(rows.values_list("action", flat=True))
    assert actions == [Action.SIGNIN_FAILED] * 4 + [Action.LOCKED_OUT] * 3


def test_failures_are_forgotten_after_a_right_password(world, client):
    user = world.staff["specialist"]
    for _ in range(4):
        sign_in(client, user.username, "sai")
    assert sign_in(client, user.username, STAFF_PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        sign_in(client, user.username, "sai")
    assert sign_in(client, user.username, STAFF_PASSWORD).status_code == 302


@pytest.mark.ratelimit
def test_one_address_is_throttled_across_accounts(world, client, settings):
    settings.CCHC_SIGNIN_FAIL_RATE = "3/m"
    for name in ("a1", "a2", "a3"):
        assert sign_in(client, name, "sai").status_code == 200
    response = sign_in(client, world.staff["counter"].username, STAFF_PASSWORD)
    assert response.status_code == 429 and "Quá nhiều lần đăng nhập sai" in response.content.decode()
    # Another address is not affected.
    other = sign_in(client, world.staff["counter"].username, STAFF_PASSWORD, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302


def test_the_office_lists_and_unlocks(world, client):
    locked = world.staff["specialist"]
    for _ in range(5):
        sign_in(client, locked.username, "sai", REMOTE_ADDR="10.1.2.3")
    assert [lock.username for lock in selectors.lockouts()] == [locked.username]

    client.force_login(world.staff["counter"])  # not the Office: no screen, no unlock
    assert client.get(reverse("backoffice:accounts_staff:security")).status_code == 403
    response = client.post(reverse("backoffice:accounts_staff:unlock"), {"username": locked.username})
    assert response.status_code == 403 and selectors.lockouts()

    client.force_login(world.staff["office"])
    page = client.get(reverse("backoffice:accounts_staff:security")).content.decode()
    assert locked.username in page and "10.1.2.3" in page and "Mở khóa" in page
    response = client.post(reverse("backoffice:accounts_staff:unlock"), {"username": locked.username})
    assert response.status_code == 302 and selectors.lockouts() == []
    event = SecurityEvent.objects.get(action=Action.UNLOCKED)
    assert event.actor == world.staff["office"] and event.username == locked.username
    page = client.get(reverse("backoffice:accounts_staff:security")).content.decode()
    assert "Mở khóa đăng nhập" in page and "Không có tài khoản nào đang bị khóa" in page

    client.logout()
    assert sign_in(client, locked.username, STAFF_PASSWORD).status_code == 302


def test_the_admin_signs_in_through_the_staff_page(db, client):
    response = client.get("/quan-tri/login/?next=/quan-tri/auth/user/")
    assert response.status_code == 302
    assert response["Location"] == "/quan-tri/dang-nhap/?next=/quan-tri/auth/user/"
    # The admin's pages send a visitor to it as well.
    response = client.get("/quan-tri/auth/user/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/quan-tri/dang-nhap/")


def test_the_admin_sign_in_cannot_be_brute_forced_around_the_lock(world, client):
    """Django's own admin sign-in form checks no password: a POST there signs nobody in and counts
    nothing, and the sixth try through the page it sends to is refused like any other."""
    superuser = UserFactory(username="quantri.admin", is_superuser=True, is_staff=True)
    for _ in range(6):
        response = client.post("/quan-tri/login/", {"username": superuser.username, "password": "sai"})
        assert response.status_code == 302 and response["Location"].startswith(LOGIN)
        assert "_auth_user_id" not in client.session
    for _ in range(5):
        sign_in(client, superuser.username, "sai", QUERY_STRING="next=/quan-tri/auth/user/")
    response = client.post(
        LOGIN + "?next=/quan-tri/auth/user/", {"username": superuser.username, "password": STAFF_PASSWORD}
    )
    assert response.status_code == 429 and "_auth_user_id" not in client.session
    assert client.get("/quan-tri/auth/user/", follow=True).redirect_chain[-1][0].startswith(LOGIN)
