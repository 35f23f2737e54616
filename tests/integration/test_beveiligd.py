"""The service over a secured broker and database (deploy/local_infra.py --secure): Kafka SASL_SSL with
SCRAM users per producer and ACLs, PostgreSQL with TLS and verify-full. Shown: an unauthorised producer
is refused (the front office cannot write indications), a client without the CA is refused by both, a
client without TLS is refused by PostgreSQL; and the service itself, with its HTTP API, works over both,
writing its access log to the secured database.

A second broker and database of their own (free ports), unless WLZ_SECURE_INFRA_STATE names the state dir
of one already started with --secure.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

import psycopg
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.errors import KafkaConnectionError, TopicAuthorizationFailedError
from eventsourcing.cryptography import AESCipher

from tests.integration.conftest import REPO, Infra, Omgeving, _vrije_poort
from tests.integration.test_kafka_postgres import aanvraag, indicatie, sleutel, wacht_op
from tests.oidc import Idp

pytestmark = pytest.mark.integration
SCRIPT = REPO / "deploy" / "local_infra.py"
BSN = "192285142"


@dataclass(frozen=True)
class Beveiligd:
    state: Path
    env: dict[str, str]  # what local_infra wrote: bootstrap, TLS database URL, SASL settings of the service
    gebruikers: dict[str, str]  # SCRAM user -> password

    @property
    def bootstrap(self) -> str:
        return self.env["KAFKA_BOOTSTRAP_SERVERS"]

    @property
    def ca(self) -> str:
        return self.env["WLZ_SSL_CAFILE"]

    def kafka(self, gebruiker: str, ca: str | None = "eigen") -> dict[str, Any]:
        context = ssl.create_default_context(cafile=self.ca if ca == "eigen" else ca)
        return {
            "bootstrap_servers": self.bootstrap,
            "security_protocol": "SASL_SSL",
            "sasl_mechanism": "SCRAM-SHA-512",
            "sasl_plain_username": gebruiker,
            "sasl_plain_password": self.gebruikers[gebruiker],
            "ssl_context": context,
        }


def _lees_env(state: Path) -> dict[str, str]:
    regels = (state / "env").read_text().splitlines()
    return {k: v.strip("'") for k, v in (r.removeprefix("export ").split("=", 1) for r in regels if r.startswith("export "))}


@pytest.fixture(scope="module")
def beveiligd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Beveiligd]:
    if bekend := os.environ.get("WLZ_SECURE_INFRA_STATE"):
        state = Path(bekend)
        yield Beveiligd(state, _lees_env(state), json.loads((state / "scram-users.json").read_text()))
        return
    state = Path(tempfile.mkdtemp(prefix="wlz-beveiligd-"))  # not under pytest's 0700 tmp: the postgres OS user must reach it
    state.chmod(0o755)
    poorten = [str(_vrije_poort()) for _ in range(3)]
    env = {k: v for k, v in os.environ.items() if k not in ("KAFKA_BOOTSTRAP_SERVERS", "DATABASE_URL")}
    opdracht = [sys.executable, str(SCRIPT), "start", "--secure", "--state-dir", str(state)]
    opdracht += ["--kafka-port", poorten[0], "--controller-port", poorten[1], "--pg-port", poorten[2]]
    subprocess.run(opdracht, check=True, capture_output=True, text=True, env=env)
    try:
        yield Beveiligd(state, _lees_env(state), json.loads((state / "scram-users.json").read_text()))
    finally:
        subprocess.run([sys.executable, str(SCRIPT), "stop", "--state-dir", str(state)], check=False, capture_output=True)
        shutil.rmtree(state, ignore_errors=True)


def _zonder_ca(url: str) -> str:
    deel = urlparse(url)
    return urlunparse(deel._replace(query="sslmode=verify-full&sslrootcert=/nonexistent/ca.pem"))


def test_postgres_vraagt_tls_en_de_juiste_ca(beveiligd: Beveiligd) -> None:
    url = beveiligd.env["DATABASE_URL"]
    assert "sslmode=verify-full" in url
    with psycopg.connect(url) as con:
        assert con.execute("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").fetchone() == (True,)
    zonder_tls = urlunparse(urlparse(url)._replace(query="sslmode=disable"))
    with pytest.raises(psycopg.OperationalError, match="no encryption"):
        psycopg.connect(zonder_tls)
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(_zonder_ca(url))  # verify-full without our CA: the server is not trusted


async def _stuur(args: dict[str, Any], topic: str, waarde: bytes, key: bytes = b"k") -> None:
    producer = AIOKafkaProducer(**args, acks="all", enable_idempotence=True, request_timeout_ms=10_000)
    await producer.start()
    try:
        await producer.send_and_wait(topic, key=key, value=waarde)
    finally:
        await producer.stop()


def test_alleen_het_ciz_schrijft_indicaties_en_zonder_ca_geen_verbinding(beveiligd: Beveiligd) -> None:
    prefix = f"acl_{uuid.uuid4().hex[:8]}."
    subprocess.run([sys.executable, str(SCRIPT), "acls", "--state-dir", str(beveiligd.state), "--prefix", prefix], check=True)
    subprocess.run([sys.executable, str(SCRIPT), "acls", "--state-dir", str(beveiligd.state), "--prefix", prefix], check=True)  # idempotent

    async def doe() -> None:
        await _maak_topics(beveiligd, prefix)
        await _stuur(beveiligd.kafka("ciz"), f"{prefix}wlz.indicaties", b"{}")
        await _stuur(beveiligd.kafka("frontoffice"), f"{prefix}wlz.aanvragen", b"{}")
        with pytest.raises(TopicAuthorizationFailedError):
            await _stuur(beveiligd.kafka("frontoffice"), f"{prefix}wlz.indicaties", b"{}")
        with pytest.raises(TopicAuthorizationFailedError):
            await _stuur(beveiligd.kafka("ciz"), f"{prefix}wlz.besluiten", b"{}")  # only the service writes decisions
        with pytest.raises(KafkaConnectionError):
            await _stuur(beveiligd.kafka("ciz", ca=None), f"{prefix}wlz.indicaties", b"{}")  # the system CAs do not know ours

    asyncio.run(doe())


async def _maak_topics(beveiligd: Beveiligd, prefix: str) -> None:
    from aiokafka.admin import AIOKafkaAdminClient, NewTopic

    admin = AIOKafkaAdminClient(**beveiligd.kafka("admin"))
    await admin.start()
    try:
        namen = ("indicaties", "aanvragen", "besluiten", "cak.zorgmutaties", "svb.budgetten", "rapportage.plafondalerts", "dlq")
        await admin.create_topics([NewTopic(f"{prefix}wlz.{n}", 3, 1) for n in namen])
    finally:
        await admin.close()


def test_de_dienst_over_sasl_ssl_en_tls_met_zijn_http_api(beveiligd: Beveiligd, tmp_path: Path) -> None:
    naam = f"sec_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(beveiligd.env["DATABASE_URL"], autocommit=True) as con:
        con.execute(f'CREATE DATABASE "{naam}"')  # type: ignore[arg-type]
    url = urlunparse(urlparse(beveiligd.env["DATABASE_URL"])._replace(path=f"/{naam}"))
    prefix = f"{naam}."
    subprocess.run([sys.executable, str(SCRIPT), "acls", "--state-dir", str(beveiligd.state), "--prefix", prefix], check=True)
    idp = Idp.maak(tmp_path)
    wereld = Omgeving(Infra(beveiligd.bootstrap, url), prefix, url, _vrije_poort(), tmp_path)
    beveiliging = {k: v for k, v in beveiligd.env.items() if k.startswith("WLZ_S")}
    try:
        data = tmp_path / "data"
        data.mkdir(mode=0o700)
        productie = {  # no development setting: the service must accept this as fit for personal data
            "WLZ_ONTWIKKELING": "0",
            "WLZ_CASE_ID_KEY": uuid.uuid4().hex + uuid.uuid4().hex,
            "WLZ_CIPHER_KEY": AESCipher.create_key(32),
            "WLZ_DATA_DIR": str(data),
        }
        wereld.start_dienst(**beveiliging, **idp.env(), **productie)
        asyncio.run(_stuur(beveiligd.kafka("ciz"), f"{prefix}wlz.indicaties", indicatie(BSN), sleutel(BSN)))
        wacht_op(wereld, 1)  # indications and requests travel on different topics: the request after its indication
        asyncio.run(_stuur(beveiligd.kafka("frontoffice"), f"{prefix}wlz.aanvragen", aanvraag(BSN), sleutel(BSN)))
        besluiten = asyncio.run(_lees(beveiligd, f"{prefix}wlz.besluiten", 2))
        assert {json.loads(r.value)["event_type"] for r in besluiten} >= {"LeveringsvormToegekend", "BudgetVastgesteld"}

        # the HTTP API of the same process, over the secured database
        koppen = {"Authorization": f"Bearer {idp.token('zorgkantoor', 'Utrecht', sub='medewerker-42')}", "Content-Type": "application/json"}
        vraag = urllib.request.Request(
            f"http://127.0.0.1:{wereld.poort}/api/cases/zoeken", data=json.dumps({"bsn": BSN}).encode(), headers=koppen, method="POST"
        )
        with urllib.request.urlopen(vraag, timeout=10) as antwoord:
            case = json.loads(antwoord.read())
        assert case["regio"] == "Utrecht" and any(e["event_type"] == "LeveringsvormToegekend" for e in case["events"])
        auditor = {"Authorization": f"Bearer {idp.token('auditor', sub='auditor-1')}"}
        with urllib.request.urlopen(
            urllib.request.Request(f"http://127.0.0.1:{wereld.poort}/api/toegangslog/verificatie", headers=auditor), timeout=10
        ) as antwoord:
            verificatie = json.loads(antwoord.read())
        assert verificatie["in_orde"] and verificatie["regels"] >= 2
        with psycopg.connect(url) as con:
            rij = con.execute("SELECT wie, rol, regio, persoon, gegevens, uitkomst FROM toegangslog ORDER BY volgnummer LIMIT 1").fetchone()
        assert rij == ("medewerker-42", "zorgkantoor", "Utrecht", case["case_id"], "case", "toegestaan")
    finally:
        wereld.stop_alles()


async def _lees(beveiligd: Beveiligd, topic: str, minimaal: int, timeout: float = 60.0) -> list[Any]:
    consumer = AIOKafkaConsumer(
        topic, **beveiligd.kafka("admin"), auto_offset_reset="earliest", isolation_level="read_committed", group_id=None
    )
    await consumer.start()
    records: list[Any] = []
    try:
        einde = time.monotonic() + timeout
        while time.monotonic() < einde and len(records) < minimaal:
            for recs in (await consumer.getmany(timeout_ms=500)).values():
                records.extend(recs)
    finally:
        await consumer.stop()
    return records
