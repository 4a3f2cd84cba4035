"""The staff sign-in page (the one door of the staff screens and the admin) and django-axes' lock-out answer.

Public to the other apps: the back office mounts ``SignInView`` at its ``login`` URL; settings name
``locked_out`` as ``AXES_LOCKOUT_CALLABLE``."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth import views as auth_views
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from cchc.accounts import selectors
from cchc.common.ratelimits import record_signin_failure, signin_failures_exhausted

TOO_MANY = "Quá nhiều lần đăng nhập sai từ địa chỉ này. Vui lòng thử lại sau ít phút."


class SignInView(auth_views.LoginView):
    """Django's sign-in (through django-axes) with a per-address throttle of failures; then the second
    factor when the account needs one."""

    template_name = "backoffice/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if signin_failures_exhausted(request):
            form = self.get_form()
            form.errors.clear()
            return self.render_to_response(self.get_context_data(form=form, too_many=_(TOO_MANY)), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        record_signin_failure(self.request)
        return super().form_invalid(form)

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.get_user()
        if selectors.second_factor_required(user):
            name = "verify" if selectors.has_second_factor(user) else "enrol"
            url = reverse(f"backoffice:accounts_staff:{name}")
            return redirect(with_next(url, response.url))
        return response


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out account: a Vietnamese page, or JSON for the API (429)."""
    message = _(
        "Tài khoản tạm thời bị khóa đăng nhập vì nhập sai mật khẩu nhiều lần. Vui lòng thử lại sau "
        "%(minutes)s phút hoặc đề nghị Văn phòng Sở mở khóa."
    ) % {"minutes": _lockout_minutes()}
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=429)
    return render(request, "accounts/locked_out.html", {"message": message}, status=429)


def _lockout_minutes() -> int:
    from axes.helpers import get_cool_off

    return int(get_cool_off().total_seconds() // 60)


def with_next(url: str, target: str) -> str:
    """``url`` with ``?next=target`` (slashes kept readable)."""
    return f"{url}?{urlencode({'next': target}, safe='/')}" if target else url
