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
import urllib.error
import urllib.request
import uuid
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from rich.console import Console

from bench.environment import REPO, Klok, bewaar, cpu_stand, infra, load, nieuwe_database, rss_kinderen_mb, toon
from bench.generate import historie
from bench.minimal import minimal_pipeline
from services.identity import case_id_voor
from services.settings import ONTWIKKELSLEUTEL

console = Console()


Record = tuple[str, bytes, bytes]
"""(topic without prefix, key, value) of one inbound event."""

INDICATIES = "wlz.indicaties"
AANVRAGEN = "wlz.aanvragen"


def topic_van(soort: str) -> str:
    """The inbound topic an event type belongs on (services/adapters/kafka/topics.py refuses the others)."""
    return INDICATIES if soort in ("IndicatieOntvangen", "IndicatieBeeindigd") else AANVRAGEN


def berichten(aantal: int, seed: int, spread: bool = False) -> list[Record]:
    """At least `aantal` inbound events, each on its own topic; each client's events share the key (its
    case id). `spread`: round robin over the clients (every client's first event, then every second one, ...)."""
    uit: list[Record] = []
    clients = max(1, aantal // 2)
    for bericht in historie(clients, seed):
        sleutel = str(case_id_voor(bericht["payload"]["bsn"], ONTWIKKELSLEUTEL.encode())).encode()
        uit.append((topic_van(bericht["event_type"]), sleutel, json.dumps(bericht, ensure_ascii=False).encode()))
        if len(uit) >= aantal:
            break
    if spread:
        per_client: dict[bytes, list[Record]] = {}
        for record in uit:
            per_client.setdefault(record[1], []).append(record)
        rijen = list(per_client.values())
        uit = [rij[n] for n in range(max(len(r) for r in rijen)) for rij in rijen if n < len(rij)]
    return uit


def fasen(data: list[Record]) -> list[list[Record]]:
    """The events in three phases, as they arrive in life: the CIZ's indications, then the clients'
    requests, then the ends of indications. Kafka keeps order within a partition, not across the two
    inbound topics: a request produced beside its client's indication could be decided first, and be
    refused for want of an indication. So each phase is produced once the one before is decided."""
    soort = [json.loads(waarde)["event_type"] for _, _, waarde in data]
    return [
        [r for r, t in zip(data, soort, strict=True) if t == "IndicatieOntvangen"],
        [r for r, t in zip(data, soort, strict=True) if topic_van(t) == AANVRAGEN],
        [r for r, t in zip(data, soort, strict=True) if t == "IndicatieBeeindigd"],
    ]


async def maak_topic(bootstrap: str, topic: str, partities: int) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        await admin.create_topics([NewTopic(name=topic, num_partitions=partities, replication_factor=1)])
    finally:
        await admin.close()


async def produceer(
    bootstrap: str, prefix: str, data: list[Record], per_seconde: float | None = None, tijden: list[float] | None = None
) -> float:
    """Sends every record to `prefix` + its topic; at `per_seconde`, or each at its time in `tijden` (s)."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=True, linger_ms=5, max_batch_size=1_048_576)
    await producer.start()
    klok = Klok()
    try:
        for n, (topic, sleutel, waarde) in enumerate(data):
            await producer.send(prefix + topic, key=sleutel, value=waarde)
            if tijden is not None:
                achter = tijden[n] - klok.sinds()
            elif per_seconde and n % 50 == 0:
                achter = n / per_seconde - klok.sinds()
            else:
                continue
            if achter > 0:
                await asyncio.sleep(achter)
        await producer.flush()
    finally:
        await producer.stop()
    return klok.sinds()


def stroom(data: list[Record], per_seconde: float, wacht_s: float = 1.0) -> tuple[list[Record], list[float]]:
    """A steady stream at `per_seconde` in which each client's later events come `wacht_s` after its
    indication (in life, days after): each event on its own topic, its client's order kept."""
    gepland: list[tuple[float, int, Record]] = []
    vorige: dict[bytes, float] = {}
    stap = 1.0 / per_seconde
    for n, record in enumerate(data):
        sleutel = record[1]
        tijd = n * stap if sleutel not in vorige else max(n * stap, vorige[sleutel] + wacht_s)
        vorige[sleutel] = tijd
        gepland.append((tijd, n, record))
    gepland.sort()
    return [r for _, _, r in gepland], [t for t, _, _ in gepland]


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
    except urllib.error.HTTPError as fout:  # 503: not ready (yet), the document says why
        return dict(json.loads(fout.read()))
    except OSError:
        return None


def vrije_poort() -> int:
    """A port nobody listens on (the machine may run other services and brokers)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


POLL_SECONDEN = 0.5  # each /health asks the broker for metadata (a few ms of CPU): twice a second, not more


def wacht(poorten: list[int], tot: int, timeout: float) -> dict[str, Any]:
    """Until the instances together have decided or dead-lettered `tot` events and the instance with the
    role publicatie has published everything recorded; returns the summed counters and its positions."""
    deadline = time.monotonic() + timeout
    samen: dict[str, Any] = {}
    while time.monotonic() < deadline:
        standen = [s for p in poorten if (s := gezondheid(p)) is not None]
        leider = next((s for s in standen if "publicatie" in s.get("rollen", [])), None)
        if len(standen) == len(poorten) and leider is not None and all(s.get("status") == "ok" for s in standen):
            samen = {
                "per_proces": [s["verwerkt"] + s["dead_letters"] for s in standen],
                "verwerkt": sum(s["verwerkt"] for s in standen),
                "dead_letters": sum(s["dead_letters"] for s in standen),
                "gepubliceerd_tot": leider["gepubliceerd_tot"],
                "store_positie": max(s["store_positie"] for s in standen),
                "rollen_per_proces": [s.get("rollen", []) for s in standen],
                "gelezen_uit_buffer": leider.get("gelezen_uit_buffer"),
                "gelezen_uit_store": leider.get("gelezen_uit_store"),
                "afgeremd": [s.get("afgeremd", 0) for s in standen],
                "afgeremd_s": [s.get("afgeremd_s", 0) for s in standen],
                "gc": [s.get("gc") for s in standen],
            }
            if samen["verwerkt"] + samen["dead_letters"] >= tot and samen["gepubliceerd_tot"] >= samen["store_positie"]:
                return samen
        time.sleep(POLL_SECONDEN)
    raise TimeoutError(f"not done in {timeout} s: {samen}")


async def tel_records(bootstrap: str, topics: list[str]) -> dict[str, dict[str, int]]:
    """Committed records per topic, read (end offsets would also count the transactions' commit markers),
    and how many of them repeat a record already read (same notification id and event id: published twice)."""
    from services.adapters.kafka.reconcile import lees_records

    uit = {}
    for topic in topics:
        gezien: set[tuple[bytes | None, ...]] = set()
        dubbel = 0
        records = await lees_records(bootstrap, [topic], stil_ms=3000)
        for r in records:
            koppen = dict(r.headers)
            sleutel = (koppen.get("wlz-notification-id"), koppen.get("event_id"), r.value if "event_id" not in koppen else None)
            dubbel += sleutel in gezien
            gezien.add(sleutel)
        uit[topic] = {"records": len(records), "twice": dubbel}
    return uit


async def latenties(bootstrap: str, inbound_topics: list[str], besluiten_topic: str, alleen: set[str]) -> list[float]:
    """Per inbound event: ms from its record timestamp to the first decision it caused on the decision topic."""

    async def lees(topic: str) -> list[Any]:
        """Every committed record of the topic, up to the end offsets taken at the start."""
        consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=None, isolation_level="read_committed")
        await consumer.start()
        records: list[Any] = []
        try:
            await consumer._client.force_metadata_update()
            tps = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or ())]
            consumer.assign(tps)
            await consumer.seek_to_beginning(*tps)
            eind = await consumer.end_offsets(tps)
            deadline = time.monotonic() + 120
            async def achter() -> bool:
                return any([await consumer.position(tp) < eind[tp] for tp in tps])

            while await achter() and time.monotonic() < deadline:
                for recs in (await consumer.getmany(timeout_ms=1000, max_records=5000)).values():
                    records.extend(recs)
        finally:
            await consumer.stop()
        return records

    inbound: dict[str, int] = {}
    for topic in inbound_topics:
        inbound |= {i: r.timestamp for r in await lees(topic) if (i := json.loads(r.value)["event_id"]) in alleen}
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
    parser.add_argument("--processes", type=int, default=1, help="service instances in one consumer group")
    parser.add_argument("--latency-rate", type=float, default=500.0, help="events/s of the steady phase for latencies")
    parser.add_argument("--latency-seconds", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--spread", action="store_true", help="each client's events far apart (across batches)")
    args = parser.parse_args()
    aantal = 300_000 if args.national else args.events

    bootstrap, database_url = infra()
    url = nieuwe_database(database_url, "bench_ingest")
    prefix = f"bench{uuid.uuid4().hex[:6]}."
    console.print(f"generating {aantal} inbound events ...")
    data = berichten(aantal, args.seed, args.spread)
    aantal = len(data)
    load_begin = load()

    # the raw limits and the minimal pipeline: every event on one topic of its own
    ruw = [("ruw", sleutel, waarde) for _, sleutel, waarde in data]
    asyncio.run(maak_topic(bootstrap, f"{prefix}ruw", args.partitions))
    produceren_s = asyncio.run(produceer(bootstrap, prefix, ruw))
    raw_kafka = asyncio.run(raw_consumer(bootstrap, f"{prefix}ruw", aantal))
    raw_pg = asyncio.run(raw_insert(url, [(sleutel, waarde) for _, sleutel, waarde in data]))
    asyncio.run(maak_topic(bootstrap, f"{prefix}minimal.uit", args.partitions))
    minimaal = asyncio.run(minimal_pipeline(bootstrap, f"{prefix}ruw", url, aantal, f"{prefix}minimal.uit"))
    console.print(f"minimal pipeline: {minimaal}")

    poorten = [vrije_poort() for _ in range(args.processes)]
    diensten = []
    for n, poort in enumerate(poorten):
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
        log = (REPO / "bench" / "results" / f"ingest-service-{n}.log").open("wb")
        opdracht = [sys.executable, "-m", "services.adapters.cli", "serve"]
        diensten.append(subprocess.Popen(opdracht, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=REPO))
    fasen_s: list[float] = []
    try:
        # ready: every instance joined the group, got its partitions checked and one leads
        wacht(poorten, 0, timeout=180)
        klok = Klok()
        cpu_voor = cpu_stand([d.pid for d in diensten])
        gedaan = 0
        for fase in fasen(data):
            asyncio.run(produceer(bootstrap, prefix, fase))
            gedaan += len(fase)
            stand = wacht(poorten, gedaan, timeout=max(900.0, aantal / 20))  # a shared machine can be slow
            fasen_s.append(round(klok.sinds() - sum(fasen_s), 2))
        duur = klok.sinds()
        cpu_na = cpu_stand([d.pid for d in diensten])
        load_eind = load()
        doorvoer = aantal / duur
        cpu_us = {rol: round((cpu_na[rol] - cpu_voor[rol]) / aantal * 1e6) for rol in cpu_na}
        uit_topics = [f"{prefix}wlz.{t}" for t in ("besluiten", "cak.zorgmutaties", "svb.budgetten", "dlq")]
        uitgaand = asyncio.run(tel_records(bootstrap, uit_topics))

        extra, tijden = stroom(berichten(int(args.latency_rate * args.latency_seconds), args.seed + 1), args.latency_rate)
        asyncio.run(produceer(bootstrap, prefix, extra, tijden=tijden))
        wacht(poorten, aantal + len(extra), timeout=600)
    finally:
        for dienst in diensten:
            dienst.terminate()
        for dienst in diensten:
            dienst.wait(timeout=30)
    extra_ids = {json.loads(waarde)["event_id"] for _, _, waarde in extra}
    lat = sorted(asyncio.run(latenties(bootstrap, [f"{prefix}{INDICATIES}", f"{prefix}{AANVRAGEN}"], f"{prefix}wlz.besluiten", extra_ids)))

    def pct(p: float) -> float | None:
        return lat[min(len(lat) - 1, int(p / 100 * len(lat)))] if lat else None

    resultaat = {
        "events": aantal,
        "spread": args.spread,
        "load_1_5_15_before": load_begin,
        "load_1_5_15_after_end_to_end": load_eind,
        "processes": args.processes,
        "decided": stand["verwerkt"],
        "decided_per_process": stand["per_proces"],
        "roles_per_process": stand["rollen_per_proces"],
        "dead_letters": stand["dead_letters"],
        "records_out": {topic.removeprefix(prefix): n["records"] for topic, n in uitgaand.items()},
        "records_out_published_twice": {topic.removeprefix(prefix): n["twice"] for topic, n in uitgaand.items()},
        "notifications_read_from_memory_store": [stand["gelezen_uit_buffer"], stand["gelezen_uit_store"]],
        "consumer_held_back_batches_seconds_per_process": [list(x) for x in zip(stand["afgeremd"], stand["afgeremd_s"], strict=True)],
        "service_gc_since_start_per_process": stand["gc"],
        "end_to_end_events_per_s": round(doorvoer),
        "end_to_end_seconds": round(duur, 2),
        "phase_seconds_indications_requests_ends": fasen_s,
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
        "latency_events_with_a_decision": len(lat),
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
    naam = "ingest" + ("-national" if args.national else "") + ("-spread" if args.spread else "")
    naam += f"-{args.processes}p" if args.processes > 1 else ""
    pad = bewaar(naam, resultaat)
    toon(f"bench/ingest: {aantal} events, {args.processes} process(es)", resultaat, pad)


if __name__ == "__main__":
    main()
