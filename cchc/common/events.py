"""The appended history of every workflow: one abstract event model for the apps' event tables.

An event says who did what to which row, when, from which status to which, with a note and data. It is
written in the same transaction as the change (``cchc.common.workflow``) and never edited: on PostgreSQL
a trigger refuses UPDATE and DELETE on every concrete subclass (installed by its app's migration with
``cchc.common.migrations.append_only``; a test holds the list of subclasses and the triggers equal).

Subclasses add the ForeignKey of the row they are about and any columns of their own (the actor's unit,
whether the citizen sees it…), and may redefine an inherited column (a shorter ``action``, a required
``to_status``). Rows are written by :meth:`AppendOnlyEvent.append` (or ``bulk_create`` for demo data);
nothing lives in ``save()``.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Max


class AppendOnlyEvent(models.Model):
    at = models.DateTimeField()
    action = models.CharField(max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    from_status = models.CharField(max_length=24, blank=True)
    to_status = models.CharField(max_length=24, blank=True)
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    # The ForeignKey whose events are numbered 1, 2, 3… in a ``seq`` column; None: not numbered.
    numbered_by: ClassVar[str | None] = None

    class Meta:
        abstract = True

    @classmethod
    def append(cls, *, new: bool = False, **columns) -> AppendOnlyEvent:
        """Insert one event. A numbered event gets the next ``seq`` of its row: 1 without a query when
        ``new`` (the row was created in this transaction), else one more than the row's last — unless
        the caller passes ``seq`` (the second event of a row created in this transaction)."""
        if cls.numbered_by is not None and "seq" not in columns:  # a caller may know the number
            if new:
                columns["seq"] = 1
            else:
                row = {cls.numbered_by: columns[cls.numbered_by]}
                columns["seq"] = (cls.objects.filter(**row).aggregate(m=Max("seq"))["m"] or 0) + 1
        return cls.objects.create(**columns)
