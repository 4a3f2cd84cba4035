"""CCHC as the relying party of the national sign-on, against the stand-in provider over HTTP: the code
flow with PKCE, the ID token checked (signature, audience, nonce, expiry), state, the provider down,
the citizen record and the log, sign-out here and at the provider, staff sessions untouched."""

from __future__ import annotations

import html
import re
import urllib.parse

import pytest
import requests
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client

from cchc.citizens.models import Citizen, SignIn
from cchc.citizens.selectors import SESSION_KEY
from tests.citizens.conftest import (
    AN,
    configure,
    log_in_at_provider,
    sign_in_through,
    start_provider,
    to_provider,
)
from tests.factories import AgencyFactory, UnitFactory, staff_user

pytestmark = pytest.mark.django_db


def _identity(client) -> dict | None:
    return client.session.get(SESSION_KEY)


def test_a_citizen_signs_in_through_the_provider_and_becomes_a_citizen_record(client, sso):
    authorize = to_provider(client, "/thu-tuc/")
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(authorize).query)
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"][0]
    assert query["state"][0] and query["nonce"][0] and query["response_type"] == ["code"]
    response = client.get(log_in_at_provider(authorize))
    assert response.status_code == 302 and response["Location"] == "/thu-tuc/"
    assert _identity(client)["personal_id"] == AN["personal_id"]
    citizen = Citizen.objects.get()
    assert (citizen.personal_id, citizen.full_name, citizen.account_type, citizen.level) == (
        AN["personal_id"],
        AN["full_name"],
        "citizen",
        "2",
    )
    assert list(SignIn.objects.values_list("action", "citizen")) == [("signin", citizen.pk)]
    assert not get_user_model().objects.exists()  # never a Django user, never a password of ours
    page = client.get("/").content.decode()
    assert AN["full_name"] in page and "Hồ sơ của tôi" in page


def test_a_second_sign_in_keeps_the_first_date_and_updates_the_name(client, sso):
    sign_in_through(client)
    first = Citizen.objects.get().first_signed_in_at
    other = Client()
    sign_in_through(other, person={**AN, "full_name": "Nguyễn Văn  An Mới"})
    citizen = Citizen.objects.get()
    assert citizen.first_signed_in_at == first and citizen.last_signed_in_at > first
    assert citizen.full_name == "Nguyễn Văn An Mới"
    assert SignIn.objects.filter(action="signin").count() == 2


FAULTS = [
    ("wrong_key", "bad_signature", "Chữ ký của thông tin đăng nhập không hợp lệ"),
    ("wrong_audience", "wrong_audience", "không được cấp cho cổng này"),
    ("reuse_nonce", "nonce", "không thuộc lần đăng nhập này"),
    ("expired", "expired", "đã hết hạn"),
]


@pytest.mark.parametrize(("switch", "reason", "words"), FAULTS, ids=[f[0] for f in FAULTS])
def test_a_bad_id_token_is_refused_with_a_clear_page_and_recorded(client, sso, switch, reason, words):
    sign_in_through(Client())  # an earlier sign-in: the nonce a replaying provider would reuse
    sso.control(**{switch: True})
    response = sign_in_through(client)
    body = response.content.decode()
    assert response.status_code == 400
    assert "Không đăng nhập được bằng tài khoản định danh điện tử" in body and words in body
    assert _identity(client) is None
    refused = SignIn.objects.get(action="refused")
    assert refused.reason == reason and refused.citizen is None
    assert Citizen.objects.count() == 1  # only the earlier, good sign-in


def test_a_wrong_or_missing_state_is_refused(client, sso):
    callback = log_in_at_provider(to_provider(client))
    forged = callback.replace("state=", "state=x")
    response = client.get(forged)
    assert response.status_code == 400 and "không khớp với phiên làm việc" in response.content.decode()
    without = client.get(callback.split("&state=")[0].split("?state=")[0])
    assert without.status_code == 400
    assert list(SignIn.objects.values_list("reason", flat=True)) == ["state", "state"]
    # A callback caught by another browser (no state in its session) is refused too.
    assert Client().get(callback).status_code == 400
    assert _identity(client) is None


