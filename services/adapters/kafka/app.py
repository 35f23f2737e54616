"""The service on Kafka: a FastStream application around the same application service the CLI uses.

Flow per batch of inbound records (manual commits, FastStream batch mode; `verwerking.py`):
  1. parse each against the contract and the types its topic may carry; an unreadable one becomes a
     dead letter;
  2. decide each partition's records in order and record the inbound events, their decisions, the dead
     letters and every partition's highest Kafka position in ONE store transaction (in a worker thread: the
     eventsourcing library is synchronous); a failure that passes is retried with back-off, one that
     does not is isolated to the message that causes it, which becomes a dead letter;
  3. commit exactly those offsets only after the store commit; a crash before it means redelivery,
     which the recorded position turns into a no-op;
  4. wake the publisher, which publishes decisions, feeds and dead letters from the store (`uitgaand`).

Several instances may run in one consumer group: Kafka spreads the partitions over them, and what follows
the store's single notification log runs once, in two roles spread over the instances through PostgreSQL
advisory locks (`leiderschap.py`): the publishers, and the projection runner with the alert publisher.
`/health/live` says the process runs; `/health/ready` (and `/health`) says it does its work: joined its
group, nothing stuck, no partition refused (`gezondheid.py`, `posities.py`).
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable
from contextlib import suppress
from typing import Any

from aiokafka import TopicPartition
from aiokafka.abc import ConsumerRebalanceListener
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError, for_code
from faststream import AckPolicy, FastStream
from faststream.asgi import AsgiFastStream, AsgiResponse, get
from faststream.kafka import KafkaBroker, KafkaMessage
from faststream.kafka.opentelemetry import KafkaTelemetryMiddleware
from faststream.kafka.prometheus import KafkaPrometheusMiddleware
from faststream.message import AckStatus
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.trace import StatusCode
from tenacity import AsyncRetrying, wait_exponential

from services import bootstrap
from services.adapters import garbage, observability
from services.adapters.api.asgi import AsgiMetApi
from services.adapters.kafka import posities
from services.adapters.kafka.afremmen import Afremmer
from services.adapters.kafka.gezondheid import BatchMarker, Gezondheid
from services.adapters.kafka.koppen import ontleed_batch
from services.adapters.kafka.leiderschap import PROJECTIES, PUBLICATIE, Leiderschap, Rol
from services.adapters.kafka.ophalen import zet_ophaalpauze
from services.adapters.kafka.publishers import AlertPublisher, BesluitenPublisher
from services.adapters.kafka.records import Bronpositie
from services.adapters.kafka.terugspoelen import Terugspoeler
from services.adapters.kafka.topics import Topics
from services.adapters.kafka.verwerking import BatchVerwerker
from services.adapters.observability.metrics import Metrics
from services.adapters.observability.tracing import Sporen
from services.adapters.observability.tracing import tracer_provider as maak_tracer_provider
from services.application import Rejection
from services.notification_buffer import NotificationBuffer
from services.settings import Settings

log = logging.getLogger(__name__)


async def maak_topics(settings: Settings) -> None:
    """Creates the service's topics when they are missing (idempotent)."""
    admin = AIOKafkaAdminClient(**settings.aiokafka_args())
    await admin.start()
    try:
        bestaand = set(await admin.list_topics())
        nieuw = [
            NewTopic(name=t, num_partitions=settings.topic_partitions, replication_factor=settings.topic_replication_factor)
            for t in Topics(settings.topic_prefix).alle
            if t not in bestaand
        ]
        if nieuw:
            antwoord = await admin.create_topics(nieuw)
            # aiokafka reports refusals (a replication factor above the number of brokers, say) in the
            # answer instead of raising; "already exists" is another instance that was quicker.
            for topic, code, *rest in antwoord.topic_errors:
                if code not in (0, TopicAlreadyExistsError.errno):
                    raise for_code(code)(f"topic {topic}: {rest[0] if rest else ''}")
    finally:
        await admin.close()


async def _niet_decoderen(bericht: Any) -> None:
    """FastStream would parse every record of a batch again and decode its value as JSON, for a body the
    handler does not use: the contract is parsed from the raw bytes (`verwerking.py`). That cost some 4 %
    of the service's CPU."""
    return None


