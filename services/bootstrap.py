"""One place that builds what runs: the application service and the ledger store, for the CLI
(services/adapters/cli/), the Kafka app (services/adapters/kafka/app.py) and the benchmarks (bench/) alike."""

from __future__ import annotations

from projections.store import LedgerStore, PostgresLedgerStore, SqliteLedgerStore
from services.application import WlzService
from services.settings import Settings

SCHEMA_SLOT = 0x574C5A5343484D41  # advisory lock held while an instance creates the store's tables


def service(settings: Settings | None = None) -> WlzService:
    """The application service on the configured store (the PGB plafond register of art. 5.10 lives in it).

    On PostgreSQL the store's tables are created under an advisory lock: instances started together (scale-out,
    services/adapters/kafka/leiderschap.py) would otherwise run CREATE TABLE IF NOT EXISTS at the same moment,
    which PostgreSQL does not make safe (a unique violation in its catalogue)."""
    settings = settings or Settings()
    if settings.persistence != "postgres":
        return WlzService(settings)
    import psycopg

    with psycopg.connect(settings.database_url_value(), autocommit=True) as verbinding:
        verbinding.execute("SELECT pg_advisory_lock(%s)", (SCHEMA_SLOT,))
        try:
            return WlzService(settings)
        finally:
            verbinding.execute("SELECT pg_advisory_unlock(%s)", (SCHEMA_SLOT,))


async def ledger_store_om_te_lezen(settings: Settings) -> LedgerStore:
    """The live ledgers on PostgreSQL to read from an instance that does not write them: no DDL (the
    instance that runs the projections creates the tables)."""
    return await PostgresLedgerStore.verbind(settings.database_url_value(), "public")


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
