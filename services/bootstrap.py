"""One place that builds what runs: the application service and the ledger store, for the CLI
(services/adapters/cli/), the Kafka app (services/adapters/kafka/app.py) and the benchmarks (bench/) alike."""

from __future__ import annotations

from projections.store import LedgerStore, PostgresLedgerStore, SqliteLedgerStore
from services.application import WlzService
from services.settings import Settings


def service(settings: Settings | None = None) -> WlzService:
    """The application service on the configured store (the PGB plafond register of art. 5.10 lives in it)."""
    return WlzService(settings or Settings())


async def ledger_store(settings: Settings, herbouw: bool = False) -> LedgerStore:
    """The live ledger store, or (herbouw) an empty one beside it to rebuild into."""
    if settings.persistence == "sqlite":
        pad = settings.data_dir / ("projecties-herbouw.sqlite" if herbouw else "projecties.sqlite")
        if herbouw:
            for bestand in (pad, pad.with_name(pad.name + "-wal"), pad.with_name(pad.name + "-shm")):
                bestand.unlink(missing_ok=True)
        opslag: LedgerStore = SqliteLedgerStore(pad)
    else:
        schema = "wlz_herbouw" if herbouw else "public"
        opslag = await PostgresLedgerStore.verbind(settings.database_url_value(), schema)
        if herbouw:
            await opslag._uitvoeren([(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE', [()])], None)
    await opslag.maak()
    return opslag
