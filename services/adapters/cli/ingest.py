"""`wlz ingest`: inbound events from a JSON-lines file."""

from __future__ import annotations

import asyncio
import sys
from contextlib import nullcontext
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from services.adapters.cli.common import DataDir, app, console, ledgers_bij, open_service, sluit_na, stop
from services.adapters.ingest import ingest


@app.command("ingest")
def ingest_command(
    bestand: Annotated[str, typer.Argument(help="inbound events as JSON lines; '-' reads standard input")],
    rejects: Annotated[
        Path | None, typer.Option("--rejects", help="where rejected lines are kept (default: rejects.jsonl in the data dir; mode 0600)")
    ] = None,
    data_dir: DataDir = None,
) -> None:
    """Feed inbound events through the application service; rejected lines are reported and kept, the run goes on."""
    if bestand != "-" and not Path(bestand).is_file():
        stop(2, f"BESTAND: {bestand} bestaat niet of is geen bestand ('-' leest standaardinvoer)")
    service = open_service(data_dir)
    rejects = rejects or service.settings.data_dir / "rejects.jsonl"
    # bytes: a line that is not UTF-8 is rejected on its own
    with nullcontext(sys.stdin.buffer) if bestand == "-" else Path(bestand).open("rb") as invoer:
        resultaat = ingest(service, invoer, afwijzingen=rejects)
    for afwijzing in resultaat.afgewezen:
        console.print(f"[red]regel {afwijzing.regel}[/]: {escape(afwijzing.veld)}: {escape(afwijzing.reden)}", highlight=False)
    console.print(
        f"{resultaat.verwerkt} verwerkt, {resultaat.aantal_besluiten} besluiten, {len(resultaat.afgewezen)} afgewezen"
        + (f" (bewaard in {rejects})" if resultaat.afgewezen else "")
    )
    asyncio.run(sluit_na(ledgers_bij(service)))
