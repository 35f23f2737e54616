"""The articles of the Regeling langdurige zorg as small pure functions, one module per theme.

Each function cites its article and reads its amounts from a year's `RegelSetData`; none does I/O.
A refusal under the rules is raised as `Weigering`: every ground (`Grond`) that applies, each with its
article and the reason in Dutch, for the decision event; a gap in the data (no rule set for the date, no
amount) as `Ontbreekt`, so a missing number is said, never invented. `Gronden` collects the grounds of
checks that do not depend on each other, so a refusal names all of them, not only the first.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from events.besluiten import Grond


class Weigering(Exception):
    """The rules refuse, on one or more grounds, in words an auditor can check."""

    def __init__(self, artikel: str | None, reden: str, ontbreekt: str | None = None) -> None:
        self.gronden: tuple[Grond, ...] = (Grond(artikel=artikel, reden=reden, ontbreekt=ontbreekt),)
        self.artikelen: list[str] = [artikel] if artikel else []  # a refusal may cite more articles for one ground
        super().__init__(self._tekst())

    @classmethod
    def op(cls, gronden: Iterable[Grond]) -> Weigering:
        """A refusal on every ground given (at least one)."""
        lijst = tuple(gronden)
        if not lijst:
            raise ValueError("een weigering heeft ten minste één grond")
        weigering = cls.__new__(cls)
        weigering.gronden = lijst
        weigering.artikelen = [g.artikel for g in lijst if g.artikel]
        Exception.__init__(weigering, weigering._tekst())
        return weigering

    def _tekst(self) -> str:
        return "; ".join(f"art. {g.artikel}: {g.reden}" if g.artikel else g.reden for g in self.gronden)

    @property
    def artikel(self) -> str:
        """The first article cited; empty when no ground is an article (only a missing rule set)."""
        return next((g.artikel for g in self.gronden if g.artikel), "")

    @property
    def reden(self) -> str:
        return "; ".join(g.reden for g in self.gronden)

    @property
    def ontbreekt(self) -> str | None:
        return next((g.ontbreekt for g in self.gronden if g.ontbreekt), None)


class Ontbreekt(Weigering):
    """The rule set has no value for what is asked (a date without rules, a profile without amount)."""

    def __init__(self, artikel: str | None, reden: str, ontbreekt: str) -> None:
        super().__init__(artikel, reden, ontbreekt)


class Gronden:
    """Collects the grounds of independent checks: `with gronden.toets(): ...` per check, then
    `gronden.weiger()` raises one refusal naming every ground found (none: nothing happens)."""

    def __init__(self) -> None:
        self.lijst: list[Grond] = []

    @contextmanager
    def toets(self) -> Iterator[None]:
        try:
            yield
        except Weigering as weigering:
            self.lijst.extend(g for g in weigering.gronden if g not in self.lijst)

    def weiger(self) -> None:
        if self.lijst:
            raise Weigering.op(self.lijst)
