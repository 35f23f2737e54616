"""Readiness asks the real broker for one topic's metadata (services/adapters/kafka/app.py, `BrokerPing`),
not for every topic in the cluster."""

from __future__ import annotations

import asyncio

import pytest

from services.adapters.kafka.app import WlzKafka
from tests.integration.conftest import Omgeving

pytestmark = pytest.mark.integration


def test_de_ping_vraagt_alleen_ons_topic(omgeving: Omgeving) -> None:
    async def doe() -> tuple[bool, bool, list[object]]:
        dienst = WlzKafka(omgeving.settings())
        voor_de_start = await dienst._ping()
        app = dienst.faststream()
        await app.start()
        try:
            admin = dienst.broker.config.admin_client
            gevraagd: list[object] = []
            origineel = admin._get_cluster_metadata

            async def geteld(topics: list[str] | None = None) -> object:
                gevraagd.append(topics)
                return await origineel(topics=topics)

            admin._get_cluster_metadata = geteld
            return voor_de_start, await dienst._ping(), gevraagd
        finally:
            await app.stop()

    voor_de_start, na_de_start, gevraagd = asyncio.run(doe())
    assert voor_de_start is False, "not connected: not ready"
    assert na_de_start is True
    assert gevraagd == [[omgeving.topic("wlz.indicaties")]], "one topic's metadata, never the whole cluster's (None)"
