"""`wlz iwlz import FILE.xml` and `wlz iwlz export --since DATE`: iWlz XML messages as files.

Import: one received message (IO31, AW35, AW39, or a retour AW34/CA318/CA320) through the service, taken
whole or refused whole (exit 1, printing the message id, the element path and the rule); the retour we
owe (IO32, AW36, AW310) is written beside it. Export: the AW33, CA317 and CA319 of the decisions recorded
from a date on, one file per message, named after its type and Identificatie.
"""

from __future__ import annotations

import asyncio
from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer

from events import DecisionEvent, InboundEvent
from services.adapters.cli.common import DataDir, app, console, huidige_toegang, ledgers_bij, open_service, sluit_na
from services.adapters.iwlz.export import exporteer
from services.adapters.iwlz.receive import ontvang

iwlz_app = typer.Typer(help="iWlz 2.2 XML messages as files (services/adapters/iwlz).", no_args_is_help=True)
app.add_typer(iwlz_app, name="iwlz")


@iwlz_app.command("import")
def import_command(
    bestand: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="one iWlz message (XML)")],
    retour: Annotated[Path | None, typer.Option("--retour", help="where the retour goes (default: beside the file)")] = None,
    data_dir: DataDir = None,
) -> None:
    """Take one received message: validated against its XSD, mapped, decided; the retour is written."""
    service = open_service(data_dir)
    try:

        def verwerk(events: list[InboundEvent]) -> list[DecisionEvent]:
            return [besluit for event in events for besluit in service.verwerk(event)]

        uitkomst = ontvang(bestand.read_bytes(), verwerk, lambda bsn: service.toestand(service.case_id(bsn)), date.today())
        if uitkomst.retour is not None and uitkomst.retour_soort is not None:
            doel = retour or bestand.with_name(f"{bestand.stem}.{uitkomst.retour_soort}.xml")
            doel.write_bytes(uitkomst.retour)
            console.print(f"retour {uitkomst.retour_soort} geschreven in {doel}", highlight=False)
        if uitkomst.fout is not None:
            fout = uitkomst.fout
            console.print(f"[red]geweigerd[/] {fout.bericht_id or '(onbekend bericht)'} {fout.pad}: {fout.regel}", highlight=False)
            raise typer.Exit(1)
        soorten = ", ".join(sorted({b.event_type for b in uitkomst.besluiten})) or "geen"
        console.print(f"{uitkomst.soort} {uitkomst.bericht_id}: {len(uitkomst.events)} verwerkt, besluiten: {soorten}", highlight=False)
        asyncio.run(sluit_na(ledgers_bij(service)))
    finally:
        service.close()


@iwlz_app.command("export")
def export_command(
    since: Annotated[str, typer.Option("--since", help="decisions recorded on or after this day (YYYY-MM-DD)")],
    uit: Annotated[Path, typer.Option("--dir", help="folder for the messages")] = Path("iwlz-uit"),
    data_dir: DataDir = None,
) -> None:
    """Write the AW33, CA317 and CA319 of the decisions recorded since a day (zorgkantoor or auditor)."""
    try:
        sinds = datetime.strptime(since, "%Y-%m-%d").date()
    except ValueError:
        raise typer.BadParameter("--since: een datum als YYYY-MM-DD") from None
    from services.adapters.cli.toegang import log_toegang, settings_voor
    from services.adapters.toegangslog import Uitkomst

    toegang = huidige_toegang()
    settings = settings_voor(data_dir)
    if toegang.rol.value not in ("zorgkantoor", "auditor"):
        log_toegang(settings, toegang, "iwlz export", "iwlz-berichten", Uitkomst.GEWEIGERD)
        console.print(f"[red]geen toegang[/]: de rol {toegang.rol.value} maakt geen iWlz-berichten", highlight=False)
        raise typer.Exit(3)
    log_toegang(settings, toegang, "iwlz export", "iwlz-berichten", Uitkomst.TOEGESTAAN)  # AW33, CA317/319 carry BSNs
    service = open_service(data_dir)
    try:
        export = exporteer(service, sinds)
    finally:
        service.close()
    uit.mkdir(parents=True, exist_ok=True)
    geschreven = 0
    for _, bericht in export.berichten:
        if toegang.rol.value == "zorgkantoor" and bericht.regio != toegang.regio:
            continue
        (uit / f"{bericht.soort}-{bericht.identificatie}.xml").write_bytes(bericht.xml)
        geschreven += 1
    for event_id, soort, waarom in export.niet_gemaakt:
        console.print(f"[yellow]niet gemaakt[/] {soort} {event_id}: {waarom}", highlight=False)
    console.print(f"{geschreven} iWlz-berichten geschreven in {uit}, {len(export.niet_gemaakt)} niet te maken", highlight=False)
