"""The work that must run once across the instances, in roles spread over them.

Every instance of `wlz serve` consumes its share of the partitions (Kafka's consumer group spreads
them). What follows the store's one notification log must run in one place at a time, or two publishers
would send the same decisions and two runners would count them twice. That work comes in two roles:

- `publicatie`: the decision publisher (decisions, CAK and SVB feeds, dead letters) and the iWlz publisher;
- `projecties`: the projection runner (the ledgers) and the plafond alert publisher.

Each role is a PostgreSQL session-level advisory lock, all held on one session per instance. The lock
lives as long as the holder's session: when the holder dies (SIGKILL, a crash, a lost connection)
PostgreSQL releases it and another instance takes the role within `interval` seconds.

Why two roles: one instance carrying all of it did more than half of two instances' work (the leader
spent 1.120 µs per event, the other 465 µs), so a second instance added nothing. So the roles are spread:
each instance names its session `wlz-kandidaat:…` and counts the others in `pg_stat_activity`; none
holds more than its share (the roles divided over the instances, rounded up). One that holds more gives
the last one it took up - its work stopped first, then the lock released - and an instance without a
role takes it. So two instances carry one role each, and one alone carries both.

The publishers keep their fixed transactional ids, so a new holder's producer fences the old one's
(zombie fencing): a holder that lost its session but still runs cannot commit a Kafka transaction once
the new one has started. An instance that notices it lost its session stops all its roles at once.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import math
from collections.abc import Awaitable, Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from typing import cast

import psycopg

from services.adapters.store.plafondslot import advisory_sleutel

log = logging.getLogger(__name__)

PUBLICATIE = "publicatie"
PROJECTIES = "projecties"


def slot_sleutel(naam: str) -> int:
    """A stable signed 64-bit advisory-lock key for a name (the topic prefix keeps test worlds apart)."""
    return advisory_sleutel(f"wlz-leider:{naam}")


def kandidaat_naam(naam: str) -> str:
    """The session name by which the instances of one deployment count each other (within the 63
    characters PostgreSQL keeps of an application_name, whatever the topic prefix)."""
    return f"wlz-kandidaat:{hashlib.sha256(naam.encode()).hexdigest()[:24]}"


@dataclass(frozen=True)
class Rol:
    naam: str
    bij_verkiezing: Callable[[], Awaitable[None]]
    bij_verlies: Callable[[], Awaitable[None]]


class Leiderschap:
    def __init__(self, database_url: str | None, naam: str, rollen: Sequence[Rol], interval: float = 1.0) -> None:
        """`database_url` None: a single embedded instance, which carries every role."""
        self._url = database_url
        self._rollen = list(rollen)
        # the first role keeps the key the single leader lock had, so an instance of the version before
        # (which ran all of it under that key) and one of this version never publish side by side
        self._sleutels = {rol.naam: slot_sleutel(naam if n == 0 else f"{naam}:{rol.naam}") for n, rol in enumerate(self._rollen)}
        self._kandidaat = kandidaat_naam(naam)
        self._interval = interval
        self._verbinding: psycopg.AsyncConnection[tuple[object, ...]] | None = None
        self._taak: asyncio.Task[None] | None = None
        self.gehouden: list[str] = []  # the roles this instance holds, in the order it took them
        self.instanties = 1  # instances counted at the last check (this one included)
        self.verkiezingen = 0

    @property
    def leider(self) -> bool:
        """Whether this instance holds any role."""
        return bool(self.gehouden)

    def houdt(self, rol: str) -> bool:
        return rol in self.gehouden

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
                await self._stap()
            except asyncio.CancelledError:
                raise
            except Exception as fout:
                log.warning("leadership check failed (%s): stepping down from every role", type(fout).__name__)
                await self._aftreden()
            await asyncio.sleep(self._interval)

    async def _stap(self) -> None:
        """One check: the session still there, the instances counted, a role too many given up, and the
        vacant roles taken up to this instance's share."""
        if self._url is None:
            for rol in self._rollen:
                if rol.naam not in self.gehouden:
                    await self._neem(rol)
            return
        verbinding = await self._verbind()
        cursor = await asyncio.wait_for(
            verbinding.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = %s", (self._kandidaat,)
            ),
            timeout=5,
        )
        rij = await cursor.fetchone()
        self.instanties = max(1, int(cast(int, rij[0]))) if rij else 1
        aandeel = math.ceil(len(self._rollen) / self.instanties)
        while len(self.gehouden) > aandeel:
            await self._geef_op(verbinding, self.gehouden[-1])
        for rol in self._rollen:
            if len(self.gehouden) >= aandeel:
                break
            if rol.naam in self.gehouden:
                continue
            cursor = await verbinding.execute("SELECT pg_try_advisory_lock(%s)", (self._sleutels[rol.naam],))
            rij = await cursor.fetchone()
            if rij and rij[0]:
                await self._neem(rol)

    async def _verbind(self) -> psycopg.AsyncConnection[tuple[object, ...]]:
        if self._verbinding is None or self._verbinding.closed:
            if self.gehouden:
                raise ConnectionError("the session holding the role locks is gone")
            assert self._url is not None
            self._verbinding = await psycopg.AsyncConnection.connect(
                self._url, autocommit=True, connect_timeout=5, application_name=self._kandidaat
            )
        return self._verbinding

    async def _neem(self, rol: Rol) -> None:
        self.gehouden.append(rol.naam)
        self.verkiezingen += 1
        log.info("this instance takes the role %s (%d instance(s) share %d roles)", rol.naam, self.instanties, len(self._rollen))
        await rol.bij_verkiezing()

    async def _geef_op(self, verbinding: psycopg.AsyncConnection[tuple[object, ...]], naam: str) -> None:
        """Gives one role up to another instance: its work stops first, then the lock goes."""
        rol = next(r for r in self._rollen if r.naam == naam)
        log.info("this instance gives up the role %s: %d instances share %d roles", naam, self.instanties, len(self._rollen))
        await self._stop_rol(rol)
        await verbinding.execute("SELECT pg_advisory_unlock(%s)", (self._sleutels[naam],))

    async def _stop_rol(self, rol: Rol) -> None:
        self.gehouden.remove(rol.naam)
        try:
            await rol.bij_verlies()
        except Exception:
            log.exception("stopping the work of the role %s failed", rol.naam)

    async def _aftreden(self) -> None:
        if self.gehouden:
            log.warning("this instance no longer holds the roles %s: their work stops here", ", ".join(self.gehouden))
            for naam in reversed(list(self.gehouden)):
                await self._stop_rol(next(r for r in self._rollen if r.naam == naam))
        if self._verbinding is not None:
            with suppress(Exception):
                await self._verbinding.close()  # ends the session: PostgreSQL releases every lock it held
            self._verbinding = None
