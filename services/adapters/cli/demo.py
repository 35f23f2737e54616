"""`wlz demo`: the bundled scenario on the embedded default."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated
from uuid import UUID

import typer

from events import besluiten as b
from services.adapters.cli.common import app, console, ledgers_bij, open_service
from services.adapters.cli.views import besluiten_tabel, budget_tabel, plafond_tabel
from services.adapters.ingest import ingest


@app.command()
def demo(
    data_dir: Annotated[
        Path | None, typer.Option("--data-dir", help="where the demo store goes (default: WLZ_DATA_DIR or ./wlz-data)")
    ] = None,
) -> None:
    """Run the bundled scenario on the embedded default (SQLite, no broker) and print what was decided.

    The store lands in the data dir every read command uses, so `wlz case show` finds the demo's cases
    afterwards; running the demo again changes nothing (every message has its own event_id)."""
    import json

    from services.demo import SCENARIO

    service = open_service(data_dir)
    folder = service.settings.data_dir
    with SCENARIO.open(encoding="utf-8") as invoer:
        resultaat = ingest(service, invoer, afwijzingen=None, bewaar_besluiten=True)
    console.print(f"[bold]Demo[/]: {resultaat.verwerkt} berichten verwerkt, {resultaat.aantal_besluiten} besluiten, store in {folder}")
    verder = "" if data_dir is None else f" --data-dir {folder}"
    console.print(f"Verder kijken: wlz case show CASE_ID{verder}, wlz budget CASE_ID{verder}, wlz ledger{verder}\n", highlight=False)
    per_case: dict[UUID, list[b.BudgetVastgesteldPayload]] = {}
    namen: dict[UUID, str] = {}
    for regel in SCENARIO.read_text(encoding="utf-8").splitlines():
        if regel.strip():  # the scenario's clients in order of appearance (also when it ran before)
            case_id = service.case_id(json.loads(regel)["payload"]["bsn"])
            if service.toestand(case_id) is not None:
                namen.setdefault(case_id, f"cliënt {chr(ord('A') + len(namen))}")
    for case_id, naam in namen.items():
        historie = service.historie(case_id)
        console.print(besluiten_tabel(f"{naam} (case {case_id})", historie))
        for event in historie:
            if isinstance(event, b.BudgetVastgesteld):
                per_case.setdefault(case_id, [])
                per_case[case_id] = [p for p in per_case[case_id] if p.jaar != event.payload.jaar] + [event.payload]
    console.print(budget_tabel([(namen[c], p) for c, ps in per_case.items() for p in ps]))

    async def regionaal() -> list[object]:
        opslag = await ledgers_bij(service)
        try:
            return [r for r in await opslag.plafonds(2020) if r.toegekend_pgb]
        finally:
            await opslag.sluit()

    console.print(plafond_tabel(asyncio.run(regionaal()), "Regionaal pgb-plafond 2020 (art. 8.12): toegekend pgb tegen het plafond"))
    if resultaat.afgewezen:
        console.print(f"[red]{len(resultaat.afgewezen)} regels afgewezen[/]")
        raise typer.Exit(1)
