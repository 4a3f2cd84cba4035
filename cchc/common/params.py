"""Numbers read from a page's query string, bounded so no value can reach the database out of range.

A page number or an id typed into an address (``?trang=9223372036854775807``) must give a page, not a
server error: a page number past every real page is clamped (the list then shows its last page) and
an id outside the range of the database's integer keys is no id at all.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import SuspiciousOperation

MAX_ID = 2**31 - 1  # the largest key of a 32-bit integer column, the narrowest CCHC uses
MAX_PAGE = 100_000  # far past any real list; keeps OFFSET within every database's range


def id_param(value: str | None) -> int | None:
    """A positive id from ``value``, or None when it is empty, not a number or out of range."""
    try:
        number = int(value) if value else None
    except (TypeError, ValueError):
        return None
    if number is None or not 1 <= number <= MAX_ID:
        return None
    return number


def page_param(value, default: int = 1) -> int:
    """A page number from ``value``: at least 1, at most ``MAX_PAGE``; ``default`` when unreadable."""
    try:
        number = int(value) if value not in (None, "") else default
    except (TypeError, ValueError):
        return default
    return min(max(number, 1), MAX_PAGE)


FIRST_DATE = dt.date(1900, 1, 1)  # dates typed into a filter outside these are not dates at all:
LAST_DATE = dt.date(2199, 12, 31)  # a day ± a year's arithmetic stays within date's range


def date_param(value, default: dt.date | None = None) -> dt.date | None:
    """A date from an ISO ``value`` (``2026-05-31``) within FIRST_DATE..LAST_DATE; ``default`` otherwise."""
    try:
        day = dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return default
    if day is None or not FIRST_DATE <= day <= LAST_DATE:
        return default
    return day


def reject_nul_in_query(get_response):
    """Middleware: a query string holding a NUL character is a bad request (400), for every page at once.

    No page reads NUL in a search or filter, and PostgreSQL refuses it in a text parameter (a server error
    otherwise, wherever a typed value reaches a query).
    """

    def middleware(request):
        if any("\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists()):
            raise SuspiciousOperation("NUL character in the query string")
        return get_response(request)

    return middleware


def limited_body(request, limit: int) -> bytes | None:
    """The request's body, or None when it is larger than ``limit`` bytes: refused on its declared length
    before anything is read, else read only up to one byte past the limit (public endpoints that take a
    body from another system: the portal's push, the payment platform's callback)."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        return None
    body = request.read(limit + 1)
    return None if len(body) > limit else body
