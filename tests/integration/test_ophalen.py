"""On the real broker: with aiokafka's fetch pause a record on one partition is not fetched while another
partition's fetched records wait for the handler; without it (services/adapters/kafka/ophalen.py) it is,
and nothing is read twice or out of order."""

from __future__ import annotations

import asyncio
import time
import uuid
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from services.adapters.kafka.app import WlzKafka
from services.adapters.kafka.ophalen import zet_ophaalpauze
from tests.integration.conftest import Omgeving

pytestmark = pytest.mark.integration


async def _opgehaald(bootstrap: str, pauze_s: float) -> tuple[bool, list[tuple[int, int]]]:
    """Whether partition 1's record is fetched within 3 s while partition 0 still holds a fetched record
    the handler has not taken; and every (partition, offset) taken in the end."""
    topic = f"ophalen-{uuid.uuid4().hex[:8]}"
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        await admin.create_topics([NewTopic(topic, 2, 1)])
    finally:
        await admin.close()
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False)
    await producer.start()
    await consumer.start()
    genomen: list[tuple[int, int]] = []
    try:
        p0, p1 = TopicPartition(topic, 0), TopicPartition(topic, 1)
        consumer.assign([p0, p1])
        await consumer.seek_to_beginning(p0, p1)
        assert zet_ophaalpauze(consumer, pauze_s)
        for n in range(2):
            await producer.send_and_wait(topic, b"%d" % n, partition=0)

        def neem(batch: dict[Any, list[Any]]) -> None:
            genomen.extend((r.partition, r.offset) for recs in batch.values() for r in recs)

        neem(await consumer.getmany(p0, timeout_ms=10_000, max_records=1))  # one taken, one left waiting
        fetcher: Any = consumer._fetcher
        assert p0 in fetcher._records, "partition 0 still holds a fetched record"
        await producer.send_and_wait(topic, b"later", partition=1)
        einde = time.monotonic() + 3.0
        while p1 not in fetcher._records and time.monotonic() < einde:
            await asyncio.sleep(0.05)
        opgehaald = p1 in fetcher._records
        while len(genomen) < 3:
            neem(await consumer.getmany(timeout_ms=10_000))
        return opgehaald, genomen
    finally:
        await consumer.stop()
        await producer.stop()


def test_zonder_pauze_haalt_de_fetcher_de_andere_partities_op(omgeving: Omgeving) -> None:
    met_pauze, genomen_met = asyncio.run(_opgehaald(omgeving.infra.bootstrap, 30.0))
    zonder_pauze, genomen_zonder = asyncio.run(_opgehaald(omgeving.infra.bootstrap, 0.0))
    assert met_pauze is False, "with the pause, the broker gets no fetch while partition 0's record waits"
    assert zonder_pauze is True
    for genomen in (genomen_met, genomen_zonder):
        assert sorted(genomen) == [(0, 0), (0, 1), (1, 0)], "each record taken once"
        assert [o for p, o in genomen if p == 0] == [0, 1], "in order"


def test_de_dienst_zet_de_pauze_bij_de_toewijzing(omgeving: Omgeving) -> None:
    async def doe() -> float:
        dienst = WlzKafka(omgeving.settings().model_copy(update={"ophaalpauze_ms": 0}))
        app = dienst.faststream()
        await app.start()
        try:
            einde = time.monotonic() + 60
            while not dienst.gezondheid.toegewezen and time.monotonic() < einde:
                await asyncio.sleep(0.1)
            return float(dienst.consumer()._fetcher._prefetch_backoff)
        finally:
            await app.stop()

    assert asyncio.run(doe()) == 0.0
