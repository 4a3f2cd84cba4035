"""The rules of a signed-in staff session, in one place for every staff page, the admin and the API.

1. Idle timeout: after ``CCHC_STAFF_IDLE_SECONDS`` without a request the session is signed out and the
   next request goes to the sign-in page with a message.
2. Second factor: a user whose role requires one (``CCHC_OTP_REQUIRED_ROLES``) or who enrolled one, and
   whose session has not passed it, reaches only the enrolment and verification pages and sign-out;
   any other page sends them there, and the API answers 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from cchc.accounts import selectors, services, sessions
from cchc.accounts.models import SecurityEvent
from cchc.accounts.signin import with_next


class StaffSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    @cached_property
    def open_paths(self) -> tuple[str, ...]:
        """What a session that has not passed the second factor may still reach."""
        return (
            reverse("backoffice:accounts_staff:verify"),
            reverse("backoffice:accounts_staff:enrol"),
            reverse("backoffice:login"),
            reverse("backoffice:logout"),
            "/static/",
        )

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            if sessions.idle_expired(request):
                return self._signed_out(request, user)
            if (
                not user.is_verified()  # cheap, and true of most requests: no query then
                and not request.path.startswith(self.open_paths)
                and selectors.second_factor_required(user)
            ):
                return self._second_factor(request, user)
        return self.get_response(request)

    def _signed_out(self, request, user):
        services.log(SecurityEvent.Action.IDLE_SIGNOUT, request=request, actor=user)
        logout(request)
        if request.path.startswith("/api/"):
            return self.get_response(request)  # answered as any request without a session
        messages.info(request, _("Phiên làm việc đã hết do lâu không thao tác. Vui lòng đăng nhập lại."))
        return redirect(_with_next(reverse("backoffice:login"), request))

    def _second_factor(self, request, user):
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"detail": _("Cần xác thực hai lớp trước khi dùng chức năng này.")}, status=403
            )
        name = "verify" if selectors.has_second_factor(user) else "enrol"
        return redirect(_with_next(reverse(f"backoffice:accounts_staff:{name}"), request))


def _with_next(url: str, request) -> str:
    """``url`` with ``next`` set to the page asked for (only a page that can be opened again: GET)."""
    if request.method != "GET":
        return url
    return with_next(url, request.get_full_path())
