"""The consumer's handling of one batch of inbound records, with poison isolated.

Per batch: each record is parsed against the contract and checked against the types its topic may carry
(an indication on the requests topic is a dead letter, not an indication); each partition's messages
are decided in order, and the whole batch is recorded with every partition's position in one store
transaction; then exactly those offsets are committed.

When the store transaction fails:
- for a reason that passes (the database or broker away, a concurrent writer on the same case) the
  batch is retried with back-off (tenacity) for up to a minute, then rewound for redelivery - nothing is
  skipped, and readiness fails meanwhile;
- for a reason that does not pass (a bug, a message the code cannot handle) it is tried three times, then
  the batch is taken record by record: the record that still fails is dead-lettered with the error type
  as its reason (kind `verwerking`), and every other record is processed as usual. So one bad message
  never blocks its partition.

The offsets are committed beside the next batch, not before it (`Committer`): the store already holds
every partition's position, so the Kafka commit only spares a redelivery, and waiting for it (some 6 ms
on the broker) made every batch longer and the latency at a steady rate two or three times that. A commit
that fails (the partition was taken away in a rebalance) is logged, not retried: the store holds the
position, so the partition's new owner skips what this batch recorded.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from contextlib import suppress
from typing import Any, get_args

from aiokafka import TopicPartition
from pydantic import ValidationError

from events import InboundEvent, parse_inbound
from services.adapters import garbage
from services.adapters.kafka.dlq import uit_validatiefout
from services.adapters.kafka.gezondheid import BatchMarker, Gezondheid
from services.adapters.kafka.herstel import met_herhaling, tijdelijk
from services.adapters.kafka.records import Bronpositie, Ontvangen, RuwBericht
from services.adapters.kafka.topics import AANVRAGEN, INDICATIES, Topics
from services.application import Rejection, WlzService
from services.settings import Settings

log = logging.getLogger(__name__)

Item = tuple[Ontvangen, InboundEvent | Rejection]


class Committer:
    """Commits the consumer's offsets in the background, one commit in flight at a time.

    Offsets handed over while a commit is in flight are sent together in the next one, each partition's
    latest (batches arrive in order; after an accepted reset the latest is lower, and it is the right one).
    A commit that fails is logged: the store's positions turn the redelivery it causes into a no-op.
    """

    def __init__(self) -> None:
        self.gecommit: dict[TopicPartition, int] = {}  # the offsets committed last, per partition
        self._wachtend: dict[TopicPartition, int] = {}
        self._consumer: Any = None
        self._taak: asyncio.Task[None] | None = None

    def commit(self, consumer: Any, posities: dict[TopicPartition, int]) -> None:
        if consumer is not self._consumer:
            self._wachtend = {}  # a new consumer: offsets meant for the old one are not its to commit
            self._consumer = consumer
        self._wachtend.update(posities)
        if self._taak is None or self._taak.done():
            self._taak = asyncio.create_task(self._lus(), name="offsets-commit")

    def vergeet(self, tp: TopicPartition) -> None:
        """A partition taken away: its offsets are the new owner's to commit."""
        self._wachtend.pop(tp, None)

    async def _lus(self) -> None:
        while self._wachtend:
            posities, self._wachtend = self._wachtend, {}
            try:
                await self._consumer.commit(posities)
                self.gecommit.update(posities)
            except Exception as fout:
                log.warning(
                    "commit failed (%s), probably a rebalance: the store's positions make a redelivery a no-op", type(fout).__name__
                )

    async def afgerond(self, timeout: float | None = None) -> None:
        """Waits for the commits in flight (at a stop, and in tests)."""
        if self._taak is not None and not self._taak.done():
            with suppress(TimeoutError):
                await asyncio.wait_for(asyncio.shield(self._taak), timeout)


TOEGESTAAN = {topic: tuple(get_args(topic.schema)) for topic in (INDICATIES, AANVRAGEN)}
"""Which event types each inbound topic may carry: what `topics.py` declares for it."""


