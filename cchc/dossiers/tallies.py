"""Monthly tallies of finished dossiers (``DossierTally``), kept by database triggers (decision 0010).

Why: the leaders' dashboard must add up a year of dossiers for a dozen indicators in under a second at
1,000,000 dossiers. Once a dossier is finished, everything the indicators ask of it (on time or not,
online, paid online, digitised…) is fixed, so a trigger adds it to the row of its procedure version
and its (received, due, finished) months; the indicators add those few thousand rows up and read
only the open and the recently finished dossiers live (``cchc.indicators.engine``).

Why triggers and not the service layer: dossiers are also written by the admin's bulk actions, the
demo and benchmark loaders and the tests' builders; a trigger sees every INSERT and UPDATE, so the
tally cannot drift. Deletions are not counted: dossiers are never deleted (their history protects
them); if one ever is, by hand, run ``cchc rebuild_dossier_tallies``.

The triggers are (re)installed after every ``migrate`` (``ensure``, on ``post_migrate``): SQLite
drops a table's triggers when a migration rebuilds the table, and their SQL depends on
``TIME_ZONE``. Their names carry a fingerprint of their SQL, so a change of the SQL or of the zone
installs new triggers and rebuilds the tally. On SQLite the local month is computed with the zone's
fixed UTC offset (Việt Nam has had no daylight saving since 1975); a zone with DST is refused.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import zoneinfo

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, transaction

from cchc.dossiers.models import Channel, DossierTally, Outcome, Status

TABLE = DossierTally._meta.db_table
SOURCE = "dossiers_dossier"
NO_DATE = "1900-01-01"
KEY = ("agency_id", "procedure_version_id", "received_month", "due_month", "finished_month")
# The dossier columns the counts depend on: an UPDATE that changes none of them leaves the tally alone.
TRACKED = (
    "agency_id",
    "procedure_version_id",
    "received_at",
    "due_at",
    "finished_at",
    "status",
    "supplement_count",
    "apologised_at",
    "channel",
    "paper_reason",
    "result_code",
    "fee_amount",
    "paid_online",
    "digitised_components",
    "data_reused",
    "vneid_verified",
    "outcome",
)


def _conditions(r: str) -> dict[str, str]:
    """Each count of ``DossierTally`` as an SQL condition on the dossier row ``r`` (NEW, OLD, d)."""
    pop = f"{r}.received_at IS NOT NULL AND {r}.due_at IS NOT NULL AND {r}.status <> '{Status.REFUSED}'"
    on_time = f"{r}.supplement_count <= 1 AND {r}.finished_at <= {r}.due_at"
    supp_ok = f"{r}.supplement_count <= 1"
    no_apology = f"{r}.apologised_at IS NULL"
    e_result = f"{r}.result_code <> ''"
    online = f"{r}.channel = {Channel.ONLINE.value}"
    paper = f"{r}.channel IN ({Channel.COUNTER.value}, {Channel.POST.value})"
    fee = f"{r}.fee_amount > 0"
    approved = f"{r}.outcome = '{Outcome.APPROVED}'"
    return {
        "n": "1 = 1",
        "pop": pop,
        "pop_on_time": f"{pop} AND {on_time}",
        "pop_late_no_apology": f"{pop} AND NOT ({on_time}) AND {no_apology}",
        "pop_supp_ok": f"{pop} AND {supp_ok}",
        "pop_no_apology": f"{pop} AND {no_apology}",
        "pop_supp_ok_no_apology": f"{pop} AND {supp_ok} AND {no_apology}",
        "online": online,
        "online_e": f"{online} AND {e_result}",
        "paper": paper,
        "paper_no_reason": f"{paper} AND {r}.paper_reason = ''",
        "fee": fee,
        "paid": f"{fee} AND {r}.paid_online > 0",
        "digitised": f"{r}.digitised_components AND ({e_result} OR {r}.outcome <> '{Outcome.APPROVED}')",
        "reused": f"{r}.data_reused",
        "vneid": f"{r}.vneid_verified",
        "approved": approved,
        "approved_e": f"{approved} AND {e_result}",
    }


COUNTS = tuple(_conditions("d"))


def _flag(condition: str) -> str:
    return f"CASE WHEN {condition} THEN 1 ELSE 0 END"


def _sqlite_offset_minutes() -> int:
    """The zone's UTC offset in minutes; refused if it is not the same all year round."""
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    offsets = {
        dt.datetime(year, month, 15, 12, tzinfo=zone).utcoffset()
        for year in range(1976, 2101, 4)
        for month in (1, 4, 7, 10)
    }
    if len(offsets) != 1:
        raise ImproperlyConfigured(
            f"TIME_ZONE {settings.TIME_ZONE} has daylight saving: the SQLite dossier tally triggers need a "
            "zone with a fixed UTC offset (use PostgreSQL)."
        )
    return int(offsets.pop().total_seconds() // 60)


def _month(vendor: str, expr: str) -> str:
    """The local calendar month (its first day) of the datetime ``expr``, or NO_DATE when null."""
    if vendor == "postgresql":
        zone = settings.TIME_ZONE
        if not re.fullmatch(r"[A-Za-z0-9_+\-/]+", zone):
            raise ImproperlyConfigured(f"TIME_ZONE {zone!r} is not a zone name the tally triggers can use.")
        return f"COALESCE(date_trunc('month', {expr} AT TIME ZONE '{zone}')::date, DATE '{NO_DATE}')"
    offset = _sqlite_offset_minutes()
    # Whole seconds first: SQLite's date functions round to the millisecond, so 23:59:59.9999 on the
    # last day of a month would otherwise land in the next month. (Month boundaries fall on whole
    # seconds, so dropping the fraction never changes the month.)
    return f"COALESCE(date(substr({expr}, 1, 19), '{offset:+d} minutes', 'start of month'), '{NO_DATE}')"


def _key_values(vendor: str, r: str) -> list[str]:
    return [
        f"{r}.agency_id",
        f"{r}.procedure_version_id",
        _month(vendor, f"{r}.received_at"),
        _month(vendor, f"{r}.due_at"),
        _month(vendor, f"{r}.finished_at"),
    ]


def _columns() -> str:
    return ", ".join(KEY + COUNTS)


def _upsert(vendor: str, r: str, sign: int) -> str:
    """Add (sign 1) or take away (sign −1) the dossier row ``r`` to or from its tally row."""
    values = _key_values(vendor, r) + [f"{sign} * {_flag(c)}" for c in _conditions(r).values()]
    updates = ", ".join(f"{c} = {TABLE}.{c} + excluded.{c}" for c in COUNTS)
    return (
        f"INSERT INTO {TABLE} ({_columns()}) VALUES ({', '.join(values)}) "
        f"ON CONFLICT ({', '.join(KEY)}) DO UPDATE SET {updates}"
    )


def _changed(vendor: str) -> str:
    op = "IS DISTINCT FROM" if vendor == "postgresql" else "IS NOT"
    return "(" + " OR ".join(f"OLD.{c} {op} NEW.{c}" for c in TRACKED) + ")"


def _trigger_sql(vendor: str) -> tuple[list[str], list[str]]:
    """(statements to create the triggers, their names); names end in a fingerprint of all the SQL."""
    changed = _changed(vendor)
    if vendor == "postgresql":
        body = (
            "CREATE OR REPLACE FUNCTION dossiers_tally_apply() RETURNS trigger AS $$\n"
            "BEGIN\n"
            "  IF TG_OP = 'UPDATE' AND OLD.finished_at IS NOT NULL THEN\n"
            f"    {_upsert(vendor, 'OLD', -1)};\n"
            "  END IF;\n"
            f"  IF NEW.finished_at IS NOT NULL THEN {_upsert(vendor, 'NEW', 1)}; END IF;\n"
            "  RETURN NULL;\n"
            "END;\n"
            "$$ LANGUAGE plpgsql"
        )
        triggers = [
            ("ins", "INSERT", "NEW.finished_at IS NOT NULL"),
            ("upd", "UPDATE", f"(OLD.finished_at IS NOT NULL OR NEW.finished_at IS NOT NULL) AND {changed}"),
        ]
        fingerprint = hashlib.sha1(repr((body, triggers)).encode()).hexdigest()[:10]
        names = [f"dossier_tally_{suffix}_{fingerprint}" for suffix, *_ in triggers]
        statements = [body] + [
            f"CREATE TRIGGER {name} AFTER {event} ON {SOURCE} FOR EACH ROW WHEN ({when}) "
            "EXECUTE FUNCTION dossiers_tally_apply()"
            for name, (_suffix, event, when) in zip(names, triggers, strict=True)
        ]
        return statements, names
    parts = [
        ("ins", "INSERT", "NEW.finished_at IS NOT NULL", _upsert(vendor, "NEW", 1)),
        ("old", "UPDATE", f"OLD.finished_at IS NOT NULL AND {changed}", _upsert(vendor, "OLD", -1)),
        ("new", "UPDATE", f"NEW.finished_at IS NOT NULL AND {changed}", _upsert(vendor, "NEW", 1)),
    ]
    fingerprint = hashlib.sha1(repr(parts).encode()).hexdigest()[:10]
    names = [f"dossier_tally_{suffix}_{fingerprint}" for suffix, *_ in parts]
    statements = [
        f"CREATE TRIGGER {name} AFTER {event} ON {SOURCE} FOR EACH ROW WHEN {when} BEGIN {upsert}; END"
        for name, (_suffix, event, when, upsert) in zip(names, parts, strict=True)
    ]
    return statements, names


def _installed(connection) -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger "
                "WHERE tgrelid = %s::regclass AND tgname LIKE 'dossier_tally_%%'",
                [SOURCE],
            )
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s "
                "AND name LIKE 'dossier_tally_%%'",
                [SOURCE],
            )
        return {row[0] for row in cursor.fetchall()}


