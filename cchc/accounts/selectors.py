"""Reads of the accounts app: who must pass a second factor, current lock-outs, the security log."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import segno
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Min, Sum
from django.utils import timezone
from django_otp import user_has_device

from cchc.accounts.models import SecurityEvent
from cchc.org import roles

# The names CCHC_OTP_REQUIRED_ROLES uses, and the roles (org.roles) each stands for. "admin" also
# covers superusers and every account that may open the Django admin (is_staff).
ROLE_KEYS: dict[str, set[str]] = {
    "admin": {roles.SYSADMIN},
    "leader": {roles.UNIT_HEAD, roles.DIRECTOR},
    "office": {roles.OFFICE},
    "counter": {roles.COUNTER_OFFICER},
    "specialist": {roles.SPECIALIST},
}


def role_requires_second_factor(user) -> bool:
    """True when one of ``user``'s roles is listed in ``CCHC_OTP_REQUIRED_ROLES``."""
    keys = set(settings.CCHC_OTP_REQUIRED_ROLES)
    if "admin" in keys and (user.is_superuser or user.is_staff):
        return True
    names = roles.user_roles(user)
    return any(names & ROLE_KEYS.get(key, set()) for key in keys)


def second_factor_required(user) -> bool:
    """The session of ``user`` must pass a second factor: their role requires it, or they enrolled one.

    Read once per user object (a request's ``request.user``)."""
    if user is None or not user.is_authenticated:
        return False
    cached = getattr(user, "_cchc_needs_otp", None)
    if cached is None:
        cached = user._cchc_needs_otp = role_requires_second_factor(user) or user_has_device(user)
    return cached


def has_second_factor(user) -> bool:
    return user_has_device(user)


def qr_data_uri(uri: str) -> str:
    """An ``otpauth://`` URI as a QR code in an SVG data URI (for ``<img src>``: no inline markup)."""
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=2)


@dataclass(frozen=True)
class Lockout:
    username: str
    ip: str
    failures: int
    since: dt.datetime
    until: dt.datetime


def lockouts() -> list[Lockout]:
    """Accounts locked out now: as many failed sign-ins as the limit, the last within the cool-off."""
    cooloff = get_cool_off()
    rows = (
        AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - cooloff)
        .exclude(username=None)
        .values("username")
        .annotate(failures=Sum("failures_since_start"), since=Min("attempt_time"), last=Max("attempt_time"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .order_by("-last")
    )
    out = []
    for row in rows:
        ips = AccessAttempt.objects.filter(username=row["username"]).order_by("-attempt_time")
        ip = ", ".join(dict.fromkeys(ips.values_list("ip_address", flat=True)[:3]))
        out.append(Lockout(row["username"], ip, row["failures"], row["since"], row["last"] + cooloff))
    return out


def security_events():
    """The security log, newest first."""
    return SecurityEvent.objects.select_related("actor")


def base32_secret(device) -> str:
    """The device's secret as an authenticator app takes it when typed (groups of four)."""
    from base64 import b32encode

    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))
