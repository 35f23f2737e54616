"""The decision path alone: the ingest benchmark's events through `WlzService.verwerk_reeks` on PostgreSQL,
without Kafka, in the same three phases, as the consumer hands them over (batches of 500 from several
partitions, one store transaction per batch). Prints µs per event per phase: what deciding and recording cost before any
I/O with the broker, and how that grows with the store (`--events`).

    python -m bench.decide [--events N] [--partitions P] [--batch B]

The garbage collector is set up as `wlz serve` sets it up (`WLZ_GC_DREMPEL`, services/adapters/garbage.py),
and pauses per batch as the consumer pauses it; its collections, seconds and longest pause per generation
are printed (`gc_since_start`).
A small `--batch` shows the fixed cost of a batch (its store round trips), which sets the latency at a
steady low rate, where the consumer gets a few records at a time.
"""

from __future__ import annotations

import argparse
import time
import zlib
from typing import Any

from bench.environment import bewaar, infra, nieuwe_database, toon
from bench.ingest import berichten, fasen
from events import parse_inbound
from services import bootstrap
from services.adapters import garbage
from services.adapters.kafka.records import Bronpositie, Ontvangen, RuwBericht
from services.application import Rejection
from services.settings import Settings

BATCH = 500


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--partitions", type=int, default=6)
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--batch", type=int, default=BATCH, help="records per batch (the consumer's WLZ_BATCH)")
    args = parser.parse_args()
    _, database_url = infra()
    settings = Settings(persistence="postgres", database_url=nieuwe_database(database_url, "bench_decide"))
    service = bootstrap.service(settings)
    garbage.na_de_start(settings.gc_drempel, settings.gc_batchpauze)  # as `wlz serve` does (services/adapters/garbage.py)
    posities: dict[tuple[str, int], int] = {}
    resultaat: dict[str, Any] = {"events": args.events, "partitions": args.partitions, "batch": args.batch}
    afgewezen = 0
    for naam, fase in zip(("indications", "requests", "ends"), fasen(berichten(args.events, args.seed)), strict=True):
        seconden = 0.0
        for begin in range(0, len(fase), args.batch):
            groepen: dict[tuple[str, int], list[Any]] = {}
            for topic, sleutel, waarde in fase[begin : begin + args.batch]:
                bron = (topic, zlib.crc32(sleutel) % args.partitions)
                offset = posities[bron] = posities.get(bron, -1) + 1
                ontvangen = Ontvangen(Bronpositie(*bron, offset), RuwBericht(sleutel, waarde, ()))
                groepen.setdefault(bron, []).append((ontvangen, parse_inbound(waarde)))
            klok = time.perf_counter()
            batch = [item for reeks in groepen.values() for item in reeks]
            with garbage.tijdens_een_batch():  # as the consumer hands a batch over (services/adapters/kafka/verwerking.py)
                afgewezen += sum(isinstance(u, Rejection) for u in service.verwerk_reeks(batch))
            seconden += time.perf_counter() - klok
        resultaat[f"{naam}_events"] = len(fase)
        resultaat[f"{naam}_us_per_event"] = round(seconden / max(1, len(fase)) * 1e6)
        resultaat[f"{naam}_events_per_s"] = round(len(fase) / seconden) if seconden else None
    resultaat["rejected"] = afgewezen
    resultaat["gc_since_start"] = garbage.statistiek.stand()
    resultaat["stored_events"] = service.recorder.max_notification_id() or 0
    service.close()
    pad = bewaar("decide" if args.batch == BATCH else f"decide-batch{args.batch}", resultaat)
    toon(f"bench/decide: {args.events} events, decision path on PostgreSQL", resultaat, pad)


if __name__ == "__main__":
    main()
