"""What both benchmarks need: Kafka and PostgreSQL (given, or started with deploy/local_infra.py), a
fresh database, peak memory of child processes, and writing results."""

from __future__ import annotations

import json
import os
import platform
import resource
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

REPO = Path(__file__).resolve().parents[1]
RESULTATEN = REPO / "bench" / "results"


def infra() -> tuple[str, str]:
    """(KAFKA_BOOTSTRAP_SERVERS, DATABASE_URL), starting the local ones when not given."""
    bootstrap, database_url = os.environ.get("KAFKA_BOOTSTRAP_SERVERS"), os.environ.get("DATABASE_URL")
    if bootstrap and database_url:
        return bootstrap, database_url
    uit = subprocess.run(
        [sys.executable, str(REPO / "deploy" / "local_infra.py"), "start", "--state-dir", str(REPO / ".infra")],
        check=True,
        capture_output=True,
        text=True,
    )
    env = dict(r.removeprefix("export ").split("=", 1) for r in uit.stdout.splitlines() if r.startswith("export "))
    return bootstrap or env["KAFKA_BOOTSTRAP_SERVERS"], database_url or env["DATABASE_URL"]


def nieuwe_database(database_url: str, voorvoegsel: str) -> str:
    import psycopg

    naam = f"{voorvoegsel}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(database_url, autocommit=True) as con:
        con.execute(f'CREATE DATABASE "{naam}"')
    return urlunparse(urlparse(database_url)._replace(path=f"/{naam}"))


def bestaande_database(database_url: str, naam: str) -> str:
    """The database `naam` on the same server, made when it is not there yet (a store filled once)."""
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as con:
        if con.execute("SELECT 1 FROM pg_database WHERE datname = %s", (naam,)).fetchone() is None:
            con.execute(f'CREATE DATABASE "{naam}"')
    return urlunparse(urlparse(database_url)._replace(path=f"/{naam}"))


def rss_kinderen_mb() -> float:
    """Peak resident memory of the largest finished child process, in MB."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def machine() -> dict[str, Any]:
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "datum": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def bewaar(naam: str, resultaat: dict[str, Any]) -> Path:
    RESULTATEN.mkdir(parents=True, exist_ok=True)
    pad = RESULTATEN / f"{naam}.json"
    pad.write_text(json.dumps({"machine": machine(), **resultaat}, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return pad


def cpu_seconden(pid: int) -> float:
    """User + system CPU seconds of one process so far (Linux /proc); 0 when it is gone."""
    try:
        velden = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(velden[11]) + int(velden[12])) / os.sysconf("SC_CLK_TCK")


def infra_processen() -> dict[str, list[int]]:
    """The broker's and the database's processes of the infra in WLZ_INFRA_STATE (or .infra): the Kafka
    JVM, and the PostgreSQL postmaster with its children (backends, writers)."""
    state = Path(os.environ.get("WLZ_INFRA_STATE") or REPO / ".infra")
    uit: dict[str, list[int]] = {"kafka": [], "postgres": []}
    if (pidbestand := state / "kafka.pid").exists():
        uit["kafka"] = [int(pidbestand.read_text().split()[0])]
    if (pidbestand := state / "pgdata" / "postmaster.pid").exists():
        postmaster = int(pidbestand.read_text().split()[0])
        kinderen = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == postmaster:
                    kinderen.append(int(stat.parent.name))
            except (OSError, ValueError, IndexError):
                continue
        uit["postgres"] = [postmaster, *kinderen]
    return uit


def cpu_stand(diensten: list[int]) -> dict[str, float]:
    """CPU seconds so far per role: each service process, the broker, the database (all its processes)."""
    stand = {f"service_{n}": cpu_seconden(pid) for n, pid in enumerate(diensten)}
    for rol, pids in infra_processen().items():
        stand[rol] = sum(cpu_seconden(pid) for pid in pids)
    return stand


def load() -> str:
    """The machine's load averages (1, 5, 15 min): it is shared, so every figure carries them."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


class Klok:
    def __init__(self) -> None:
        self.begin = time.perf_counter()

    def sinds(self) -> float:
        return time.perf_counter() - self.begin


def toon(titel: str, resultaat: dict[str, Any], pad: Path) -> None:
    """The short table beside the JSON file."""
    from rich.console import Console
    from rich.table import Table

    tabel = Table(title=titel)
    tabel.add_column("measure")
    tabel.add_column("value", justify="right")
    for sleutel, waarde in resultaat.items():
        tabel.add_row(sleutel, json.dumps(waarde))
    console = Console()
    console.print(tabel)
    console.print(f"written to {pad}")
