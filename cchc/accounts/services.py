"""Writes of the accounts app: the security log, unlocking an account, the second factor.

Every change appends a ``SecurityEvent`` in its own transaction; the Office's unlock checks the role first.
"""

from __future__ import annotations

from base64 import b32decode

from axes.utils import reset as axes_reset
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from cchc.accounts.models import SecurityEvent
from cchc.org import roles

RECOVERY_CODES = 10
TOTP_NAME = "Ứng dụng xác thực"
RECOVERY_NAME = "Mã khôi phục"

Action = SecurityEvent.Action


def client_ip(request) -> str | None:
    """The address recorded in the log: the one the lock-out uses (``AXES_CLIENT_IP_CALLABLE``)."""
    if request is None:
        return None
    from axes.helpers import get_client_ip_address

    return getattr(request, "axes_ip_address", None) or get_client_ip_address(request) or None


def log(
    action: str, *, request=None, actor=None, username: str = "", note: str = "", **data
) -> SecurityEvent:
    """Append one row to the security log."""
    if actor is not None and not actor.is_authenticated:
        actor = None
    return SecurityEvent.append(
        at=timezone.now(),
        action=action,
        actor=actor,
        username=(username or (actor.get_username() if actor else ""))[:150],
        ip=client_ip(request),
        note=note,
        data=data,
    )


def may_unlock(user) -> bool:
    """The Office (decision 0003: counts only for staff of the Office) and system administrators."""
    return bool(roles.user_roles(user) & {roles.OFFICE, roles.SYSADMIN})


@transaction.atomic
def unlock(*, username: str, actor, request=None) -> int:
    """Clear the failed sign-ins of ``username`` (its lock-out ends now); the number of rows cleared."""
    if not may_unlock(actor):
        raise PermissionDenied(_("Chỉ Văn phòng Sở hoặc quản trị hệ thống mới được mở khóa đăng nhập."))
    if not username:
        raise ValidationError(_("Chưa chọn tài khoản cần mở khóa."))
    cleared = axes_reset(username=username)
    if not cleared:
        raise ValidationError(_("Tài khoản %(name)s không bị khóa đăng nhập.") % {"name": username})
    log(Action.UNLOCKED, request=request, actor=actor, username=username, cleared=cleared)
    return cleared


# --- second factor --------------------------------------------------------------------------------------


def pending_totp(user) -> TOTPDevice:
    """The unconfirmed authenticator-app device ``user`` is enrolling (a new secret the first time)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


@transaction.atomic
def confirm_totp(*, user, code: str, request=None) -> tuple[TOTPDevice, list[str]]:
    """Confirm the pending device with a code from the app; replace any older device and recovery codes.

    Returns the device and the new recovery codes (shown once; each signs in once).
    A wrong code: ``ValidationError``."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        raise ValidationError(_("Phiên đăng ký đã hết. Vui lòng quét lại mã QR."))
    if not device.verify_token(_digits(code)):
        log(Action.OTP_FAILED, request=request, actor=user, note="enrolment")
        raise ValidationError(_("Mã xác thực không đúng. Kiểm tra giờ của điện thoại rồi nhập mã mới."))
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    log(Action.OTP_ENROLLED, request=request, actor=user)
    return device, codes


@transaction.atomic
def renew_recovery_codes(*, user, request=None) -> list[str]:
    """New recovery codes for ``user`` (the old ones stop working)."""
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise ValidationError(_("Chưa đăng ký ứng dụng xác thực."))
    codes = _new_recovery_codes(user)
    log(Action.OTP_ENROLLED, request=request, actor=user, note="recovery codes renewed")
    return codes


def install_totp(user, *, secret_base32: str, name: str = TOTP_NAME) -> bool:
    """Give ``user`` a confirmed authenticator-app device with a known secret (the demo's), unless they
    have one; True when created. Real accounts enrol through the enrolment page instead."""
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return False
    key = b32decode(secret_base32.replace(" ", "").upper()).hex()
    TOTPDevice.objects.create(user=user, name=name, key=key, confirmed=True)
    return True


def _new_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=code) for code in codes])
    return codes


def _digits(code: str) -> str:
    return "".join((code or "").split())


def check_second_factor(*, user, code: str, request=None):
    """The device that accepts ``code`` (a TOTP code, or a recovery code which is then used up), or None.

    Each try is logged; django-otp slows down a device after repeated wrong codes."""
    code = _digits(code)
    device = match_token(user, code) if code else None
    if device is None:
        log(Action.OTP_FAILED, request=request, actor=user)
        return None
    if isinstance(device, StaticDevice):
        left = StaticToken.objects.filter(device=device).count()
        log(Action.RECOVERY_USED, request=request, actor=user, left=left)
    else:
        log(Action.OTP_VERIFIED, request=request, actor=user)
    return device
