"""The second factor in tests: a real confirmed TOTP device, and its current code.

``client.force_login`` passes the second factor too (tests/conftest.py), as the real sign-in does for a
user with a device; the browser's ``staff_login`` types the device's code on the verification page."""

from __future__ import annotations

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


def totp_device(user) -> TOTPDevice:
    """The user's confirmed authenticator-app device (created the first time)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Thử nghiệm", confirmed=True)


def current_code(device: TOTPDevice) -> str:
    """The code the authenticator app shows now. The device forgets the last code it accepted, so a
    test may sign the same user in twice within one 30-second step (django-otp refuses a replayed code)."""
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    device.refresh_from_db()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"


def needs_second_factor(user) -> bool:
    from cchc.accounts.selectors import second_factor_required

    fresh = type(user).objects.get(pk=user.pk)  # no role cache on the test's own user object
    return second_factor_required(fresh)


def pass_second_factor(client, user) -> None:
    """Mark ``client``'s session as having passed the second factor with ``user``'s device (what
    ``django_otp.login`` does after a right code)."""
    if not needs_second_factor(user):
        return
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = totp_device(user).persistent_id
    session.save()
