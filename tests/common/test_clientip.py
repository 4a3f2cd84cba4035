"""The client's address behind the reverse proxy (cchc.common.clientip), as rate limits see it."""

import pytest
from django.test import RequestFactory

from cchc.common.clientip import client_ip

PROXY = "127.0.0.1"


def ip(settings, remote, forwarded=None, trusted=(PROXY,)):
    settings.CCHC_TRUSTED_PROXIES = list(trusted)
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", **extra))


def test_without_a_declared_proxy_the_peer_is_the_client(settings):
    assert ip(settings, PROXY, "203.0.113.5", trusted=()) == PROXY


def test_a_trusted_proxy_gives_the_forwarded_address(settings):
    assert ip(settings, PROXY, "203.0.113.5") == "203.0.113.5"


def test_the_nearest_untrusted_hop_wins_over_what_the_client_prepended(settings):
    # The client wrote "1.2.3.4"; the proxy appended the address it saw.
    assert ip(settings, PROXY, "1.2.3.4, 203.0.113.5") == "203.0.113.5"
    # Two trusted proxies in a row (a load balancer on the internal network, then Caddy).
    assert (
        ip(settings, PROXY, "1.2.3.4, 203.0.113.5, 10.0.0.2", trusted=(PROXY, "10.0.0.0/8")) == "203.0.113.5"
    )


def test_an_untrusted_peer_cannot_choose_its_address(settings):
    assert ip(settings, "198.51.100.7", "203.0.113.5") == "198.51.100.7"


def test_a_malformed_header_falls_back_to_an_address_that_parsed(settings):
    assert ip(settings, PROXY, "not-an-ip") == PROXY
    assert ip(settings, PROXY, "") == PROXY
    assert ip(settings, PROXY, "garbage, 203.0.113.5") == "203.0.113.5"


@pytest.mark.ratelimit
@pytest.mark.django_db
def test_behind_the_proxy_two_citizens_are_limited_separately(client, settings):
    settings.CCHC_TRUSTED_PROXIES = [PROXY]
    settings.CCHC_SEARCH_RATE = "2/m"

    def get(citizen):
        return client.get("/thu-tuc/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=citizen).status_code

    assert [get("203.0.113.5") for _ in range(3)] == [200, 200, 429]
    assert get("203.0.113.6") == 200


@pytest.mark.ratelimit
@pytest.mark.django_db
def test_a_spoofed_forwarded_for_from_an_untrusted_peer_is_ignored(client, settings):
    settings.CCHC_TRUSTED_PROXIES = [PROXY]
    settings.CCHC_SEARCH_RATE = "2/m"

    def get(claimed):
        return client.get("/thu-tuc/", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=claimed).status_code

    # A new made-up address on every request does not give a new allowance.
    assert [get(f"203.0.113.{n}") for n in range(3)] == [200, 200, 429]
