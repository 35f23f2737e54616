"""Art. 5.10 with art. 8.12 Rlz on PostgreSQL (asyncpg ledgers): a client who moves from Utrecht to Flevoland
on 1 July 2020 counts in each region's plafond ledger for the days under its indication, live and rebuilt.

Bijlage H 2020, 5VV: EUR 52.286 = 5.228.600 cents a year; 2020 has 366 days. Utrecht 182 days:
5.228.600 x 182 / 366 = 2.600.014,2 -> 2.600.014; Flevoland 184 days: 2.628.585,8 -> 2.628.586 (half up).
"""

from __future__ import annotations

import asyncio

import pytest

from tests.conftest import indicatie
from tests.domain.test_art_5_10_8_12_verhuizing import FLEVOLAND_184, UTRECHT_182, _pgb, _verhuizing
from tests.integration.conftest import Omgeving

pytestmark = pytest.mark.integration


def test_art_5_10_art_8_12_plafondledger_per_regio_op_postgres_herbouw_gelijk(omgeving: Omgeving) -> None:
    from projections.runner import ProjectionRunner, herbouw, vergelijk
    from projections.store import PostgresLedgerStore

    service = omgeving.service()
    for event in (
        indicatie("5VV", regio="Utrecht"),
        _pgb("2020-01-01", "2020-01-06", "2020-01-10"),
        _verhuizing(),
        _pgb("2020-07-01", "2020-06-20", "2020-06-25"),
    ):
        service.verwerk(event)

    async def doe() -> None:
        live = await PostgresLedgerStore.verbind(omgeving.database_url)
        doel = await PostgresLedgerStore.verbind(omgeving.database_url, schema="wlz_herbouw")
        try:
            await live.maak()
            await ProjectionRunner(service, live, batch=1).bij()
            await herbouw(service, doel, batch=3)
            assert await vergelijk(live, doel) == []
            for opslag in (live, doel):
                regels = {r.regio: r.toegekend_pgb for r in await opslag.plafonds(2020) if r.toegekend_pgb}
                assert regels == {"Utrecht": UTRECHT_182, "Flevoland": FLEVOLAND_184}
        finally:
            await live.sluit()
            await doel.sluit()

    asyncio.run(doe())