def drop(using: str = "default") -> None:
    """Remove the triggers (before a ``migrate`` that changes the dossiers app: a trigger naming the
    tally table or a dossier column would block SQLite's table rebuilds and PostgreSQL's column type
    changes, and must not outlive a reversed migration 0005). ``post_migrate`` reinstalls them."""
    connection = connections[using]
    if connection.vendor not in ("sqlite", "postgresql"):
        return
    if SOURCE not in set(connection.introspection.table_names()):
        return
    with transaction.atomic(using=using), connection.cursor() as cursor:
        for name in _installed(connection):
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {SOURCE}")
            else:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        if connection.vendor == "postgresql":
            cursor.execute("DROP FUNCTION IF EXISTS dossiers_tally_apply()")


def ensure(using: str = "default") -> bool:
    """Install the triggers if they are missing or out of date, then rebuild the tally.

    Returns True when it had to install them. Called after every ``migrate``.
    """
    connection = connections[using]
    if connection.vendor not in ("sqlite", "postgresql"):
        raise ImproperlyConfigured("The dossier tally triggers exist for SQLite and PostgreSQL only.")
    if not {SOURCE, TABLE} <= set(connection.introspection.table_names()):
        return False  # a partial migrate: the next full one installs them
    statements, names = _trigger_sql(connection.vendor)
    present = _installed(connection)
    if present == set(names):
        return False
    with transaction.atomic(using=using), connection.cursor() as cursor:
        for name in present:
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {SOURCE}")
            else:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        for sql in statements:
            cursor.execute(sql)
        rebuild(using)
    return True


