"""The outbound streams, all published from the event store: decisions on `wlz.besluiten`, the CAK and
SVB feeds derived from them, and the dead letters the consumer recorded.

Publishing reads the store's notification log (so nothing is lost when the process dies between the
store commit and the publish) and writes each batch - decisions and feed records together - in one
Kafka transaction. Every record carries its notification id in a header; on start the publisher reads
the committed tail of `wlz.besluiten` (read_committed) to find where it stopped. So every record reaches
its topic exactly once for read_committed consumers, in recorded order, keyed by case id (per-case
order). Records also carry `event_id` for consumers that dedupe anyway.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Sequence
from contextlib import suppress
from typing import TYPE_CHECKING, Any, get_args
from uuid import UUID

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from events import event_types
from events.besluiten import DecisionEvent
from events.feeds import CakZorgmutatie
from services.adapters.kafka.dlq import dlq_record
from services.adapters.kafka.topics import Topics
from services.application import ONLEESBAAR_TYPE, WlzService
from services.feeds import feed_records
from services.settings import Settings

if TYPE_CHECKING:
    from services.adapters.observability.tracing import Sporen

log = logging.getLogger(__name__)

NOTIFICATIE_KOP = "wlz-notification-id"
BESLUITTYPEN = frozenset(naam for naam, klasse in event_types().items() if klasse in get_args(DecisionEvent))
# what the decision publisher reads of the store: decisions, indications (the BSN the CAK feed needs) and
# dead letters; the inbound requests are skipped before they are decoded
GELEZEN = BESLUITTYPEN | {"IndicatieOntvangen", ONLEESBAAR_TYPE}


async def laatste_positie(verbinding: dict[str, Any], topic: str, kop: str, venster: int) -> int:
    """The highest value of header `kop` in the committed tail (`venster` offsets) of every partition."""
    consumer = AIOKafkaConsumer(**verbinding, isolation_level="read_committed", enable_auto_commit=False)
    await consumer.start()
    try:
        partities = consumer.partitions_for_topic(topic) or set()
        if not partities:
            await consumer._client.force_metadata_update()
            partities = consumer.partitions_for_topic(topic) or set()
        tps = [TopicPartition(topic, p) for p in sorted(partities)]
        if not tps:
            return 0
        consumer.assign(tps)
        begin = await consumer.beginning_offsets(tps)
        eind = await consumer.end_offsets(tps)  # last stable offset under read_committed
        hoogste = 0
        for tp in tps:
            if eind[tp] <= begin[tp]:
                continue
            consumer.seek(tp, max(begin[tp], eind[tp] - venster))
            while await consumer.position(tp) < eind[tp]:
                batch = await consumer.getmany(tp, timeout_ms=1000)
                for record in batch.get(tp, []):
                    for sleutel, waarde in record.headers:
                        if sleutel == kop:
                            hoogste = max(hoogste, int(waarde))
                if not batch:
                    break
        return hoogste
    finally:
        await consumer.stop()


Record = tuple[str, bytes | None, bytes, list[tuple[str, bytes]]]


def record(
    topic: str, bericht: dict[str, Any], positie: int, sleutel: str | None = None, kop: str = "wlz-notification-id"
) -> tuple[str, bytes, bytes, list[tuple[str, bytes]]]:
    """A Kafka record of a contract event: keyed by case id (or `sleutel`), with its position in header `kop`."""
    return (
        topic,
        (sleutel or str(bericht["case_id"])).encode(),
        json.dumps(bericht, ensure_ascii=False, separators=(",", ":")).encode(),
        [
            (kop, str(positie).encode()),
            ("event_id", str(bericht["event_id"]).encode()),
            ("event_type", str(bericht["event_type"]).encode()),
            ("schema_version", str(bericht.get("schema_version", 1)).encode()),
        ],
    )


class Publisher:
    """A publisher from a store with a position recovered from its own topic: one Kafka transaction per
    batch, woken when something was recorded, retrying (never skipping) when the broker or store is away."""

    naam = "publisher"

    def __init__(self, settings: Settings, transactional_id: str, topic: str, kop: str, venster: int) -> None:
        self.settings = settings
        self.topics = Topics(settings.topic_prefix)
        self._transactional_id = transactional_id
        self._topic = topic
        self._kop = kop
        self._venster = venster
        self.positie = 0
        self.gepubliceerd = 0
        self._wekker = asyncio.Event()
        self._taak: asyncio.Task[None] | None = None
        self._producer: AIOKafkaProducer | None = None

    def wek(self) -> None:
        """Something was recorded: publish now instead of at the next poll."""
        self._wekker.set()

    async def start(self) -> None:
        self._producer = AIOKafkaProducer(
            **self.settings.aiokafka_args(),
            transactional_id=self._transactional_id,
            enable_idempotence=True,
            acks="all",
        )
        await self._producer.start()  # fences off an earlier instance and aborts its open transaction
        self.positie = await laatste_positie(self.settings.aiokafka_args(), self._topic, self._kop, self._venster)
        log.info("%s resumes after %d", self.naam, self.positie)
        self._taak = asyncio.create_task(self._lus(), name=self.naam)

    async def stop(self) -> None:
        if self._taak:
            self._taak.cancel()
            with suppress(asyncio.CancelledError):
                await self._taak
        if self._producer:
            await self._producer.stop()

    async def _lus(self) -> None:
        while True:
            try:
                gedaan = await self.publiceer_volgende()
            except Exception:  # the broker or the store is away: wait and try again, lose nothing
                log.exception("%s failed; retrying", self.naam)
                await asyncio.sleep(1.0)
                continue
            if not gedaan:
                self._wekker.clear()
                with suppress(TimeoutError):
                    await asyncio.wait_for(self._wekker.wait(), timeout=0.5)

    async def _verstuur(self, records: Sequence[tuple[str, bytes | None, bytes, list[tuple[str, bytes]]]]) -> None:
        assert self._producer is not None
        if records:
            async with self._producer.transaction():
                for topic, sleutel, waarde, koppen in records:
                    await self._producer.send(topic, key=sleutel, value=waarde, headers=koppen)
            self.gepubliceerd += len(records)

    async def publiceer_volgende(self) -> bool:
        raise NotImplementedError


class BesluitenPublisher(Publisher):
    naam = "decision publisher"

    def __init__(self, service: WlzService, settings: Settings, sporen: Sporen | None = None) -> None:
        # the tail to read covers a committed and an aborted batch, with their feed records
        venster = 8 * (settings.publiceer_batch + 2)
        topic = Topics(settings.topic_prefix).besluiten
        super().__init__(settings, f"{settings.topic_prefix}wlz-besluiten-publisher", topic, NOTIFICATIE_KOP, venster)
        self.service = service
        self._bsn: dict[str, str] = {}  # case id -> BSN, from indications seen (the feeds need it)
        self.sporen = sporen  # traces: services/adapters/observability/tracing.py
        self._spans: list[Any] = []

    def _gespoord(self, bericht: dict[str, Any], records: list[Record]) -> list[Record]:
        """The decision's records with the trace context of a publish span (child of its cause's span)."""
        gemaakt = self.sporen.publiceren(self.topics.besluiten, bericht) if self.sporen is not None else None
        if gemaakt is None:
            return records
        span, koppen = gemaakt
        self._spans.append(span)
        return [(topic, sleutel, waarde, [*bestaand, *koppen]) for topic, sleutel, waarde, bestaand in records]

    def _bsn_van(self, case_id: str) -> str | None:
        bsn = self._bsn.get(case_id)
        if bsn is None:
            toestand = self.service.toestand(UUID(case_id))
            if toestand is not None and toestand.indicatie is not None:
                bsn = self._bsn[case_id] = toestand.indicatie.bsn
        return bsn

    def _records(self, berichten: list[tuple[int, dict[str, Any]]]) -> list[tuple[str, bytes | None, bytes, list[tuple[str, bytes]]]]:
        uit = []
        for notificatie, bericht in berichten:
            if bericht.get("event_type") == "IndicatieOntvangen":
                self._bsn[str(bericht["case_id"])] = bericht["payload"]["bsn"]
            if bericht.get("event_type") == ONLEESBAAR_TYPE:
                uit.append(dlq_record(self.topics.dlq, bericht, NOTIFICATIE_KOP, notificatie))
                continue
            if bericht.get("event_type") not in BESLUITTYPEN:
                continue
            eigen: list[Record] = [record(self.topics.besluiten, bericht, notificatie)]
            for feed in feed_records(bericht, self._bsn_van(str(bericht["case_id"]))):
                topic = self.topics.cak if isinstance(feed, CakZorgmutatie) else self.topics.svb
                eigen.append(record(topic, feed.model_dump(mode="json"), notificatie))
            uit.extend(self._gespoord(bericht, eigen))
        return uit

    async def publiceer_volgende(self) -> bool:
        """Publishes the next batch of recorded decisions and feed records; False when there was nothing new."""
        laatste, berichten = await asyncio.to_thread(self.service.berichten_na, self.positie, self.settings.publiceer_batch, GELEZEN)
        if laatste == self.positie:
            return False
        try:
            await self._verstuur(await asyncio.to_thread(self._records, berichten))
        finally:
            spans, self._spans = self._spans, []
            for span in spans:
                span.end()
        self.positie = laatste
        return True


ALERT_KOP = "wlz-alert-notificatie"


class AlertPublisher(Publisher):
    """The plafond alerts of the read side (table `plafond_alert`) on `wlz.rapportage.plafondalerts`."""

    naam = "alert publisher"

    def __init__(self, opslag: Any, settings: Settings, beleid: str) -> None:
        super().__init__(settings, f"{settings.topic_prefix}wlz-alert-publisher", Topics(settings.topic_prefix).alerts, ALERT_KOP, 1000)
        self.opslag = opslag
        self.beleid = beleid

    async def publiceer_volgende(self) -> bool:
        from events.besluiten import PgbPlafondDrempelBereikt, PgbPlafondDrempelBereiktPayload
        from events.envelope import nu

        alerts = await self.opslag.alerts_na(self.positie)
        if not alerts:
            return False
        records = []
        for a in alerts:
            alert = PgbPlafondDrempelBereikt(
                event_id=UUID(a.alert_id),
                occurred_at=nu(),
                payload=PgbPlafondDrempelBereiktPayload(
                    regio=a.regio,
                    jaar=a.jaar,
                    drempel_procent=a.drempel,
                    percentage=a.percentage,
                    toegekend_pgb=a.toegekend_pgb,
                    plafond=a.plafond,
                    artikel=a.artikel,
                    beleid=self.beleid,
                ),
            )
            records.append(record(self.topics.alerts, alert.model_dump(mode="json"), a.notificatie, sleutel=a.regio, kop=ALERT_KOP))
        await self._verstuur(records)
        self.positie = alerts[-1].notificatie
        return True
