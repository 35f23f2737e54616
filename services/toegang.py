"""Who may read what: a role per consumer, checked on every read path.

Roles: `zorgkantoor` (staff of one region: the cases and the plafond ledger of that region), `cak` and
`svb` (what their feeds carry: care periods, budgets, with the BSN they need), `rapportage` (aggregates
only, never a BSN), `auditor` (everything, read only). Pure policy; the CLI and any other read path call it.
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

    def case(self, regio: str | None) -> None:
        """May this role read a case of `regio` at all?"""
        if self.rol is Rol.RAPPORTAGE:
            raise GeenToegang("rapportage leest geen cases, alleen geaggregeerde ledgers")
        if self.rol is Rol.ZORGKANTOOR and regio != self.regio:
            raise GeenToegang(f"zorgkantoor {self.regio} leest geen cases van een andere regio")

    def audit(self, regio: str | None) -> None:
        if self.rol not in (Rol.AUDITOR, Rol.ZORGKANTOOR):
            raise GeenToegang(f"de rol {self.rol.value} mag geen audit doen")
        self.case(regio)

    def ledger(self, regio: str | None) -> None:
        """The regional plafond ledger: aggregates without personal data."""
        if self.rol in (Rol.CAK, Rol.SVB):
            raise GeenToegang(f"de rol {self.rol.value} heeft het plafondledger niet nodig")
        if self.rol is Rol.ZORGKANTOOR and regio != self.regio:
            raise GeenToegang(f"zorgkantoor {self.regio} leest alleen het ledger van de eigen regio")

    def reconciliatie(self) -> None:
        if self.rol not in (Rol.SVB, Rol.AUDITOR):
            raise GeenToegang(f"de rol {self.rol.value} mag de SVB-feed niet reconciliëren")

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
