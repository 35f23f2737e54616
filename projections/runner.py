"""Following the event store: each batch of stored events is applied to the ledgers and written with the
new position in one transaction, so every event counts exactly once, whatever stops the process."""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import suppress
from typing import Any

from projections.ledger import LedgerStaat, budget_sleutels, pas_toe
from projections.store import LedgerStore
from services.application import WlzService

log = logging.getLogger(__name__)
DREMPELS = (90, 100)
LEDGER_TYPEN = frozenset({"BudgetVastgesteld", "PgbPlafondOvergeheveld"})  # the only events the ledgers read


class ProjectionRunner:
    NAAM = "projection runner"  # as a reader of the store (services/notification_buffer.py)

    def __init__(
        self,
        service: WlzService,
        opslag: LedgerStore,
        drempels: tuple[int, ...] = DREMPELS,
        batch: int = 2000,
        na_batch: Callable[[], None] | None = None,
    ) -> None:
        self.service = service
        self.opslag = opslag
        self.drempels = drempels
        self.batch = batch
        self.na_batch = na_batch  # e.g. wake the alert publisher

    async def stap(self) -> int:
        """One batch; returns how many notifications it moved past (0: up to date)."""
        van = await self.opslag.positie()
        tot, berichten = await asyncio.to_thread(self.service.berichten_na, van, self.batch, LEDGER_TYPEN, self.NAAM)
        if tot == van:
            return 0
        staat = await self.opslag.laad(budget_sleutels(berichten))
        for notificatie, bericht in berichten:
            pas_toe(staat, notificatie, bericht, self.drempels)
        nieuwe_alerts = bool(staat.alerts)
        await self.opslag.schrijf(staat, van, tot)
        if nieuwe_alerts and self.na_batch is not None:
            self.na_batch()
        return tot - van

    async def bij(self) -> int:
        """Until up to date; returns the number of notifications applied."""
        totaal = 0
        while gedaan := await self.stap():
            totaal += gedaan
        return totaal

    async def volg(self, stop: asyncio.Event, pauze: float = 0.5) -> None:
        while not stop.is_set():
            try:
                gedaan = await self.stap()
            except Exception:  # store away, or another runner moved first: try again, lose nothing
                log.exception("projection batch failed; retrying")
                gedaan = 0
            if not gedaan:
                with suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=pauze)


async def herbouw(
    service: WlzService,
    doel: LedgerStore,
    drempels: tuple[int, ...] = DREMPELS,
    batch: int = 20_000,
    voortgang: Callable[[int], None] | None = None,
) -> int:
    """Rebuilds the ledgers from the first event into an empty store, in batches (one transaction per
    batch, never per event), keeping the whole state in memory; returns the last notification id."""
    await doel.maak()
    staat = LedgerStaat()
    positie = 0
    # The ledger state holds hundreds of thousands of acyclic rows: the cyclic garbage collector would
    # walk them all, again and again, for nothing. Paused for the rebuild (reference counting still frees).
    gc.disable()
    try:
        while True:
            tot, berichten = await asyncio.to_thread(service.berichten_na, positie, batch, LEDGER_TYPEN)
            if tot == positie:
                return positie
            for notificatie, bericht in berichten:
                pas_toe(staat, notificatie, bericht, drempels)
            geschreven = set(staat.gewijzigde_budgetten)
            await doel.schrijf(staat, positie, tot)
            staat.compacteer(geschreven)
            positie = tot
            if callable(voortgang):
                voortgang(positie)
    finally:
        gc.enable()


async def vergelijk(live: LedgerStore, herbouwd: LedgerStore) -> list[str]:
    """Every difference between two stores' ledgers (empty: equal), page by page so that a national
    ledger is never all in memory at once."""
    verschillen: list[str] = []
    for tabel in ("budget_ledger", "budget_mutatie"):
        aantal, anders = 0, list[str]()
        async for a, b in _paarsgewijs(live.pagina(tabel), herbouwd.pagina(tabel)):
            aantal += 1
            if a != b and len(anders) < 5:
                anders.append(f"{a} != {b}")
        if anders:
            verschillen.append(f"{tabel}: verschillen na {aantal} rijen, eerste: {anders}")
    for naam, x, y in (
        ("plafond_ledger", await live.plafonds(), await herbouwd.plafonds()),
        ("plafond_alert", await live.alerts(), await herbouwd.alerts()),
        ("plafond_overheveling", await live.overhevelingen(), await herbouwd.overhevelingen()),
    ):
        if x != y:
            verschillen.append(f"{naam}: {len(x)} live tegen {len(y)} herbouwd rijen")
    if await live.drempels() != await herbouwd.drempels():
        verschillen.append("plafond_drempel verschilt")
    return verschillen


async def _paarsgewijs(a: AsyncIterator[tuple[Any, ...]], b: AsyncIterator[tuple[Any, ...]]) -> AsyncIterator[tuple[Any, Any]]:
    while True:
        x = await anext(a, None)
        y = await anext(b, None)
        if x is None and y is None:
            return
        yield x, y