def _grouped_select(vendor: str) -> str:
    counts = ", ".join(f"SUM({_flag(c)})" for c in _conditions("d").values())
    return (
        f"SELECT {', '.join(_key_values(vendor, 'd'))}, {counts} FROM {SOURCE} d "
        "WHERE d.finished_at IS NOT NULL GROUP BY 1, 2, 3, 4, 5"
    )


def rebuild(using: str = "default") -> int:
    """Recompute the whole tally from the dossiers in one INSERT … SELECT; returns its row count."""
    connection = connections[using]
    with transaction.atomic(using=using), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Writers that finish a dossier meanwhile wait, so none is counted twice or lost.
            cursor.execute(f"LOCK TABLE {SOURCE} IN SHARE MODE")
        cursor.execute(f"DELETE FROM {TABLE}")
        cursor.execute(f"INSERT INTO {TABLE} ({_columns()}) {_grouped_select(connection.vendor)}")
        cursor.execute(f"SELECT COUNT(*) FROM {TABLE}")
        return cursor.fetchone()[0]


def row_count(using: str = "default") -> int:
    return DossierTally.objects.using(using).count()


def differences(using: str = "default") -> list[tuple]:
    """The tally rows that differ from a fresh count of the dossiers (empty when in step).

    Each item is (key, tally counts or None, fresh counts or None); all-zero rows are ignored.
    """
    connection = connections[using]
    zero = (0,) * len(COUNTS)
    with connection.cursor() as cursor:
        cursor.execute(_grouped_select(connection.vendor))
        fresh = {tuple(str(v) for v in row[:5]): tuple(row[5:]) for row in cursor.fetchall()}
        cursor.execute(f"SELECT {_columns()} FROM {TABLE}")
        kept = {tuple(str(v) for v in row[:5]): tuple(row[5:]) for row in cursor.fetchall()}
    out = []
    for key in sorted(set(fresh) | set(kept)):
        a, b = kept.get(key, zero), fresh.get(key, zero)
        if tuple(a) != tuple(b):
            out.append((key, kept.get(key), fresh.get(key)))
    return out
