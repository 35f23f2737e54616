"""Prometheus metrics of `wlz serve` (GET /metrics): FastStream's Kafka middleware counts messages,
sizes and durations per topic; these are the service's own.

Counters grow as things happen (decisions per second is `rate(wlz_besluiten_total[1m])`); the gauges
are read fresh at every scrape (consumer lag per partition, publisher backlog, projection lag, plafond
use per regio), so a scrape costs three small store reads and no Kafka round trip.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from prometheus_client import CollectorRegistry, Counter, Gauge, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from prometheus_client.metrics_core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

from services.adapters import garbage

if TYPE_CHECKING:
    from services.adapters.kafka.app import WlzKafka

__all__ = ["CONTENT_TYPE_LATEST", "Metrics"]


class Metrics:
    """One registry per service instance (tests run several in one process)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.besluiten = Counter("wlz_besluiten", "Decisions recorded, by event type", ["event_type"], registry=self.registry)
        self.inbound = Counter("wlz_inbound_berichten", "Inbound messages recorded (decided or refused)", registry=self.registry)
        self.dead_letters = Counter(
            "wlz_dead_letters", "Inbound messages kept as dead letters (unreadable or against the contract)", registry=self.registry
        )
        self.consumer_lag = Gauge(
            "wlz_consumer_lag",
            "Records on an inbound partition not yet committed by this service",
            ["topic", "partition"],
            registry=self.registry,
        )
        self.publisher_backlog = Gauge(
            "wlz_publisher_backlog", "Stored events the decision publisher has not yet published", registry=self.registry
        )
        self.projection_lag = Gauge(
            "wlz_projection_lag", "Stored events the projections (ledgers) have not yet applied", registry=self.registry
        )
        self.scrape_fouten = Counter(
            "wlz_metrics_scrape_fouten", "Scrapes whose fresh reading failed, by error", ["fout"], registry=self.registry
        )
        self.plafond_gebruik = Gauge(
            "wlz_plafond_gebruik_ratio",
            "Granted PGB as a share of the regional plafond (art. 8.12); 1.0 = the plafond",
            ["regio", "jaar"],
            registry=self.registry,
        )

        self.registry.register(_Opruimer())

    def telt(self, uitkomsten: Iterable[Any], rejection: type) -> None:
        """Counts the outcomes of one recorded batch: a list of decisions per message, or a rejection."""
        for uitkomst in uitkomsten:
            self.inbound.inc()
            if isinstance(uitkomst, rejection):
                self.dead_letters.inc()
                continue
            for besluit in uitkomst:
                self.besluiten.labels(besluit.event_type).inc()

    async def ververs(self, dienst: WlzKafka) -> None:
        """Reads the gauges from the service as it is now."""
        store = await asyncio.to_thread(dienst.service.recorder.max_notification_id) or 0
        if dienst.publisher is not None:  # only the elected instance publishes (services/adapters/kafka/leiderschap.py)
            self.publisher_backlog.set(max(0, store - dienst.publisher.positie))
        opslag = dienst.ledger_store
        if opslag is not None:
            self.projection_lag.set(max(0, store - await opslag.positie()))
            for regel in await opslag.plafonds():
                if regel.percentage is not None:
                    self.plafond_gebruik.labels(regel.regio, str(regel.jaar)).set(float(regel.percentage) / 100)
        for (topic, partitie), achter in (await dienst.consumer_lag()).items():
            self.consumer_lag.labels(topic, str(partitie)).set(achter)

    def tekst(self) -> bytes:
        return generate_latest(self.registry)


class _Opruimer(Collector):
    """The cyclic garbage collector's own time (services/adapters/garbage.py): a collection stops every
    thread of the process, so its seconds are CPU the service did not give the work, and its longest pause
    is latency every message in flight waited. (The library's default registry counts collections only.)"""

    def collect(self) -> Iterable[Any]:
        stand = garbage.statistiek
        seconden = CounterMetricFamily("wlz_gc_seconden", "Seconds in the cyclic garbage collector since the start", labels=["generatie"])
        collecties = CounterMetricFamily("wlz_gc_collecties", "Collections since the start", labels=["generatie"])
        langste = GaugeMetricFamily("wlz_gc_langste_pauze_seconden", "The longest collection since the start", labels=["generatie"])
        for generatie in range(3):
            seconden.add_metric([str(generatie)], stand.seconden[generatie])
            collecties.add_metric([str(generatie)], stand.collecties[generatie])
            langste.add_metric([str(generatie)], stand.langste[generatie])
        return [seconden, collecties, langste]
