"""Who runs a command, whether the role may, and the NEN 7513 access log of it; `wlz toegangslog show|verify`.

Every command that reads or changes personal data asks `vereis` first: no role at all is a usage error
(exit 2), a role without the right is refused (exit 3) before anything is looked up, so the exit code never
depends on whether a person is a client. A case that does not exist and a case of a region the role may
not see then give the same answer (exit 4). Every attempt, allowed or not, is one entry in the access log
(services/adapters/toegangslog.py), with the OS user as who and the command as context.
"""

from __future__ import annotations

import getpass
import json
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, NoReturn
from uuid import UUID

import typer
from rich.table import Table

from events.bsn import elfproef
from services.adapters.cli.common import DataDir, app, case_uuid, console, huidige_toegang, stop
from services.adapters.toegangslog import Actie, Uitkomst, open_toegangslog
from services.identity import case_id_voor
from services.settings import Settings
from services.toegang import Recht, Toegang

NIET_GEVONDEN = "geen case die deze rol mag lezen"

log_app = typer.Typer(help="The NEN 7513 access log: who read or changed whose data (auditors).", no_args_is_help=True)
app.add_typer(log_app, name="toegangslog")


def settings_voor(data_dir: Path | None) -> Settings:
    return Settings() if data_dir is None else Settings(data_dir=data_dir)


def wie() -> str:
    return f"cli:{getpass.getuser()}"


def log_toegang(
    settings: Settings,
    toegang: Toegang,
    opdracht: str,
    gegevens: str,
    uitkomst: Uitkomst,
    persoon: UUID | None = None,
    actie: Actie = Actie.LEZEN,
) -> None:
    if settings.persistence == "sqlite" and not settings.data_dir.is_dir():
        return  # no embedded store, so no personal data to read: nothing to log, and no data dir made for it
    log = open_toegangslog(settings)
    try:
        log.schrijf(
            wie=wie(),
            rol=toegang.rol.value,
            regio=toegang.regio,
            actie=actie,
            persoon=None if persoon is None else str(persoon),
            gegevens=gegevens,
            doel=f"cli {opdracht}",
            uitkomst=uitkomst,
        )
    finally:
        log.sluit()


def vereis(recht: Recht, settings: Settings, opdracht: str, gegevens: str, actie: Actie = Actie.LEZEN) -> Toegang:
    """The caller's role, if it has this right (exit 2 without a role, exit 3 without the right: logged)."""
    toegang: Toegang = huidige_toegang()
    if not toegang.mag(recht):
        log_toegang(settings, toegang, opdracht, gegevens, Uitkomst.GEWEIGERD, actie=actie)
        stop(3, f"geen toegang: de rol {toegang.rol.value} mag geen {recht.value}")
    return toegang


def niet_gevonden(settings: Settings, toegang: Toegang, opdracht: str, gegevens: str, case_id: UUID) -> NoReturn:
    """The one answer for 'no such case' and 'not a case this role may see' (exit 4)."""
    log_toegang(settings, toegang, opdracht, gegevens, Uitkomst.NIET_GEVONDEN, case_id)
    stop(4, NIET_GEVONDEN)


def lees_case(settings: Settings, toegang: Toegang, opdracht: str, gegevens: str, toestand: object, case_id: UUID) -> None:
    """After the right was checked: the case exists and lies in a region the role sees, or exit 4 (logged
    either way)."""
    indicatie = getattr(toestand, "indicatie", None)
    if toestand is None or not toegang.ziet_regio(indicatie.regio if indicatie is not None else None):
        niet_gevonden(settings, toegang, opdracht, gegevens, case_id)
    log_toegang(settings, toegang, opdracht, gegevens, Uitkomst.TOEGESTAAN, case_id)


@log_app.command("show")
def toon(
    persoon: Annotated[str | None, typer.Option("--persoon", help="case id, or a BSN to derive it from")] = None,
    gebruiker: Annotated[str | None, typer.Option("--gebruiker", help="who: a token subject, or cli:<os user>")] = None,
    van: Annotated[str | None, typer.Option("--van", help="YYYY-MM-DD")] = None,
    tot: Annotated[str | None, typer.Option("--tot", help="YYYY-MM-DD, inclusive")] = None,
    limiet: Annotated[int, typer.Option("--limiet")] = 1000,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    data_dir: DataDir = None,
) -> None:
    """Entries of the access log, oldest first (role auditor)."""
    settings = settings_voor(data_dir)
    toegang = vereis(Recht.TOEGANGSLOG, settings, "toegangslog show", "toegangslog")
    case_id = None
    if persoon is not None:
        sleutel = settings.case_id_key.get_secret_value().encode()
        case_id = case_id_voor(persoon, sleutel) if elfproef(persoon) else case_uuid(persoon)
    log_toegang(settings, toegang, "toegangslog show", "toegangslog", Uitkomst.TOEGESTAAN, case_id)
    log = open_toegangslog(settings)
    try:
        regels = log.regels(persoon=None if case_id is None else str(case_id), wie=gebruiker, van=van, tot=tot, limiet=limiet)
    finally:
        log.sluit()
    if as_json:
        typer.echo(json.dumps([asdict(r) for r in regels], ensure_ascii=False, indent=2))
        return
    kolommen = ("nr", "tijdstip (UTC)", "wie", "rol", "regio", "actie", "persoon (case id)", "gegevens", "doel", "uitkomst")
    tabel = Table(*kolommen, title="Toegangslog")
    for r in regels:
        tabel.add_row(str(r.volgnummer), r.tijdstip, r.wie, r.rol, r.regio or "", r.actie, r.persoon or "", r.gegevens, r.doel, r.uitkomst)
    console.print(tabel)


@log_app.command("verify")
def verifieer(data_dir: DataDir = None) -> None:
    """Check the hash chain from the first entry; exit 1 on any entry changed, inserted or removed (role
    auditor). Prints the number of entries and the last hash: kept elsewhere, they also reveal entries
    removed from the end."""
    settings = settings_voor(data_dir)
    toegang = vereis(Recht.TOEGANGSLOG, settings, "toegangslog verify", "toegangslog")
    log_toegang(settings, toegang, "toegangslog verify", "toegangslog-verificatie", Uitkomst.TOEGESTAAN)
    log = open_toegangslog(settings)
    try:
        aantal, laatste, problemen = log.verifieer()
    finally:
        log.sluit()
    for probleem in problemen:
        console.print(f"[red]GEBROKEN[/] {probleem}", highlight=False)
    console.print(f"{aantal} regels, laatste hash {laatste}")
    if problemen:
        raise typer.Exit(1)
    console.print("[green]de keten is heel[/]")
