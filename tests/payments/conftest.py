"""Online payment against the stand-in payment platform run as a real process on loopback.

The platform's callbacks reach CCHC over HTTP: the tests that need them use pytest-django's
``live_server`` (a real threaded server on the test database), and the stand-in is started once per
module with that server's callback URL.
"""

from __future__ import annotations

import time
from decimal import Decimal

import pytest
import requests

from cchc.dossiers import services as dossier_services
from cchc.payments.models import Payment
from tests.dossiers.conftest import local, person, world  # noqa: F401  (the fixture)
from tests.factories import FeeFactory
from tests.standins import StandIn

FEE = Decimal(50000)
SECRET = "kiem-thu-bi-mat"
MERCHANT = "LDG-TEST"


@pytest.fixture(scope="module")
def paygate(live_server):
    gate = StandIn(
        "paygate",
        secret=SECRET,
        merchant_code=MERCHANT,
        callback_url=f"{live_server.url}/thanh-toan/ipn/",
        callback_retries="1",
        callback_backoff="0.1",
        callback_timeout="30",  # a loaded machine renders the first receipt slowly; no retry for that
    ).start()
    yield gate
    gate.stop()


@pytest.fixture
def gate(paygate, settings, live_server):
    """The stand-in, reset, and CCHC configured to use it."""
    paygate.reset()
    settings.CCHC_PAYGATE_URL = paygate.url
    settings.CCHC_PAYGATE_SECRET = SECRET
    settings.CCHC_PAYGATE_MERCHANT = MERCHANT
    settings.CCHC_PUBLIC_BASE_URL = live_server.url
    return paygate


@pytest.fixture
def fee_dossier(world):  # noqa: F811
    """An online dossier of a procedure with a 50 000 đồng fee paid online on the national portal."""
    world.version.pays_online = True
    world.version.save(update_fields=["pays_online"])
    FeeFactory(version=world.version, amount=FEE)
    dossier, secret = dossier_services.submit_online(
        procedure_version=world.version, applicant=person(), at=local(2026, 5, 4, 9)
    )
    dossier.secret = secret
    return dossier


def settle(payment: Payment, timeout: float = 30) -> Payment:
    """Wait until the payment has a result (the callback arrived), or the timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        payment.refresh_from_db()
        if payment.status != Payment.Status.PENDING:
            return payment
        time.sleep(0.05)
    return payment


def wait_for(condition, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def pay_on_gateway(url: str, action: str = "pay") -> requests.Response:
    """The payer confirms (or cancels) on the platform's page, as a browser would post its form."""
    page = requests.get(url, timeout=10)
    assert page.status_code == 200 and "Xác nhận thanh toán" in page.text
    return requests.post(url, data={"action": action, "bank": "VCB"}, allow_redirects=False, timeout=10)
