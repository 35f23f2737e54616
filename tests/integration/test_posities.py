"""A re-created topic restarts its offsets at 0 (issue 11 item 4): its new messages would sit below the
recorded positions and be skipped as already processed - silently. The service refuses such a partition
instead: not ready, naming it, nothing consumed, until an operator accepts the reset with `wlz
accepteer-reset`; then the topic is read from its beginning and nothing of it is skipped."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time

import pytest
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from tests.integration.conftest import REPO, Omgeving, produceer, run
from tests.integration.test_kafka_postgres import bsns, indicatie, opgeslagen, sleutel

pytestmark = pytest.mark.integration


async def maak_opnieuw(bootstrap: str, topic: str) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        await admin.delete_topics([topic])
        deadline = time.monotonic() + 30
        while True:  # the deletion completes asynchronously
            try:
                await admin.create_topics([NewTopic(name=topic, num_partitions=3, replication_factor=1)])
                return
            except Exception:
                if time.monotonic() > deadline:
                    raise
                await asyncio.sleep(0.5)
    finally:
        await admin.close()


def indicaties_opgeslagen(omgeving: Omgeving) -> int:
    return sum(b["event_type"] == "IndicatieOntvangen" for b in opgeslagen(omgeving))


def test_een_opnieuw_aangemaakt_topic_wordt_geweigerd_tot_de_operator_de_reset_accepteert(omgeving: Omgeving) -> None:
    topic = omgeving.topic("wlz.indicaties")
    eerst, later = bsns(30, 800_000_000), bsns(3, 810_000_000)
    dienst = omgeving.start_dienst(WLZ_CONTROLE_INTERVAL="1")
    run(produceer(omgeving.infra.bootstrap, [(topic, sleutel(b), indicatie(b)) for b in eerst]))
    deadline = time.monotonic() + 60
    while indicaties_opgeslagen(omgeving) < len(eerst) and time.monotonic() < deadline:
        time.sleep(0.3)
    assert indicaties_opgeslagen(omgeving) == len(eerst)
    dienst.terminate()
    dienst.wait(timeout=30)

    run(maak_opnieuw(omgeving.infra.bootstrap, topic))
    run(produceer(omgeving.infra.bootstrap, [(topic, sleutel(b), indicatie(b)) for b in later]))
    omgeving.start_dienst(wacht=False, WLZ_CONTROLE_INTERVAL="1")

    deadline = time.monotonic() + 60
    gezondheid = None
    while time.monotonic() < deadline:
        gezondheid = omgeving.gezondheid()
        if gezondheid and any("geweigerd" in r and topic in r for r in gezondheid.get("redenen", [])):
            break
        time.sleep(0.3)
    assert gezondheid and any("accepteer-reset" in r for r in gezondheid["redenen"]), gezondheid  # loud, and says what to do
    time.sleep(3)
    assert not omgeving.gereed()
    assert indicaties_opgeslagen(omgeving) == len(eerst)  # nothing of the new topic taken, nothing skipped for good

    uit = subprocess.run(
        [sys.executable, "-m", "services.adapters.cli", "accepteer-reset", topic],
        env=omgeving.env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert uit.returncode == 0, uit.stdout + uit.stderr
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (omgeving.gereed() and indicaties_opgeslagen(omgeving) == len(eerst) + len(later)):
        time.sleep(0.3)
    assert indicaties_opgeslagen(omgeving) == len(eerst) + len(later)
    assert omgeving.gereed()
