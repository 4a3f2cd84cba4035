"""Error pages (400, 403, 404, CSRF failure) in the page's language, without internal details; an
unknown ``/api/`` path answers in JSON like the rest of the API.

Wired in ``cchc/urls.py`` (``handler400`` …) and ``settings.CSRF_FAILURE_VIEW``. The 500 page is
Django's own handler with ``templates/500.html``, a standalone page that needs neither the database nor
a request context. The 429 page is ``cchc.portal.views.ratelimited``.
"""

from __future__ import annotations

import re

from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

# get_object_or_404's message names the model class ("No Dossier matches the given query."): never shown.
_GENERIC_NOT_FOUND = re.compile(r"^No \w+ matches the given query\.$")


def _message(exception, *, not_found: bool = False) -> str:
    """The explanation a view gave when raising ``exception``, if it is one written for people.

    A 404 from the URL resolver (``Resolver404``, whose text is a dict of the patterns tried) or from
    ``get_object_or_404`` carries no such message.
    """
    if exception is None or (not_found and type(exception) is not Http404):
        return ""
    message = exception.args[0] if exception.args else ""
    if not isinstance(message, str) or _GENERIC_NOT_FOUND.match(message):
        return ""
    return message


def bad_request(request, exception=None):
    # A malformed request's details are for the log, not the page.
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", {"message": _message(exception)}, status=403)


def page_not_found(request, exception=None):
    # An API client asked for a path the API does not have: it gets the API's JSON shape, not a page.
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Không có địa chỉ này trong API.")}, status=404)
    return render(request, "404.html", {"message": _message(exception, not_found=True)}, status=404)


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)
