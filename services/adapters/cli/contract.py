"""`wlz contract` and `wlz schema`: the published event contract."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from services.adapters.cli.common import app, console


@app.command()
def contract() -> None:
    """Write the published contract into events/contract/: AsyncAPI 3 (from FastStream) and one JSON Schema
    per event type and version. Refuses when the models would break the committed contract."""
    from events.compatibility import CONTRACT, controleer, exporteer
    from services.adapters.kafka.asyncapi import asyncapi_document

    problemen = controleer()
    if problemen:
        for probleem in problemen:
            console.print(f"[red]BREUK[/] {probleem}", highlight=False)
        console.print("Verhoog schema_version en registreer een upcaster (events/upcasting.py).")
        raise typer.Exit(1)
    paden = exporteer()
    (CONTRACT / "asyncapi.json").write_text(
        json.dumps(asyncapi_document(), ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    from services.adapters.api.app import openapi_document

    openapi = json.dumps(openapi_document(), ensure_ascii=False, indent=2, sort_keys=True)
    (CONTRACT / "openapi.json").write_text(openapi + "\n", encoding="utf-8")
    console.print(f"{len(paden)} schema's, asyncapi.json en openapi.json geschreven in {CONTRACT}")


@app.command("schema")
def schema_export(
    folder: Annotated[Path, typer.Argument(help="where to write the JSON Schemas (schemas/<EventType>/v<N>.schema.json)")],
) -> None:
    """Export the JSON Schemas of the event contract to a folder of your choice (`wlz contract` writes the committed one)."""
    from events.compatibility import exporteer

    for pad in exporteer(folder):
        console.print(str(pad))
