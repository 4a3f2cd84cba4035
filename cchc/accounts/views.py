"""The second factor's pages (verification, enrolment); the Office's screen of lock-outs and security log."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from cchc.accounts import selectors, services
from cchc.accounts.signin import TOO_MANY, with_next
from cchc.common.ratelimits import record_signin_failure, signin_failures_exhausted


def _next_url(request) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure()):
        return url
    return reverse("backoffice:staff_home")


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Mã xác thực",
        max_length=20,
        widget=forms.TextInput(
            attrs={"class": "form-control", "autocomplete": "one-time-code", "autofocus": True}
        ),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def verify(request):
    """The second step of sign-in: a code from the authenticator app, or a recovery code."""
    user = request.user
    if not selectors.has_second_factor(user):
        return redirect(with_next(reverse("backoffice:accounts_staff:enrol"), _next_url(request)))
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if signin_failures_exhausted(request):
            form.add_error("code", _(TOO_MANY))
            status = 429
        else:
            device = services.check_second_factor(user=user, code=form.cleaned_data["code"], request=request)
            if device is not None:
                otp_login(request, device)
                return redirect(_next_url(request))
            record_signin_failure(request)
            form.add_error("code", _("Mã xác thực không đúng hoặc đã dùng."))
            status = 400
    context = {"form": form, "next": _next_url(request)}
    return render(request, "accounts/verify.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def enrol(request):
    """Enrol an authenticator app (QR code), then show the recovery codes once.

    A user who already has one must have passed it in this session: a password alone never replaces it."""
    user = request.user
    enrolled = selectors.has_second_factor(user)
    if enrolled and not user.is_verified():
        return redirect(with_next(reverse("backoffice:accounts_staff:verify"), _next_url(request)))
    if request.method == "POST" and request.POST.get("renew"):
        codes = services.renew_recovery_codes(user=user, request=request)
        return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": _next_url(request)})
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = services.confirm_totp(user=user, code=form.cleaned_data["code"], request=request)
        except ValidationError as exc:
            form.add_error("code", exc)
            status = 400
        else:
            otp_login(request, device)
            context = {"codes": codes, "next": _next_url(request)}
            return render(request, "accounts/recovery_codes.html", context)
    device = services.pending_totp(user)
    context = {
        "form": form,
        "enrolled": enrolled,
        "required": selectors.role_requires_second_factor(user),
        "qr": selectors.qr_data_uri(device.config_url),
        "secret": selectors.base32_secret(device),
        "next": _next_url(request),
    }
    return render(request, "accounts/enrol.html", context, status=status)


@login_required
def security(request):
    """The Office's screen: accounts locked out now (with an unlock button) and the security log."""
    if not services.may_unlock(request.user):
        raise PermissionDenied(_("Chỉ Văn phòng Sở hoặc quản trị hệ thống mới xem được trang này."))
    page = Paginator(selectors.security_events(), 50).get_page(request.GET.get("trang"))
    return render(request, "accounts/security.html", {"lockouts": selectors.lockouts(), "page": page})


@login_required
@require_POST
def unlock(request):
    try:
        services.unlock(username=request.POST.get("username", ""), actor=request.user, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Đã mở khóa đăng nhập cho tài khoản %(name)s.") % {"name": request.POST["username"]}
        )
    return redirect("backoffice:accounts_staff:security")
