"""Liveness, readiness and metrics endpoints, for monitors inside the server's network.

``/health/`` answers at once without touching the database (is the process serving?);
``/health/ready/`` runs the readiness checks (django-health-check) and ``/metrics`` gives the
Prometheus metrics. The reverse proxy keeps all three away from the internet; on top of that,
``CCHC_HEALTH_ALLOWED_IPS`` (addresses or networks of the direct peer) and ``CCHC_HEALTH_TOKEN``
(``Authorization: Bearer …``) can restrict readiness and metrics. None is rate-limited: monitors
poll them. They answer JSON or plain text, never an HTML page.
"""

from __future__ import annotations

import asyncio
import contextvars
import hmac
import ipaddress
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.db import connections
from django.http import HttpResponse, HttpResponseForbidden, JsonResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET
from health_check.exceptions import ServiceWarning
from health_check.views import HealthCheckView
from prometheus_client import CONTENT_TYPE_LATEST

from cchc.ops.metrics import exposition


def allowed(request) -> bool:
    """Whether the peer may read the readiness detail and the metrics (see the module docstring)."""
    networks = settings.CCHC_HEALTH_ALLOWED_IPS
    if networks:
        try:
            peer = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
        except ValueError:
            return False
        if not any(peer in ipaddress.ip_network(net, strict=False) for net in networks):
            return False
    token = settings.CCHC_HEALTH_TOKEN
    if token:
        given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        return hmac.compare_digest(given.encode(), token.encode())
    return True


@require_GET
def liveness(request):
    """The process is up and serves requests: no database, no check, no cost."""
    response = JsonResponse({"status": "ok"})
    add_never_cache_headers(response)
    return response


class _ClosingExecutor(ThreadPoolExecutor):
    """Runs the synchronous checks in threads that close their database connections afterwards
    (threads of this pool serve nothing else, and end with the request)."""

    def submit(self, fn, /, *args, **kwargs):
        def run():
            try:
                return fn(*args, **kwargs)
            finally:
                connections.close_all()

        # The request's logging context (its request id) goes along into the thread.
        return super().submit(contextvars.copy_context().run, run)


class Readiness(HealthCheckView):
    """Ready to serve: database, cache, writable folders, migrations, outbox, working calendar.

    HTTP 200 when every check passes or only warns (e.g. an outbox backlog older than the warning
    threshold), 500 when one fails. JSON with ``Accept: application/json`` or ``?format=json``,
    plain text otherwise.
    """

    checks = (
        "health_check.checks.Database",
        "health_check.checks.Cache",
        ("cchc.ops.checks.WritableDirectory", {"setting": "MEDIA_ROOT"}),
        ("cchc.ops.checks.WritableDirectory", {"setting": "VAR_DIR"}),
        "cchc.ops.checks.MigrationsApplied",
        "cchc.notifications.health.OutboxBacklog",
        "cchc.national.health.PortalBacklog",
        "cchc.workdays.health.CalendarLoaded",
    )

    async def get(self, request, *args, **kwargs):
        response = await super().get(request, *args, **kwargs)
        if response.status_code == 500 and all(
            result.error is None or isinstance(result.error, ServiceWarning) for result in self.results
        ):
            response.status_code = 200  # a warning is for people to look at, not for the balancer
        return response

    def get_executor(self):
        return _ClosingExecutor(max_workers=4, thread_name_prefix="health")

    def render_to_response(self, context, **response_kwargs):
        # The library's HTML page has inline styles (refused by our CSP): plain text instead.
        return self.render_to_response_text(response_kwargs.get("status", 200))


_readiness = Readiness.as_view()


@require_GET
def readiness(request):
    """Runs the (asynchronous) readiness view in an event loop of its own, in a thread of its own.

    A synchronous view, so it works the same in every thread, including one where an event loop
    already runs (asgiref refuses to start a loop there).
    """
    if not allowed(request):
        return HttpResponseForbidden("forbidden\n", content_type="text/plain")
    context = contextvars.copy_context()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="health-loop") as pool:
        return pool.submit(context.run, asyncio.run, _readiness(request)).result()


@require_GET
def metrics(request):
    """Prometheus metrics in the text exposition format."""
    if not allowed(request):
        return HttpResponseForbidden("forbidden\n", content_type="text/plain")
    response = HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)
    add_never_cache_headers(response)
    return response
