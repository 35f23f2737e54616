"""Fault injection against the real broker and database: the service killed with SIGKILL at random
points 20 times during a stream, a Kafka broker restart and a PostgreSQL restart. After all of it the
store, the outbound topic and the ledgers are counted against what was sent: nothing lost, nothing
twice, ledgers equal to a fresh rebuild."""

from __future__ import annotations

import asyncio
import importlib.util
import json
import random
import re
import signal
import sys
import threading
import time
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlparse

import pytest

from projections.runner import herbouw, vergelijk
from projections.store import PostgresLedgerStore
from services.adapters.kafka.reconcile import lees_feed
from tests.integration.conftest import REPO, Omgeving, produceer
from tests.integration.test_kafka_postgres import aanvraag, bsns, indicatie, opgeslagen, sleutel

pytestmark = [pytest.mark.integration, pytest.mark.fault]


def local_infra() -> ModuleType:
    spec = importlib.util.spec_from_file_location("local_infra", REPO / "deploy" / "local_infra.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["local_infra"] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


def stroom(omgeving: Omgeving, clients: list[str], per_seconde: float) -> threading.Thread:
    """Sends each client's indication and request (one key, one topic: their order holds) at a steady rate."""
    berichten = []
    for bsn in clients:
        berichten += [
            (omgeving.topic("wlz.indicaties"), sleutel(bsn), indicatie(bsn)),
            (omgeving.topic("wlz.indicaties"), sleutel(bsn), aanvraag(bsn)),
        ]

    def zend() -> None:
        for begin in range(0, len(berichten), 20):
            while True:  # a producer upstream retries while the broker is away (a retried chunk is deduped on event_id)
                try:
                    asyncio.run(produceer(omgeving.infra.bootstrap, berichten[begin : begin + 20]))
                    break
                except Exception:
                    time.sleep(0.5)
            time.sleep(20 / per_seconde)

    draad = threading.Thread(target=zend, daemon=True)
    draad.start()
    return draad


def test_twintig_keer_sigkill_en_herstart_van_broker_en_database(omgeving: Omgeving) -> None:
    if omgeving.infra.state is None:
        pytest.skip("the broker and database were not started by this suite (WLZ_INFRA_STATE unknown): they cannot be restarted")
    rng = random.Random(20201231)
    clients = bsns(1500, 600_000_000)
    dienst = omgeving.start_dienst()
    zender = stroom(omgeving, clients[:1000], per_seconde=60)

    kills = 0
    while kills < 20:  # SIGKILL at random points of the stream, restart each time
        time.sleep(rng.uniform(0.3, 2.0))
        dienst.send_signal(signal.SIGKILL)
        dienst.wait()
        kills += 1
        dienst = omgeving.start_dienst()
    zender.join()

    infra = local_infra()
    # restarted on the ports it runs on (several suites may share the machine, each on its own ports)
    eigenschappen = (omgeving.infra.state / "server.properties").read_text(encoding="utf-8")
    controller = re.search(r"CONTROLLER://[^:,]+:(\d+)", eigenschappen)
    assert controller is not None
    settings = infra.Settings(
        state_dir=omgeving.infra.state,
        kafka_port=int(omgeving.infra.bootstrap.rsplit(":", 1)[1]),
        controller_port=int(controller.group(1)),
        pg_port=urlparse(omgeving.infra.database_url).port or 5432,
        cache_root=Path.home() / ".cache" / "wlz-infra",
    )
    tweede = stroom(omgeving, clients[1000:], per_seconde=100)
    time.sleep(1.5)
    infra.stop_kafka(settings)  # the broker goes away under a running service and stream ...
    time.sleep(2)
    infra.start_kafka(settings)  # ... and comes back
    time.sleep(2)
    infra.stop_postgres(settings)  # then the database
    time.sleep(2)
    infra.start_postgres(settings)
    tweede.join()

    verwacht = 4 * len(clients)  # per client: indication, request, grant, budget
    deadline = time.monotonic() + 240
    gezondheid: dict[str, Any] | None = None
    while time.monotonic() < deadline:
        gezondheid = omgeving.gezondheid()
        if (
            gezondheid
            and len([b for b in opgeslagen(omgeving) if b["event_type"] != "OnleesbaarBericht"]) >= verwacht
            and (
                gezondheid["gepubliceerd_tot"] >= gezondheid["store_positie"]
                and gezondheid["projecties_tot"] >= gezondheid["store_positie"]
            )
        ):
            break
        time.sleep(1)

    berichten = [b for b in opgeslagen(omgeving) if b["event_type"] != "OnleesbaarBericht"]
    ids = [b["event_id"] for b in berichten]
    assert len(ids) == len(set(ids)) == verwacht, f"store: {len(ids)} events, {len(set(ids))} distinct, {verwacht} expected"
    soorten = [b["event_type"] for b in berichten]
    assert soorten.count("LeveringsvormToegekend") == soorten.count("BudgetVastgesteld") == len(clients)

    records = asyncio.run(lees_feed(omgeving.infra.bootstrap, omgeving.topic("wlz.besluiten"), stil_ms=3000))
    gepubliceerd = [r["event_id"] for r in records]
    assert len(gepubliceerd) == len(set(gepubliceerd)) == 2 * len(clients), "the decision topic lost or doubled a decision"
    assert set(gepubliceerd) == {b["event_id"] for b in berichten if b["event_type"] in ("LeveringsvormToegekend", "BudgetVastgesteld")}

    async def ledgers() -> list[str]:
        live = await PostgresLedgerStore.verbind(omgeving.database_url)
        doel = await PostgresLedgerStore.verbind(omgeving.database_url, schema="wlz_herbouw")
        try:
            await herbouw(omgeving.service(), doel)
            assert len(await live.budgetten()) == len(clients)
            return await vergelijk(live, doel)
        finally:
            await live.sluit()
            await doel.sluit()

    assert asyncio.run(ledgers()) == []
    print(f"\nfaults injected: {kills} SIGKILLs, 1 broker restart, 1 database restart; {len(clients)} clients, 0 lost, 0 doubled")
    assert json.dumps(gezondheid)  # the service answered throughout the end
