"""`wlz ledger` and `wlz replay`: the read side."""

from __future__ import annotations

import asyncio
import json
from typing import Annotated, Any

import typer

from services import bootstrap
from services.adapters.cli.common import DataDir, app, console, controleer_toegang, ledgers_bij, open_service, stop
from services.adapters.cli.views import plafond_tabel


@app.command()
def replay(
    data_dir: DataDir = None,
    batch: Annotated[int, typer.Option(help="stored events per transaction")] = 20_000,
) -> None:
    """Rebuild every projection from the event store in batches, then check it equals the live ledgers."""
    import time

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from projections.runner import herbouw, vergelijk

    service = open_service(data_dir, lezen=True)

    async def doe() -> tuple[int, float, list[str]]:
        live = await ledgers_bij(service)
        doel = await bootstrap.ledger_store(service.settings, herbouw=True)
        totaal = service.recorder.max_notification_id() or 0
        try:
            with Progress(TextColumn("herbouw"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console) as voortgang:
                taak = voortgang.add_task("herbouw", total=totaal)
                begin = time.perf_counter()
                positie = await herbouw(
                    service,
                    doel,
                    drempels=service.settings.drempels,
                    batch=batch,
                    voortgang=lambda p: voortgang.update(taak, completed=p),
                )
                duur = time.perf_counter() - begin
            return positie, duur, await vergelijk(live, doel)
        finally:
            await live.sluit()
            await doel.sluit()

    positie, duur, verschillen = asyncio.run(doe())
    snelheid = positie / duur if duur else 0.0
    console.print(f"herbouwd: {positie} events in {duur:.2f} s ({snelheid:,.0f} events/s)")
    if verschillen:
        for verschil in verschillen:
            console.print(f"[red]VERSCHIL[/] {verschil}", highlight=False)
        raise typer.Exit(1)
    console.print("[green]herbouwde ledgers zijn gelijk aan de live ledgers[/]")


@app.command()
def ledger(
    year: Annotated[int, typer.Option("--year")] = 2020,
    regio: Annotated[str | None, typer.Option("--regio", help="one zorgkantoor region (default: all you may read)")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    data_dir: DataDir = None,
) -> None:
    """The regional PGB plafond ledger of a year (art. 8.8/8.10/8.12)."""
    from events.regios import ZORGKANTOORREGIOS
    from projections.ledger import nieuwe_plafondregel

    if regio is not None and regio not in ZORGKANTOORREGIOS:
        stop(2, f"--regio: onbekende regio {regio!r}; een van (art. 8.12): {', '.join(ZORGKANTOORREGIOS)}")
    from services.adapters.cli.toegang import log_toegang, settings_voor, vereis
    from services.adapters.toegangslog import Uitkomst
    from services.toegang import Recht

    settings = settings_voor(data_dir)
    toegang = vereis(Recht.PLAFONDLEDGER, settings, "ledger", "plafondledger")
    if toegang.rol.value == "zorgkantoor":
        if regio not in (None, toegang.regio):
            log_toegang(settings, toegang, "ledger", "plafondledger", Uitkomst.GEWEIGERD)
        controleer_toegang(toegang.ledger, regio if regio is not None else toegang.regio)
        regio = toegang.regio
    log_toegang(settings, toegang, "ledger", "plafondledger", Uitkomst.TOEGESTAAN)
    service = open_service(data_dir, lezen=True)

    async def lees() -> list[object]:
        opslag = await ledgers_bij(service)
        try:
            bekend = {r.regio: r for r in await opslag.plafonds(year)}
            overhevelingen.extend(o for o in await opslag.overhevelingen(year) if regio in (None, o.regio))
        finally:
            await opslag.sluit()
        from events.regios import ZORGKANTOORREGIOS

        return [bekend.get(r) or nieuwe_plafondregel(r, year) for r in ZORGKANTOORREGIOS if regio in (None, r)]

    overhevelingen: list[Any] = []  # art. 8.12 overhevelingen, shown with the plafond they changed
    regels = asyncio.run(lees())
    if as_json:
        typer.echo(
            json.dumps(
                [
                    {
                        "regio": r.regio,  # type: ignore[attr-defined]
                        "jaar": r.jaar,  # type: ignore[attr-defined]
                        "artikel": r.artikel,  # type: ignore[attr-defined]
                        "plafond": r.plafond,  # type: ignore[attr-defined]
                        "onzeker": r.onzeker,  # type: ignore[attr-defined]
                        "toegekend_pgb": r.toegekend_pgb,  # type: ignore[attr-defined]
                        "ruimte": r.ruimte,  # type: ignore[attr-defined]
                        "percentage": None if r.percentage is None else str(r.percentage),  # type: ignore[attr-defined]
                        "overhevelingen": [
                            {k: getattr(o, k) for k in ("event_id", "bedrag", "referentie", "besluitdatum", "bron")}
                            for o in overhevelingen
                            if o.regio == r.regio  # type: ignore[attr-defined]
                        ],
                    }
                    for r in regels
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    console.print(plafond_tabel(regels, f"Regionaal pgb-plafond {year}"))
    for o in overhevelingen:
        console.print(
            f"overheveling {o.regio} {o.jaar}: {o.bedrag / 100:+,.2f} euro ({o.bron} {o.referentie}, {o.besluitdatum}; art. 8.12)",
            highlight=False,
        )
