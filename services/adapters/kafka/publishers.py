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
import time
from collections.abc import Sequence
from contextlib import suppress
from typing import TYPE_CHECKING, Any, get_args
from uuid import UUID

import orjson
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.errors import KafkaConnectionError, KafkaTimeoutError

from events import event_types
from events.besluiten import DecisionEvent
from events.feeds import CakZorgmutatie
from services.adapters.kafka.dlq import KOP as DLQ_KOP
from services.adapters.kafka.dlq import dlq_record
from services.adapters.kafka.gezondheid import Gezondheid
from services.adapters.kafka.herstel import met_herhaling, tijdelijk
from services.adapters.kafka.topics import Topics
from services.adapters.kafka.verdeler import verdeel
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


async def laatste_positie(verbinding: dict[str, Any], topics: str | Sequence[str], kop: str, venster: int) -> int:
    """The highest value of header `kop` in the committed tail (`venster` offsets) of every partition of
    every topic in `topics`: a batch whose records all went to one topic (only dead letters, say) still
    counts, so it is not published again after a restart."""
    consumer = AIOKafkaConsumer(**verbinding, isolation_level="read_committed", enable_auto_commit=False)
    try:
        await consumer.start()  # inside: a consumer that failed to start is closed too
        tps = []
        for topic in (topics,) if isinstance(topics, str) else topics:
            partities = consumer.partitions_for_topic(topic) or set()
            if not partities:
                await consumer._client.force_metadata_update()
                partities = consumer.partitions_for_topic(topic) or set()
            tps += [TopicPartition(topic, p) for p in sorted(partities)]
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
            # read up to the end, however slowly the broker answers (just after a restart, a fetch can come
            # back empty for seconds): a tail read short would resume too early and publish twice
            deadline = time.monotonic() + 60
            while await consumer.position(tp) < eind[tp]:
                batch = await consumer.getmany(tp, timeout_ms=1000)
                for record in batch.get(tp, []):
                    for sleutel, waarde in record.headers:
                        if sleutel == kop:
                            hoogste = max(hoogste, int(waarde))
                if not batch and time.monotonic() > deadline:
                    raise KafkaTimeoutError(f"the tail of {tp.topic}:{tp.partition} could not be read")
        return hoogste
    finally:
        await consumer.stop()


Record = tuple[str, bytes | None, bytes, list[tuple[str, bytes]]]
Uitgaand = tuple[str, bytes | None, bytes, Sequence[tuple[str, bytes | None]]]  # a dead letter keeps a header without a value


def record(
    topic: str, bericht: dict[str, Any], positie: int, sleutel: str | None = None, kop: str = "wlz-notification-id"
) -> tuple[str, bytes, bytes, list[tuple[str, bytes]]]:
    """A Kafka record of a contract event: keyed by case id (or `sleutel`), with its position in header `kop`."""
    return (
        topic,
        (sleutel or str(bericht["case_id"])).encode(),
        orjson.dumps(bericht),  # the compact UTF-8 JSON json.dumps(ensure_ascii=False, separators=(",", ":")) gives
        [
            (kop, str(positie).encode()),
            ("event_id", str(bericht["event_id"]).encode()),
            ("event_type", str(bericht["event_type"]).encode()),
            ("schema_version", str(bericht.get("schema_version", 1)).encode()),
        ],
    )


