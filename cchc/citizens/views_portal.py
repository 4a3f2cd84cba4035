"""The national sign-on's public pages: start (to the provider), callback, sign-out.

The signed-in citizen lives in the session under ``selectors.SESSION_KEY`` for ``CCHC_SSO_SESSION_SECONDS``
— never as a Django user, so the staff's sign-in and second factor are untouched. A refused sign-in
(bad signature, wrong audience, reused nonce, expired token, wrong state…) gets a page saying so in
plain Vietnamese and is logged (``SignIn``); a provider that does not answer gets a page saying the
national service is interrupted, with the doors that still work (tracking by dossier code).
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cchc.citizens import oidc, selectors, services
from cchc.common.clientip import client_ip
from cchc.common.ratelimits import public, public_form

SESSION_NEXT = "cchc_citizen_next"
SESSION_ID_TOKEN = "cchc_citizen_id_token"


def _next(request, target: str | None) -> str:
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("portal:my_dossiers")


def _unavailable(request):
    return render(request, "citizens/unavailable.html", status=503)


REFUSALS = {
    "bad_signature": gettext_lazy(
        "Chữ ký của thông tin đăng nhập không hợp lệ: thông tin có thể đã bị giả mạo."
    ),
    "wrong_audience": gettext_lazy("Thông tin đăng nhập không được cấp cho cổng này."),
    "wrong_issuer": gettext_lazy("Thông tin đăng nhập không do dịch vụ đăng nhập quốc gia cấp."),
    "nonce": gettext_lazy(
        "Thông tin đăng nhập không thuộc lần đăng nhập này (có thể là thông tin cũ bị dùng lại)."
    ),
    "expired": gettext_lazy("Thông tin đăng nhập đã hết hạn."),
    "state": gettext_lazy(
        "Yêu cầu đăng nhập không khớp với phiên làm việc của trình duyệt này (có thể là đường dẫn giả)."
    ),
    "cancelled": gettext_lazy("Ông/Bà đã huỷ đăng nhập tại dịch vụ đăng nhập quốc gia."),
}


def _refused(request, exc: services.Refused):
    message = exc.message or REFUSALS.get(exc.reason) or _("Không xác minh được thông tin đăng nhập.")
    return render(request, "citizens/refused.html", {"message": message, "reason": exc.reason}, status=400)


@public("CCHC_SSO_RATE")
def start(request):
    """The door: to the national provider's sign-in page (state, nonce and PKCE verifier in the session)."""
    if not selectors.enabled():
        raise Http404(_("Đăng nhập bằng tài khoản định danh điện tử chưa được bật."))
    app = oidc.client()
    try:
        oidc.refresh_metadata(app)
    except oidc.UNAVAILABLE as exc:
        services.record_refusal(reason="unavailable", detail=str(exc)[:500], ip=client_ip(request))
        return _unavailable(request)
    request.session[SESSION_NEXT] = _next(request, request.GET.get("next"))
    callback = request.build_absolute_uri(reverse("portal:citizens:callback"))
    return app.authorize_redirect(request, callback)


@public("CCHC_SSO_RATE")
def callback(request):
    """Back from the provider: the code exchanged, the ID token verified, the citizen signed in."""
    if not selectors.enabled():
        raise Http404(_("Đăng nhập bằng tài khoản định danh điện tử chưa được bật."))
    ip = client_ip(request)
    try:
        claims, token = oidc.complete(request)
        identity = services.sign_in(claims=claims, ip=ip)
    except services.Refused as exc:
        if exc.reason not in ("claims", "level"):  # those are logged by the service itself
            services.record_refusal(reason=exc.reason, detail=exc.detail, ip=ip)
        if exc.reason == "unavailable":
            return _unavailable(request)
        return _refused(request, exc)
    target = request.session.pop(SESSION_NEXT, None)
    request.session.cycle_key()  # a new session key at the change of privilege (no fixation)
    until = timezone.now() + dt.timedelta(seconds=_session_seconds())
    request.session[selectors.SESSION_KEY] = identity.as_session(until)
    request.session[SESSION_ID_TOKEN] = token.get("id_token", "")
    messages.success(request, _("Đã đăng nhập: %(name)s.") % {"name": identity.full_name})
    return redirect(_next(request, target))


def _session_seconds() -> int:
    from django.conf import settings

    return settings.CCHC_SSO_SESSION_SECONDS


@public_form("CCHC_SSO_RATE")
@require_POST
def sign_out(request):
    """End the citizen's sign-in here, then at the provider when it offers an end-session endpoint."""
    identity = selectors.signed_in(request)
    id_token = request.session.get(SESSION_ID_TOKEN, "")
    if identity is not None:
        services.record_sign_out(identity=identity, ip=client_ip(request))
    for key in (selectors.SESSION_KEY, SESSION_ID_TOKEN, SESSION_NEXT):
        request.session.pop(key, None)
    if request.user.is_authenticated:
        request.session.cycle_key()  # a staff member's own sign-in in this browser stays
    else:
        request.session.flush()  # everything this browser held as the citizen (tracked codes, drafts)
    back = request.build_absolute_uri(reverse("portal:citizens:signed_out"))
    if identity is not None and id_token and selectors.enabled():
        url = oidc.logout_url(oidc.client(), id_token=id_token, post_logout_redirect_uri=back)
        if url:  # a page, not a redirect: the CSP's form-action 'self' covers a form post's redirects
            return render(request, "citizens/signing_out.html", {"url": url})
    return redirect("portal:citizens:signed_out")


@public("CCHC_SSO_RATE")
def signed_out(request):
    """Where the provider's end-session sends the browser back (its ``state`` is not needed: nothing
    is done here but a message)."""
    messages.info(request, _("Đã đăng xuất."))
    return redirect("portal:home")
