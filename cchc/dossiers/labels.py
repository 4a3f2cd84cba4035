"""How a dossier row shows its timeliness class on every staff list (one colour scheme for all apps)."""

from __future__ import annotations

from cchc.dossiers import timeliness

BADGES = {
    timeliness.EARLY: "text-bg-success",
    timeliness.ON_TIME: "text-bg-success",
    timeliness.WITHIN: "text-bg-success",
    timeliness.DUE_SOON: "text-bg-warning",
    timeliness.OVERDUE: "text-bg-danger",
    timeliness.LATE_WITH_APOLOGY: "text-bg-warning",
    timeliness.LATE_WITHOUT_APOLOGY: "text-bg-danger",
    timeliness.LATE_SUPPLEMENTS: "text-bg-danger",
    timeliness.PAUSED: "text-bg-secondary",
    timeliness.NOT_STARTED: "text-bg-light border",
}


def label_rows(rows, now=None) -> list:
    """Attach the label and badge of ``timeliness`` to each row of a page (no query): the
    database's annotation when the list has one, else ``timeliness.classify`` (the same rules)."""
    rows = list(rows)
    for row in rows:
        key = getattr(row, "timeliness", None) or timeliness.classify(row, now)
        row.timeliness_label = timeliness.LABELS.get(key, "")
        row.timeliness_badge = BADGES.get(key, "text-bg-light")
    return rows
