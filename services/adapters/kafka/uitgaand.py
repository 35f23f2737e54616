"""The decision stream: every decision recorded in the event store, published to `wlz.besluiten`.

Publishing reads the store's notification log (so a decision is never lost when the process dies
between the store commit and the publish) and writes each batch in one Kafka transaction. Every record
carries its notification id in a header; on start the publisher reads the tail of the topic
(read_committed) to find the last notification it published, and goes on from there. So a decision
reaches the topic exactly once for read_committed consumers, in the order it was recorded, keyed by
case id (per-case order). Records also carry `event_id` for consumers that dedupe anyway.
"""

from __future__ import annotations

import asyncio
import json
import logging
from contextlib import suppress
from typing import get_args

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from events import event_types
from events.besluiten import DecisionEvent
from services.adapters.kafka.instellingen import KafkaInstellingen
from services.application import WlzService

log = logging.getLogger(__name__)

NOTIFICATIE_KOP = "wlz-notification-id"
BESLUITTYPEN = frozenset(naam for naam, klasse in event_types().items() if klasse in get_args(DecisionEvent))


class BesluitenPublisher:
    def __init__(self, service: WlzService, instellingen: KafkaInstellingen) -> None:
        self.service = service
        self.instellingen = instellingen
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
            bootstrap_servers=self.instellingen.bootstrap_servers,
            transactional_id=self.instellingen.transactional_id,
            enable_idempotence=True,
            acks="all",
        )
        await self._producer.start()  # fences off an earlier instance and aborts its open transaction
        self.positie = await self._herstel_positie()
        log.info("decision publisher resumes after notification %d", self.positie)
        self._taak = asyncio.create_task(self._lus(), name="besluiten-publisher")

    async def stop(self) -> None:
        if self._taak:
            self._taak.cancel()
            with suppress(asyncio.CancelledError):
                await self._taak
        if self._producer:
            await self._producer.stop()

    async def _herstel_positie(self) -> int:
        """The highest notification id in the committed tail of every partition of the topic."""
        consumer = AIOKafkaConsumer(
            bootstrap_servers=self.instellingen.bootstrap_servers,
            isolation_level="read_committed",
            enable_auto_commit=False,
        )
        await consumer.start()
        try:
            partities = consumer.partitions_for_topic(self.instellingen.besluiten) or set()
            if not partities:
                await consumer._client.force_metadata_update()
                partities = consumer.partitions_for_topic(self.instellingen.besluiten) or set()
            tps = [TopicPartition(self.instellingen.besluiten, p) for p in sorted(partities)]
            if not tps:
                return 0
            consumer.assign(tps)
            begin = await consumer.beginning_offsets(tps)
            eind = await consumer.end_offsets(tps)  # last stable offset under read_committed
            venster = 4 * (self.instellingen.publiceer_batch + 2)  # covers a committed and an aborted batch
            hoogste = 0
            for tp in tps:
                if eind[tp] <= begin[tp]:
                    continue
                consumer.seek(tp, max(begin[tp], eind[tp] - venster))
                while await consumer.position(tp) < eind[tp]:
                    batch = await consumer.getmany(tp, timeout_ms=1000)
                    for record in batch.get(tp, []):
                        for sleutel, waarde in record.headers:
                            if sleutel == NOTIFICATIE_KOP:
                                hoogste = max(hoogste, int(waarde))
                    if not batch:
                        break
            return hoogste
        finally:
            await consumer.stop()

    async def _lus(self) -> None:
        while True:
            try:
                gedaan = await self.publiceer_volgende()
            except Exception:  # the broker or the store is away: wait and try again, lose nothing
                log.exception("publishing decisions failed; retrying")
                await asyncio.sleep(1.0)
                continue
            if not gedaan:
                self._wekker.clear()
                with suppress(TimeoutError):
                    await asyncio.wait_for(self._wekker.wait(), timeout=0.5)

    async def publiceer_volgende(self) -> bool:
        """Publishes the next batch of recorded decisions; False when there was nothing new."""
        assert self._producer is not None
        laatste, berichten = await asyncio.to_thread(self.service.berichten_na, self.positie, self.instellingen.publiceer_batch)
        if laatste == self.positie:
            return False
        besluiten = [(n, b) for n, b in berichten if b.get("event_type") in BESLUITTYPEN]
        if besluiten:
            async with self._producer.transaction():
                for notificatie, bericht in besluiten:
                    await self._producer.send(
                        self.instellingen.besluiten,
                        key=str(bericht["case_id"]).encode(),
                        value=json.dumps(bericht, ensure_ascii=False, separators=(",", ":")).encode(),
                        headers=[
                            (NOTIFICATIE_KOP, str(notificatie).encode()),
                            ("event_id", str(bericht["event_id"]).encode()),
                            ("event_type", str(bericht["event_type"]).encode()),
                            ("schema_version", str(bericht.get("schema_version", 1)).encode()),
                        ],
                    )
            self.gepubliceerd += len(besluiten)
        self.positie = laatste
        return True
