"""Topic partitions and replication factor are settings (WLZ_TOPIC_PARTITIONS, WLZ_TOPIC_REPLICATION_FACTOR):
the service creates its missing topics with them, on the real broker."""

from __future__ import annotations

import uuid

import pytest
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import InvalidReplicationFactorError

from services.adapters.kafka.app import maak_topics
from services.adapters.kafka.topics import Topics
from services.settings import Settings
from tests.integration.conftest import Infra

pytestmark = pytest.mark.integration


async def test_topics_met_partities_en_replicatiefactor_uit_de_instellingen(infra: Infra, monkeypatch: pytest.MonkeyPatch) -> None:
    prefix = f"topics_{uuid.uuid4().hex[:8]}."
    monkeypatch.setenv("WLZ_TOPIC_PARTITIONS", "2")
    monkeypatch.setenv("WLZ_TOPIC_REPLICATION_FACTOR", "1")
    settings = Settings(bootstrap_servers=infra.bootstrap, topic_prefix=prefix)
    assert (settings.topic_partitions, settings.topic_replication_factor) == (2, 1)
    await maak_topics(settings)
    admin = AIOKafkaAdminClient(bootstrap_servers=infra.bootstrap)
    await admin.start()
    try:
        beschrijving = await admin.describe_topics(list(Topics(settings.topic_prefix).alle))
    finally:
        await admin.close()
    assert {t["topic"] for t in beschrijving} == set(Topics(settings.topic_prefix).alle)
    for topic in beschrijving:
        assert len(topic["partitions"]) == 2
        assert all(len(p["replicas"]) == 1 for p in topic["partitions"])


async def test_een_replicatiefactor_boven_het_aantal_brokers_wordt_geweigerd(infra: Infra, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WLZ_TOPIC_REPLICATION_FACTOR", "3")  # our broker is alone
    settings = Settings(bootstrap_servers=infra.bootstrap, topic_prefix=f"topics_{uuid.uuid4().hex[:8]}.")
    with pytest.raises(InvalidReplicationFactorError):
        await maak_topics(settings)
