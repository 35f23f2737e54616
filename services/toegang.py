"""Who may read what: a role per consumer, checked on every read path.

Roles: `zorgkantoor` (staff of one region: the cases and the plafond ledger of that region), `cak` and
`svb` (what their feeds carry: care periods, budgets, with the BSN they need), `rapportage` (aggregates
only, never a BSN), `auditor` (everything, read only, and the access log), `beheerder` (the privileged
role: erasure and other changes, the dead-letter summary; reads no case). Pure policy; the CLI and the
HTTP API (services/adapters/api/) call it.

Two kinds of refusal, kept apart on purpose: a role that lacks a right (`vereis`) is refused before any
lookup, so the answer never depends on whether a person is a client; a role that has the right but not
for this case's region (`ziet_regio`) gets the same answer as for a case that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from events.bsn import GEWIST


class Rol(StrEnum):
    ZORGKANTOOR = "zorgkantoor"
    CAK = "cak"
    SVB = "svb"
    RAPPORTAGE = "rapportage"
    AUDITOR = "auditor"
    BEHEERDER = "beheerder"


class Recht(StrEnum):
    """What a role may do; each read path and command needs one."""

    CASE = "case lezen"
    BUDGET = "budgetledger van een cliënt lezen"
    ZOEKEN = "cases per regio zoeken"
    AUDIT = "audit doen"
    PLAFONDLEDGER = "plafondledger lezen"
    RECONCILIATIE = "SVB-feed reconciliëren"
    DLQ = "dead letters overzien"
    REJECTS = "afgewezen regels overzien"  # `wlz rejects`: line, time, field, rule; no personal data
    REJECTS_RUW = "afgewezen regels ontsleuteld lezen"
    TOEGANGSLOG = "toegangslog lezen"
    WIJZIGEN = "gegevens wijzigen of wissen"


RECHTEN: dict[Rol, frozenset[Recht]] = {
    Rol.ZORGKANTOOR: frozenset({Recht.CASE, Recht.BUDGET, Recht.ZOEKEN, Recht.AUDIT, Recht.PLAFONDLEDGER}),
    Rol.CAK: frozenset({Recht.CASE}),
    Rol.SVB: frozenset({Recht.CASE, Recht.BUDGET, Recht.RECONCILIATIE}),
    Rol.RAPPORTAGE: frozenset({Recht.PLAFONDLEDGER}),
    Rol.AUDITOR: frozenset(set(Recht) - {Recht.WIJZIGEN}),
    Rol.BEHEERDER: frozenset({Recht.DLQ, Recht.REJECTS, Recht.WIJZIGEN}),
}


class GeenToegang(PermissionError):
    """This role may not read this; says which role and what, never the data."""


CAK_TYPEN = frozenset({"IndicatieOntvangen", "IndicatieBeeindigd", "LeveringsvormToegekend", "LeveringsvormBeeindigd"})
SVB_TYPEN = frozenset({"IndicatieOntvangen", "BudgetVastgesteld", "LeveringsvormToegekend", "LeveringsvormBeeindigd"})


@dataclass(frozen=True, slots=True)
class Toegang:
    rol: Rol
    regio: str | None = None  # required for zorgkantoor staff

    def __post_init__(self) -> None:
        if self.rol is Rol.ZORGKANTOOR and not self.regio:
            raise GeenToegang("de rol zorgkantoor hoort bij een regio (WLZ_REGIO of --regio)")

    def mag(self, recht: Recht) -> bool:
        return recht in RECHTEN[self.rol]

    def vereis(self, recht: Recht) -> None:
        """Refused by role alone: checked before anything is looked up."""
        if not self.mag(recht):
            raise GeenToegang(f"de rol {self.rol.value} mag geen {recht.value}")

    def ziet_regio(self, regio: str | None) -> bool:
        """Zorgkantoor staff see their own region only; the other roles are not bound to a region."""
        return self.rol is not Rol.ZORGKANTOOR or regio == self.regio

    def case(self, regio: str | None) -> None:
        """May this role read a case of `regio` at all?"""
        self.vereis(Recht.CASE)
        if not self.ziet_regio(regio):
            raise GeenToegang(f"zorgkantoor {self.regio} leest geen cases van een andere regio")

    def audit(self, regio: str | None) -> None:
        self.vereis(Recht.AUDIT)
        self.case(regio)

    def ledger(self, regio: str | None) -> None:
        """The regional plafond ledger: aggregates without personal data."""
        self.vereis(Recht.PLAFONDLEDGER)
        if not self.ziet_regio(regio):
            raise GeenToegang(f"zorgkantoor {self.regio} leest alleen het ledger van de eigen regio")

    def reconciliatie(self) -> None:
        self.vereis(Recht.RECONCILIATIE)

    def zichtbaar(self, bericht: dict[str, Any]) -> dict[str, Any] | None:
        """What of one stored event this role sees: None (not at all), or the event, BSN kept only for
        the roles that need it."""
        soort = bericht.get("event_type")
        if self.rol is Rol.CAK and soort not in CAK_TYPEN:
            return None
        if self.rol is Rol.SVB and soort not in SVB_TYPEN:
            return None
        if self.rol is Rol.RAPPORTAGE:
            payload = bericht.get("payload")
            if isinstance(payload, dict) and "bsn" in payload:
                return {**bericht, "payload": {**payload, "bsn": GEWIST, "geboortedatum": None}}
        return bericht
