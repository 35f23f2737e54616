"""Integration fixtures: a real Apache Kafka broker and a real PostgreSQL, and the service as a separate
process (so it can be killed with SIGKILL).

When KAFKA_BOOTSTRAP_SERVERS and DATABASE_URL are set (scripts/test sets them after starting
deploy/local_infra.py) those are used; otherwise this session starts them itself and stops them after.
Every test gets its own topic prefix, consumer group and database, so tests never see each other's data.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

import psycopg
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from services.application import WlzService
from services.settings import Settings

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.integration


@dataclass(frozen=True)
class Infra:
    bootstrap: str
    database_url: str
    state: Path | None = None  # the local_infra state dir, when known: fault tests restart components in it


@pytest.fixture(scope="session")
def infra(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Infra]:
    bootstrap = os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
    database_url = os.environ.get("DATABASE_URL")
    if bootstrap and database_url:
        bekend = os.environ.get("WLZ_INFRA_STATE")
        yield Infra(bootstrap, database_url, Path(bekend) if bekend else None)
        return
    state = tmp_path_factory.mktemp("infra")
    script = REPO / "deploy" / "local_infra.py"
    uit = subprocess.run([sys.executable, str(script), "start", "--state-dir", str(state)], check=True, capture_output=True, text=True)
    env = dict(regel.removeprefix("export ").split("=", 1) for regel in uit.stdout.splitlines() if regel.startswith("export "))
    try:
        yield Infra(bootstrap or env["KAFKA_BOOTSTRAP_SERVERS"], database_url or env["DATABASE_URL"], state)
    finally:
        subprocess.run([sys.executable, str(script), "stop", "--state-dir", str(state)], check=False)


def infra_poorten(state: Path) -> dict[str, int]:
    """The ports of the broker, its controller and PostgreSQL as `deploy/local_infra.py` started them in
    `state` (from the broker's server.properties and the env file it wrote), so a fault test restarts
    the same components on the same ports, whoever's infrastructure it runs on."""
    regels = (state / "server.properties").read_text().splitlines()
    eigenschappen = dict(regel.split("=", 1) for regel in regels if "=" in regel and not regel.startswith("#"))
    luisteraars = dict(deel.split("://", 1) for deel in eigenschappen["listeners"].split(","))
    exports = [regel.removeprefix("export ") for regel in (state / "env").read_text().splitlines() if regel.startswith("export ")]
    env = dict(regel.split("=", 1) for regel in exports)
    return {
        "kafka_port": int(luisteraars["PLAINTEXT"].rsplit(":", 1)[1]),
        "controller_port": int(luisteraars["CONTROLLER"].rsplit(":", 1)[1]),
        "pg_port": int(urlparse(env["DATABASE_URL"].strip("'\"")).port or 5432),
    }


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


_vrije_poort = vrije_poort  # the name other test modules import


@dataclass
class Omgeving:
    """One test's world: topic prefix, database and the environment of the service process."""

    infra: Infra
    prefix: str
    database_url: str
    poort: int
    logs: Path
    processen: list[subprocess.Popen[bytes]] = field(default_factory=list)
    _service: WlzService | None = None

    def topic(self, naam: str) -> str:
        return f"{self.prefix}{naam}"

    def settings(self) -> Settings:
        """The settings of a service run in the test's own process (one partition per topic), for tests
        that reach into it (its tracer, its broker's middlewares, its counters)."""
        return Settings(
            persistence="postgres",
            database_url=self.database_url,  # type: ignore[arg-type]
            bootstrap_servers=self.infra.bootstrap,
            topic_prefix=self.prefix,
            group_id=f"{self.prefix}service",
            topic_partitions=1,
        )

    @property
    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "KAFKA_BOOTSTRAP_SERVERS": self.infra.bootstrap,
            "DATABASE_URL": self.database_url,
            "WLZ_PERSISTENCE": "postgres",
            "WLZ_TOPIC_PREFIX": self.prefix,
            "WLZ_GROUP_ID": f"{self.prefix}service",
            "WLZ_HTTP_PORT": str(self.poort),
            "WLZ_TOPIC_PARTITIONS": "3",
            "WLZ_ONTWIKKELING": "1",  # test data with the development key (services/startcontrole.py)
        }

    def start_dienst(self, *, poort: int | None = None, wacht: bool = True, **extra: str) -> subprocess.Popen[bytes]:
        """Starts `wlz serve` as a process (its HTTP port `poort`, by default this world's), and by default
        waits until it is ready: joined its consumer group with partitions assigned."""
        from tests.conftest import VERZAMELAAR

        pad = self.logs / f"dienst-{len(self.processen)}.log"
        VERZAMELAAR.bestanden.append(pad)  # scanned for BSNs at the end of the session
        log = pad.open("wb")
        poort = poort or self.poort
        proces = subprocess.Popen(
            [sys.executable, "-m", "services.adapters.cli", "serve"],
            env={**self.env, "WLZ_HTTP_PORT": str(poort), **extra},
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=REPO,
        )
        self.processen.append(proces)
        if wacht:
            self.wacht_tot_gereed(proces, poort, pad)
        return proces

    def wacht_tot_gereed(self, proces: subprocess.Popen[bytes], poort: int, pad: Path | None = None, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proces.poll() is not None:
                tekst = pad.read_text()[-3000:] if pad else ""
                raise RuntimeError(f"service exited with {proces.returncode}: {tekst}")
            if self.gereed(poort):
                return
            time.sleep(0.3)
        raise TimeoutError(f"service not ready within {timeout:.0f} s: {self.gezondheid(poort)}")

    def gezondheid(self, poort: int | None = None) -> dict[str, Any] | None:
        """The health document of an instance (also when it answers 503), None when it does not answer."""
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{poort or self.poort}/health", timeout=2) as antwoord:
                return dict(json.loads(antwoord.read()))
        except urllib.error.HTTPError as fout:
            try:
                return dict(json.loads(fout.read()))
            except ValueError:
                return None
        except OSError:
            return None

    def gereed(self, poort: int | None = None) -> bool:
        """Readiness (GET /health/ready answers 200)."""
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{poort or self.poort}/health/ready", timeout=2) as antwoord:
                return bool(antwoord.status == 200)
        except OSError:
            return False

    def stop_alles(self) -> None:
        if self._service is not None:
            self._service.close()
        for proces in self.processen:
            if proces.poll() is None:
                proces.send_signal(signal.SIGTERM)
                try:
                    proces.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    proces.kill()
                    proces.wait()

    def service(self) -> WlzService:
        """An application instance on the same database, to count what the store holds (one per test:
        each instance keeps connections)."""
        if self._service is None:
            self._service = WlzService(Settings(persistence="postgres", database_url=self.database_url))  # type: ignore[arg-type]
        return self._service


@pytest.fixture
def omgeving(infra: Infra, tmp_path: Path) -> Iterator[Omgeving]:
    naam = f"it_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(infra.database_url, autocommit=True) as verbinding:
        verbinding.execute(f'CREATE DATABASE "{naam}"')
    url = urlparse(infra.database_url)
    database_url = urlunparse(url._replace(path=f"/{naam}"))
    wereld = Omgeving(infra, f"{naam}.", database_url, vrije_poort(), tmp_path)
    try:
        yield wereld
    finally:
        wereld.stop_alles()


async def produceer(bootstrap: str, berichten: list[tuple[str, bytes, bytes]]) -> None:
    """Sends (topic, key, value) in order, acks=all; raises when any record was not acknowledged (flush()
    alone does not: a batch that failed while the broker restarted would be lost without a word)."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=True)
    await producer.start()
    try:
        bevestigingen = [await producer.send(topic, key=sleutel, value=waarde) for topic, sleutel, waarde in berichten]
        await producer.flush()
        await asyncio.gather(*bevestigingen)
    finally:
        await producer.stop()


async def lees_alles(bootstrap: str, topic: str, minimaal: int, timeout: float = 60.0) -> list[Any]:
    """Every committed record of a topic from the start, waiting until at least `minimaal` arrived."""
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        auto_offset_reset="earliest",
        isolation_level="read_committed",
        group_id=None,
        enable_auto_commit=False,
    )
    await consumer.start()
    records: list[Any] = []
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            batch = await consumer.getmany(timeout_ms=500)
            for recs in batch.values():
                records.extend(recs)
            if len(records) >= minimaal and not batch:
                break
    finally:
        await consumer.stop()
    return records


def run(coro: Any) -> Any:
    return asyncio.run(coro)


def rolhouder(standen: list[dict[str, Any] | None], rol: str) -> dict[str, Any] | None:
    """The /health of the instance that holds `rol` (publicatie or projecties; leiderschap.py)."""
    return next((s for s in standen if s and rol in s.get("rollen", [])), None)


def alles_bij(standen: list[dict[str, Any] | None]) -> bool:
    """Whether the role holders have published and projected everything recorded."""
    publicatie, projecties = rolhouder(standen, "publicatie"), rolhouder(standen, "projecties")
    if publicatie is None or projecties is None:
        return False
    positie = max(s.get("store_positie", 0) for s in standen if s)
    return bool(positie) and publicatie["gepubliceerd_tot"] >= positie and projecties["projecties_tot"] >= positie
