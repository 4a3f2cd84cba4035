"""No query string makes a list page fail: whatever is typed after "?" gives a page or a 4xx, never a 500.

The list pages are the routes of the URLconf without path arguments (public and staff); the parameters
each one reads are found in its view's module (``request.GET.get("…")``), so a new page or parameter
is covered without editing this file. Hypothesis sends huge, negative and non-numeric numbers, dates
out of range, unicode, NUL, very long and repeated values.
"""

from __future__ import annotations

import datetime as dt
import inspect
import io
import re
import sys

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .pages import page_urls

pytestmark = pytest.mark.django_db

GET_NAME = re.compile(r"""request\.GET(?:\.get\(|\[)\s*["']([\w-]+)["']""")
# Not list pages: sign-in/out, the language switch, files and exports built whole, API docs.
SKIP = ("ngon-ngu/", "quan-tri/dang-", "api/", "quan-tri/xuat-danh-muc/", "quan-tri/khao-sat/xuat-excel/")
STAFF = ("giamdoc", "vanphong", "motcua1", "tp.vieclam", "cv.vieclam")

NASTY = [
    "",
    "0",
    "-1",
    "1.5",
    "9223372036854775808",
    "-9223372036854775809",
    "1e309",
    "NaN",
    "inf",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "2026-02-30",
    "2026-13-01",
    "-2026-01-01",
    "x" * 5000,
    "\x00",
    "a\x00b",
    "' OR 1=1 --",
    "%",
    "_",
    "\\",
    "ca-nam",
    "q5",
    "2026-q1",
    "xlsx",
    "docx",
    "Hồ sơ",
    "\u0301\u200b",
]
values = st.one_of(
    st.sampled_from(NASTY),
    st.sampled_from(NASTY),
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)).map(dt.date.isoformat),
    st.text(st.characters(exclude_categories=["Cs"]), max_size=40),
)


def _params(callback) -> list[str]:
    module = sys.modules[inspect.unwrap(callback).__module__]
    return sorted(set(GET_NAME.findall(inspect.getsource(module))))


def list_pages() -> list[tuple[str, list[str]]]:
    """(URL, parameter names) of every route without path arguments, both languages."""
    from django.urls import resolve

    pages = []
    for page in page_urls():
        if "<" in page.route or page.url.lstrip("/").removeprefix("en/").startswith(SKIP):
            continue
        view = resolve(page.url.removeprefix("/en")).func
        if page.route.startswith("quan-tri/") and view.__module__.startswith("django."):
            continue  # the Django admin: its own, tested code
        names = _params(view)
        if names:
            pages.append((page.url, names))
    return pages


@pytest.fixture
def clients():
    out = io.StringIO()
    call_command("demo", dossiers=6, verbosity=0, stdout=out, stderr=out)
    found = {}
    users = get_user_model().objects.filter(username__in=STAFF)
    staff = []
    for user in [get_user_model().objects.filter(is_superuser=True).first(), *users]:
        client = Client(raise_request_exception=False)
        client.force_login(user)
        staff.append(client)
    anonymous = Client(raise_request_exception=False)
    for url, names in list_pages():
        # The client that may open the page (a role's page is tried with each demo role).
        for client in staff if url.startswith("/quan-tri/") else [anonymous]:
            if client.get(url).status_code != 403:
                break
        found[url] = (client, names)
    return found


EXTREMES = ["0001-01-01", "9999-12-31", "99999999999999999999", "-1", "\x00", "x" * 5000]


def test_extreme_values_in_every_parameter_at_once(clients):
    """Each page with every parameter it reads set to one extreme value (a quick sweep of all pages)."""
    assert {"/thu-tuc/", "/en/thu-tuc/", "/quan-tri/ho-so/", "/quan-tri/chi-so/", "/hoi-dap/"} <= set(clients)
    failures = []
    for url, (client, names) in clients.items():
        for value in EXTREMES:
            response = client.get(url, dict.fromkeys(names, value))
            if response.status_code >= 500:
                failures.append(f"{url} {value[:12]!r} -> {response.status_code}")
    assert not failures, "\n".join(failures)


@settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_no_query_string_gives_a_server_error(clients, data):
    url = data.draw(st.sampled_from(sorted(clients)), label="page")
    client, names = clients[url]
    query = data.draw(
        st.dictionaries(st.sampled_from(names), st.lists(values, min_size=1, max_size=3), min_size=1),
        label="query",
    )
    response = client.get(url, query)
    assert response.status_code < 500, (url, query)
