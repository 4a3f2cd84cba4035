"""Signed, expiring links that let the applicant act on a dossier without its tracking secret.

Every notice (e-mail, SMS) carries one such link: the receipt to download, the supplement to send,
the result to download, the dossier's page. The token holds the dossier id and the purpose, signed
with the site's key (``django.core.signing``, own salt), so it cannot be forged or pointed at
another dossier; it expires after ``CCHC_NOTICE_LINK_MAX_AGE`` seconds (the tracking page with the
code and the secret still works afterwards). No secret ever travels in a notice.

Opening a valid link proves what the secret proves: that the person holds the applicant's mailbox
or phone. The portal then treats the browser as the applicant's for that dossier.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

SALT = "cchc.dossiers.link"

RECEIPT = "receipt"
SUPPLEMENT = "supplement"
RESULT = "result"
STATUS = "status"
PURPOSES = (RECEIPT, SUPPLEMENT, RESULT, STATUS)


def max_age() -> int:
    return int(getattr(settings, "CCHC_NOTICE_LINK_MAX_AGE", 60 * 86400))


def expires_on(issued_at: dt.datetime | None = None) -> dt.date:
    """The last day a link issued at ``issued_at`` (default now) still opens."""
    issued = issued_at or timezone.now()
    return timezone.localdate(issued + dt.timedelta(seconds=max_age()))


def token_for(dossier, purpose: str) -> str:
    if purpose not in PURPOSES:
        raise ValueError(purpose)
    return signing.dumps({"d": dossier.pk, "p": purpose}, salt=SALT, compress=True)


def read(token: str) -> tuple[int, str]:
    """(dossier id, purpose) of ``token``; ValidationError (Vietnamese) when forged or expired."""
    try:
        value = signing.loads(token, salt=SALT, max_age=max_age())
    except signing.SignatureExpired:
        raise ValidationError(
            _(
                "Đường dẫn đã hết hạn. Ông/Bà tra cứu hồ sơ bằng mã hồ sơ và mã bí mật trên trang "
                "Tra cứu hồ sơ."
            ),
            code="expired",
        ) from None
    except signing.BadSignature:
        raise ValidationError(
            _("Đường dẫn không hợp lệ. Ông/Bà kiểm tra lại đường dẫn trong thông báo."), code="bad_token"
        ) from None
    if not isinstance(value, dict) or not isinstance(value.get("d"), int) or value.get("p") not in PURPOSES:
        raise ValidationError(_("Đường dẫn không hợp lệ."), code="bad_token")
    return value["d"], value["p"]


def url(dossier, purpose: str) -> str:
    """The absolute link (``CCHC_PUBLIC_BASE_URL``) in the applicant's language."""
    language = getattr(dossier, "language", "") or settings.LANGUAGE_CODE
    with translation.override(language):
        path = reverse("portal:dossier_link", args=[token_for(dossier, purpose)])
    return f"{settings.CCHC_PUBLIC_BASE_URL.rstrip('/')}{path}"
