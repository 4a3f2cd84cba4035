"""The security log: one appended row per sign-in event of a staff account (never edited)."""

from __future__ import annotations

from django.db import models

from cchc.common.events import AppendOnlyEvent


class SecurityEvent(AppendOnlyEvent):
    """Sign-in success or failure, lock-out, unlock, second-factor enrolment, failure and recovery-code use.

    ``actor`` is the user who acted (the one signing in; the Office officer who unlocked); ``username``
    the account concerned as typed (a failed sign-in may name no account); ``ip`` the client's address."""

    class Action(models.TextChoices):
        SIGNIN = "signin", "Đăng nhập thành công"
        SIGNIN_FAILED = "signin_failed", "Đăng nhập sai"
        LOCKED_OUT = "locked_out", "Tài khoản bị khóa đăng nhập"
        UNLOCKED = "unlocked", "Mở khóa đăng nhập"
        OTP_ENROLLED = "otp_enrolled", "Đăng ký xác thực hai lớp"
        OTP_VERIFIED = "otp_verified", "Xác thực hai lớp thành công"
        OTP_FAILED = "otp_failed", "Mã xác thực hai lớp sai"
        RECOVERY_USED = "recovery_used", "Dùng mã khôi phục"
        IDLE_SIGNOUT = "idle_signout", "Hết phiên do không thao tác"
        API_TOKEN = "api_token", "Cấp mã truy cập API"

    action = models.CharField(max_length=40, choices=Action.choices)
    username = models.CharField(max_length=150, blank=True, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["-at"], name="accounts_event_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.get_action_display()}"
