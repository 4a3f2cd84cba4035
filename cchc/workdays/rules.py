"""How a procedure counts its time limit (domain.md §5).

- ``DAYS`` (default, Civil Code Đ147–148): counting starts the day after receipt; the dossier falls
  due at the end of office hours on the n-th working day.
- ``DAYS_WITH_CUTOFF``: as DAYS, but a dossier received after the cut-off hour, or on a day that is
  not a working day, counts as received on the next working day.
- ``HOURS``: n working hours counted inside office hours from the moment of receipt.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass


class RuleKind(enum.StrEnum):
    DAYS = "days"
    DAYS_WITH_CUTOFF = "days_cutoff"
    HOURS = "hours"


@dataclass(frozen=True, slots=True)
class CountingRule:
    kind: RuleKind = RuleKind.DAYS
    cutoff: dt.time | None = None

    def __post_init__(self) -> None:
        if (self.kind == RuleKind.DAYS_WITH_CUTOFF) != (self.cutoff is not None):
            raise ValueError("a cut-off hour goes with, and only with, the DAYS_WITH_CUTOFF rule")

    @classmethod
    def default(cls) -> CountingRule:
        return DEFAULT_RULE

    @classmethod
    def with_cutoff(cls, cutoff: dt.time) -> CountingRule:
        return cls(RuleKind.DAYS_WITH_CUTOFF, cutoff)

    @classmethod
    def working_hours(cls) -> CountingRule:
        return HOURS_RULE


DEFAULT_RULE = CountingRule()
HOURS_RULE = CountingRule(RuleKind.HOURS)
