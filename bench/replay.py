"""Replay benchmark: rebuild every projection from an event store of N events (default 200.000;
--national: 3.000.000), with events per second and peak RSS, beside the raw read of the event table in
the same run.

    python -m bench.replay [--events N | --national] [--store sqlite|postgres] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from bench.environment import REPO, Klok, bestaande_database, bewaar, infra, nieuwe_database, toon
from bench.generate import historie
from events import InboundEvent, parse_inbound
from services import bootstrap
from services.adapters.kafka.records import Bronpositie, Ontvangen, RuwBericht
from services.settings import Settings

console = Console()


def bouw_store(settings: Settings, doel: int, seed: int) -> int:
    """Fills an event store with at least `doel` stored events, through the real decision path, a few
    thousand inbound events per transaction. Returns the number of stored events."""
    service = bootstrap.service(settings)
    ruw = RuwBericht(None, b"", ())
    reeks: list[tuple[Ontvangen, InboundEvent]] = []
    offset = 0
    with Progress(TextColumn("store vullen"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console) as voortgang:
        taak = voortgang.add_task("vullen", total=doel)
        for bericht in historie(doel, seed):  # far more clients than needed; stops at `doel` events
            reeks.append((Ontvangen(Bronpositie("bench:laden", 0, offset), ruw), parse_inbound(json.dumps(bericht))))
            offset += 1
            if len(reeks) == 2000:
                service.verwerk_reeks(reeks)
                reeks = []
                opgeslagen = service.recorder.max_notification_id() or 0
                voortgang.update(taak, completed=min(opgeslagen, doel))
                if opgeslagen >= doel:
                    break
        if reeks:
            service.verwerk_reeks(reeks)
    return service.recorder.max_notification_id() or 0


def raw_read(settings: Settings) -> tuple[int, float]:
    """Reads every stored event's bytes straight from the table: the floor under any rebuild."""
    klok = Klok()
    rijen = 0
    if settings.persistence == "sqlite":
        con = sqlite3.connect(settings.data_dir / "wlz.sqlite")
        for _ in con.execute("SELECT state FROM stored_events ORDER BY rowid"):
            rijen += 1
        con.close()
    else:
        import psycopg

        with psycopg.connect(settings.database_url_value()) as con, con.cursor(name="raw") as cur:
            cur.itersize = 20_000
            cur.execute("SELECT state FROM public.wlz_events ORDER BY notification_id")
            for _ in cur:
                rijen += 1
    return rijen, klok.sinds()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--national", action="store_true", help="3.000.000 stored events")
    parser.add_argument("--store", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--keep", type=Path, help="keep (or reuse) the SQLite store in this folder")
    parser.add_argument("--database", help="postgres: keep (or reuse) the store in this database (filled once, rebuilt often)")
    parser.add_argument("--seed", type=int, default=2020)
    args = parser.parse_args()
    doel = 3_000_000 if args.national else args.events

    if args.store == "postgres":
        _, database_url = infra()
        url = bestaande_database(database_url, args.database) if args.database else nieuwe_database(database_url, "bench_replay")
        settings = Settings(persistence="postgres", database_url=url)  # type: ignore[arg-type]
        env_extra = {"WLZ_PERSISTENCE": "postgres", "DATABASE_URL": settings.database_url_value()}
    else:
        folder = args.keep or Path(tempfile.mkdtemp(prefix="wlz-bench-replay-"))
        settings = Settings(data_dir=folder)
        env_extra = {"WLZ_PERSISTENCE": "sqlite", "WLZ_DATA_DIR": str(folder)}

    klok = Klok()
    peiler = bootstrap.service(settings)
    bestaand = peiler.recorder.max_notification_id() or 0
    peiler.close()
    opgeslagen = bestaand if bestaand >= doel else bouw_store(settings, doel, args.seed)
    vullen_s = klok.sinds() if bestaand < doel else None
    rijen, raw_s = raw_read(settings)

    # the rebuild itself in a child process, so its peak memory is measured on its own
    env = {**os.environ, **env_extra, "WLZ_AGGREGATE_CACHE": "0"}
    begin = time.perf_counter()
    uit = subprocess.run([sys.executable, "-m", "bench.replay_child"], env=env, capture_output=True, text=True, cwd=REPO, check=True)
    duur_totaal = time.perf_counter() - begin
    kind = json.loads(uit.stdout.strip().splitlines()[-1])

    resultaat = {
        "store": args.store,
        "stored_events": opgeslagen,
        "fill_seconds": None if vullen_s is None else round(vullen_s, 1),
        "raw_read_rows_per_s": round(rijen / raw_s),
        "raw_read_seconds": round(raw_s, 2),
        "replay_events_per_s": round(kind["events"] / kind["seconden"]),
        "replay_seconds": round(kind["seconden"], 2),
        "replay_process_seconds": round(duur_totaal, 2),
        "replay_peak_rss_mb": round(kind["piek_rss_mb"]),
        "ratio_to_raw_read": round((kind["events"] / kind["seconden"]) / (rijen / raw_s), 3),
        "rebuilt_equals_live": kind["gelijk"],
        "budget_rows": kind["budgetten"],
    }
    pad = bewaar(f"replay-{args.store}", resultaat)
    toon(f"bench/replay: {opgeslagen} stored events ({args.store})", resultaat, pad)
    if args.store == "sqlite" and not args.keep:
        shutil.rmtree(settings.data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
