"""Dashboards read from a PostgreSQL read replica, when one is configured (decision 0022).

Off by default: nothing here runs unless ``CCHC_REPLICA_DATABASE_URL`` is set, which makes the settings
add a database alias ``replica`` (a streaming replica of the primary), :class:`ReplicaRouter` and
:class:`ReplicaMiddleware`.

- :func:`replica_reads` marks a block whose ORM reads may go to the replica: the aggregates of a
  dashboard, which tolerate the replica's lag of a second or so (the indicators count whole days and
  months) and are the heaviest reads of the system;
- :class:`ReplicaMiddleware` runs the views named in ``CCHC_REPLICA_VIEWS`` (URL names such as
  ``backoffice:indicators_staff:dashboard``) inside :func:`replica_reads`;
- :class:`ReplicaRouter` sends reads to the replica inside such a block and to the primary everywhere
  else; **every write goes to the primary**, even inside the block and even for an object loaded from
  the replica; the replica is never migrated (it follows the primary).

Only ORM queries are routed: code that opens ``django.db.connection`` directly runs on the primary.
A transaction open on the primary keeps its reads there too, so a view never misses its own writes.
"""

from __future__ import annotations

import contextlib
import contextvars

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"

_reading = contextvars.ContextVar("cchc_replica_reads", default=False)


@contextlib.contextmanager
def replica_reads():
    """Within the block, ORM reads go to the replica (when one is configured)."""
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


def reading_from_replica() -> bool:
    """Whether an ORM read made now goes to the replica."""
    return _reading.get() and not connections[DEFAULT_DB_ALIAS].in_atomic_block


class ReplicaRouter:
    """Reads inside :func:`replica_reads` → ``replica``; every other read and every write → ``default``.

    Installed (``DATABASE_ROUTERS``) only when the replica is configured."""

    def db_for_read(self, model, **hints):
        return REPLICA if reading_from_replica() else DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the primary's rows: an object read from either may refer to the other's.
        return {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA}

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA


class ReplicaMiddleware:
    """Runs the views named in ``settings.CCHC_REPLICA_VIEWS`` with their reads on the replica."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.views = frozenset(getattr(settings, "CCHC_REPLICA_VIEWS", ()))

    def __call__(self, request):
        try:
            return self.get_response(request)
        finally:
            token = getattr(request, "_cchc_replica_token", None)
            if token is not None:
                _reading.reset(token)
                del request._cchc_replica_token

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is not None and match.view_name in self.views:
            request._cchc_replica_token = _reading.set(True)
        return None