class BrokerPing:
    """Whether the broker answers, asked at most every `geldig` seconds while it does. FastStream's ping is
    aiokafka's describe_cluster, which fetches and decodes the metadata of every topic in the cluster: 7 %
    of the service's CPU when polled twice a second on a broker with a thousand topics, and decoding
    metadata was still 4,9 % of it (py-spy) with a ping every 5 s. So the question is the metadata of one
    topic of ours (`vraag`, from `WlzKafka._ping`). A failed ping is not remembered: the next question pings again."""

    def __init__(self, vraag: Callable[[], Awaitable[bool]], geldig: float = 5.0) -> None:
        self.vraag = vraag
        self.geldig = geldig
        self._tot = 0.0

    async def antwoordt(self) -> bool:
        if time.monotonic() < self._tot:
            return True
        if not await self.vraag():
            return False
        self._tot = time.monotonic() + self.geldig
        return True


class Toewijzing(ConsumerRebalanceListener):  # type: ignore[misc]
    """Follows the consumer group: readiness waits for the first assignment, and every assigned
    partition is paused until its stored position has been checked against the partition's end (a
    re-created topic is refused, `posities.py`). The check runs beside the group protocol, not in it:
    a callback that waits on the broker would stall the rebalance when the broker goes away."""

    def __init__(self, dienst: WlzKafka) -> None:
        self.dienst = dienst

    async def on_partitions_revoked(self, revoked: set[TopicPartition]) -> None:
        for tp in revoked:
            self.dienst.vergeet(tp)

    async def on_partitions_assigned(self, assigned: set[TopicPartition]) -> None:
        self.dienst.gezondheid.partities |= {f"{tp.topic}:{tp.partition}" for tp in assigned}
        consumer = self.dienst.consumer()
        if consumer is not None:
            zet_ophaalpauze(consumer, self.dienst.settings.ophaalpauze_ms / 1000)  # ophalen.py: the fetcher exists now
        if consumer is not None and assigned:
            consumer.pause(*assigned)
            self.dienst.ongecontroleerd |= set(assigned)
            self.dienst.controleer_straks()
        self.dienst.gezondheid.toegewezen = True
        log.info("assigned %d partitions", len(assigned))


