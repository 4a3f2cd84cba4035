"""Failed tracking look-ups are limited per dossier code too, from all addresses together."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import caches

from cchc.dossiers import links, services
from tests.dossiers import conftest as dossier_world

pytestmark = [pytest.mark.django_db, pytest.mark.ratelimit]

world = dossier_world.world


@pytest.fixture
def dossier(world, settings):
    settings.CCHC_TRACKING_FAIL_RATE = "100/h"  # the per-IP limit stays out of the way
    settings.CCHC_TRACKING_CODE_FAIL_RATE = "3/h"
    dossier, secret = services.submit_online(
        procedure_version=world.version, applicant=dossier_world.person()
    )
    dossier.secret_for_test = secret
    return dossier


def track(client, code, last4, address):
    return client.post("/tra-cuu/", {"code": code, "last4": last4}, REMOTE_ADDR=address)


def test_a_guesser_on_many_addresses_locks_the_code_for_a_while(client, dossier):
    for n in range(3):
        assert track(client, dossier.code, f"000{n}", f"203.0.113.{n}").status_code == 404
    # A fourth address, even with the right digits: the code is locked, with the time left.
    response = track(client, dossier.code, "5678", "203.0.113.9")
    assert response.status_code == 429
    body = response.content.decode()
    assert "tạm khoá" in body and "phút" in body
    assert 0 < int(response["Retry-After"]) <= 3600
    # Another dossier is not affected.
    other, _ = services.submit_online(
        procedure_version=dossier.procedure_version, applicant=dossier_world.person()
    )
    assert track(client, other.code, "5678", "203.0.113.9").status_code == 302


def test_the_lock_expires(client, dossier):
    for n in range(3):
        track(client, dossier.code, f"000{n}", f"203.0.113.{n}")
    assert track(client, dossier.code, "5678", "198.51.100.1").status_code == 429
    caches[settings.RATELIMIT_USE_CACHE].clear()  # the window's end: the counters expire with the period
    assert track(client, dossier.code, "5678", "198.51.100.1").status_code == 302


def test_the_notice_link_and_an_open_browser_still_reach_a_locked_dossier(client, dossier, world):
    assert track(client, dossier.code, "5678", "198.51.100.1").status_code == 302  # the owner, earlier
    for n in range(3):
        track(client.__class__(), dossier.code, f"000{n}", f"203.0.113.{n}")
    assert client.get(f"/tra-cuu/{dossier.code}/").status_code == 200
    fresh = client.__class__()
    response = fresh.get(links.url(dossier, links.RESULT), follow=True)
    assert response.status_code == 200 and dossier.code in response.content.decode()


def test_wrong_secrets_count_against_the_code_on_the_page_and_the_api(client, dossier):
    client.post("/tra-cuu/", {"code": dossier.code, "last4": "5678"})
    url = f"/tra-cuu/{dossier.code}/"
    assert client.post(url, {"secret": "sai-1"}, REMOTE_ADDR="203.0.113.1").status_code == 200
    api = f"/api/dossiers/{dossier.code}"
    for n in (2, 3):
        response = client.get(api, headers={"X-Tracking-Secret": "sai"}, REMOTE_ADDR=f"203.0.113.{n}")
        assert response.status_code == 403
    locked = client.get(
        api, headers={"X-Tracking-Secret": dossier.secret_for_test}, REMOTE_ADDR="203.0.113.4"
    )
    assert locked.status_code == 429 and "tạm khoá" in locked.json()["detail"]
    assert client.post(url, {"secret": dossier.secret_for_test}).status_code == 429


def test_english_message(client, dossier):
    for n in range(3):
        client.post("/en/tra-cuu/", {"code": dossier.code, "last4": f"000{n}"}, REMOTE_ADDR=f"203.0.113.{n}")
    response = client.post("/en/tra-cuu/", {"code": dossier.code, "last4": "5678"})
    assert response.status_code == 429
    assert "temporarily locked" in response.content.decode()