def test_the_callback_serves_once(client, sso):
    callback = log_in_at_provider(to_provider(client))
    assert client.get(callback).status_code == 302
    client.session.pop(SESSION_KEY)
    assert client.get(callback).status_code == 400  # the state was used up


def test_a_cancelled_sign_in_says_so(client, sso):
    authorize = to_provider(client)
    reply = requests.post(authorize, data={"action": "cancel"}, allow_redirects=False, timeout=10)
    response = client.get(reply.headers["Location"][len("http://testserver") :])
    assert response.status_code == 400 and "đã huỷ đăng nhập" in response.content.decode()


def test_the_provider_down_leads_to_a_clear_page_and_tracking_still_works(client, settings):
    provider = start_provider()
    configure(settings, provider)
    provider.stop()
    response = client.get("/dang-nhap-vneid/")
    body = response.content.decode()
    assert response.status_code == 503
    assert "Dịch vụ đăng nhập quốc gia đang gián đoạn" in body and 'href="/tra-cuu/"' in body
    assert SignIn.objects.get().reason == "unavailable"
    assert client.get("/tra-cuu/").status_code == 200
    assert client.post("/tra-cuu/", {"code": "KHONG-CO", "last4": "1234"}).status_code == 404


def test_the_provider_going_down_between_the_door_and_the_callback(client, settings):
    provider = start_provider()
    configure(settings, provider)
    callback = log_in_at_provider(to_provider(client))
    provider.stop()
    response = client.get(callback)
    assert response.status_code == 503 and "gián đoạn" in response.content.decode()


def test_sign_out_ends_the_session_here_and_at_the_provider(client, sso):
    sign_in_through(client)
    response = client.post("/dang-nhap-vneid/dang-xuat/")
    assert response.status_code == 200  # a page that goes on to the provider (CSP form-action 'self')
    end_session = re.search(r'href="([^"]+)" data-end-session', response.content.decode()).group(1)
    end_session = html.unescape(end_session)
    assert end_session.startswith(f"{sso.url}/end-session?") and "id_token_hint=" in end_session
    assert _identity(client) is None
    back = requests.get(end_session, allow_redirects=False, timeout=10)
    assert back.status_code == 302
    assert back.headers["Location"].startswith("http://testserver/dang-nhap-vneid/da-dang-xuat/")
    assert client.get(back.headers["Location"][len("http://testserver") :])["Location"] == "/"
    assert sso.state()["sessions_ended"] == 1
    assert list(SignIn.objects.values_list("action", flat=True)) == ["signout", "signin"]


def test_a_staff_session_in_the_same_browser_is_untouched(client, sso):
    unit = UnitFactory(agency=AgencyFactory())
    user = staff_user(None, unit, "canbo")
    client.force_login(user)
    sign_in_through(client)
    assert client.session["_auth_user_id"] == str(user.pk) and _identity(client)
    client.post("/dang-nhap-vneid/dang-xuat/")
    assert client.session["_auth_user_id"] == str(user.pk) and _identity(client) is None


def test_the_door_is_shown_only_when_the_sign_on_is_enabled(client, settings):
    settings.CCHC_SSO_ENABLED = False
    assert "Đăng nhập bằng VNeID" not in client.get("/").content.decode()
    assert client.get("/dang-nhap-vneid/").status_code == 404
    settings.CCHC_SSO_ENABLED = True
    cache.clear()  # the anonymous home page was stored in the public cache (a setting changes at restart)
    assert 'href="/dang-nhap-vneid/"' in client.get("/").content.decode()
    assert 'href="/en/dang-nhap-vneid/"' in client.get("/en/").content.decode()


@pytest.mark.ratelimit
def test_the_door_is_rate_limited(client, settings):
    settings.CCHC_SSO_ENABLED = True
    settings.CCHC_SSO_RATE = "2/m"
    settings.CCHC_SSO_DISCOVERY_URL = "http://127.0.0.1:9/.well-known/openid-configuration"
    assert [client.get("/dang-nhap-vneid/").status_code for _ in range(3)] == [503, 503, 429]
