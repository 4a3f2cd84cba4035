"""Who is signed in through the national sign-on (read from the session), and the sign-on's configuration.

``signed_in(request)`` is the one way every app asks "which verified identity is this browser?": the
dossiers' online form pre-fills from it and hands it to the services (``vneid_verified``), the portal's
"Hồ sơ của tôi" lists by its personal ID. A browser without a session cookie is answered without
touching the session, so anonymous public pages stay cacheable (``cchc.common.public_cache``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

SESSION_KEY = "cchc_citizen"


@dataclass(frozen=True)
class Identity:
    """A person or organisation as the national identity provider vouched for them at sign-in."""

    personal_id: str  # 12 digits
    full_name: str
    account_type: str  # "citizen", "organisation"… (CCHC_SSO_ACCOUNT_TYPES maps the provider's codes)
    level: str  # the VNeID level of assurance ("2")
    verified_at: dt.datetime
    tax_code: str = ""  # organisations

    @property
    def is_organisation(self) -> bool:
        return self.account_type == "organisation"

    def as_session(self, until: dt.datetime) -> dict:
        return {
            "personal_id": self.personal_id,
            "full_name": self.full_name,
            "account_type": self.account_type,
            "level": self.level,
            "tax_code": self.tax_code,
            "verified_at": self.verified_at.isoformat(),
            "until": until.isoformat(),
        }


def enabled() -> bool:
    return bool(settings.CCHC_SSO_ENABLED and settings.CCHC_SSO_DISCOVERY_URL and settings.CCHC_SSO_CLIENT_ID)


def signed_in(request) -> Identity | None:
    """The identity this browser signed in with, None if none (or its sign-in has lapsed)."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES or not hasattr(request, "session"):
        return None
    data = request.session.get(SESSION_KEY)
    if not data:
        return None
    try:
        until = dt.datetime.fromisoformat(data["until"])
        if until <= timezone.now():
            return None
        return Identity(
            personal_id=data["personal_id"],
            full_name=data["full_name"],
            account_type=data["account_type"],
            level=data["level"],
            tax_code=data.get("tax_code", ""),
            verified_at=dt.datetime.fromisoformat(data["verified_at"]),
        )
    except (KeyError, TypeError, ValueError):
        return None


def citizen(personal_id: str):
    from cchc.citizens.models import Citizen

    return Citizen.objects.filter(personal_id=personal_id).first()
