"""Which failures pass and which never will, and how long to try again (tenacity).

A failure of the broker or the database (a lost connection, a timeout, a restart) is not the message's
fault: it passes, so the work is tried again, with back-off, for as long as it lasts, and nothing is
skipped. Any other failure (a bug, a record the code cannot handle, a key that no longer decrypts) will
fail the same way every time: it is tried a bounded number of times, then the one message or record that
causes it is isolated - dead-lettered with its reason - so the rest of the partition or the stream goes on.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

import psycopg
from aiokafka.errors import KafkaError
from eventsourcing.persistence import IntegrityError, InterfaceError, OperationalError, PersistenceError
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt, stop_after_delay, wait_exponential

log = logging.getLogger(__name__)

T = TypeVar("T")

POGINGEN_BIJ_BLIJVENDE_FOUT = 3
"""How often work that fails with a non-transient error is tried before the culprit is isolated."""


class Gelijktijdigheid(RuntimeError):
    """Another writer kept changing the same case (optimistic concurrency): try again later."""


def tijdelijk(fout: BaseException) -> bool:
    """Whether a failure is the infrastructure's (it passes) rather than the work's (it never will)."""
    if isinstance(fout, KafkaError):
        return bool(getattr(fout, "retriable", False)) or type(fout).__name__ in ("KafkaConnectionError", "NodeNotReadyError")
    if isinstance(fout, OperationalError | InterfaceError | IntegrityError | Gelijktijdigheid):
        return True  # eventsourcing wraps connection failures and concurrency conflicts in these
    if isinstance(fout, PersistenceError):
        return False
    if isinstance(fout, psycopg.OperationalError | psycopg.InterfaceError):
        return True
    if type(fout).__module__.startswith("psycopg_pool") or type(fout).__module__.startswith("asyncpg"):
        return "Connection" in type(fout).__name__ or "Timeout" in type(fout).__name__ or "CannotConnect" in type(fout).__name__
    return isinstance(fout, ConnectionError | TimeoutError | asyncio.TimeoutError)


def _meld_fout(naam: str, fout: BaseException | None, poging: int) -> None:
    soort = "passes" if fout is not None and tijdelijk(fout) else "does not pass"
    log.warning("%s failed (%s, %s), attempt %d", naam, type(fout).__name__, soort, poging)


def _meld(naam: str, eerder: int = 0) -> Callable[[RetryCallState], None]:
    def melden(staat: RetryCallState) -> None:
        _meld_fout(naam, staat.outcome.exception() if staat.outcome else None, staat.attempt_number + eerder)

    return melden


async def met_herhaling(
    naam: str,
    werk: Callable[[], Awaitable[T]],
    *,
    max_wachttijd: float = 30.0,
    hoogstens: float | None = None,
    pogingen: int = POGINGEN_BIJ_BLIJVENDE_FOUT,
) -> T:
    """`werk` until it succeeds: transient failures are retried with exponential back-off (up to
    `hoogstens` seconds in all, if given, then the last failure is raised), a non-transient one is raised
    after `pogingen` attempts. The caller isolates what still fails.

    The first attempt runs without tenacity: its retrying objects refer to each other, so each call left
    a cycle for the garbage collector, and with one call per batch and per publisher round they piled up
    in the oldest generation (some 900 after half a minute at 500 events/s, bench/ingest.py with gc counts
    added for a run), hastening the full collections that stall everything for 100 ms or more. Only a
    failure that is retried builds them; the attempts, back-off and logs are what they were."""
    blijvend = {"pogingen": 0}

    def opnieuw(fout: BaseException) -> bool:
        if not isinstance(fout, Exception):
            return False  # cancellation (a stop, a lost leadership) is never retried
        if tijdelijk(fout):
            return True
        blijvend["pogingen"] += 1
        return blijvend["pogingen"] < pogingen

    begin = time.monotonic()
    try:
        return await werk()
    except BaseException as fout:
        if not opnieuw(fout) or (hoogstens is not None and time.monotonic() - begin >= hoogstens):
            raise
        _meld_fout(naam, fout, 1)
    await asyncio.sleep(min(0.1, max_wachttijd))  # tenacity's first wait (0.1 s), then its back-off from the second
    stop = stop_after_delay(max(0.0, hoogstens - (time.monotonic() - begin))) if hoogstens is not None else stop_after_attempt(10**9)
    async for poging in AsyncRetrying(
        retry=retry_if_exception(opnieuw),
        wait=wait_exponential(multiplier=0.2, max=max_wachttijd),
        stop=stop,
        before_sleep=_meld(naam, eerder=1),
        reraise=True,
    ):
        with poging:
            return await werk()
    raise AssertionError("unreachable: AsyncRetrying either returns or raises")
