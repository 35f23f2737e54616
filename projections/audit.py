"""Audit: a case as recorded up to a date, its ledger then, and every decision recomputed.

Each recorded decision is recomputed from the state before its inbound event, with the same clock, by
today's code and the rule set of its own date (chosen by the peildatum, identified by version and data
fingerprint). A decision that does not come out identical is reported as a difference, never hidden.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, get_args
from uuid import UUID

from events import AnyEvent, DecisionEvent, InboundEvent
from events.besluiten import PgbPlafondHerzien, Plafondlezing, Plafondtoets
from projections.ledger import Budgetregel, LedgerStaat, pas_toe
from projections.runner import DREMPELS
from services.application import WlzService
from services.domain.beslissen import beslis, herzie_pgb
from services.domain.toestand import CaseToestand, toepassen

INBOUND = get_args(InboundEvent)
BESLUIT = get_args(DecisionEvent)


@dataclass
class AuditRapport:
    case_id: UUID
    as_of: date
    toestand: CaseToestand
    events: list[AnyEvent]
    budgetten: list[Budgetregel]
    besluiten_herberekend: int = 0
    verschillen: list[str] = field(default_factory=list)

    @property
    def in_orde(self) -> bool:
        return not self.verschillen


def _dag(event: AnyEvent) -> date:
    return (event.recorded_at or event.occurred_at).date()


def _verschil(vastgelegd: dict[str, Any], herberekend: dict[str, Any], pad: str = "") -> list[str]:
    if isinstance(vastgelegd, dict) and isinstance(herberekend, dict):
        uit: list[str] = []
        for sleutel in sorted(set(vastgelegd) | set(herberekend)):
            uit += _verschil(vastgelegd.get(sleutel), herberekend.get(sleutel), f"{pad}.{sleutel}" if pad else sleutel)  # type: ignore[arg-type]
        return uit
    return [] if vastgelegd == herberekend else [f"{pad}: vastgelegd {vastgelegd!r}, herberekend {herberekend!r}"]


@dataclass(frozen=True)
class _Oorzaak:
    """The recorded ids of the request that caused a review (it lives on another case)."""

    event_id: UUID
    correlation_id: UUID | None


def _gevolgd_door(events: list[AnyEvent], n: int, oorzaak: UUID) -> list[AnyEvent]:
    """The decisions recorded right after events[n] that the same event caused."""
    uit = []
    m = n + 1
    while m < len(events) and isinstance(events[m], BESLUIT) and events[m].causation_id == oorzaak:
        uit.append(events[m])
        m += 1
    return uit


def _plafondlezingen(vastgelegd: list[AnyEvent]) -> dict[int, Plafondlezing]:
    """The PGB plafond register as each recorded decision read it (art. 5.10): fed back unchanged, so the
    recomputation sees exactly what the decision saw, whatever the register holds today."""
    lezingen = {}
    for besluit in vastgelegd:
        toets = getattr(besluit.payload, "plafondtoets", None)
        if isinstance(toets, Plafondtoets):
            lezingen[toets.lezing.jaar] = toets.lezing
    return lezingen


def audit(service: WlzService, case_id: UUID, as_of: date) -> AuditRapport:
    events = [e for e in service.historie(case_id) if _dag(e) <= as_of]
    rapport = AuditRapport(case_id, as_of, CaseToestand(), events, [])
    toestand = CaseToestand()
    n = 0
    while n < len(events):
        event = events[n]
        vastgelegd = []
        herberekend: list[DecisionEvent] | None = None
        if isinstance(event, INBOUND):
            vastgelegd = _gevolgd_door(events, n, event.event_id)
            tijdstip = event.recorded_at or event.occurred_at
            herberekend = beslis(toestand, event, case_id, tijdstip, _plafondlezingen(vastgelegd))
        elif isinstance(event, PgbPlafondHerzien) and event.causation_id is not None:
            # a review caused by an earlier-received request on another case (art. 5.10, Awb 4:25 lid 3):
            # recomputed from the state before it, with the reading and the lowering it recorded
            vastgelegd = [event, *_gevolgd_door(events, n, event.causation_id)]
            p = event.payload
            oorzaak = _Oorzaak(event.causation_id, event.correlation_id)
            tijdstip = event.recorded_at or event.occurred_at
            herberekend = herzie_pgb(toestand, case_id, oorzaak, tijdstip, p.lezing, p.ontvangstdatum, p.verlaagd)
        if herberekend is not None:
            rapport.besluiten_herberekend += len(herberekend)
            if len(herberekend) != len(vastgelegd):
                rapport.verschillen.append(
                    f"{event.event_type} {event.event_id}: {len(vastgelegd)} besluiten vastgelegd "
                    f"({[b.event_type for b in vastgelegd]}), {len(herberekend)} herberekend ({[b.event_type for b in herberekend]})"
                )
            for oud, nieuw in zip(vastgelegd, herberekend, strict=False):
                for regel in _verschil(oud.model_dump(mode="json"), nieuw.model_dump(mode="json")):
                    rapport.verschillen.append(f"{oud.event_type} {oud.event_id}: {regel}")
        if isinstance(event, PgbPlafondHerzien):
            vastgelegd = vastgelegd[1:]  # the review itself is `event`
        for vastgelegd_event in (event, *vastgelegd):
            toestand = toepassen(toestand, vastgelegd_event)
        n += 1 + len(vastgelegd)
    rapport.toestand = toestand
    staat = LedgerStaat()
    for volgnummer, event in enumerate(events, start=1):
        pas_toe(staat, volgnummer, event.model_dump(mode="json"), DREMPELS)
    rapport.budgetten = sorted((r for r in staat.budgetten.values() if isinstance(r, Budgetregel)), key=lambda r: r.jaar)
    return rapport
