"""What every command shares: the root `app`, the console, the role check, the service and the ledgers."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, NoReturn
from uuid import UUID

import typer
from rich.console import Console

from projections.store import LedgerStore
from services import bootstrap
from services.adapters.cli.fouten import FoutGroep
from services.application import WlzService
from services.settings import Settings

app = typer.Typer(
    cls=FoutGroep, help="Wlz case management: the Regeling langdurige zorg as an event-sourced service.", no_args_is_help=True
)
TOEGANG: dict[str, object] = {}
console = Console(width=None if Console().is_terminal else 180)

DataDir = Annotated[Path | None, typer.Option("--data-dir", help="folder of the embedded stores (default: WLZ_DATA_DIR or ./wlz-data)")]


def _versie(waarde: bool) -> None:
    if waarde:
        from importlib.metadata import version

        typer.echo(f"wlz {version('wlz-casemanagement')}")
        raise typer.Exit(0)


ROLLEN = "zorgkantoor, cak, svb, rapportage, auditor, beheerder"


@app.callback()
def rol(
    rol: Annotated[str | None, typer.Option("--rol", envvar="WLZ_ROL", help=f"who you act as: {ROLLEN}; no default")] = None,
    regio: Annotated[str | None, typer.Option("--regio", envvar="WLZ_REGIO", help="the region of zorgkantoor staff")] = None,
    versie: Annotated[bool, typer.Option("--version", callback=_versie, is_eager=True, help="print the version and stop")] = False,
) -> None:
    """Every command on personal data checks the role (services/toegang.py, services/adapters/cli/toegang.py)."""
    from services.toegang import GeenToegang, Rol, Toegang

    TOEGANG.clear()
    if rol is None:
        return  # refused by the commands that need a role, not by those that do not
    try:
        TOEGANG["toegang"] = Toegang(Rol(rol), regio)
    except ValueError:
        stop(2, f"--rol: onbekende rol; kies uit {ROLLEN}")
    except GeenToegang as fout:
        stop(2, f"--regio: {fout}")


def huidige_toegang() -> Any:
    """The role of this command; no role is a usage error (exit 2): there is no default role."""
    toegang = TOEGANG.get("toegang")
    if toegang is None:
        stop(2, f"--rol (of WLZ_ROL) ontbreekt: deze opdracht vraagt een rol ({ROLLEN})")
    return toegang


def controleer_toegang(check: Any, *args: Any) -> None:
    from services.toegang import GeenToegang

    try:
        check(*args)
    except GeenToegang as fout:
        console.print(f"[red]geen toegang[/]: {fout}", highlight=False)
        raise typer.Exit(3) from None


def stop(code: int, regel: str) -> NoReturn:
    """One line on stderr and an exit code of the scheme every command follows: 0 ok, 1 a difference,
    2 usage error or bad setting, 3 access refused, 4 not found, 5 connection failure."""
    typer.echo(regel, err=True)
    raise typer.Exit(code)


def open_service(data_dir: Path | None, *, lezen: bool = False) -> WlzService:
    """The application service (services/bootstrap.py) on the embedded store in `data_dir`, or as configured.

    A read command (`lezen`) never creates an empty store: an embedded data dir that is not there is
    "not found" (exit 4), with the way to fill one, instead of a silently empty answer."""
    settings = Settings() if data_dir is None else Settings(data_dir=data_dir)
    if lezen and settings.persistence == "sqlite" and not settings.data_dir.is_dir():
        stop(4, f"geen gegevens in {settings.data_dir}: lees eerst in (wlz ingest BESTAND, wlz demo) of geef --data-dir / WLZ_DATA_DIR")
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
