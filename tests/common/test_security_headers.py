"""Every page type sends a strict Content-Security-Policy and a Permissions-Policy, and its HTML needs
neither inline scripts nor inline styles (so the policy can forbid them without breaking the page).

The pages are read from the URLconf (tests/common/pages.py): a new route is covered without editing
this file, or the test says which sample value it lacks.
"""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import path

from cchc import urls as cchc_urls

from .pages import page_urls

pytestmark = pytest.mark.django_db

STAFF = ("giamdoc", "vanphong", "motcua1", "cv.vieclam", "tp.vieclam")  # demo users with staff roles
UNSAFE = ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'strict-dynamic'")
REQUIRED = (
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "base-uri 'self'",
    "object-src 'none'",
)
SANDBOX = re.compile(r"default-src 'none';( style-src 'unsafe-inline';)? sandbox")
STYLE_ATTR = re.compile(r"<[a-zA-Z][^>]*\sstyle\s*=", re.S)
EVENT_ATTR = re.compile(r"<[a-zA-Z][^>]*\son[a-z]+\s*=", re.S)
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.I)
STYLE_TAG = re.compile(r"<style\b", re.I)
JS_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.I)


def header_problems(label: str, response) -> list[str]:
    problems = []
    csp = response.get("Content-Security-Policy")
    if not csp:
        return [f"{label}: no Content-Security-Policy"]
    if SANDBOX.fullmatch(csp):
        # An uploaded file shown inline (a flow diagram SVG, a published PDF) gets a stricter policy of
        # its own: nothing loads, nothing runs; the SVG may keep its own inline styling.
        pass
    else:
        problems += [f"{label}: CSP allows {word}" for word in UNSAFE if word in csp]
        problems += [f"{label}: CSP lacks {rule!r}" for rule in REQUIRED if rule not in csp]
    if "nonce-" in csp:
        problems.append(f"{label}: CSP has a nonce (a public page must not depend on one)")
    policy = response.get("Permissions-Policy", "")
    problems += [
        f"{label}: Permissions-Policy leaves {feature} on"
        for feature in ("camera", "microphone", "geolocation", "payment")
        if f"{feature}=()" not in policy
    ]
    if response.get("Cross-Origin-Opener-Policy") != "same-origin":
        problems.append(f"{label}: no Cross-Origin-Opener-Policy")
    return problems


def inline_problems(label: str, html: str) -> list[str]:
    """Inline code or styles the policy would refuse: style="", <style>, on…="", javascript:, and
    <script> elements that run code without a src (JSON data blocks are not run)."""
    problems = []
    if match := STYLE_ATTR.search(html):
        problems.append(f"{label}: style attribute {match[0][-80:]!r}")
    if STYLE_TAG.search(html):
        problems.append(f"{label}: <style> element")
    if match := EVENT_ATTR.search(html):
        problems.append(f"{label}: event handler attribute {match[0][-80:]!r}")
    if JS_URL.search(html):
        problems.append(f"{label}: javascript: URL")
    for attrs in SCRIPT_TAG.findall(html):
        if "src=" in attrs or re.search(r"""type=["']?application/(ld\+)?json""", attrs):
            continue
        problems.append(f"{label}: inline <script{attrs}>")
    return problems


@pytest.fixture
def demo():
    out = io.StringIO()
    call_command("demo", dossiers=30, verbosity=0, stdout=out, stderr=out)


def _crawl() -> tuple[list[str], list[str], int]:
    """Requests every page; returns (header problems, inline problems, HTML pages scanned)."""
    anonymous = Client()
    # The superuser first; a staff page it may not open (a role's page) is tried with the demo's roles.
    users = get_user_model().objects.filter(is_active=True)
    staff = []
    for user in [users.filter(is_superuser=True).first(), *users.filter(username__in=STAFF)]:
        client = Client()
        client.force_login(user)
        staff.append(client)
    headers, inline, scanned = [], [], 0
    for page in page_urls():
        for client in staff if page.staff else [anonymous]:
            response = client.get(page.url)
            if response.status_code != 403:
                break
        label = f"{page.url} ({page.route}) {response.status_code}"
        assert response.status_code < 500, label
        headers += header_problems(label, response)
        if response.get("Content-Type", "").startswith("text/html") and not response.streaming:
            scanned += 1
            inline += inline_problems(label, response.content.decode())
    return headers, inline, scanned


def test_every_page_type_has_a_strict_policy_and_no_inline_code(demo, settings):
    settings.CCHC_REPORTS_RUN_IN_THREAD = False
    headers, inline, scanned = _crawl()
    assert scanned > 100  # the crawl reached real pages, not only redirects and 404s
    assert not headers, "\n".join(headers)
    assert not inline, "\n".join(inline)


def _boom(request):
    raise RuntimeError("a failing view")


urlpatterns = [*cchc_urls.urlpatterns, path("boom/", _boom)]
handler400 = cchc_urls.handler400
handler403 = cchc_urls.handler403
handler404 = cchc_urls.handler404


@pytest.mark.ratelimit
@pytest.mark.urls(__name__)
def test_error_pages_have_the_policy_and_no_inline_code(settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    responses = {"404": client.get("/khong-co-trang-nay/"), "500": client.get("/boom/")}
    # 403 from the staff area: a signed-in user without a staff role.
    user = get_user_model().objects.create_user("nguoi-dan", password="x")
    client.force_login(user)
    responses["403"] = client.get("/quan-tri/ho-so/")
    client.logout()
    # CSRF failure: a form posted without its token.
    responses["CSRF"] = Client(enforce_csrf_checks=True).post("/tra-cuu/", {"ma-ho-so": "X"})
    # 429: the tracking form's rate limit exceeded.
    limited = Client()
    for _ in range(200):
        last = limited.post("/tra-cuu/", {"ma-ho-so": "KHONG-CO"})
        if last.status_code == 429:
            break
    responses["429"] = last
    statuses = {name: response.status_code for name, response in responses.items()}
    assert statuses == {"404": 404, "500": 500, "403": 403, "CSRF": 403, "429": 429}
    problems = []
    for name, response in responses.items():
        problems += header_problems(name, response)
        problems += inline_problems(name, response.content.decode())
    assert not problems, "\n".join(problems)
