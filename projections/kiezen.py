"""Which ledger store a configuration means: SQLite beside the embedded event store, or PostgreSQL."""

from __future__ import annotations

from projections.opslag import LedgerOpslag, PostgresLedgerOpslag, SqliteLedgerOpslag
from services.config import Instellingen


async def open_opslag(instellingen: Instellingen, herbouw: bool = False) -> LedgerOpslag:
    """The live ledger store, or (herbouw) an empty one beside it to rebuild into."""
    if instellingen.persistence == "sqlite":
        pad = instellingen.data_dir / ("projecties-herbouw.sqlite" if herbouw else "projecties.sqlite")
        if herbouw:
            for bestand in (pad, pad.with_name(pad.name + "-wal"), pad.with_name(pad.name + "-shm")):
                bestand.unlink(missing_ok=True)
        opslag: LedgerOpslag = SqliteLedgerOpslag(pad)
    else:
        schema = "wlz_herbouw" if herbouw else "public"
        opslag = await PostgresLedgerOpslag.verbind(instellingen.database_url_tekst(), schema)
        if herbouw:
            await opslag._uitvoeren([(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE', [()])], None)
    await opslag.maak()
    return opslag
