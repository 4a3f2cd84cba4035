"""The survey link of a dossier: a signed token carrying the dossier id.

The token is printed as a QR code on the receipt slip (Mẫu 01) and sent with the "result ready"
notification. It is "one-time" because the database accepts one response per dossier; it is
signed (``django.core.signing``, own salt) so a dossier id cannot be guessed or changed.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

SALT = "cchc.surveys.link"  # kept from when this lived in surveys: printed QR codes stay valid


def _max_age() -> int:
    return int(getattr(settings, "CCHC_SURVEY_LINK_MAX_AGE", 400 * 86400))


def token_for(dossier) -> str:
    return signing.dumps(dossier.pk, salt=SALT, compress=True)


def dossier_id_from(token: str) -> int:
    """The dossier id in ``token``; ValidationError (Vietnamese) when it is forged or too old."""
    try:
        value = signing.loads(token, salt=SALT, max_age=_max_age())
    except signing.SignatureExpired:
        raise ValidationError(
            _("Đường dẫn khảo sát đã hết hạn. Ông/Bà vui lòng dùng khảo sát mở trên Cổng."), code="expired"
        ) from None
    except signing.BadSignature:
        raise ValidationError(
            _("Đường dẫn khảo sát không hợp lệ. Ông/Bà vui lòng kiểm tra lại mã QR trên giấy hẹn."),
            code="bad_token",
        ) from None
    if not isinstance(value, int):
        raise ValidationError(_("Đường dẫn khảo sát không hợp lệ."), code="bad_token")
    return value


def survey_path(dossier) -> str:
    """The relative URL (Vietnamese portal) where the applicant answers the survey of ``dossier``."""
    with translation.override("vi"):
        return reverse("portal:surveys:answer", args=[token_for(dossier)])


def survey_url(dossier) -> str:
    """The absolute URL for the QR code: ``CCHC_PUBLIC_BASE_URL`` + the path."""
    base = getattr(settings, "CCHC_PUBLIC_BASE_URL", "").rstrip("/")
    return f"{base}{survey_path(dossier)}"
