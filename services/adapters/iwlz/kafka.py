"""iWlz XML over Kafka, beside the JSON topics of `services/adapters/kafka`:

- `wlz.iwlz.in`: received iWlz messages (IO31, AW35, AW39, AW34, CA318, CA320), value = the XML bytes,
  key = the sender's choice (not used). Each record is read, validated, mapped and checked whole, then
  its events and decisions are recorded with the record's Kafka position in ONE store transaction (a
  redelivered record changes nothing). A refused record is recorded as a dead letter (`wlz.dlq`, headers
  naming the message id, the element path and the rule) with its position. The offset is committed after.
- `wlz.iwlz.retouren`: the retour we owe (IO32, AW36, AW310), sent after the store commit; headers
  `iwlz-bericht` (retour type), `iwlz-identificatie-retour` (the received message's Identificatie).
  At least once: its Identificatie is derived from the received message, so a repeat is recognisable.
- `wlz.iwlz.uit`: AW33, CA317 and CA319 made from the store's decisions, published in Kafka transactions
  by `IwlzPublisher` (exactly once for read_committed consumers); key = case id; headers `iwlz-bericht`,
  `iwlz-ontvanger` (AGB code or CAK), `iwlz-identificatie`, `event_id` (the decision) and
  `wlz-iwlz-notificatie` (its store position, from which the publisher resumes).
"""

from __future__ import annotations

import asyncio
import logging
from datetime import date
from typing import TYPE_CHECKING, Any

from faststream import AckPolicy
from faststream.kafka import KafkaMessage

from events import DecisionEvent, InboundEvent
from services.adapters.iwlz.codes import OnbekendeCode
from services.adapters.iwlz.outbound import UITGAANDE_BESLUITEN, NietTeMaken, Personen, Persoon, berichten
from services.adapters.iwlz.receive import Received, ontvang
from services.adapters.kafka.publishers import Publisher
from services.adapters.kafka.records import Bronpositie, Ontvangen, RuwBericht
from services.adapters.kafka.topics import Topics
from services.application import Rejection, WlzService
from services.settings import Settings

if TYPE_CHECKING:
    from services.adapters.kafka.app import WlzKafka

log = logging.getLogger(__name__)

IWLZ_KOP = "wlz-iwlz-notificatie"


class IwlzPublisher(Publisher):
    """AW33 / CA317 / CA319 from the store on `wlz.iwlz.uit`, one Kafka transaction per batch."""

    naam = "iwlz publisher"

    def __init__(self, service: WlzService, settings: Settings) -> None:
        topic = Topics(settings.topic_prefix).iwlz_uit
        super().__init__(settings, f"{settings.topic_prefix}wlz-iwlz-publisher", topic, IWLZ_KOP, 1000)
        self.service = service
        self.personen = Personen()
        self.niet_gemaakt = 0

    def _persoon(self, case_id: str) -> Persoon | None:
        """A case's person; when the publisher resumed after the indication, read from the case's history."""
        gevonden = self.personen.van(case_id)
        if gevonden is None:
            from uuid import UUID

            for event in self.service.historie(UUID(case_id)):
                self.personen.zie(event.model_dump(mode="json"))
            gevonden = self.personen.van(case_id)
        return gevonden

    def _records(self, gelezen: list[tuple[int, dict[str, Any]]]) -> list[tuple[str, bytes | None, bytes, list[tuple[str, bytes]]]]:
        uit: list[tuple[str, bytes | None, bytes, list[tuple[str, bytes]]]] = []
        for notificatie, bericht in gelezen:
            self.personen.zie(bericht)
            if bericht.get("event_type") not in UITGAANDE_BESLUITEN:
                continue
            try:
                gemaakt = berichten(bericht, self._persoon(str(bericht["case_id"])))
            except (NietTeMaken, OnbekendeCode) as fout:
                # named, never filled in; the decision itself is on wlz.besluiten (no personal data in the text)
                self.niet_gemaakt += 1
                log.warning("no iWlz message for %s %s: %s", bericht.get("event_type"), bericht.get("event_id"), fout)
                continue
            for u in gemaakt:
                koppen = [
                    ("iwlz-bericht", u.soort.encode()),
                    ("iwlz-ontvanger", u.ontvanger.encode()),
                    ("iwlz-identificatie", u.identificatie.encode()),
                    ("event_id", u.event_id.encode()),
                    (IWLZ_KOP, str(notificatie).encode()),
                ]
                uit.append((self.topics.iwlz_uit, u.case_id.encode(), u.xml, koppen))
        return uit

    async def publiceer_volgende(self) -> bool:
        laatste, gelezen = await asyncio.to_thread(self.service.berichten_na, self.positie, self.settings.publiceer_batch, None, self.naam)
        if laatste == self.positie:
            return False
        await self._verstuur(await asyncio.to_thread(self._records, gelezen))
        self.positie = laatste
        return True


