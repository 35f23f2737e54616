"""The regional plafond ledger as the decision path reads it (synchronously, once per PGB request).

Read from the read side's tables, so it lags the event store by at most one projection batch (and a
reading is reused for a second): a zorgkantoor steers on it, it is not a lock. What was read is recorded
in the decision (art. 5.10), so audits replay it exactly."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from events.besluiten import Plafondstand
from projections.ledger import nieuwe_plafondregel
from services.settings import Settings

VERS_SECONDEN = 1.0  # a reading is reused this long: the ledger itself lags by up to a projection batch


def plafond_source(settings: Settings) -> Callable[[str, int], Plafondstand | None]:
    beleid = settings.plafond_beleid

    def stand(regio: str, jaar: int, toegekend: int) -> Plafondstand:
        regel = nieuwe_plafondregel(regio, jaar)
        percentage = None
        if regel.plafond:
            percentage = str((Decimal(toegekend) * 100 / Decimal(regel.plafond)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
        return Plafondstand(regio=regio, jaar=jaar, toegekend_pgb=toegekend, plafond=regel.plafond, percentage=percentage, beleid=beleid)

    if settings.persistence == "sqlite":
        pad = settings.data_dir / "projecties.sqlite"

        def lees_sqlite(regio: str, jaar: int) -> Plafondstand | None:
            if not pad.exists():
                return stand(regio, jaar, 0)
            with sqlite3.connect(pad) as con:
                try:
                    rij = con.execute("SELECT toegekend_pgb FROM plafond_ledger WHERE regio = ? AND jaar = ?", (regio, jaar)).fetchone()
                except sqlite3.OperationalError:  # tables not made yet
                    rij = None
            return stand(regio, jaar, int(rij[0]) if rij else 0)

        return lees_sqlite

    import psycopg

    url = settings.database_url_value()
    verbinding: list[psycopg.Connection[Any]] = []  # one connection, opened on first use, renewed on failure
    gelezen: dict[tuple[str, int], tuple[float, Plafondstand]] = {}

    def lees_postgres(regio: str, jaar: int) -> Plafondstand | None:
        nu = time.monotonic()
        if (bewaard := gelezen.get((regio, jaar))) is not None and nu - bewaard[0] < VERS_SECONDEN:
            return bewaard[1]
        try:
            if not verbinding or verbinding[0].closed:
                verbinding[:] = [psycopg.connect(url, autocommit=True)]
            rij = verbinding[0].execute("SELECT toegekend_pgb FROM plafond_ledger WHERE regio = %s AND jaar = %s", (regio, jaar)).fetchone()
        except psycopg.errors.UndefinedTable:
            rij = None
        except psycopg.OperationalError:
            verbinding.clear()
            raise
        uitkomst = stand(regio, jaar, int(rij[0]) if rij else 0)
        gelezen[(regio, jaar)] = (nu, uitkomst)
        return uitkomst

    return lees_postgres
