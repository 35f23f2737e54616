"""The application service: one inbound event in, the case's decisions recorded and returned.

The CLI calls it, and so will the Kafka consumer: one implementation of the decision path. Recording
the inbound event and its decisions is one atomic write to the event store, so a case never holds a
request without its decisions or the other way round.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError

from events import AnyEvent, DecisionEvent, InboundEvent, parse_event
from events import inbound as i
from events.envelope import nu
from services.config import Instellingen
from services.domain.aggregate import WlzCase
from services.domain.beslissen import beslis
from services.domain.toestand import CaseToestand
from services.identiteit import case_id_voor
from services.regeling.laden import zorgprofielen

log = logging.getLogger(__name__)


class OngeldigBericht(ValueError):
    """A well-formed message the service cannot act on (unknown code, unknown indication): it is
    rejected with the field and the reason, kept by the caller, and never becomes a decision."""

    def __init__(self, veld: str, reden: str) -> None:
        super().__init__(f"{veld}: {reden}")
        self.veld = veld
        self.reden = reden


class WlzService(Application[UUID]):
    name = "wlz"
    MAX_POGINGEN = 5

    def __init__(self, instellingen: Instellingen | None = None, env: dict[str, str] | None = None) -> None:
        self.instellingen = instellingen or Instellingen()
        super().__init__(env=env or self.instellingen.eventstore_env(self.name))
        self._sleutel = self.instellingen.case_id_key.get_secret_value().encode()

    def case_id(self, bsn: str) -> UUID:
        return case_id_voor(bsn, self._sleutel)

    def verwerk(self, event: InboundEvent, tijdstip: datetime | None = None) -> list[DecisionEvent]:
        """Decides on one inbound event and records it with its decisions; a redelivered event
        (same event_id) records nothing and returns no decisions."""
        for poging in range(1, self.MAX_POGINGEN + 1):
            try:
                return self._verwerk(event, tijdstip or nu())
            except IntegrityError:
                # Another writer saved the same case first (optimistic concurrency): decide again on
                # the newer state rather than lose the message.
                log.warning("concurrency conflict on case, attempt %d", poging)
        raise RuntimeError("case kept changing underneath; gave up after retries")

    def _verwerk(self, event: InboundEvent, tijdstip: datetime) -> list[DecisionEvent]:
        case_id = self.case_id(event.payload.bsn)
        event = event.model_copy(update={"case_id": case_id, "recorded_at": tijdstip})
        case = self._case(case_id)
        if event.event_id in case.toestand.verwerkt:
            return []
        self._controleer(event, case.toestand)
        besluiten = beslis(case.toestand, event, case_id, tijdstip)
        case.ontvang(event)
        for besluit in besluiten:
            case.besluit(besluit)
        self.save(case)
        return besluiten

    def _case(self, case_id: UUID) -> WlzCase:
        try:
            gevonden: object = self.repository.get(case_id)
        except AggregateNotFoundError:
            return WlzCase(case_id)
        assert isinstance(gevonden, WlzCase)
        return gevonden

    @staticmethod
    def _controleer(event: InboundEvent, toestand: CaseToestand) -> None:
        if isinstance(event, i.IndicatieOntvangen) and event.payload.zorgprofiel not in zorgprofielen():
            raise OngeldigBericht("payload.zorgprofiel", f"onbekend zorgprofiel {event.payload.zorgprofiel!r}")
        if isinstance(event, i.IndicatieBeeindigd):
            indicatie = toestand.indicatie
            if indicatie is None or indicatie.indicatiebesluit_id != event.payload.indicatiebesluit_id:
                raise OngeldigBericht("payload.indicatiebesluit_id", "geen lopend indicatiebesluit met dit id voor deze verzekerde")

    def toestand(self, case_id: UUID) -> CaseToestand | None:
        try:
            gevonden: object = self.repository.get(case_id)
        except AggregateNotFoundError:
            return None
        assert isinstance(gevonden, WlzCase)
        return gevonden.toestand

    def historie(self, case_id: UUID) -> list[AnyEvent]:
        """Every event of a case as recorded, oldest first (the audit trail)."""
        return [parse_event(e.bericht) for e in self.repository.event_store.get(case_id) if isinstance(e, WlzCase.Vastgelegd)]

    def alle_berichten(self, vanaf: int = 1, limiet: int = 1000) -> list[tuple[int, dict[str, Any]]]:
        """Stored events in notification order (for projections and feeds)."""
        resultaat = []
        for notificatie in self.notification_log.select(start=vanaf, limit=limiet):
            domeinevent = self.mapper.to_domain_event(notificatie)
            if isinstance(domeinevent, WlzCase.Vastgelegd):
                resultaat.append((notificatie.id, domeinevent.bericht))
        return resultaat
