"""The cases this process recorded last, kept in memory for a short while so the next batch that needs
one reads only what was recorded on it since, instead of its whole history.

Why: in the national run (`python -m bench.decide --events 300000`, py-spy) building cases from their
whole history was a fifth of the decision path: the cases of a batch (`WlzService._laad`, 6 %) and, above
all, the later-received grants reviewed past a regional plafond (Awb art. 4:25 lid 3 with art. 5.10),
loaded one round trip at a time and reviewed again and again, each review making their history longer
(14 %).

Why this is as safe as reading the store: a kept case is a state this process committed (or read), so
its history up to its version is in the store. Whoever uses it reads the events recorded on it after that
version (by this process or another instance) in the same query that would have read the whole history,
and folds them onto a copy; the kept case never changes. Should a writer still come between that read
and the append, the append fails on the case's version (optimistic concurrency) and the batch is decided
again on a fresh read.

Why for `Kluis.BEWAARTIJD` only: a case holds personal data (BSN, date of birth) in the clear. Erased by
another process (`wlz erase` beside `wlz serve`), it leaves this process's memory within the time a
personal key may stay cached here (services/persoonsgegevens.py); erased here, at once (`vergeet`).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from uuid import UUID

from services.domain.aggregate import WlzCase
from services.persoonsgegevens import Kluis
from services.registers import kopie


class Casegeheugen:
    """At most `maximum` cases (0: none), each for `bewaartijd` seconds from when it was last kept."""

    def __init__(self, maximum: int, bewaartijd: float = Kluis.BEWAARTIJD, klok: Callable[[], float] = time.monotonic) -> None:
        self.maximum = maximum
        self.bewaartijd = bewaartijd
        self._klok = klok
        # case id -> (the case as committed, kept until); in the order kept, so the oldest go from the front
        self._cases: OrderedDict[UUID, tuple[WlzCase, float]] = OrderedDict()
        self._lock = threading.Lock()

    def neem(self, ids: Iterable[UUID]) -> dict[UUID, WlzCase]:
        """Copies of the kept cases among `ids`, for a batch to bring up to date and change. The version of
        each copy is where the reader must go on from (a later `bewaar` does not change a copy taken)."""
        if not self.maximum:
            return {}
        nu = self._klok()
        with self._lock:
            self._ruim_op(nu)
            return {case_id: kopie(gevonden[0]) for case_id in ids if (gevonden := self._cases.get(case_id)) is not None}

    def bewaar(self, cases: Iterable[WlzCase]) -> None:
        """Cases as just committed (no pending events). An older version never replaces a newer one (two
        threads of this process may record the same case one after the other)."""
        if not self.maximum:
            return
        nu = self._klok()
        tot = nu + self.bewaartijd
        with self._lock:
            for case in cases:
                bekend = self._cases.get(case.id)
                if bekend is not None and bekend[0].version > case.version:
                    continue
                self._cases[case.id] = (case, tot)
                self._cases.move_to_end(case.id)
            while len(self._cases) > self.maximum:
                self._cases.popitem(last=False)
            self._ruim_op(nu)

    def vergeet(self, case_id: UUID | None = None) -> None:
        """One case (erased here), or all (None)."""
        with self._lock:
            if case_id is None:
                self._cases.clear()
            else:
                self._cases.pop(case_id, None)

    def __len__(self) -> int:
        return len(self._cases)

    def _ruim_op(self, nu: float) -> None:
        """Drops what is past its time (the front holds the oldest)."""
        while self._cases:
            _, (_, tot) = next(iter(self._cases.items()))
            if tot > nu:
                return
            self._cases.popitem(last=False)
