"""What every command shares: the root `app`, the console, the role check, the service and the ledgers."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any
from uuid import UUID

import typer
from rich.console import Console

from projections.store import LedgerStore
from services import bootstrap
from services.application import WlzService
from services.settings import Settings

app = typer.Typer(help="Wlz case management: the Regeling langdurige zorg as an event-sourced service.", no_args_is_help=True)
TOEGANG: dict[str, object] = {}
console = Console(width=None if Console().is_terminal else 180)

DataDir = Annotated[Path | None, typer.Option("--data-dir", help="folder of the embedded stores (default: WLZ_DATA_DIR or ./wlz-data)")]


@app.callback()
def rol(
    rol: Annotated[str, typer.Option("--rol", envvar="WLZ_ROL", help="who reads: zorgkantoor, cak, svb, rapportage, auditor")] = "auditor",
    regio: Annotated[str | None, typer.Option("--regio", envvar="WLZ_REGIO", help="the region of zorgkantoor staff")] = None,
) -> None:
    """Every read command checks the role (services/toegang.py)."""
    from services.toegang import GeenToegang, Rol, Toegang

    try:
        TOEGANG["toegang"] = Toegang(Rol(rol), regio)
    except (ValueError, GeenToegang) as fout:
        raise typer.BadParameter(str(fout)) from None


def huidige_toegang() -> Any:
    from services.toegang import Rol, Toegang

    toegang = TOEGANG.get("toegang")
    return toegang if toegang is not None else Toegang(Rol.AUDITOR)


def controleer_toegang(check: Any, *args: Any) -> None:
    from services.toegang import GeenToegang

    try:
        check(*args)
    except GeenToegang as fout:
        console.print(f"[red]geen toegang[/]: {fout}", highlight=False)
        raise typer.Exit(3) from None


def open_service(data_dir: Path | None) -> WlzService:
    """The application service (services/bootstrap.py) on the embedded store in `data_dir`, or as configured."""
    settings = Settings() if data_dir is None else Settings(data_dir=data_dir)
    return bootstrap.service(settings)


async def ledgers_bij(service: WlzService) -> LedgerStore:
    """The live ledgers, brought up to date with the event store (the CLI's way of following it)."""
    from projections.runner import ProjectionRunner

    opslag = await bootstrap.ledger_store(service.settings)
    await ProjectionRunner(service, opslag, drempels=service.settings.drempels).bij()
    return opslag


async def sluit_na(opslag: object) -> None:
    geopend = await opslag  # type: ignore[misc]
    await geopend.sluit()


def case_uuid(tekst: str) -> UUID:
    try:
        return UUID(tekst)
    except ValueError:
        raise typer.BadParameter("geef een case-id (UUID) of een geldig BSN") from None