class Publisher:
    """A publisher from a store with a position recovered from its own topics: one Kafka transaction per
    batch, woken when something was recorded. When the broker or the store is away it retries with
    back-off and skips nothing (and says so in readiness); a failure that does not pass is tried a few
    times, then the one record that causes it is isolated (`isoleer`) and the stream goes on."""

    naam = "publisher"

    def __init__(
        self,
        settings: Settings,
        transactional_id: str,
        topics: str | Sequence[str],
        kop: str,
        venster: int,
        gezondheid: Gezondheid | None = None,
    ) -> None:
        self.settings = settings
        self.topics = Topics(settings.topic_prefix)
        self._transactional_id = transactional_id
        self._topics = topics
        self._kop = kop
        self._venster = venster
        self.gezondheid = gezondheid or Gezondheid()
        self.positie = 0
        self.gepubliceerd = 0
        self.geisoleerd = 0
        self._wekker = asyncio.Event()
        self._taak: asyncio.Task[None] | None = None
        self._producer: AIOKafkaProducer | None = None
        self._gestopt = False
        self._vernieuwen = False  # a send failed: renew the producer and re-read the position first

    def wek(self) -> None:
        """Something was recorded: publish now instead of at the next poll."""
        self._wekker.set()

    async def start(self) -> None:
        self._gestopt = False  # a publisher is started again when its instance is elected again
        await self._nieuwe_producer()
        log.info("%s resumes after %d", self.naam, self.positie)
        self._taak = asyncio.create_task(self._lus(), name=self.naam)

    async def _nieuwe_producer(self) -> None:
        """A fresh transactional producer, and the position from the committed tails of the topics.

        Also after a failed send: a transaction whose outcome the client did not see may have been
        committed (the coordinator completes a prepared commit), and a producer whose abort failed is
        stuck in its transaction state. The new producer fences the old one and aborts what it left open;
        the position is then read back from what is really committed, never kept from memory."""
        if self._producer is not None:
            with suppress(Exception):
                await asyncio.wait_for(self._producer.stop(), timeout=10)
            self._producer = None
        producer = AIOKafkaProducer(
            **self.settings.aiokafka_args(),
            transactional_id=self._transactional_id,
            enable_idempotence=True,
            acks="all",
            partitioner=verdeel,
        )
        try:
            await producer.start()  # fences off an earlier instance and aborts its open transaction
        except BaseException:
            with suppress(Exception):
                await asyncio.wait_for(producer.stop(), timeout=10)  # not left unclosed
            raise
        self._producer = producer
        self.positie = await laatste_positie(self.settings.aiokafka_args(), self._topics, self._kop, self._venster)
        self._vernieuwen = False

    async def stop(self) -> None:
        self._gestopt = True
        if self._taak:
            self._taak.cancel()
            with suppress(asyncio.CancelledError):
                await self._taak
        if self._producer:
            await self._producer.stop()

    async def _lus(self) -> None:
        while not self._gestopt:
            try:
                gedaan = await met_herhaling(self.naam, self._poging)
            except asyncio.CancelledError:
                raise
            except Exception as fout:  # does not pass: find the one record that causes it and set it aside
                log.error("%s: %s keeps failing; isolating the record that causes it", self.naam, type(fout).__name__)
                try:
                    await met_herhaling(f"{self.naam} (isolating)", self.isoleer, pogingen=1)
                except asyncio.CancelledError:
                    raise
                except Exception as nogmaals:
                    self.gezondheid.publisher_faalt(nogmaals)
                    log.error("%s: isolating failed too (%s); trying again", self.naam, type(nogmaals).__name__)
                    await asyncio.sleep(1.0)
                continue
            if not gedaan:
                self._wekker.clear()
                with suppress(TimeoutError):
                    await asyncio.wait_for(self._wekker.wait(), timeout=0.5)

    async def _poging(self) -> bool:
        try:
            if self._vernieuwen:
                await self._nieuwe_producer()
                log.info("%s: producer renewed after a failed send, resumes after %d", self.naam, self.positie)
            gedaan = await self.publiceer_volgende()
        except Exception as fout:
            self.gezondheid.publisher_faalt(fout)
            raise
        self.gezondheid.publisher_werkt()
        return gedaan

    async def isoleer(self) -> None:
        """Publishes record by record until the one that fails is found and set aside. By default nothing
        can be set aside: the failure is raised and the publisher tries again (readiness fails meanwhile)."""
        raise RuntimeError(f"{self.naam} cannot set a record aside")

    async def _verstuur(self, records: Sequence[Uitgaand]) -> None:
        if self._producer is None or self._vernieuwen:
            raise KafkaConnectionError("no usable producer: renewed at the next attempt")
        if records:
            try:
                async with self._producer.transaction():
                    for topic, sleutel, waarde, koppen in records:
                        await self._producer.send(topic, key=sleutel, value=waarde, headers=koppen)
            except BaseException:
                self._vernieuwen = True
                raise
            self.gepubliceerd += len(records)

    async def publiceer_volgende(self) -> bool:
        raise NotImplementedError


