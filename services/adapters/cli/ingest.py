"""`wlz ingest`: inbound events from a JSON-lines file."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer

from services.adapters.cli.common import DataDir, app, console, ledgers_bij, open_service, sluit_na
from services.adapters.ingest import ingest


@app.command("ingest")
def ingest_command(
    bestand: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="inbound events as JSON lines ('-' not supported)")],
    rejects: Annotated[Path, typer.Option("--rejects", help="where rejected lines are kept")] = Path("rejects.jsonl"),
    data_dir: DataDir = None,
) -> None:
    """Feed inbound events through the application service; rejected lines are reported and kept, the run goes on."""
    service = open_service(data_dir)
    with bestand.open(encoding="utf-8") as invoer:
        resultaat = ingest(service, invoer, afwijzingen=rejects)
    for afwijzing in resultaat.afgewezen:
        console.print(f"[red]regel {afwijzing.regel}[/]: {afwijzing.veld}: {afwijzing.reden}", highlight=False)
    console.print(
        f"{resultaat.verwerkt} verwerkt, {resultaat.aantal_besluiten} besluiten, {len(resultaat.afgewezen)} afgewezen"
        + (f" (bewaard in {rejects})" if resultaat.afgewezen else "")
    )
    asyncio.run(sluit_na(ledgers_bij(service)))
