"""The articles of the Regeling langdurige zorg as small pure functions, one module per theme.

Each function cites its article and reads its amounts from a year's `RegelSetData`; none does I/O.
A refusal under the rules is raised as `Weigering` (the article and the reason, in Dutch, for the
decision event); a gap in the data (no rule set, no amount) as `Ontbreekt`, so a missing number is
said, never invented.
"""

from __future__ import annotations


class Weigering(Exception):
    """The rules refuse: `artikel` says which, `reden` says why, in words an auditor can check."""

    def __init__(self, artikel: str, reden: str) -> None:
        super().__init__(f"art. {artikel}: {reden}")
        self.artikel = artikel
        self.reden = reden


class Ontbreekt(Weigering):
    """The rule set has no value for what is asked (a date without rules, a profile without amount)."""

    def __init__(self, artikel: str, reden: str, ontbreekt: str) -> None:
        super().__init__(artikel, reden)
        self.ontbreekt = ontbreekt
