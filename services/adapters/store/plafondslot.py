"""The plafond slot: one writer of the PGB plafond registers at a time, across every instance.

Why: a region's register (services/domain/plafondregister.py) is one aggregate that every instance books
PGB grants on, in order of receipt (art. 5.10). Left to optimistic concurrency alone, two instances that
both decide requests conflict on nearly every batch, and the slower one (the instance that also
publishes) starved: it lost the race five times in a row and backed off, so two instances decided fewer
requests than one. A batch that reads a register therefore first takes this slot and holds it until its
transaction has committed; it then refreshes the registers, so it decides on what every other instance
recorded and its append cannot conflict on a register.

On PostgreSQL the slot is a session-level advisory lock on a connection of its own (advisory locks are
per database, so a second store on the same server has its own); a dead holder's session ends and frees
it. A holder that hangs cannot block the others for ever: the wait gives up after `WACHT_S` (a failure
that passes, so the batch is tried again later). Within a process a thread lock comes first, because the
advisory lock is re-entrant per session. The embedded SQLite store has one process: the thread lock.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, suppress

import psycopg

WACHT_S = 120


def advisory_sleutel(tekst: str) -> int:
    """A stable signed 64-bit PostgreSQL advisory-lock key for a text (also the roles' keys, leiderschap.py)."""
    return int.from_bytes(hashlib.sha256(tekst.encode()).digest()[:8], "big", signed=True)


def slot_sleutel(database: str) -> int:
    """The plafond slot's key (distinct from the roles' keys by its prefix)."""
    return advisory_sleutel(f"wlz-plafondslot:{database}")


class Processlot:
    """The slot within one process (the SQLite store)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()

    def __call__(self) -> AbstractContextManager[None]:
        return self._neem()

    @contextmanager
    def _neem(self) -> Iterator[None]:
        with self._lock:
            yield

    def sluit(self) -> None:
        """Nothing to close in a process."""


class PostgresPlafondslot(Processlot):
    """The slot across instances: a PostgreSQL advisory lock, held on a connection of its own."""

    def __init__(self, url: str, naam: str = "events") -> None:
        super().__init__()
        self._url = url
        self._sleutel = slot_sleutel(naam)
        self._verbinding: psycopg.Connection[tuple[object, ...]] | None = None
        self.genomen = 0  # how often it was taken (tests, metrics)

    def _open(self) -> psycopg.Connection[tuple[object, ...]]:
        if self._verbinding is None or self._verbinding.closed:
            self._verbinding = psycopg.connect(self._url, autocommit=True, connect_timeout=10)
            self._verbinding.execute(f"SET lock_timeout = '{WACHT_S}s'")
        return self._verbinding

    @contextmanager
    def _neem(self) -> Iterator[None]:
        with self._lock:
            verbinding = self._open()
            try:
                verbinding.execute("SELECT pg_advisory_lock(%s)", (self._sleutel,))
            except Exception:
                self._sluit()  # a broken or timed-out session holds nothing; a fresh one next time
                raise
            self.genomen += 1
            try:
                yield
            finally:
                try:
                    verbinding.execute("SELECT pg_advisory_unlock(%s)", (self._sleutel,))
                except Exception:
                    self._sluit()  # ending the session frees the lock

    def _sluit(self) -> None:
        if self._verbinding is not None:
            with suppress(Exception):
                self._verbinding.close()
            self._verbinding = None

    def sluit(self) -> None:
        with self._lock:
            self._sluit()
