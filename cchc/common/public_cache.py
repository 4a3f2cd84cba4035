"""Whole-page cache of the anonymous public pages, invalidated by generation keys (decision 0020).

A public page (catalog, procedure, search results, Q&A, disclosures) is the same for every anonymous
visitor in one language, so its rendered response is stored in the shared cache under a key made of:
the generations of the *sections* it shows (``catalog``, ``feedback``, ``disclosure``, ``site``), the
language, the path, the sorted query string, whether htmx asked for a fragment, and today's date (a
version that takes effect at midnight shows without any write).

Invalidation: whatever changes a section calls ``bump(section)`` — the owning app's services or its
model signals (``bump_on_change``) — and the section's generation gets a new random value **when the
transaction commits**, so the next anonymous GET misses and renders the new state; old pages are never
read again and expire after ``CCHC_PUBLIC_CACHE_SECONDS``. A lost generation key (evicted) is replaced
by a new random value, never by a value an old page was stored under.

Only anonymous GET/HEAD requests without a session or messages cookie are served from or stored in the
cache. A response is stored only when nothing personal or per-request went into it: a 200 HTML
response, no cookie set, the session not touched (signed-in user, draft, messages), no CSRF token
generated (a form), no CSP nonce evaluated, no message queued. Anything else is served uncached.
"""

from __future__ import annotations

import functools
import hashlib
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import get_language

SECTIONS = ("catalog", "feedback", "disclosure", "site")
GEN_PREFIX = "cchc:pubgen:"
PAGE_PREFIX = "cchc:page:"
HEADER = "X-Public-Cache"  # hit / miss / bypass: what the cache did with this request
MAX_QUERY = 1000  # longer query strings are served uncached (no cache entry per random long URL)
KEPT_HEADERS = ("Content-Type", "Content-Language", "Content-Disposition")


def _gen_key(section: str) -> str:
    return f"{GEN_PREFIX}{section}"


def _new_generation() -> str:
    return secrets.token_hex(8)


def generations(sections) -> list[str]:
    """The current generation of each section (one cache read; a missing one gets a new value)."""
    keys = [_gen_key(s) for s in sections]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, _new_generation(), None)
            found[key] = cache.get(key)
    return [str(found[k]) for k in keys]


def bump(*sections: str, using: str | None = None) -> None:
    """Give ``sections`` new generations when the current transaction commits (at once outside one)."""
    unknown = set(sections) - set(SECTIONS)
    if unknown:
        raise ValueError(f"unknown public cache section(s): {sorted(unknown)}")

    def _apply():
        cache.set_many({_gen_key(s): _new_generation() for s in sections}, None)

    transaction.on_commit(_apply, using=using)


def bump_on_change(section: str, *models) -> None:
    """Bump ``section`` after any save or delete of ``models`` commits (called from an app's ready())."""
    from django.db.models.signals import post_delete, post_save

    def _changed(sender, using=None, **kwargs):
        bump(section, using=using)

    # Kept alive by the module-level registry: signals hold receivers weakly.
    _RECEIVERS.append(_changed)
    for model in models:
        uid = f"public-cache-{section}-{model._meta.label_lower}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}-delete")


_RECEIVERS: list = []


def _release() -> str:
    """What else a stored page depends on: the site name in settings and the static files' manifest
    (a deploy with new static files or a new name must not serve pages pointing at the old ones)."""
    manifest = settings.STATIC_ROOT / "staticfiles.json" if settings.STATIC_ROOT else None
    try:
        stamp = str(manifest.stat().st_mtime_ns) if manifest else ""
    except OSError:
        stamp = ""
    return f"{settings.CCHC_SYSTEM_NAME}|{stamp}"


def _cacheable_request(request) -> bool:
    if not getattr(settings, "CCHC_PUBLIC_CACHE", True):
        return False
    if request.method not in ("GET", "HEAD"):
        return False
    # A visitor with a session (signed in, a draft, a vote) or pending messages gets a fresh page.
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False
    return len(request.META.get("QUERY_STRING", "")) <= MAX_QUERY


def page_key(request, sections) -> str:
    query = sorted((k, v) for k in request.GET for v in request.GET.getlist(k))
    parts = [
        *generations(sections),
        _release(),
        get_language() or "",
        "hx" if request.headers.get("HX-Request") else "",
        timezone.localdate().isoformat(),
        request.path,
        repr(query),
    ]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return f"{PAGE_PREFIX}{digest}"


def refusal(request, response, *, session_was_accessed: bool) -> str | None:
    """Why ``response`` must not be stored (None: it may be). Checks what the view and its template
    did to the request: anything personal or unique to this request forbids storing."""
    if response.status_code != 200 or response.streaming:
        return "status"
    if not response.get("Content-Type", "").startswith("text/html"):
        return "not html"
    if response.cookies:
        return "sets a cookie"
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return "csrf token used"
    if getattr(request, "_csp_nonce", None):
        return "csp nonce used"
    session = getattr(request, "session", None)
    if session is not None and (session.accessed or session.modified) and not session_was_accessed:
        return "session accessed"
    storage = getattr(request, "_messages", None)
    if storage is not None and getattr(storage, "_queued_messages", None):
        return "messages queued"
    if response.has_header("Vary") and "cookie" in response["Vary"].lower():
        return "varies on cookie"
    if "private" in response.get("Cache-Control", "") or "no-store" in response.get("Cache-Control", ""):
        return "private"
    return None


def public_page(*sections: str):
    """Serve an anonymous public page from the shared cache; store it when it is safe to (see module)."""
    for section in sections:
        if section not in SECTIONS:
            raise ValueError(f"unknown public cache section {section!r}")
    shown = (*sections, "site")

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not _cacheable_request(request):
                response = view(request, *args, **kwargs)
                response[HEADER] = "bypass"
                return response
            key = page_key(request, shown)
            stored = cache.get(key)
            if stored is not None:
                status, content, headers = stored
                response = HttpResponse(content, status=status, headers=headers)
                response[HEADER] = "hit"
                return response
            session = getattr(request, "session", None)
            session_was_accessed = bool(session is not None and session.accessed)
            response = view(request, *args, **kwargs)
            if refusal(request, response, session_was_accessed=session_was_accessed) is None:
                headers = {h: response[h] for h in KEPT_HEADERS if response.has_header(h)}
                cache.set(
                    key, (response.status_code, response.content, headers), settings.CCHC_PUBLIC_CACHE_SECONDS
                )
                response[HEADER] = "miss"
            else:
                response[HEADER] = "bypass"
            return response

        return wrapper

    return decorate