class WlzKafka:
    """Wires the broker, the application service, the batch handling, the election and the publishers."""

    def __init__(self, settings: Settings | None = None, tracer_provider: TracerProvider | None = None) -> None:
        self.settings = settings or Settings()
        self.topics = Topics(self.settings.topic_prefix)
        self.service = bootstrap.service(self.settings)
        self.gezondheid = Gezondheid()
        self.geweigerd: set[tuple[str, int]] = set()
        self.ongecontroleerd: set[TopicPartition] = set()  # assigned, paused until their positions are checked
        self._controle: asyncio.Task[None] | None = None
        self.generaties: dict[str, int] = {}
        self._projecties_stop = asyncio.Event()
        self._projecties: asyncio.Task[None] | None = None
        self._bewaker: asyncio.Task[None] | None = None
        self._opslag: Any = None
        self._lees_opslag: Any = None  # the ledgers to read on every instance (the holder of the role projecties writes them)
        self._lezer: asyncio.Task[None] | None = None
        self.alerts: AlertPublisher | None = None
        self.publisher: BesluitenPublisher | None = None
        # observability (services/adapters/observability): metrics, and traces through the Kafka headers
        self.metrics = Metrics()
        self.sporen = Sporen(tracer_provider or maak_tracer_provider())
        self._spans: list[Any] = []
        # outermost: a batch that fails before or in the handler without being finished is rewound
        self.terugspoeler = Terugspoeler(self.consumer, self.gezondheid)
        self.afremmer = Afremmer(self.settings.buffer_maximum, self.settings.afremmen_hoogstens_s)  # afremmen.py
        self.broker = KafkaBroker(
            self.settings.bootstrap_servers,
            acks="all",
            enable_idempotence=True,
            logger=log,
            security=self.settings.faststream_security(),
            middlewares=[
                self.terugspoeler,
                KafkaTelemetryMiddleware(tracer_provider=self.sporen.provider),
                KafkaPrometheusMiddleware(registry=self.metrics.registry, app_name="wlz"),
            ],
        )
        self.verwerker = BatchVerwerker(
            self.service,
            self.settings,
            self.gezondheid,
            BatchMarker(self.settings.batch_marker),
            bronpositie=self._bronpositie,
            bij_lezen=self._spoor,
            bij_uitkomsten=lambda uitkomsten: self.metrics.telt(uitkomsten, Rejection),
        )
        url = self.settings.database_url_value() if self.settings.persistence == "postgres" else None
        self.leiderschap = Leiderschap(
            url,
            self.settings.topic_prefix,
            [Rol(PUBLICATIE, self._neem_publicatie, self._stop_publicatie), Rol(PROJECTIES, self._neem_projecties, self._stop_projecties)],
            interval=self.settings.leider_interval,
        )
        self._abonnement: Any = self.broker.subscriber(
            *self.topics.inbound,
            group_id=self.settings.group_id,
            ack_policy=AckPolicy.MANUAL,
            auto_offset_reset="earliest",
            max_poll_interval_ms=300_000,
            session_timeout_ms=self.settings.session_timeout_ms,
            heartbeat_interval_ms=self.settings.heartbeat_interval_ms,
            batch=True,
            parser=ontleed_batch,
            decoder=_niet_decoderen,
            max_records=self.settings.batch,
            batch_timeout_ms=self.settings.batch_timeout_ms,
            listener=Toewijzing(self),
        )
        self._abonnement(self._ontvang)
        self.ping = BrokerPing(self._ping)
        from services.adapters.iwlz.kafka import IwlzKafka

        self.iwlz = IwlzKafka(self)  # iWlz XML in and out (services/adapters/iwlz/kafka.py); its publisher runs with the role publicatie

    async def _ping(self) -> bool:
        """The broker answers with the metadata of our first inbound topic (FastStream's admin client)."""
        try:
            await asyncio.wait_for(self.broker.config.admin_client.describe_topics([self.topics.inbound[0]]), timeout=2.0)
        except Exception:  # not connected, away, or too slow: not ready
            return False
        return True

    @property
    def verwerkt(self) -> int:
        return self.gezondheid.verwerkt

    @verwerkt.setter
    def verwerkt(self, aantal: int) -> None:
        self.gezondheid.verwerkt = aantal

    @property
    def dood(self) -> int:
        return self.gezondheid.dead_letters

    @dood.setter
    def dood(self, aantal: int) -> None:
        self.gezondheid.dead_letters = aantal

    def consumer(self) -> Any:
        return self._abonnement.consumer

    def vergeet(self, tp: TopicPartition) -> None:
        """A partition taken away in a rebalance: no longer ours to report on."""
        sleutel = f"{tp.topic}:{tp.partition}"
        self.gezondheid.partities.discard(sleutel)
        self.gezondheid.geweigerd.pop(sleutel, None)
        self.geweigerd.discard((tp.topic, tp.partition))
        self.ongecontroleerd.discard(tp)
        self.verwerker.committer.vergeet(tp)

    def controleer_straks(self) -> None:
        """Checks the partitions waiting for it now, beside the group protocol."""
        if self._controle is None or self._controle.done():
            self._controle = asyncio.create_task(self._controleer_wachtende(), name="posities-controle")

    async def _controleer_wachtende(self) -> None:
        wachtend = set(self.ongecontroleerd)
        if not wachtend:
            return
        try:
            await asyncio.wait_for(self.controleer_posities(wachtend), timeout=15)
        except Exception as fout:  # the broker or the store away: the partitions stay paused, checked again later
            log.warning("checking the stored positions failed (%s); checked again shortly", type(fout).__name__)

    def _bronpositie(self, topic: str, partition: int, offset: int) -> Bronpositie:
        return Bronpositie(topic, partition, offset, self.generaties.get(topic, 0))

    async def _ontvang(self, body: Any, msg: KafkaMessage) -> None:
        """A batch of records (FastStream batch mode); `body` is what FastStream decoded and is not used:
        the contract is parsed from the raw bytes.

        Never raises: the batch ends committed (every record recorded, as decisions or as a dead letter,
        with the partition's position) or rewound for redelivery - a record left in neither state would be
        committed past by a later acknowledgement and lost.
        """
        ruwe: Any = msg.raw_message
        records = ruwe if isinstance(ruwe, tuple | list) else (ruwe,)
        self._spans = []
        gelukt = False
        try:
            gelukt = await self.verwerker.verwerk(records, msg.consumer, self.geweigerd)
            if not gelukt:
                for span in self._spans:
                    span.set_status(StatusCode.ERROR, "batch rewound for redelivery")
        finally:
            for span in self._spans:
                span.end()
        if gelukt:
            msg.committed = AckStatus.ACKED
            if self.publisher is not None:
                self.publisher.wek()
        else:
            await asyncio.sleep(1.0)
            await msg.nack()
        self.terugspoeler.afgehandeld(ruwe)
        if gelukt:
            await self.afremmer.wacht(self.service.buffer)  # while this process's readers lag far behind

    def _spoor(self, record: Any, ruw: Any, bericht: Any) -> None:
        """A span per record, continuing the sender's trace (services/adapters/observability/tracing.py)."""
        span = self.sporen.beslissen(record.topic, record.partition, record.offset, ruw.koppen)
        self._spans.append(span)
        if not isinstance(bericht, Rejection):
            self.sporen.onthoud(str(bericht.event_id), span)

    async def consumer_lag(self) -> dict[tuple[str, int], int]:
        """Per assigned inbound partition: records between the last offset this service committed and the
        partition's end (the high watermark of the last fetch)."""
        consumer = self.consumer()
        if consumer is None:
            return {}
        uit = {}
        for tp in consumer.assignment():
            eind = consumer.highwater(tp)
            if eind is None:
                continue
            gecommit = self.verwerker.gecommit.get(tp)
            if gecommit is None:
                gecommit = await consumer.committed(tp) or 0
            uit[(tp.topic, tp.partition)] = max(0, eind - gecommit)
        return uit

    def ledgers_om_te_lezen(self) -> Any:
        """The ledgers the HTTP API reads: the projecting instance's own, or on any other instance a
        connection of its own to the same ledgers (PostgreSQL; the role projecties keeps them up to date),
        so every instance answers."""
        return self._opslag if self._opslag is not None else self._lees_opslag

    @property
    def ledger_store(self) -> Any:
        """The live ledgers (None before the start, and on an instance without the role projecties)."""
        return self._opslag

    # --- positions of re-created topics -------------------------------------------------------------

    async def controleer_posities(self, partities: set[TopicPartition]) -> None:
        """Refuses (keeps paused) every partition whose stored position lies beyond its end and resumes the
        others; resumes a refused one whose reset an operator accepted meanwhile (`wlz accepteer-reset`)."""
        consumer = self.consumer()
        partities = partities & consumer.assignment() if consumer is not None else set()
        if not partities:
            return
        eind = await consumer.end_offsets(list(partities))
        for tp in partities:
            gen = await asyncio.to_thread(posities.generatie, self.service.process_recorder, tp.topic)
            self.generaties[tp.topic] = gen
            waarom = await asyncio.to_thread(posities.vooruit, self.service.process_recorder, tp.topic, tp.partition, eind[tp], gen)
            sleutel = f"{tp.topic}:{tp.partition}"
            if tp not in consumer.assignment():
                continue  # taken away meanwhile
            if waarom is not None:
                if (tp.topic, tp.partition) not in self.geweigerd:
                    log.error("partition %s refused: %s", sleutel, waarom)
                consumer.pause(tp)
                self.geweigerd.add((tp.topic, tp.partition))
                self.gezondheid.geweigerd[sleutel] = waarom
            else:
                if (tp.topic, tp.partition) in self.geweigerd:
                    log.warning("partition %s: reset accepted (generation %d), reading it from its beginning", sleutel, gen)
                    self.geweigerd.discard((tp.topic, tp.partition))
                    self.gezondheid.geweigerd.pop(sleutel, None)
                    await consumer.seek_to_beginning(tp)
                consumer.resume(tp)
            self.ongecontroleerd.discard(tp)

    async def _bewaak(self) -> None:
        """Checks refused and not yet checked partitions again every few seconds."""
        while True:
            await asyncio.sleep(self.settings.controle_interval)
            opnieuw = {TopicPartition(t, p) for t, p in self.geweigerd} | self.ongecontroleerd
            if not opnieuw:
                continue
            try:
                await asyncio.wait_for(self.controleer_posities(opnieuw), timeout=15)
            except Exception as fout:
                log.warning("checking the stored positions failed (%s)", type(fout).__name__)

    # --- the roles that run once (leiderschap.py) ---------------------------------------------------

    def _buffer_voor(self, *lezers: str) -> None:
        """The readers that follow the store in this process get what it records from memory."""
        if self.service.buffer is None:
            self.service.buffer = NotificationBuffer(maximum=self.settings.buffer_maximum, lezers=lezers)
        else:
            self.service.buffer.verwacht(lezers)

    def _buffer_zonder(self, *lezers: str) -> None:
        buffer = self.service.buffer
        if buffer is None:
            return
        for lezer in lezers:
            buffer.vergeet_lezer(lezer)
        if not buffer.lezers:
            self.service.buffer = None

    async def _neem_publicatie(self) -> None:
        from services.adapters.iwlz.kafka import IwlzPublisher

        self._buffer_voor(BesluitenPublisher.naam, IwlzPublisher.naam)
        self.publisher = BesluitenPublisher(self.service, self.settings, self.gezondheid, sporen=self.sporen)
        await self.publisher.start()
        await self.iwlz.start()

    async def _stop_publicatie(self) -> None:
        from services.adapters.iwlz.kafka import IwlzPublisher

        with suppress(Exception):
            await self.iwlz.stop()
        if self.publisher is not None:
            with suppress(Exception):
                await self.publisher.stop()
            self.publisher = None
        self._buffer_zonder(BesluitenPublisher.naam, IwlzPublisher.naam)
        self.gezondheid.publisher_werkt()

    async def _neem_projecties(self) -> None:
        from projections.runner import ProjectionRunner

        self._buffer_voor(ProjectionRunner.NAAM)
        self._opslag = await bootstrap.ledger_store(self.settings)
        self.alerts = AlertPublisher(self._opslag, self.settings, self.settings.plafond_modus, self.gezondheid)
        await self.alerts.start()
        runner = ProjectionRunner(self.service, self._opslag, drempels=self.settings.drempels, na_batch=self.alerts.wek)
        self._projecties_stop = asyncio.Event()
        self._projecties = asyncio.create_task(runner.volg(self._projecties_stop), name="projecties")

    async def _stop_projecties(self) -> None:
        from projections.runner import ProjectionRunner

        self._projecties_stop.set()
        if self._projecties is not None:
            self._projecties.cancel()
            with suppress(asyncio.CancelledError, Exception):
                await self._projecties
            self._projecties = None
        if self.alerts is not None:
            with suppress(Exception):
                await self.alerts.stop()
            self.alerts = None
        if self._opslag is not None:
            with suppress(Exception):
                await self._opslag.sluit()
            self._opslag = None
        self._buffer_zonder(ProjectionRunner.NAAM)

    # --- lifecycle -----------------------------------------------------------------------------------

    async def _voor_start(self) -> None:
        await maak_topics(self.settings)
        # the roles do not wait for the consumer group: joining can take a session timeout, and an
        # instance restarted in a burst of failures would otherwise leave the roles vacant (the
        # publishers and the projection runner have producers and connections of their own)
        await self.leiderschap.start()

    async def _na_start(self) -> None:
        self._bewaker = asyncio.create_task(self._bewaak(), name="posities")
        if self.settings.persistence == "postgres":
            self._lezer = asyncio.create_task(self._open_ledgers_om_te_lezen(), name="ledgers-lezen")

    async def _open_ledgers_om_te_lezen(self) -> None:
        """The ledgers for the API, opened beside the start and never in its way; read only, so no table
        is created here: two instances that start together would run CREATE TABLE IF NOT EXISTS at the same
        moment, which PostgreSQL may refuse. Tried again with back-off until the database answers (the API
        answers 503 meanwhile)."""
        async for poging in AsyncRetrying(wait=wait_exponential(multiplier=0.2, max=5), reraise=True):
            with poging:
                if poging.retry_state.attempt_number > 1:
                    log.info("opening the ledgers to read, attempt %d", poging.retry_state.attempt_number)
                self._lees_opslag = await bootstrap.ledger_store_om_te_lezen(self.settings)
        log.info("the ledgers are open to read")

    async def _bij_stop(self) -> None:
        await self.verwerker.committer.afgerond(timeout=5)  # a commit left out only means a redelivery (a no-op)
        if self._controle is not None:
            self._controle.cancel()
        if self._bewaker is not None:
            self._bewaker.cancel()
            with suppress(asyncio.CancelledError):
                await self._bewaker
        await self.leiderschap.stop()
        if self._lezer is not None:
            self._lezer.cancel()
            with suppress(asyncio.CancelledError, Exception):
                await self._lezer
        if self._lees_opslag is not None:
            with suppress(Exception):
                await self._lees_opslag.sluit()
            self._lees_opslag = None

    def faststream(self) -> FastStream:
        return FastStream(self.broker, on_startup=[self._voor_start], after_startup=[self._na_start], on_shutdown=[self._bij_stop])

    async def stand(self) -> tuple[bool, dict[str, Any]]:
        """Readiness and the document `/health` shows: counters and positions, never data."""
        redenen = self.gezondheid.redenen()
        if self.ongecontroleerd:
            redenen.append(f"{len(self.ongecontroleerd)} partities wachten op de controle van hun opgeslagen positie")
        try:
            if not await self.ping.antwoordt():
                redenen.append("broker antwoordt niet")
            positie = await asyncio.to_thread(self.service.recorder.max_notification_id)
            projecties = await self._opslag.positie() if self._opslag is not None else 0
        except Exception as fout:  # the endpoint reports, it never raises
            redenen.append(f"store of broker niet bereikbaar ({type(fout).__name__})")
            positie, projecties = 0, 0
        status = {
            "status": "ok" if not redenen else "niet gereed",
            "redenen": redenen,
            "rollen": list(self.leiderschap.gehouden),  # publicatie, projecties (leiderschap.py)
            "instanties": self.leiderschap.instanties,
            "store_positie": positie or 0,
            "gepubliceerd_tot": self.publisher.positie if self.publisher else 0,
            "publicatie_geisoleerd": self.publisher.geisoleerd if self.publisher else 0,
            "teruggespoeld": self.terugspoeler.teruggespoeld,  # batches rewound that never reached the handler's end
            **self.afremmer.tellers(),  # the consumer held back for the readers of the store (afremmen.py)
            "alerts_gepubliceerd": self.alerts.gepubliceerd if self.alerts else 0,
            "projecties_tot": projecties,
            "gelezen_uit_buffer": self.service.buffer.uit_buffer if self.service.buffer is not None else 0,
            "gelezen_uit_store": self.service.buffer.uit_store if self.service.buffer is not None else 0,
            **self.gezondheid.tellers(),
            "gc": garbage.statistiek.stand(),  # the cyclic garbage collector since the start (garbage.py)
        }
        return not redenen, status

    def asgi(self) -> AsgiFastStream:
        @get
        async def gereed(scope: Any) -> AsgiResponse:
            """Readiness: 200 when this instance does its work, 503 naming why not."""
            klaar, status = await self.stand()
            return AsgiResponse(json.dumps(status).encode(), status_code=200 if klaar else 503)

        @get
        async def leeft(scope: Any) -> AsgiResponse:
            """Liveness: the event loop answers (a stuck consumer or publisher is readiness, not liveness:
            restarting the process would not bring the database back)."""
            return AsgiResponse(b'{"status": "leeft"}', status_code=200)

        return AsgiMetApi(
            self.broker,
            api=self.http_api(),
            asgi_routes=[("/health", gereed), ("/health/ready", gereed), ("/health/live", leeft), *observability.routes(self)],
            on_startup=[self._voor_start],
            after_startup=[self._na_start],
            on_shutdown=[self._bij_stop],
        )

    def http_api(self) -> Any:
        """The HTTP API (services/adapters/api/) on this service's store, ledgers and access log."""
        from services.adapters.api.app import Bronnen, maak_api
        from services.adapters.api.oidc import OidcSettings, TokenControle
        from services.adapters.toegangslog import open_toegangslog

        bronnen = Bronnen(self.service, self.ledgers_om_te_lezen, open_toegangslog(self.settings))
        return maak_api(bronnen, TokenControle(OidcSettings()))


def asgi_app() -> AsgiFastStream:
    """Entry point for `uvicorn services.adapters.kafka.app:asgi_app --factory`."""
    return WlzKafka().asgi()


def app() -> FastStream:
    """Entry point for `faststream run services.adapters.kafka.app:app --factory`."""
    return WlzKafka().faststream()
