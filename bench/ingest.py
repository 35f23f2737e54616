"""Ingest benchmark: M inbound events through Kafka -> decided -> committed in PostgreSQL -> published,
measured end to end, beside, in the same run and on the same data, the minimal pipeline (bench/minimal.py:
the same I/O without domain logic) and the raw limits (an aiokafka consumer that does nothing; an asyncpg
COPY of the same rows). Reports the ratio to the minimal pipeline, CPU per event per process (service,
broker, database) and the machine's load.

    python -m bench.ingest [--events M] [--spread] [--latency-rate R]    (default M = 20.000; --national: 300.000)

--spread puts each client's events far apart in the stream (round robin over clients), so they land in
different batches and each case is loaded from the store again, as in a day of real traffic.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
import uuid
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from rich.console import Console

from bench.environment import REPO, Klok, bewaar, cpu_stand, infra, load, nieuwe_database, rss_kinderen_mb, toon
from bench.generate import historie
from bench.minimal import minimal_pipeline
from services.identity import case_id_voor
from services.settings import ONTWIKKELSLEUTEL

console = Console()


def berichten(aantal: int, seed: int, spread: bool = False) -> list[tuple[bytes, bytes]]:
    """(key, value) of at least `aantal` inbound events; each client's events share the key (its case id).
    `spread`: round robin over the clients (every client's first event, then every second one, ...)."""
    uit: list[tuple[bytes, bytes]] = []
    clients = max(1, aantal // 2)
    for bericht in historie(clients, seed):
        sleutel = str(case_id_voor(bericht["payload"]["bsn"], ONTWIKKELSLEUTEL.encode())).encode()
        uit.append((sleutel, json.dumps(bericht, ensure_ascii=False).encode()))
        if len(uit) >= aantal:
            break
    if spread:
        per_client: dict[bytes, list[tuple[bytes, bytes]]] = {}
        for sleutel, waarde in uit:
            per_client.setdefault(sleutel, []).append((sleutel, waarde))
        rijen = list(per_client.values())
        uit = [rij[n] for n in range(max(len(r) for r in rijen)) for rij in rijen if n < len(rij)]
    return uit


async def maak_topic(bootstrap: str, topic: str, partities: int) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        await admin.create_topics([NewTopic(name=topic, num_partitions=partities, replication_factor=1)])
    finally:
        await admin.close()


async def produceer(bootstrap: str, topic: str, data: list[tuple[bytes, bytes]], per_seconde: float | None = None) -> float:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=True, linger_ms=5, max_batch_size=1_048_576)
    await producer.start()
    klok = Klok()
    try:
        for n, (sleutel, waarde) in enumerate(data):
            await producer.send(topic, key=sleutel, value=waarde)
            if per_seconde and n % 50 == 0:
                achter = n / per_seconde - klok.sinds()
                if achter > 0:
                    await asyncio.sleep(achter)
        await producer.flush()
    finally:
        await producer.stop()
    return klok.sinds()


async def raw_consumer(bootstrap: str, topic: str, aantal: int) -> float:
    """The raw limit of consuming: an aiokafka consumer that does nothing with what it reads."""
    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=bootstrap, group_id=None, auto_offset_reset="earliest", enable_auto_commit=False, max_poll_records=2000
    )
    await consumer.start()
    gelezen = 0
    klok = Klok()
    try:
        while gelezen < aantal:
            for recs in (await consumer.getmany(timeout_ms=1000, max_records=2000)).values():
                gelezen += len(recs)
    finally:
        await consumer.stop()
    return aantal / klok.sinds()


async def raw_insert(database_url: str, data: list[tuple[bytes, bytes]]) -> float:
    """The raw limit of the store: the same rows inserted with asyncpg in batches (COPY)."""
    import asyncpg

    con = await asyncpg.connect(database_url)
    try:
        await con.execute("CREATE TABLE raw_bench (id BIGSERIAL PRIMARY KEY, sleutel BYTEA, waarde BYTEA)")
        klok = Klok()
        for begin in range(0, len(data), 5000):
            await con.copy_records_to_table("raw_bench", records=data[begin : begin + 5000], columns=["sleutel", "waarde"])
        return len(data) / klok.sinds()
    finally:
        await con.close()


def gezondheid(poort: int) -> dict[str, Any] | None:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{poort}/health", timeout=2) as antwoord:
            return dict(json.loads(antwoord.read()))
    except OSError:
        return None


