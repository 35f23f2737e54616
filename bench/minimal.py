"""The minimal pipeline: the same I/O as the service with no domain logic, run in the same benchmark run
so the service's figure has a floor to be compared with (issue: the benchmark is honest).

Per batch of consumed records (aiokafka `getmany`): ~2.5 rows per message (the inbound event and, on
average, 1.5 decisions) COPY'd into PostgreSQL in ONE transaction with a tracking row, then one record
per message produced in ONE Kafka transaction, then the offsets committed.
"""

from __future__ import annotations

import resource
import time
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition


async def minimal_pipeline(bootstrap: str, topic: str, database_url: str, aantal: int, uit_topic: str) -> dict[str, Any]:
    import asyncpg

    con = await asyncpg.connect(database_url)
    await con.execute(
        "CREATE TABLE IF NOT EXISTS minimal_events (id BIGSERIAL PRIMARY KEY, sleutel BYTEA, waarde BYTEA);"
        "CREATE TABLE IF NOT EXISTS minimal_tracking (naam TEXT PRIMARY KEY, positie BIGINT NOT NULL)"
    )
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=f"{uit_topic}-minimal",
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        max_poll_records=500,
    )
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, transactional_id=f"{uit_topic}-minimal", enable_idempotence=True, acks="all")
    await consumer.start()
    await producer.start()
    cpu0 = _cpu()
    begin = time.perf_counter()
    gedaan = 0
    try:
        while gedaan < aantal:
            batch = await consumer.getmany(timeout_ms=1000, max_records=500)
            if not batch:
                continue
            for tp, records in batch.items():
                rijen: list[tuple[bytes | None, bytes]] = []
                for n, r in enumerate(records):
                    rijen.append((r.key, r.value or b""))
                    rijen.append((r.key, r.value or b""))
                    if n % 2:
                        rijen.append((r.key, r.value or b""))
                async with con.transaction():
                    await con.copy_records_to_table("minimal_events", records=rijen, columns=["sleutel", "waarde"])
                    await con.execute(
                        "INSERT INTO minimal_tracking VALUES ($1, $2) ON CONFLICT (naam) DO UPDATE SET positie = excluded.positie",
                        f"{tp.topic}:{tp.partition}",
                        records[-1].offset + 1,
                    )
                async with producer.transaction():
                    for r in records:
                        await producer.send(uit_topic, key=r.key, value=r.value)
                await consumer.commit({TopicPartition(tp.topic, tp.partition): records[-1].offset + 1})
                gedaan += len(records)
        seconden = time.perf_counter() - begin
        cpu = _cpu() - cpu0
    finally:
        await consumer.stop()
        await producer.stop()
        await con.close()
    return {
        "messages": gedaan,
        "messages_per_s": round(gedaan / seconden),
        "seconds": round(seconden, 2),
        "cpu_us_per_message_in_this_process": round(cpu / gedaan * 1e6),
    }


def _cpu() -> float:
    gebruik = resource.getrusage(resource.RUSAGE_SELF)
    return gebruik.ru_utime + gebruik.ru_stime
