"""Periods of days, inclusive at both ends, as the Regeling and iWlz count them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True, slots=True)
class Periode:
    van: date
    tot: date | None = None  # None: open-ended (no einddatum known yet)

    def bevat(self, dag: date) -> bool:
        return self.van <= dag and (self.tot is None or dag <= self.tot)

    def binnen_jaar(self, jaar: int) -> Periode | None:
        """The part of this period that falls inside calendar year `jaar`, or None."""
        begin = max(self.van, date(jaar, 1, 1))
        eind = date(jaar, 12, 31) if self.tot is None else min(self.tot, date(jaar, 12, 31))
        return Periode(begin, eind) if begin <= eind else None

    def dagen(self) -> int:
        if self.tot is None:
            raise ValueError("an open-ended period has no number of days")
        return (self.tot - self.van).days + 1

    def beeindigd_op(self, einddatum: date) -> Periode:
        """This period, ended at `einddatum` at the latest."""
        tot = einddatum if self.tot is None else min(self.tot, einddatum)
        return Periode(self.van, tot)


def dag_ervoor(dag: date) -> date:
    return dag - timedelta(days=1)