class IwlzKafka:
    """The iWlz consumer and publisher, wired into the service's FastStream broker (`WlzKafka`)."""

    def __init__(self, wlz: WlzKafka) -> None:
        self.wlz = wlz
        self.topics = wlz.topics
        self.publisher = IwlzPublisher(wlz.service, wlz.settings)
        self.retouren = 0
        wlz.broker.subscriber(
            self.topics.iwlz_in,
            group_id=f"{wlz.settings.group_id}-iwlz",  # its own group: its rebalances do not stop the JSON consumer
            ack_policy=AckPolicy.MANUAL,
            auto_offset_reset="earliest",
            max_poll_interval_ms=300_000,
        )(self._ontvang)

    def _verwerk(self, ontvangen: Ontvangen) -> Received:
        service = self.wlz.service

        def alle(events: list[InboundEvent]) -> list[DecisionEvent]:
            uitkomsten = service.verwerk_reeks([(ontvangen, e) for e in events])
            return [b for u in uitkomsten if not isinstance(u, Rejection) for b in u]

        uitkomst = ontvang(ontvangen.ruw.waarde, alle, lambda bsn: service.toestand(service.case_id(bsn)), date.today())
        if uitkomst.fout is not None:
            fout = uitkomst.fout
            afwijzing = Rejection(f"iwlz-{fout.soort}", fout.pad, f"{fout.bericht_id or '(onbekend bericht)'}: {fout.regel}")
            service.verwerk_reeks([(ontvangen, afwijzing)])
        return uitkomst

    async def _ontvang(self, body: Any, msg: KafkaMessage) -> None:
        """One record; never raises: recorded (decisions or dead letter) and committed, or rewound."""
        record: Any = msg.raw_message
        ruw = RuwBericht(record.key, record.value or b"", tuple(record.headers or ()))
        ontvangen = Ontvangen(Bronpositie(record.topic, record.partition, record.offset), ruw)
        try:
            uitkomst = await asyncio.to_thread(self._verwerk, ontvangen)
            if uitkomst.retour is not None and uitkomst.retour_soort is not None:
                koppen = {"iwlz-bericht": uitkomst.retour_soort, "iwlz-identificatie-retour": uitkomst.bericht_id or ""}
                await self.wlz.broker.publish(uitkomst.retour, topic=self.topics.iwlz_retouren, key=record.key, headers=koppen)
                self.retouren += 1
            await msg.ack()
        except Exception:
            log.exception("processing an iWlz record failed; will be redelivered")
            await asyncio.sleep(1.0)
            await msg.nack()
            return
        if uitkomst.fout is None:
            self.wlz.verwerkt += 1
        else:
            self.wlz.dood += 1
        if self.wlz.publisher is not None:  # only the elected instance publishes (services/adapters/kafka/leiderschap.py)
            self.wlz.publisher.wek()
        self.publisher.wek()

    async def start(self) -> None:
        await self.publisher.start()

    async def stop(self) -> None:
        await self.publisher.stop()

