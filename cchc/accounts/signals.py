"""Django's and django-axes' sign-in signals, written to the security log."""

from __future__ import annotations

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from cchc.accounts import services, sessions
from cchc.accounts.models import SecurityEvent

Action = SecurityEvent.Action


@receiver(user_logged_in, dispatch_uid="cchc.accounts.signed_in")
def _signed_in(sender, request, user, **kwargs):
    services.log(Action.SIGNIN, request=request, actor=user)
    if request is not None and hasattr(request, "session"):
        sessions.mark_active(request)


@receiver(user_login_failed, dispatch_uid="cchc.accounts.failed")
def _failed(sender, credentials, request=None, **kwargs):
    if request is not None and getattr(request, "axes_locked_out", False):
        return  # logged as a lock-out by the receiver below
    services.log(Action.SIGNIN_FAILED, request=request, username=str(credentials.get("username") or ""))


@receiver(user_locked_out, dispatch_uid="cchc.accounts.locked_out")
def _locked_out(sender, request, username, ip_address, **kwargs):
    services.log(Action.LOCKED_OUT, request=request, username=str(username or ""))
