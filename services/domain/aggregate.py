"""The WlzCase aggregate: the consistency boundary of one client's case in the event store.

Every event of the case, inbound or decided, is stored as one `Vastgelegd` domain event that carries the
contract event as JSON; the aggregate's state is the fold of those (`toestand.toepassen`). So the
store holds exactly what the contract says, and replaying it rebuilds the state with the same code
that built it the first time. The invariants below guard the store even against a faulty policy.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from events import AnyEvent, DecisionEvent, InboundEvent, parse_event
from events import besluiten as b
from events.toewijzing import ZorgToegewezen
from services.domain.beslissen import Gevouwen
from services.domain.budget import pgb_maximum
from services.domain.toestand import EKT, CaseToestand, toepassen
from services.regeling.regelset import regelset_op


class InvariantGeschonden(Exception):
    """A decision that would break a rule the case must always keep; nothing is recorded."""


_TOEKENNINGEN = (
    b.LeveringsvormToegekend,
    b.EKTToegekend,
    b.MeerzorgGestart,
    b.ToeslagToegekend,
    b.BehandelingToegekend,
    b.AdlPgbToegekend,
)


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
            # When the event is new, the aggregate hands over the model it was made from; when it is
            # replayed from the store, the contract JSON is parsed (the same fold either way).
            model = aggregate.__dict__.pop("_vers", None) or parse_event(self.bericht, uit_de_store=True)
            # the state after it, when it was already folded (`neem_besluiten`, `_controleer`): once, not twice
            na = aggregate.__dict__.pop("_na", None)
            aggregate.toestand = na if na is not None else toepassen(aggregate.toestand, model)

    def ontvang(self, event: InboundEvent, na: CaseToestand | None = None) -> None:
        """Records an inbound event, once. `na`: the state after it, when `neem_besluiten` has it."""
        if event.event_id in self.toestand.verwerkt:
            raise InvariantGeschonden(f"bericht {event.event_id} is al verwerkt")
        self._leg_vast(event, na)

    def besluit(self, event: DecisionEvent, na: CaseToestand | None = None) -> None:
        """Records a decision after checking the case's invariants. `na`: as with `ontvang`."""
        self._leg_vast(event, self._controleer(event, na))

    def neem_besluiten(self, event: InboundEvent, gevouwen: Gevouwen) -> None:
        """Records `event` and the decisions `beslissen.beslis_gevouwen` made on it. The states it folded
        on the way are taken when it folded them from this case's own state (an identity check, and the
        states are immutable: the same fold, done once instead of twice); otherwise each is folded here,
        as in a replay. The invariants are checked either way."""
        eigen = gevouwen.voor is self.toestand
        self.ontvang(event, gevouwen.na_event if eigen else None)
        for besluit, na in zip(gevouwen.besluiten, gevouwen.na_besluit, strict=True):
            self.besluit(besluit, na if eigen else None)

    def _leg_vast(self, event: AnyEvent, na: CaseToestand | None = None) -> None:
        self.__dict__["_vers"] = event
        if na is not None:
            self.__dict__["_na"] = na
        try:
            self.trigger_event(self.Vastgelegd, bericht=event.model_dump(mode="json"))
        finally:
            self.__dict__.pop("_vers", None)
            self.__dict__.pop("_na", None)

    def _controleer(self, event: DecisionEvent, na: CaseToestand | None) -> CaseToestand | None:
        """Raises InvariantGeschonden; returns the state after `event` when it is known (`na`) or checking
        it needed that (so it is folded once)."""
        toestand = self.toestand
        # No decision without a valid indication, and none after it ends (Wlz art. 3.2.1); none after erasure.
        if isinstance(event, _TOEKENNINGEN):
            if toestand.gewist:
                raise InvariantGeschonden(f"{event.event_type} na het wissen van de persoonsgegevens")
            if not toestand.indicatie_geldig_op(event.payload.peildatum):
                raise InvariantGeschonden(f"{event.event_type} op {event.payload.peildatum} zonder geldige indicatie")
        match event:
            case b.EKTToegekend(payload=p):
                # Regeling art. 5.1a: at most 25% of the basisbedrag.
                toekenning = toestand.toekenning_op(p.ingangsdatum)
                if toekenning is None or not toekenning.thuis:
                    raise InvariantGeschonden("EKT zonder toegekend mpt of pgb")
                if p.bedrag_per_jaar > _ekt_maximum(p.ingangsdatum, toekenning.basisbedrag):
                    raise InvariantGeschonden("EKT boven 25% van het basisbedrag (art. 5.1a)")
            case b.MeerzorgGestart(payload=m):
                # Regeling art. 5.1e: no meerzorg before the EKT of art. 5.1a is exhausted.
                toekenning = toestand.toekenning_op(m.ingangsdatum)
                if toekenning is None:
                    raise InvariantGeschonden("meerzorg zonder toegekend mpt of pgb")
                maximum = _ekt_maximum(m.ingangsdatum, toekenning.basisbedrag)
                if toekenning.bedrag_op(EKT, m.ingangsdatum) < maximum:
                    raise InvariantGeschonden("meerzorg voordat de extra kosten thuis (art. 5.1a) zijn uitgeput")
            case b.BudgetVastgesteld(payload=budget):
                # No PGB above what the rules allow (art. 5.1 lid 2, 5.1a, 5.1c-f, 5.13).
                procent = regelset_op(budget.peildatum).data.parameters.ekt_maximum_procent
                na = na if na is not None else toepassen(toestand, event)
                if budget.pgb_deel > pgb_maximum(na, budget.jaar, procent):
                    raise InvariantGeschonden(f"pgb {budget.pgb_deel} boven het maximum van de regels in {budget.jaar}")
            case ZorgToegewezen(payload=t):
                # Wlz art. 3.3.1: a toewijzing only of a granted leveringsvorm in natura (services/domain/toewijzen.py)
                toekenning = toestand.toekenning_op(t.ingangsdatum)
                if toekenning is None or t.leveringsvorm.leveringsvorm not in toekenning.leveringsvormen:
                    raise InvariantGeschonden(f"toewijzing op {t.ingangsdatum} zonder toegekende {t.leveringsvorm.leveringsvorm.value}")
            case _:
                pass
        return na


def _ekt_maximum(dag: date, basisbedrag: int) -> int:
    """# Regeling art. 5.1a, through the rule set of the date like every rule."""
    regelset = regelset_op(dag)
    return regelset.ekt_maximum(regelset.data, basisbedrag)
