"""The service on Kafka: a FastStream application around the same application service the CLI uses.

Flow per batch of inbound records (manual commits, FastStream batch mode):
  1. parse each against the contract; an unreadable one becomes a dead letter;
  2. per partition, decide in order and record the inbound events, their decisions, the dead letters and
     the partition's highest Kafka position in ONE store transaction (in a worker thread: the
     eventsourcing library is synchronous);
  3. commit exactly those offsets only after the store commit; a crash before it means redelivery,
     which the recorded position turns into a no-op;
  4. wake the publisher, which publishes decisions, feeds and dead letters from the store (`publishers`).
A refusal under the rules is a decision, not a dead letter. A failure of the store or broker is not the
message's fault: the message is not acked and comes again.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

from aiokafka import TopicPartition
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
from pydantic import ValidationError

from events import InboundEvent, parse_inbound
from services import bootstrap
from services.adapters import observability
from services.adapters.api.asgi import AsgiMetApi
from services.adapters.kafka.dlq import uit_validatiefout
from services.adapters.kafka.publishers import AlertPublisher, BesluitenPublisher
from services.adapters.kafka.records import Bronpositie, Ontvangen, RuwBericht
from services.adapters.kafka.topics import Topics
from services.adapters.observability.metrics import Metrics
from services.adapters.observability.tracing import Sporen
from services.adapters.observability.tracing import tracer_provider as maak_tracer_provider
from services.application import Rejection
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


class WlzKafka:
    """Wires the broker, the application service and the publisher together."""

    def __init__(self, settings: Settings | None = None, tracer_provider: TracerProvider | None = None) -> None:
        self.settings = settings or Settings()
        self.topics = Topics(self.settings.topic_prefix)
        self.service = bootstrap.service(self.settings)
        self._projecties_stop = asyncio.Event()
        self._projecties: asyncio.Task[None] | None = None
        self._opslag: Any = None
        self.alerts: AlertPublisher | None = None
        # observability (services/adapters/observability): metrics, and traces through the Kafka headers
        self.metrics = Metrics()
        self.sporen = Sporen(tracer_provider or maak_tracer_provider())
        self._consumer: Any = None
        self._gecommit: dict[TopicPartition, int] = {}
        self.broker = KafkaBroker(
            self.settings.bootstrap_servers,
            acks="all",
            enable_idempotence=True,
            logger=log,
            security=self.settings.faststream_security(),
            middlewares=[
                KafkaTelemetryMiddleware(tracer_provider=self.sporen.provider),
                KafkaPrometheusMiddleware(registry=self.metrics.registry, app_name="wlz"),
            ],
        )
        self.publisher = BesluitenPublisher(self.service, self.settings, sporen=self.sporen)
        self.verwerkt = 0
        self.dood = 0
        self.broker.subscriber(
            *self.topics.inbound,
            group_id=self.settings.group_id,
            ack_policy=AckPolicy.MANUAL,
            auto_offset_reset="earliest",
            max_poll_interval_ms=300_000,
            batch=True,
            max_records=self.settings.batch,
        )(self._ontvang)
        from services.adapters.iwlz.kafka import IwlzKafka

        self.iwlz = IwlzKafka(self)  # iWlz XML in and out (services/adapters/iwlz/kafka.py)

    async def _ontvang(self, body: Any, msg: KafkaMessage) -> None:
        """A batch of records (FastStream batch mode); `body` is what FastStream decoded and is not used:
        the contract is parsed from the raw bytes.

        Never raises: the batch ends committed (every record recorded, as decisions or as a dead letter,
        with the partition's position) or rewound for redelivery - a record left in neither state would be
        committed past by a later acknowledgement and lost.
        """
        ruwe: Any = msg.raw_message
        records = ruwe if isinstance(ruwe, tuple | list) else (ruwe,)
        spans: list[Any] = []
        try:
            groepen: dict[tuple[str, int], list[tuple[Ontvangen, InboundEvent | Rejection]]] = {}
            for record in records:
                ruw = RuwBericht(record.key, record.value or b"", tuple(record.headers or ()))
                bericht: InboundEvent | Rejection
                try:
                    bericht = parse_inbound(ruw.waarde)
                except ValidationError as fout:
                    bericht = uit_validatiefout(fout)
                span = self.sporen.beslissen(record.topic, record.partition, record.offset, ruw.koppen)
                spans.append(span)
                if not isinstance(bericht, Rejection):
                    self.sporen.onthoud(str(bericht.event_id), span)
                groepen.setdefault((record.topic, record.partition), []).append(
                    (Ontvangen(Bronpositie(record.topic, record.partition, record.offset), ruw), bericht)
                )
            # one hand-off to a worker thread per batch (the eventsourcing library is synchronous)
            uitkomsten = await asyncio.to_thread(lambda: [u for reeks in groepen.values() for u in self.service.verwerk_reeks(reeks)])
            self.metrics.telt(uitkomsten, Rejection)
            for uitkomst in uitkomsten:
                if isinstance(uitkomst, Rejection):
                    self.dood += 1
                else:
                    self.verwerkt += 1
            consumer: Any = msg.consumer
            posities = {TopicPartition(t, p): max(o.bron.offset for o, _ in reeks) + 1 for (t, p), reeks in groepen.items()}
            await consumer.commit(posities)
            self._consumer = consumer
            self._gecommit.update(posities)
            msg.committed = AckStatus.ACKED
        except Exception:
            for span in spans:
                span.set_status(StatusCode.ERROR, "batch rewound for redelivery")
            # Not the messages' fault (store or broker away): rewind; they are delivered again.
            log.exception("processing a batch of %d failed; will be redelivered", len(records))
            await asyncio.sleep(1.0)
            await msg.nack()
            return
        finally:
            for span in spans:
                span.end()
        self.publisher.wek()

    async def consumer_lag(self) -> dict[tuple[str, int], int]:
        """Per assigned inbound partition: records between the last offset this service committed and the
        partition's end (the high watermark of the last fetch)."""
        consumer = self._consumer
        if consumer is None:
            return {}
        uit = {}
        for tp in consumer.assignment():
            eind = consumer.highwater(tp)
            if eind is None:
                continue
            gecommit = self._gecommit.get(tp)
            if gecommit is None:
                gecommit = await consumer.committed(tp) or 0
            uit[(tp.topic, tp.partition)] = max(0, eind - gecommit)
        return uit

    @property
    def ledger_store(self) -> Any:
        """The live ledgers (None before the start)."""
        return self._opslag

    async def _voor_start(self) -> None:
        await maak_topics(self.settings)

    async def _na_start(self) -> None:
        from projections.runner import ProjectionRunner

        await self.publisher.start()
        await self.iwlz.start()
        self._opslag = await bootstrap.ledger_store(self.settings)
        self.alerts = AlertPublisher(self._opslag, self.settings, self.settings.plafond_modus)
        await self.alerts.start()
        runner = ProjectionRunner(self.service, self._opslag, drempels=self.settings.drempels, na_batch=self.alerts.wek)
        self._projecties = asyncio.create_task(runner.volg(self._projecties_stop), name="projecties")

    async def _bij_stop(self) -> None:
        self._projecties_stop.set()
        if self._projecties is not None:
            await self._projecties
        if self.alerts is not None:
            await self.alerts.stop()
        if self._opslag is not None:
            await self._opslag.sluit()
        await self.iwlz.stop()
        await self.publisher.stop()

    def faststream(self) -> FastStream:
        return FastStream(self.broker, on_startup=[self._voor_start], after_startup=[self._na_start], on_shutdown=[self._bij_stop])

    def asgi(self) -> AsgiFastStream:
        @get
        async def gezondheid(scope: Any) -> AsgiResponse:
            """Ready when the broker answers and the store can be read."""
            try:
                broker_ok = await self.broker.ping(timeout=2.0)
                positie = await asyncio.to_thread(self.service.recorder.max_notification_id)
                projecties = await self._opslag.positie() if self._opslag is not None else 0
            except Exception as fout:  # the endpoint reports, it never raises
                return AsgiResponse(json.dumps({"status": "down", "fout": type(fout).__name__}).encode(), status_code=503)
            status = {
                "status": "ok" if broker_ok else "down",
                "store_positie": positie or 0,
                "gepubliceerd_tot": self.publisher.positie,
                "alerts_gepubliceerd": self.alerts.gepubliceerd if self.alerts else 0,
                "projecties_tot": projecties,
                "verwerkt": self.verwerkt,
                "dead_letters": self.dood,
            }
            return AsgiResponse(json.dumps(status).encode(), status_code=200 if broker_ok else 503)

        return AsgiMetApi(
            self.broker,
            api=self.http_api(),
            asgi_routes=[("/health", gezondheid), *observability.routes(self)],
            on_startup=[self._voor_start],
            after_startup=[self._na_start],
            on_shutdown=[self._bij_stop],
        )


    def http_api(self) -> Any:
        """The HTTP API (services/adapters/api/) on this service's store, ledgers and access log."""
        from services.adapters.api.app import Bronnen, maak_api
        from services.adapters.api.oidc import OidcSettings, TokenControle
        from services.adapters.toegangslog import open_toegangslog

        bronnen = Bronnen(self.service, lambda: self._opslag, open_toegangslog(self.settings))
        return maak_api(bronnen, TokenControle(OidcSettings()))


def asgi_app() -> AsgiFastStream:
    """Entry point for `uvicorn services.adapters.kafka.app:asgi_app --factory`."""
    return WlzKafka().asgi()


def app() -> FastStream:
    """Entry point for `faststream run services.adapters.kafka.app:app --factory`."""
    return WlzKafka().faststream()
