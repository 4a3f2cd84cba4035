"""The applicant's payment pages (``/thanh-toan/<code>/``), for the session that holds the dossier's
proof (its tracking secret or a notice's link; ``cchc.dossiers.portal_access``).

The payment page asks the platform for a transaction and sends the browser there. The return page only
shows what the platform's server-to-server callback set — the browser's return carries nothing we
trust — and "waiting for confirmation" until that callback has arrived.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from cchc.common.ratelimits import public, public_form
from cchc.dossiers import selectors as dossier_selectors
from cchc.dossiers.portal_access import proven_dossier
from cchc.payments import gateway, selectors, services
from cchc.payments.models import Payment


def return_url(dossier) -> str:
    with translation.override("vi"):
        path = reverse("portal:payment_return", kwargs={"code": dossier.code})
    return f"{settings.CCHC_PUBLIC_BASE_URL.rstrip('/')}{path}"


def _page(request, dossier, status: int = 200, **extra):
    """The payment page; its form may post to CCHC and be redirected only to the platform's pages."""
    response = render(request, "payments/portal/payment.html", _context(dossier, **extra), status=status)
    origin = gateway.page_origin()
    if origin:
        response._csp_update = {"form-action": [origin]}
    return response


def _context(dossier, **extra) -> dict:
    return {
        "d": dossier,
        "payment": selectors.latest_payment(dossier),
        "receipts": selectors.receipts_of(dossier),
        "payable": dossier_selectors.payable_online(dossier),
        "Status": Payment.Status,
        **extra,
    }


@public_form(post_rate_setting="CCHC_PAY_RATE")
def payment(request, code: str):
    dossier = proven_dossier(request, code)
    if dossier is None:
        return redirect("portal:tracking")
    if request.method == "POST":
        try:
            _payment, url = services.start_payment(
                actor=None, dossier=dossier, return_url=return_url(dossier)
            )
        except services.PaymentUnavailable:
            return _page(request, dossier, 503, unavailable=True)
        except ValidationError as exc:
            return _page(request, dossier, 400, error=" ".join(exc.messages))
        return HttpResponseRedirect(url)
    return _page(request, dossier)


@public()
def payment_return(request, code: str):
    """Where the platform sends the browser back: shows the payment's state as the callback left it."""
    dossier = proven_dossier(request, code)
    if dossier is None:
        return render(
            request,
            "portal/message.html",
            {
                "title": _("Kết quả thanh toán"),
                "message": _(
                    "Để xem kết quả thanh toán, hãy tra cứu hồ sơ bằng mã hồ sơ và mã bí mật tra cứu."
                ),
            },
        )
    shown = selectors.payment_of(dossier, request.GET.get("maThamChieu", "")) or selectors.latest_payment(
        dossier
    )
    return render(request, "payments/portal/return.html", _context(dossier, payment=shown))