class BatchVerwerker:
    def __init__(
        self,
        service: WlzService,
        settings: Settings,
        gezondheid: Gezondheid,
        marker: BatchMarker,
        bronpositie: Callable[[str, int, int], Bronpositie] = Bronpositie,
        hoogstens: float = 60.0,
        bij_lezen: Callable[[Any, RuwBericht, InboundEvent | Rejection], None] | None = None,
        bij_uitkomsten: Callable[[list[Any]], None] | None = None,
    ) -> None:
        """`bij_lezen` sees every record as read (traces), `bij_uitkomsten` the outcomes of every recorded
        set of messages (metrics): services/adapters/observability/."""
        self.service = service
        self.settings = settings
        self.gezondheid = gezondheid
        self.marker = marker
        self._bronpositie = bronpositie
        self._hoogstens = hoogstens
        self._bij_lezen = bij_lezen
        self._bij_uitkomsten = bij_uitkomsten
        self.committer = Committer()
        self._toegestaan = {Topics(settings.topic_prefix).naam(topic): typen for topic, typen in TOEGESTAAN.items()}

    def lees(self, record: Any) -> Item:
        """One record: its position, its bytes, and the event or why it is a dead letter."""
        ruw = RuwBericht(record.key, record.value or b"", tuple(record.headers or ()))
        bericht: InboundEvent | Rejection
        try:
            bericht = parse_inbound(ruw.waarde)
        except ValidationError as fout:
            bericht = uit_validatiefout(fout)
        else:
            toegestaan = self._toegestaan.get(record.topic)
            if toegestaan is not None and not isinstance(bericht, toegestaan):
                namen = ", ".join(t.__name__ for t in toegestaan)
                bericht = Rejection("inhoud", "event_type", f"dit event_type hoort niet op dit topic (hier alleen: {namen})")
        if self._bij_lezen is not None:
            self._bij_lezen(record, ruw, bericht)
        return Ontvangen(self._bronpositie(record.topic, record.partition, record.offset), ruw), bericht

    async def verwerk(self, records: Sequence[Any], consumer: Any, geweigerd: set[tuple[str, int]] | None = None) -> bool:
        """Records, commits and returns True; False when the batch must be rewound for redelivery. The
        cyclic garbage collector pauses meanwhile: what the batch holds is freed when it is recorded
        (services/adapters/garbage.py)."""
        with garbage.tijdens_een_batch():
            return await self._verwerk(records, consumer, geweigerd)

    async def _verwerk(self, records: Sequence[Any], consumer: Any, geweigerd: set[tuple[str, int]] | None) -> bool:
        self.marker.fase("begonnen", records=len(records))
        groepen: dict[tuple[str, int], list[Item]] = {}
        for record in records:
            if geweigerd and (record.topic, record.partition) in geweigerd:
                continue  # a refused partition (posities.py): neither processed nor committed
            groepen.setdefault((record.topic, record.partition), []).append(self.lees(record))
        try:
            await met_herhaling("processing a batch", lambda: self._alle(groepen), hoogstens=self._hoogstens)
        except Exception as fout:
            if tijdelijk(fout):
                log.error("a batch of %d still fails after %.0f s (%s): rewound", len(records), self._hoogstens, type(fout).__name__)
                return False
            log.error("a batch of %d keeps failing (%s): taking it record by record", len(records), type(fout).__name__)
            try:
                for reeks in groepen.values():
                    await self._een_voor_een(reeks)
            except Exception as nogmaals:
                self.gezondheid.consumer_faalt(nogmaals)
                log.error("record by record failed too (%s): rewound", type(nogmaals).__name__)
                return False
        self.marker.fase("opgeslagen")
        posities = {TopicPartition(t, p): max(o.bron.offset for o, _ in reeks) + 1 for (t, p), reeks in groepen.items()}
        if posities:
            self.committer.commit(consumer, posities)
        self.marker.fase("klaar")
        self.gezondheid.consumer_werkt()
        self.gezondheid.batches += 1
        return True

    @property
    def gecommit(self) -> dict[TopicPartition, int]:
        """The offsets this instance committed last, per partition."""
        return self.committer.gecommit

    async def _alle(self, groepen: dict[tuple[str, int], list[Item]]) -> None:
        try:
            # one hand-off to a worker thread and one store transaction per batch, for all its partitions
            # (the eventsourcing library is synchronous)
            self._tel(await asyncio.to_thread(self.service.verwerk_reeks, [item for reeks in groepen.values() for item in reeks]))
        except Exception as fout:
            self.gezondheid.consumer_faalt(fout)
            raise

    async def _een_voor_een(self, reeks: list[Item]) -> None:
        for ontvangen, bericht in reeks:

            async def los(item: Item = (ontvangen, bericht)) -> None:
                self._tel(await asyncio.to_thread(self.service.verwerk_reeks, [item]))

            try:
                await met_herhaling("processing one message", los, hoogstens=self._hoogstens)
            except Exception as fout:
                if tijdelijk(fout):
                    raise
                reden = f"{type(fout).__name__} bij verwerken, na herhaalde pogingen"
                bron = ontvangen.bron
                log.error("message at %s:%d:%d cannot be processed (%s): dead-lettered", bron.topic, bron.partition, bron.offset, reden)
                afwijzing = Rejection("verwerking", "(bericht)", reden)
                self._tel(await asyncio.to_thread(self.service.verwerk_reeks, [(ontvangen, afwijzing)]))
                self.gezondheid.geisoleerd += 1

    def _tel(self, uitkomsten: list[list[Any] | Rejection]) -> None:
        if self._bij_uitkomsten is not None:
            self._bij_uitkomsten(uitkomsten)
        for uitkomst in uitkomsten:
            if isinstance(uitkomst, Rejection):
                self.gezondheid.dead_letters += 1
            else:
                self.gezondheid.verwerkt += 1
