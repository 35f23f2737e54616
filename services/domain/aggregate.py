"""The WlzCase aggregate: the consistency boundary of one client's case in the event store.

Every event of the case, inbound or decided, is stored as one `Vastgelegd` domain event that carries the
contract event as JSON; the aggregate's state is the fold of those (`toestand.toepassen`). So the
store holds exactly what the contract says, and replaying it rebuilds the state with the same code
that built it the first time. The invariants below guard the store even against a faulty policy.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from events import AnyEvent, DecisionEvent, InboundEvent, parse_event
from events import besluiten as b
from services.domain.budget import pgb_maximum
from services.domain.toestand import EKT, CaseToestand, toepassen
from services.regeling.artikelen.ekt import ekt_maximum
from services.regeling.regelset import regelset_op


class InvariantGeschonden(Exception):
    """A decision that would break a rule the case must always keep; nothing is recorded."""


class WlzCase(Aggregate):
    def __init__(self, case_id: UUID) -> None:
        self.toestand = CaseToestand()

    @classmethod
    def create_id(cls, case_id: UUID) -> UUID:
        return case_id

    class Vastgelegd(Aggregate.Event):
        bericht: dict[str, Any]

        def apply(self, aggregate: Aggregate) -> None:
            assert isinstance(aggregate, WlzCase)
            aggregate.toestand = toepassen(aggregate.toestand, parse_event(self.bericht))

    def ontvang(self, event: InboundEvent) -> None:
        """Records an inbound event, once."""
        if event.event_id in self.toestand.verwerkt:
            raise InvariantGeschonden(f"bericht {event.event_id} is al verwerkt")
        self._leg_vast(event)

    def besluit(self, event: DecisionEvent) -> None:
        """Records a decision after checking the case's invariants."""
        self._controleer(event)
        self._leg_vast(event)

    def _leg_vast(self, event: AnyEvent) -> None:
        self.trigger_event(self.Vastgelegd, bericht=event.model_dump(mode="json"))

    def _controleer(self, event: DecisionEvent) -> None:
        toestand = self.toestand
        payload = event.payload
        if isinstance(event, b.LeveringsvormToegekend | b.EKTToegekend | b.MeerzorgGestart | b.ToeslagToegekend):
            # No decision without a valid indication, and none after it ends (Wlz art. 3.2.1).
            if not toestand.indicatie_geldig_op(payload.peildatum):
                raise InvariantGeschonden(f"{event.event_type} op {payload.peildatum} zonder geldige indicatie")
        if isinstance(event, b.EKTToegekend):
            # Regeling art. 5.1a: at most 25% of the basisbedrag.
            toekenning = toestand.toekenning_op(payload.ingangsdatum)
            if toekenning is None or not toekenning.thuis:
                raise InvariantGeschonden("EKT zonder toegekend mpt of pgb")
            if payload.bedrag_per_jaar > ekt_maximum(regelset_op(payload.ingangsdatum).data, toekenning.basisbedrag):
                raise InvariantGeschonden("EKT boven 25% van het basisbedrag (art. 5.1a)")
        if isinstance(event, b.MeerzorgGestart):
            # Regeling art. 5.1e: no meerzorg before the EKT of art. 5.1a is exhausted.
            toekenning = toestand.toekenning_op(payload.ingangsdatum)
            if toekenning is None:
                raise InvariantGeschonden("meerzorg zonder toegekend mpt of pgb")
            maximum = ekt_maximum(regelset_op(payload.ingangsdatum).data, toekenning.basisbedrag)
            if toekenning.bedrag_op(EKT, payload.ingangsdatum) < maximum:
                raise InvariantGeschonden("meerzorg voordat de extra kosten thuis (art. 5.1a) zijn uitgeput")
        if isinstance(event, b.BudgetVastgesteld):
            # No PGB above what the rules allow (art. 5.1 lid 2, 5.1a, 5.1c-f, 5.13).
            procent = regelset_op(payload.peildatum).data.parameters.ekt_maximum_procent
            nieuw = toepassen(toestand, event)
            if payload.pgb_deel > pgb_maximum(nieuw, payload.jaar, procent):
                raise InvariantGeschonden(f"pgb {payload.pgb_deel} boven het maximum van de regels in {payload.jaar}")
