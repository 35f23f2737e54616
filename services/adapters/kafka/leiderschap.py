"""One elected instance runs what must run once: the publishers and the projection runner.

Every instance of `wlz serve` consumes its share of the partitions (Kafka's consumer group spreads
them); the outbound streams are published from the store's notification log, which is one ordered log
for all instances, and the projections follow that same log. Those must run in one place at a time, or
two publishers would send the same decisions and two runners would count them twice. So the instances
elect one: the holder of a PostgreSQL session-level advisory lock on the store's database. The lock
lives as long as the holder's database session: when the holder dies (SIGKILL, a crash, a lost
connection) PostgreSQL releases it and another instance takes it within `interval` seconds.

The publishers keep their fixed transactional ids, so the new holder's producer fences the old one's
(zombie fencing): a holder that lost its session but still runs cannot commit a Kafka transaction once
the new one has started. An instance that notices it lost its session stops its leader work at once.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Awaitable, Callable
from contextlib import suppress

import psycopg

log = logging.getLogger(__name__)


def slot_sleutel(naam: str) -> int:
    """A stable signed 64-bit advisory-lock key for a name (the topic prefix keeps test worlds apart)."""
    return int.from_bytes(hashlib.sha256(f"wlz-leider:{naam}".encode()).digest()[:8], "big", signed=True)


class Leiderschap:
    def __init__(
        self,
        database_url: str | None,
        naam: str,
        bij_verkiezing: Callable[[], Awaitable[None]],
        bij_verlies: Callable[[], Awaitable[None]],
        interval: float = 1.0,
    ) -> None:
        """`database_url` None: a single embedded instance, always the leader."""
        self._url = database_url
        self._sleutel = slot_sleutel(naam)
        self._bij_verkiezing = bij_verkiezing
        self._bij_verlies = bij_verlies
        self._interval = interval
        self._verbinding: psycopg.AsyncConnection[tuple[object, ...]] | None = None
        self._taak: asyncio.Task[None] | None = None
        self.leider = False
        self.verkiezingen = 0

    async def start(self) -> None:
        self._taak = asyncio.create_task(self._lus(), name="leiderschap")

    async def stop(self) -> None:
        if self._taak is not None:
            self._taak.cancel()
            with suppress(asyncio.CancelledError):
                await self._taak
        await self._aftreden()

    async def _lus(self) -> None:
        while True:
            try:
                if not self.leider and await self._probeer():
                    self.leider = True
                    self.verkiezingen += 1
                    log.info("this instance is the leader: it runs the publishers and the projections")
                    await self._bij_verkiezing()
                elif self.leider:
                    await self._houd_vast()
            except asyncio.CancelledError:
                raise
            except Exception as fout:
                log.warning("leadership check failed (%s): stepping down", type(fout).__name__)
                await self._aftreden()
            await asyncio.sleep(self._interval)

    async def _probeer(self) -> bool:
        if self._url is None:
            return True
        if self._verbinding is None or self._verbinding.closed:
            self._verbinding = await psycopg.AsyncConnection.connect(self._url, autocommit=True, connect_timeout=5)
        cursor = await self._verbinding.execute("SELECT pg_try_advisory_lock(%s)", (self._sleutel,))
        rij = await cursor.fetchone()
        return bool(rij and rij[0])

    async def _houd_vast(self) -> None:
        """The session that holds the lock must still be there; a failure raises (and steps down)."""
        if self._url is None:
            return
        if self._verbinding is None or self._verbinding.closed:
            raise ConnectionError("the session holding the leader lock is gone")
        await asyncio.wait_for(self._verbinding.execute("SELECT 1"), timeout=5)

    async def _aftreden(self) -> None:
        if self.leider:
            self.leider = False
            log.warning("this instance is no longer the leader: publishers and projections stop here")
            try:
                await self._bij_verlies()
            except Exception:
                log.exception("stopping the leader's work failed")
        if self._verbinding is not None:
            with suppress(Exception):
                await self._verbinding.close()  # ends the session: PostgreSQL releases the lock
            self._verbinding = None
