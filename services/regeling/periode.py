"""Periods of days, inclusive at both ends, as the Regeling and iWlz count them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import overload


@dataclass(frozen=True, slots=True)
class Periode:
    van: date
    tot: date | None = None  # None: open-ended (no einddatum known yet)

    def bevat(self, dag: date) -> bool:
        return self.van <= dag and (self.tot is None or dag <= self.tot)

    def binnen_jaar(self, jaar: int) -> Periode | None:
        """The part of this period that falls inside calendar year `jaar`, or None."""
        begin = max(self.van, date(jaar, 1, 1))
        eind = vroegste(self.tot, date(jaar, 12, 31))
        return Periode(begin, eind) if begin <= eind else None

    def dagen(self) -> int:
        if self.tot is None:
            raise ValueError("an open-ended period has no number of days")
        return (self.tot - self.van).days + 1

    def beeindigd_op(self, einddatum: date) -> Periode:
        """This period, ended at `einddatum` at the latest."""
        return Periode(self.van, vroegste(self.tot, einddatum))


@overload
def vroegste(a: date | None, b: date) -> date: ...
@overload
def vroegste(a: date, b: date | None) -> date: ...
@overload
def vroegste(a: date | None, b: date | None) -> date | None: ...
def vroegste(a: date | None, b: date | None) -> date | None:
    """The earlier of two end dates, either of which may be open (None: no end known yet).

    One helper for every place that bounds an end date by another (a grant by its indication, a
    toeslag by the grant, a period by a year), so that "open" means the same everywhere.
    """
    if a is None:
        return b
    if b is None:
        return a
    return min(a, b)


def dag_ervoor(dag: date) -> date:
    return dag - timedelta(days=1)
