"""Writes of the national sign-on: the mapping of the provider's identity claims to a citizen record, and
the log of every sign-in attempt (accepted, refused with its reason, signed out).

The claims arrive only from an ID token (and userinfo) the relying party has verified — signature
against the provider's published keys, issuer, audience, expiry, nonce (``cchc.citizens.oidc``). Claim
names are configuration (``CCHC_SSO_CLAIM_*``), as are the account-type codes and the lowest level of
assurance accepted.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.citizens.models import Citizen, SignIn
from cchc.citizens.selectors import Identity


class Refused(Exception):
    """A sign-in CCHC does not accept: ``reason`` a short code for the log, ``message`` for the citizen."""

    def __init__(self, reason: str, message: str = "", detail: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.message = message
        self.detail = detail


def _account_types() -> dict[str, str]:
    pairs = (item.split("=", 1) for item in settings.CCHC_SSO_ACCOUNT_TYPES.split(",") if "=" in item)
    return {code.strip(): name.strip() for code, name in pairs}


def identity_from_claims(claims: dict, *, at: dt.datetime) -> Identity:
    """The identity the provider's verified claims describe; ``Refused`` when one is missing or unusable."""

    def claim(name: str) -> str:
        value = claims.get(name)
        return "" if value is None else " ".join(str(value).split())

    personal_id = claim(settings.CCHC_SSO_CLAIM_PERSONAL_ID)
    full_name = claim(settings.CCHC_SSO_CLAIM_FULL_NAME)
    if not (len(personal_id) == 12 and personal_id.isdigit()) or not full_name:
        raise Refused(
            "claims",
            _("Dịch vụ đăng nhập quốc gia không trả về đủ số định danh cá nhân và họ tên."),
            f"personal_id={personal_id!r} full_name present={bool(full_name)}",
        )
    raw_type = claim(settings.CCHC_SSO_CLAIM_ACCOUNT_TYPE)
    account_type = _account_types().get(raw_type, raw_type or "citizen")
    level = claim(settings.CCHC_SSO_CLAIM_LEVEL)
    minimum = settings.CCHC_SSO_MIN_LEVEL
    if minimum and not (level.isdigit() and minimum.isdigit() and int(level) >= int(minimum)):
        raise Refused(
            "level",
            _("Tài khoản định danh điện tử cần đạt mức %(level)s để nộp hồ sơ trực tuyến.")
            % {"level": minimum},
            f"level={level!r}",
        )
    return Identity(
        personal_id=personal_id,
        full_name=full_name[:255],
        account_type=account_type[:20],
        level=level[:10],
        tax_code=claim(settings.CCHC_SSO_CLAIM_TAX_CODE)[:14],
        verified_at=at,
    )


def sign_in(*, claims: dict, ip: str | None = None, at: dt.datetime | None = None) -> Identity:
    """Map verified identity claims to the citizen record (created on the first sign-in, name and level
    kept current) and log the sign-in. Refused claims are logged and raise ``Refused``."""
    at = at or timezone.now()
    try:
        identity = identity_from_claims(claims, at=at)
    except Refused as exc:
        record_refusal(reason=exc.reason, detail=exc.detail, ip=ip, at=at)
        raise
    with transaction.atomic():
        citizen = Citizen.objects.select_for_update().filter(personal_id=identity.personal_id).first()
        if citizen is None:
            citizen = Citizen(personal_id=identity.personal_id, first_signed_in_at=at)
        citizen.full_name = identity.full_name
        citizen.account_type = identity.account_type
        citizen.level = identity.level
        citizen.tax_code = identity.tax_code
        citizen.last_signed_in_at = at
        citizen.save()
        SignIn.append(at=at, action=SignIn.Action.SIGNIN, citizen=citizen, ip=ip)
    return identity


def record_refusal(
    *, reason: str, detail: str = "", ip: str | None = None, at: dt.datetime | None = None
) -> None:
    """Log a refused sign-in (bad token, wrong state, provider unreachable…): no citizen, the reason."""
    SignIn.append(
        at=at or timezone.now(), action=SignIn.Action.REFUSED, reason=reason[:30], note=detail[:2000], ip=ip
    )


def record_sign_out(*, identity: Identity, ip: str | None = None, at: dt.datetime | None = None) -> None:
    SignIn.append(
        at=at or timezone.now(),
        action=SignIn.Action.SIGNOUT,
        citizen=Citizen.objects.filter(personal_id=identity.personal_id).first(),
        ip=ip,
    )