def vrije_poort() -> int:
    """A port nobody listens on (the machine may run other services and brokers)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


POLL_SECONDEN = 1.0  # each /health asks the broker for metadata: polled once a second, not more


def wacht(poort: int, tot: int, timeout: float) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    stand: dict[str, Any] | None = None
    while time.monotonic() < deadline:
        stand = gezondheid(poort)
        if stand and stand["verwerkt"] + stand["dead_letters"] >= tot and stand["gepubliceerd_tot"] >= stand["store_positie"]:
            return stand
        time.sleep(POLL_SECONDEN)
    raise TimeoutError(f"not done in {timeout} s: {stand}")


async def latenties(bootstrap: str, inbound_topic: str, besluiten_topic: str, alleen: set[str]) -> list[float]:
    """Per inbound event: ms from its record timestamp to the first decision it caused on the decision topic."""

    async def lees(topic: str) -> list[Any]:
        consumer = AIOKafkaConsumer(
            topic, bootstrap_servers=bootstrap, group_id=None, auto_offset_reset="earliest", isolation_level="read_committed"
        )
        await consumer.start()
        records: list[Any] = []
        try:
            while batch := await consumer.getmany(timeout_ms=2000, max_records=5000):
                for recs in batch.values():
                    records.extend(recs)
        finally:
            await consumer.stop()
        return records

    inbound = {i: r.timestamp for r in await lees(inbound_topic) if (i := json.loads(r.value)["event_id"]) in alleen}
    eerste: dict[str, int] = {}
    for r in await lees(besluiten_topic):
        oorzaak = json.loads(r.value)["causation_id"]
        eerste[oorzaak] = min(eerste.get(oorzaak, r.timestamp), r.timestamp)
    return [float(eerste[i] - t) for i, t in inbound.items() if i in eerste]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--national", action="store_true", help="300.000 events (a morning's national CIZ batch and more)")
    parser.add_argument("--partitions", type=int, default=6)
    parser.add_argument("--latency-rate", type=float, default=1000.0, help="events/s of the steady phase for latencies")
    parser.add_argument("--latency-seconds", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--spread", action="store_true", help="each client's events far apart (across batches)")
    args = parser.parse_args()
    aantal = 300_000 if args.national else args.events

    bootstrap, database_url = infra()
    url = nieuwe_database(database_url, "bench_ingest")
    prefix = f"bench{uuid.uuid4().hex[:6]}."
    topic = f"{prefix}wlz.indicaties"
    console.print(f"generating {aantal} inbound events ...")
    data = berichten(aantal, args.seed, args.spread)
    aantal = len(data)
    load_begin = load()

    asyncio.run(maak_topic(bootstrap, topic, args.partitions))
    produceren_s = asyncio.run(produceer(bootstrap, topic, data))
    raw_kafka = asyncio.run(raw_consumer(bootstrap, topic, aantal))
    raw_pg = asyncio.run(raw_insert(url, data))
    asyncio.run(maak_topic(bootstrap, f"{prefix}minimal.uit", args.partitions))
    minimaal = asyncio.run(minimal_pipeline(bootstrap, topic, url, aantal, f"{prefix}minimal.uit"))
    console.print(f"minimal pipeline: {minimaal}")

    poort = vrije_poort()
    env = {
        **os.environ,
        "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
        "DATABASE_URL": url,
        "WLZ_PERSISTENCE": "postgres",
        "WLZ_TOPIC_PREFIX": prefix,
        "WLZ_TOPIC_PARTITIONS": str(args.partitions),
        "WLZ_HTTP_PORT": str(poort),
        "WLZ_GROUP_ID": f"{prefix}service",
        "WLZ_ONTWIKKELING": "1",  # synthetic data on a throw-away store: the development key is fine
    }
    log = (REPO / "bench" / "results" / "ingest-service.log").open("wb")
    dienst = subprocess.Popen(
        [sys.executable, "-m", "services.adapters.cli", "serve"], env=env, stdout=log, stderr=subprocess.STDOUT, cwd=REPO
    )
    try:
        while gezondheid(poort) is None:
            if dienst.poll() is not None:
                raise RuntimeError("service exited")
            time.sleep(0.1)
        klok = Klok()
        cpu_voor = cpu_stand([dienst.pid])
        stand = wacht(poort, aantal, timeout=max(900.0, aantal / 20))  # a shared machine can be slow
        duur = klok.sinds()
        cpu_na = cpu_stand([dienst.pid])
        load_eind = load()
        doorvoer = aantal / duur
        cpu_us = {rol: round((cpu_na[rol] - cpu_voor[rol]) / aantal * 1e6) for rol in cpu_na}

        extra = berichten(int(args.latency_rate * args.latency_seconds), args.seed + 1)
        asyncio.run(produceer(bootstrap, topic, extra, per_seconde=args.latency_rate))
        wacht(poort, aantal + len(extra), timeout=600)
    finally:
        dienst.terminate()
        dienst.wait(timeout=30)
    extra_ids = {json.loads(waarde)["event_id"] for _, waarde in extra}
    lat = sorted(asyncio.run(latenties(bootstrap, topic, f"{prefix}wlz.besluiten", extra_ids)))

    def pct(p: float) -> float:
        return lat[min(len(lat) - 1, int(p / 100 * len(lat)))] if lat else float("nan")

    resultaat = {
        "events": aantal,
        "spread": args.spread,
        "load_1_5_15_before": load_begin,
        "load_1_5_15_after_end_to_end": load_eind,
        "processes": 1,
        "decisions_published": stand["gepubliceerd_tot"],
        "end_to_end_events_per_s": round(doorvoer),
        "end_to_end_seconds": round(duur, 2),
        "minimal_pipeline_messages_per_s": minimaal["messages_per_s"],
        "ratio_to_minimal_pipeline": round(doorvoer / minimaal["messages_per_s"], 3),
        "minimal_pipeline_cpu_us_per_message": minimaal["cpu_us_per_message_in_this_process"],
        "cpu_us_per_event": {**cpu_us, "total": sum(cpu_us.values())},
        "health_poll_seconds": POLL_SECONDEN,
        "raw_kafka_consumer_events_per_s": round(raw_kafka),
        "raw_asyncpg_insert_rows_per_s": round(raw_pg),
        "ratio_to_raw_kafka": round(doorvoer / raw_kafka, 3),
        "ratio_to_raw_postgres": round(doorvoer / raw_pg, 3),
        "produce_seconds": round(produceren_s, 2),
        "latency_rate_per_s": args.latency_rate,
        "latency_ms": {
            "p50": pct(50),
            "p95": pct(95),
            "p99": pct(99),
            "max": lat[-1] if lat else None,
            "mean": round(statistics.mean(lat), 1) if lat else None,
        },
        "service_peak_rss_mb": round(rss_kinderen_mb()),
        "partitions": args.partitions,
    }
    pad = bewaar("ingest-spread" if args.spread else "ingest", resultaat)
    toon(f"bench/ingest: {aantal} events", resultaat, pad)


if __name__ == "__main__":
    main()
