"""Citizens signed in through the national identity service (VNeID via Cổng DVCQG), and the log of sign-ins.

A citizen is known by the personal ID number the identity provider vouches for; CCHC never holds a
password of theirs and never makes them a Django user (staff accounts stay apart). ``SignIn`` is the
append-only log of every attempt — accepted or refused, with the reason — for the IT office.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from cchc.common.events import AppendOnlyEvent


class Citizen(models.Model):
    personal_id = models.CharField(_("số định danh cá nhân"), max_length=12, unique=True)
    full_name = models.CharField(_("họ và tên"), max_length=255)
    account_type = models.CharField(_("loại tài khoản"), max_length=20)
    level = models.CharField(_("mức định danh"), max_length=10, blank=True)
    tax_code = models.CharField(_("mã số thuế"), max_length=14, blank=True)
    first_signed_in_at = models.DateTimeField(_("đăng nhập lần đầu"))
    last_signed_in_at = models.DateTimeField(_("đăng nhập gần nhất"))

    class Meta:
        verbose_name = _("công dân đăng nhập VNeID")
        verbose_name_plural = _("công dân đăng nhập VNeID")

    def __str__(self) -> str:
        return f"{self.full_name} ({self.personal_id})"


class SignIn(AppendOnlyEvent):
    """One sign-in attempt through the national sign-on: ``action`` ``signin`` (accepted), ``refused``
    (``note`` the reason code, ``data`` the detail), ``signout``. ``citizen`` is known when accepted."""

    class Action(models.TextChoices):
        SIGNIN = "signin", _("Đăng nhập thành công")
        REFUSED = "refused", _("Đăng nhập bị từ chối")
        SIGNOUT = "signout", _("Đăng xuất")

    action = models.CharField(max_length=10, choices=Action.choices)
    citizen = models.ForeignKey(
        Citizen, null=True, blank=True, on_delete=models.PROTECT, related_name="sign_ins"
    )
    reason = models.CharField(max_length=30, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["-at"], name="citizens_signin_at")]