class BesluitenPublisher(Publisher):
    naam = "decision publisher"

    def __init__(self, service: WlzService, settings: Settings, gezondheid: Gezondheid | None = None, sporen: Sporen | None = None) -> None:
        # the tail to read covers a committed and an aborted batch, with their feed records
        venster = 8 * (settings.publiceer_batch + 2)
        t = Topics(settings.topic_prefix)
        transactional_id = f"{settings.topic_prefix}wlz-besluiten-publisher"
        super().__init__(settings, transactional_id, (t.besluiten, t.cak, t.svb, t.dlq), NOTIFICATIE_KOP, venster, gezondheid)
        self.service = service
        self._bsn: dict[str, str] = {}  # case id -> BSN, from indications seen (the feeds need it)
        self.sporen = sporen  # traces: services/adapters/observability/tracing.py
        self._spans: list[Any] = []
        self._per_oorzaak: dict[str, tuple[Any, list[tuple[str, bytes]]]] = {}  # this batch's publish spans

    def _gespoord(self, bericht: dict[str, Any], records: list[Record]) -> list[Record]:
        """The decision's records with the trace context of a publish span (child of its cause's span): one
        span for the decisions of one cause in a batch (a span costs more than encoding the records)."""
        oorzaak = str(bericht.get("causation_id"))
        gemaakt = self._per_oorzaak.get(oorzaak)
        if gemaakt is None:
            gemaakt = self.sporen.publiceren(self.topics.besluiten, bericht) if self.sporen is not None else None
            if gemaakt is None:
                return records
            self._per_oorzaak[oorzaak] = gemaakt
            self._spans.append(gemaakt[0])
        koppen = gemaakt[1]
        return [(topic, sleutel, waarde, [*bestaand, *koppen]) for topic, sleutel, waarde, bestaand in records]

    def _bsn_van(self, case_id: str) -> str | None:
        bsn = self._bsn.get(case_id)
        if bsn is None:
            toestand = self.service.toestand(UUID(case_id))
            if toestand is not None and toestand.indicatie is not None:
                bsn = self._bsn[case_id] = toestand.indicatie.bsn
        return bsn

    def _records(self, berichten: list[tuple[int, dict[str, Any]]]) -> list[Uitgaand]:
        uit: list[Uitgaand] = []
        for notificatie, bericht in berichten:
            if bericht.get("event_type") == "IndicatieOntvangen":
                self._bsn[str(bericht["case_id"])] = bericht["payload"]["bsn"]
            if bericht.get("event_type") == "PersoonsgegevensGewist":
                self._bsn.pop(str(bericht["case_id"]), None)  # art. 17 AVG: not even in memory
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
        laatste, berichten = await asyncio.to_thread(
            self.service.berichten_na, self.positie, self.settings.publiceer_batch, GELEZEN, self.naam
        )
        if laatste == self.positie:
            return False
        try:
            await self._verstuur(await asyncio.to_thread(self._records, berichten))
        finally:
            spans, self._spans = self._spans, []
            self._per_oorzaak = {}
            for span in spans:
                span.end()
        self.positie = laatste
        return True

    async def isoleer(self) -> None:
        """One stored notification at a time (at most a batch's worth): the first that cannot be read,
        turned into records or sent - for a reason that does not pass - is replaced by a dead letter of
        kind `publicatie` naming its notification id and the error type, in the same Kafka transaction that
        moves the position past it. Everything before and after it is published as usual."""
        if self._vernieuwen:
            await self._nieuwe_producer()
        for _ in range(self.settings.publiceer_batch):
            rauw = await asyncio.to_thread(self.service.recorder.select_notifications, self.positie + 1, 1)
            if not rauw:
                return
            notificatie = rauw[0].id
            try:
                _, berichten = await asyncio.to_thread(self.service.berichten_na, self.positie, 1, GELEZEN)
                await self._verstuur(await asyncio.to_thread(self._records, berichten))
            except Exception as fout:
                if tijdelijk(fout):
                    raise
                if self._vernieuwen:  # the send failed: a fresh producer, and the position as committed
                    await self._nieuwe_producer()
                    if self.positie >= notificatie:
                        continue
                log.error("notification %d cannot be published (%s): set aside on the dead-letter topic", notificatie, type(fout).__name__)
                await self._verstuur([publicatiefout_record(self.topics.dlq, notificatie, fout)])
                self.positie = notificatie
                self.geisoleerd += 1
                return
            self.positie = notificatie


def publicatiefout_record(topic: str, notificatie: int, fout: BaseException) -> tuple[str, bytes | None, bytes, list[tuple[str, bytes]]]:
    """A dead letter for a stored event that cannot be published: its notification id and the error type
    (never the error text, which could quote data), so an operator can find and repair it in the store."""
    reden = f"{type(fout).__name__}: niet te publiceren, overgeslagen"
    waarde = json.dumps({"notificatie": notificatie, "reden": reden}).encode()
    koppen = [
        (f"{DLQ_KOP}soort", b"publicatie"),
        (f"{DLQ_KOP}veld", b"(notificatie)"),
        (f"{DLQ_KOP}reden", reden.encode()),
        (NOTIFICATIE_KOP, str(notificatie).encode()),
    ]
    return topic, None, waarde, koppen


ALERT_KOP = "wlz-alert-notificatie"


class AlertPublisher(Publisher):
    """The plafond alerts of the read side (table `plafond_alert`) on `wlz.rapportage.plafondalerts`."""

    naam = "alert publisher"

    def __init__(self, opslag: Any, settings: Settings, beleid: str, gezondheid: Gezondheid | None = None) -> None:
        transactional_id = f"{settings.topic_prefix}wlz-alert-publisher"
        super().__init__(settings, transactional_id, Topics(settings.topic_prefix).alerts, ALERT_KOP, 1000, gezondheid)
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
