"""`wlz reconcile`: the SVB feed against the budget ledger."""

from __future__ import annotations

import asyncio

import typer

from services.adapters.cli.common import DataDir, app, console, ledgers_bij, open_service


@app.command()
def reconcile(data_dir: DataDir = None) -> None:
    """Read the SVB feed from the beginning, rebuild its view, and reconcile it with the budget ledger."""
    from services.adapters.cli.toegang import log_toegang, settings_voor, vereis
    from services.adapters.kafka.reconcile import lees_feed, reconcilieer_svb, svb_view
    from services.adapters.kafka.topics import Topics
    from services.adapters.toegangslog import Uitkomst
    from services.settings import Settings
    from services.toegang import Recht

    toegang = vereis(Recht.RECONCILIATIE, settings_voor(data_dir), "reconcile", "svb-budgetten")
    log_toegang(settings_voor(data_dir), toegang, "reconcile", "svb-budgetten", Uitkomst.TOEGESTAAN)
    service = open_service(data_dir, lezen=True)
    settings = Settings()
    svb = Topics(settings.topic_prefix).svb

    async def doe() -> tuple[int, list[str]]:
        records = await lees_feed(settings.aiokafka_args(), svb)
        ledger = await ledgers_bij(service)
        try:
            return len(records), await reconcilieer_svb(svb_view(records), ledger)
        finally:
            await ledger.sluit()

    aantal, verschillen = asyncio.run(doe())
    console.print(f"{aantal} records gelezen van {svb}")
    for verschil in verschillen:
        console.print(f"[red]VERSCHIL[/] {verschil}", highlight=False)
    if verschillen:
        raise typer.Exit(1)
    console.print("[green]de SVB-feed klopt met het budgetledger[/]")
