"""The client's IP address, as rate limits and logs must see it behind a reverse proxy.

Behind the proxy (deploy/Caddyfile) every request reaches the server from the proxy's address, so
``REMOTE_ADDR`` alone would put every citizen in one rate-limit bucket. The proxy puts the address it
received the connection from in ``X-Forwarded-For``. That header is believed only when the peer
(``REMOTE_ADDR``) is one of ``settings.CCHC_TRUSTED_PROXIES`` (addresses or networks); anyone else could
write whatever they like in it. The list is read from the right (the hop the last trusted proxy saw),
skipping further trusted proxies, so a client cannot push its own fake entries in front.

``client_ip`` is the key of every rate limit (``RATELIMIT_IP_META_KEY``) and the address to log.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings

FORWARDED_FOR = "HTTP_X_FORWARDED_FOR"

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(trusted: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(item, strict=False) for item in trusted)


def trusted_networks() -> tuple[Network, ...]:
    """``settings.CCHC_TRUSTED_PROXIES`` parsed (a list or comma-separated string of addresses/networks)."""
    value = getattr(settings, "CCHC_TRUSTED_PROXIES", ())
    if isinstance(value, str):
        value = value.split(",")
    return _networks(tuple(item.strip() for item in value if item.strip()))


def _address(text: str):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address, networks: tuple[Network, ...]) -> bool:
    return any(address in network for network in networks)


def client_ip(request) -> str:
    """The client's address: ``REMOTE_ADDR``, or the nearest untrusted hop of ``X-Forwarded-For`` when
    the request came through a trusted proxy. A malformed header falls back to the nearest address
    that parsed (at worst the proxy's), never to something the client wrote unchecked."""
    peer = request.META.get("REMOTE_ADDR", "") or ""
    networks = trusted_networks()
    current = _address(peer)
    if current is None or not networks or not _trusted(current, networks):
        return peer
    hops = [hop for hop in request.META.get(FORWARDED_FOR, "").split(",") if hop.strip()]
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            break
        current = address
        if not _trusted(address, networks):
            break
    return str(current)
