"""Playwright driving Debian's chromium (never a downloaded browser).

Outside CI the browser tests are skipped when /usr/bin/chromium is missing; in CI (CCHC_CI=1,
set by .ci/run, which installs chromium) a missing browser fails the run instead.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.otp import current_code, needs_second_factor, totp_device

CHROMIUM = os.environ.get("CCHC_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# Screenshots the README links to: made by the browser tests, so they show the pages as they are.
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CCHC_CI"):
            pytest.fail(f"chromium not found at {CHROMIUM}: .ci/run must install Debian's chromium")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-dev-shm-usage",
            ],
        )
        yield browser
        browser.close()


# Every page of a browser test reports what the Content-Security-Policy refused: the listener runs in
# each document before its own scripts and writes the violation to the console, where the test sees it.
CSP_WATCH = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error(`CSP violation: ${e.violatedDirective} refused ${e.blockedURI || "inline"}`
    + ` at ${e.sourceFile || location.href}:${e.lineNumber} ${e.sample || ""}`);
});
"""


def _is_csp_message(text: str) -> bool:
    return text.startswith(("CSP violation", "Refused to")) or "Content Security Policy" in text


@pytest.fixture(autouse=True)
def _no_csp_violations(request):
    """Fails a browser test when any page it opened had something refused by the CSP.

    Wraps ``browser.new_context`` for the test, so the contexts of the fixtures below and those a test
    opens itself are all watched.
    """
    if "browser" not in request.fixturenames:
        yield
        return
    browser = request.getfixturevalue("browser")
    violations: list[str] = []
    original = browser.new_context

    def watched_context(*args, **kwargs):
        context = original(*args, **kwargs)
        context.add_init_script(CSP_WATCH)

        def on_console(message):
            if _is_csp_message(message.text):
                violations.append(f"{message.page.url if message.page else '?'}: {message.text}")

        context.on("console", on_console)
        return context

    browser.new_context = watched_context
    try:
        yield
    finally:
        del browser.new_context
    if violations:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(dict.fromkeys(violations)))


@pytest.fixture
def page(browser):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="vi-VN", accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN", is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture
def new_page(browser):
    """Opens pages in fresh browser contexts (own cookies: one per person); all closed at the end.

    ``new_page(width=…, height=…)`` or ``new_page(viewport={…})`` sets the window size.
    """
    contexts = []

    def open_page(width: int = 1280, height: int = 900, viewport: dict | None = None):
        context = browser.new_context(
            viewport=viewport or {"width": width, "height": height}, locale="vi-VN", accept_downloads=True
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield open_page
    for context in contexts:
        context.close()


STAFF_PASSWORD = "mat-khau-thu-nghiem"  # tests/factories.py UserFactory


def staff_login(page, base: str, user, next_path: str, *, wait_for: str | None = None):
    """``user`` signs in through the staff sign-in page (and the second factor when their role requires
    it: the code of their authenticator-app device) and lands on ``next_path``."""
    page.goto(f"{base}/quan-tri/dang-nhap/?next={next_path}")
    fill_sign_in(page, user)
    page.wait_for_url(wait_for or f"**{next_path}**")
    return page


def fill_sign_in(page, user, password: str = STAFF_PASSWORD) -> None:
    """On the sign-in page: the password step, then the verification step if ``user`` needs one."""
    device = totp_device(user) if needs_second_factor(user) else None
    page.get_by_label("Tên đăng nhập").fill(user.username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    if device is not None:
        page.wait_for_url("**/quan-tri/tai-khoan/xac-thuc/**")
        page.get_by_label("Mã xác thực").fill(current_code(device))
        page.get_by_role("button", name="Xác nhận").click()
        page.wait_for_url(lambda url: "/tai-khoan/xac-thuc/" not in url)


# The national sign-on's stand-in provider and a citizen signing in through it (tests/browser/vneid.py).
from tests.browser.vneid import vneid  # noqa: E402, F401
