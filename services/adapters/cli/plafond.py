"""`wlz plafond overheveling`: record an art. 8.12 overheveling between the ZIN and PGB parts of a
region's budget, with the decision it rests on. The plafond ledger (`wlz ledger`) then shows it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated
from uuid import UUID, uuid4

import typer

from services.adapters.cli.common import DataDir, app, console, huidige_toegang, open_service

plafond_app = typer.Typer(help="The regional PGB plafond (art. 5.10, 8.12).", no_args_is_help=True)
app.add_typer(plafond_app, name="plafond")


def _cent(tekst: str) -> int:
    try:
        bedrag = Decimal(tekst.replace(".", "").replace(",", ".")) if "," in tekst else Decimal(tekst)
    except InvalidOperation:
        raise typer.BadParameter("--bedrag: een bedrag in euro, bijvoorbeeld -1500000 of 250000,50") from None
    if bedrag != bedrag.quantize(Decimal("0.01")):
        raise typer.BadParameter("--bedrag: ten hoogste twee decimalen (eurocent)")
    return int(bedrag * 100)


@plafond_app.command("overheveling")
def overheveling(
    regio: Annotated[str, typer.Option("--regio", help="zorgkantoorregio as spelled in art. 8.12")],
    jaar: Annotated[int, typer.Option("--jaar")],
    bedrag: Annotated[str, typer.Option("--bedrag", help="euro; positive: from zorg in natura to PGB, negative: from PGB to ZIN")],
    referentie: Annotated[str, typer.Option("--referentie", help="the decision it rests on, e.g. the NZa/ZIN reference")],
    besluitdatum: Annotated[str, typer.Option("--besluitdatum", help="YYYY-MM-DD of that decision")],
    bron: Annotated[str, typer.Option("--bron", help="who decided it, e.g. NZa or Zorginstituut Nederland")],
    toelichting: Annotated[str, typer.Option("--toelichting")] = "",
    event_id: Annotated[str | None, typer.Option("--event-id", help="a UUID to record it once only (a repeat changes nothing)")] = None,
    data_dir: DataDir = None,
) -> None:
    """Record an overheveling (art. 8.12) in the PGB plafond register of the region and year.

    Requests decided after it see the changed plafond; grants already made are not reviewed (Awb art.
    4:27 lid 2). Only the zorgkantoor of the region records it (--rol zorgkantoor --regio REGIO).
    """
    from pydantic import ValidationError

    from events.besluiten import PgbPlafondOvergeheveld, PgbPlafondOvergeheveldPayload
    from events.envelope import nu
    from services.adapters.cli.toegang import log_toegang, settings_voor
    from services.adapters.toegangslog import Actie, Uitkomst
    from services.application import OngeldigBericht
    from services.regeling.geld import als_euro
    from services.toegang import Rol

    toegang = huidige_toegang()
    settings = settings_voor(data_dir)
    if toegang.rol is not Rol.ZORGKANTOOR or toegang.regio != regio:
        log_toegang(settings, toegang, "plafond overheveling", "plafondregister", Uitkomst.GEWEIGERD, actie=Actie.WIJZIGEN)
        console.print(f"[red]geen toegang[/]: alleen zorgkantoor {regio} legt een overheveling van {regio} vast", highlight=False)
        raise typer.Exit(3)
    log_toegang(settings, toegang, "plafond overheveling", "plafondregister", Uitkomst.TOEGESTAAN, actie=Actie.WIJZIGEN)
    try:
        dag = date.fromisoformat(besluitdatum)
        sleutel = UUID(event_id) if event_id else uuid4()
    except ValueError:
        raise typer.BadParameter("--besluitdatum is YYYY-MM-DD en --event-id een UUID") from None
    try:
        event = PgbPlafondOvergeheveld(
            event_id=sleutel,
            occurred_at=nu(),
            payload=PgbPlafondOvergeheveldPayload(
                regio=regio, jaar=jaar, bedrag=_cent(bedrag), referentie=referentie, besluitdatum=dag, bron=bron, toelichting=toelichting
            ),
        )
    except ValidationError as fout:
        eerste = fout.errors()[0]
        raise typer.BadParameter(f"{'.'.join(str(x) for x in eerste['loc'])}: {eerste['msg']}") from None
    service = open_service(data_dir)
    try:
        stand = service.leg_overheveling_vast(event)
    except OngeldigBericht as fout:
        console.print(f"[red]{fout.veld}[/]: {fout.reden}", highlight=False)
        raise typer.Exit(2) from None
    finally:
        service.close()
    assert stand.plafond is not None and stand.plafond_regeling is not None
    console.print(
        f"overheveling {sleutel} vastgelegd: pgb-plafond {jaar} {regio} (art. {stand.artikel}) "
        f"{als_euro(stand.plafond_regeling)} {'+' if stand.plafond >= stand.plafond_regeling else '-'} "
        f"{als_euro(abs(stand.plafond - stand.plafond_regeling))} = {als_euro(stand.plafond)}",
        highlight=False,
    )
