"""One place that builds what runs: the application service with its plafond source, and the ledger
store, for the CLI (services/adapters/cli/), the Kafka app (services/adapters/kafka/app.py) and the
benchmarks (bench/) alike."""

from __future__ import annotations

from projections.opslag import LedgerOpslag, PostgresLedgerOpslag, SqliteLedgerOpslag
from projections.plafondbron import plafondbron
from services.application import WlzService
from services.config import Instellingen


def service(instellingen: Instellingen | None = None) -> WlzService:
    """The application service on the configured store, reading the regional plafond ledger (art. 5.10)."""
    instellingen = instellingen or Instellingen()
    return WlzService(instellingen, plafondbron=plafondbron(instellingen))


async def ledger_store(instellingen: Instellingen, herbouw: bool = False) -> LedgerOpslag:
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
