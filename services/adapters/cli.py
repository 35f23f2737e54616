"""The `wlz` command line: demo, ingest, case show, data checks and schema export (typer + rich)."""

from __future__ import annotations

import asyncio
import json
import tempfile
from pathlib import Path
from typing import Annotated, Any
from uuid import UUID

import typer
from rich.console import Console

from events import besluiten as b
from events import parse_event
from events.bsn import elfproef
from projections.opslag import LedgerOpslag
from services.adapters.ingest import ingest
from services.adapters.weergave import besluiten_tabel, budget_tabel, plafond_tabel, toon_case
from services.application import WlzService
from services.config import Instellingen

app = typer.Typer(help="Wlz case management: the Regeling langdurige zorg as an event-sourced service.", no_args_is_help=True)
TOEGANG: dict[str, object] = {}
case_app = typer.Typer(help="Read cases.", no_args_is_help=True)
data_app = typer.Typer(help="The rule-set data and its checks.", no_args_is_help=True)
app.add_typer(case_app, name="case")
app.add_typer(data_app, name="data")
console = Console(width=None if Console().is_terminal else 180)


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


def _toegang() -> Any:
    from services.toegang import Rol, Toegang

    toegang = TOEGANG.get("toegang")
    return toegang if toegang is not None else Toegang(Rol.AUDITOR)


def _controleer(check: Any, *args: Any) -> None:
    from services.toegang import GeenToegang

    try:
        check(*args)
    except GeenToegang as fout:
        console.print(f"[red]geen toegang[/]: {fout}", highlight=False)
        raise typer.Exit(3) from None


DataDir = Annotated[Path | None, typer.Option("--data-dir", help="folder of the embedded stores (default: WLZ_DATA_DIR or ./wlz-data)")]


def _service(data_dir: Path | None) -> WlzService:
    from projections.plafondbron import plafondbron

    instellingen = Instellingen() if data_dir is None else Instellingen(data_dir=data_dir)
    return WlzService(instellingen, plafondbron=plafondbron(instellingen))


async def _ledgers_bij(service: WlzService) -> LedgerOpslag:
    """The live ledgers, brought up to date with the event store (the CLI's way of following it)."""
    from projections.kiezen import open_opslag
    from projections.runner import ProjectieRunner

    opslag = await open_opslag(service.instellingen)
    await ProjectieRunner(service, opslag, drempels=service.instellingen.drempels).bij()
    return opslag


@app.command()
def demo(
    data_dir: Annotated[
        Path | None, typer.Option("--data-dir", help="keep the demo store here (default: a fresh temporary folder)")
    ] = None,
) -> None:
    """Run the bundled scenario on the embedded default (SQLite, no broker) and print what was decided."""
    from services.demo import SCENARIO

    folder = data_dir or Path(tempfile.mkdtemp(prefix="wlz-demo-"))
    service = _service(folder)
    with SCENARIO.open(encoding="utf-8") as invoer:
        resultaat = ingest(service, invoer, afwijzingen=None, bewaar_besluiten=True)
    console.print(f"[bold]Demo[/]: {resultaat.verwerkt} berichten verwerkt, {resultaat.aantal_besluiten} besluiten, store in {folder}\n")
    per_case: dict[UUID, list[b.BudgetVastgesteldPayload]] = {}
    namen: dict[UUID, str] = {}
    for besluit in resultaat.besluiten:
        assert besluit.case_id is not None
        namen.setdefault(besluit.case_id, f"cliënt {chr(ord('A') + len(namen))}")
    for case_id, naam in namen.items():
        historie = service.historie(case_id)
        console.print(besluiten_tabel(f"{naam} (case {str(case_id)[:8]})", historie))
        for event in historie:
            if isinstance(event, b.BudgetVastgesteld):
                per_case.setdefault(case_id, [])
                per_case[case_id] = [p for p in per_case[case_id] if p.jaar != event.payload.jaar] + [event.payload]
    console.print(budget_tabel([(namen[c], p) for c, ps in per_case.items() for p in ps]))

    async def regionaal() -> list[object]:
        opslag = await _ledgers_bij(service)
        try:
            return [r for r in await opslag.plafonds(2020) if r.toegekend_pgb]
        finally:
            await opslag.sluit()

    console.print(plafond_tabel(asyncio.run(regionaal()), "Regionaal pgb-plafond 2020 (art. 8.12): toegekend pgb tegen het plafond"))
    if resultaat.afgewezen:
        console.print(f"[red]{len(resultaat.afgewezen)} regels afgewezen[/]")
        raise typer.Exit(1)


@app.command("ingest")
def ingest_command(
    bestand: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="inbound events as JSON lines ('-' not supported)")],
    rejects: Annotated[Path, typer.Option("--rejects", help="where rejected lines are kept")] = Path("rejects.jsonl"),
    data_dir: DataDir = None,
) -> None:
    """Feed inbound events through the application service; rejected lines are reported and kept, the run goes on."""
    service = _service(data_dir)
    with bestand.open(encoding="utf-8") as invoer:
        resultaat = ingest(service, invoer, afwijzingen=rejects)
    for afwijzing in resultaat.afgewezen:
        console.print(f"[red]regel {afwijzing.regel}[/]: {afwijzing.veld}: {afwijzing.reden}", highlight=False)
    console.print(
        f"{resultaat.verwerkt} verwerkt, {resultaat.aantal_besluiten} besluiten, {len(resultaat.afgewezen)} afgewezen"
        + (f" (bewaard in {rejects})" if resultaat.afgewezen else "")
    )
    asyncio.run(_sluit(_ledgers_bij(service)))


async def _sluit(opslag: object) -> None:
    geopend = await opslag  # type: ignore[misc]
    await geopend.sluit()


@case_app.command("show")
def case_show(
    case: Annotated[str, typer.Argument(help="case id (UUID), or a BSN to derive it from")],
    as_json: Annotated[bool, typer.Option("--json", help="the recorded events as JSON")] = False,
    data_dir: DataDir = None,
) -> None:
    """A case's state and its decision history."""
    service = _service(data_dir)
    case_id = service.case_id(case) if elfproef(case) else _uuid(case)
    toestand = service.toestand(case_id)
    if toestand is None:
        console.print(f"[red]geen case {case_id}[/]")
        raise typer.Exit(1)
    toegang = _toegang()
    _controleer(toegang.case, toestand.indicatie.regio if toestand.indicatie else None)
    zichtbaar = [z for e in service.historie(case_id) if (z := toegang.zichtbaar(e.model_dump(mode="json"))) is not None]
    if as_json:
        typer.echo(json.dumps(zichtbaar, ensure_ascii=False, indent=2))
        return
    toon_case(console, case_id, toestand, [parse_event(z, uit_de_store=True) for z in zichtbaar])


def _uuid(tekst: str) -> UUID:
    try:
        return UUID(tekst)
    except ValueError:
        raise typer.BadParameter("geef een case-id (UUID) of een geldig BSN") from None


@data_app.command("check")
def data_check() -> None:
    """Check the rule-set data as the tests do, and say plainly where the source is uncertain."""
    from services.regeling.artikelen.plafonds import controleer_kader
    from services.regeling.laden import plafond_jaren, plafonds
    from services.regeling.regelset import alle_regelsets

    fout = False
    for regelset in alle_regelsets():
        data = regelset.data
        onjuist = [r for r in data.bijlage_h.values() if r.som_componenten() != r.totaal]
        console.print(f"regelset {regelset.versie}: Bijlage H {len(data.bijlage_h)} rijen, {len(onjuist)} met componenten ≠ totaal")
        for r in data.bijlage_h.values():
            if r.ocr_opmerking:
                console.print(f"  OCR-correctie {r.zorgprofiel}/{r.begeleiding_groeps.value}: {r.ocr_opmerking}")
        fout |= bool(onjuist)
    for jaar in plafond_jaren():
        controle = controleer_kader(*plafonds(jaar))
        kleur = "green" if controle.klopt else "red"
        console.print(f"plafonds {jaar}: [{kleur}]{'klopt' if controle.klopt else 'klopt NIET'}[/] - {controle.toelichting}")
        for p in controle.onzeker:
            console.print(f"  [yellow]ONZEKER[/] {p.regio}: {p.onzeker}")
        fout |= not controle.klopt
    if fout:
        raise typer.Exit(1)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="interface of the health endpoint (default WLZ_HTTP_HOST or 127.0.0.1)")] = None,
    port: Annotated[int | None, typer.Option(help="port of the health endpoint (default WLZ_HTTP_PORT or 8080)")] = None,
) -> None:
    """Run the service on Kafka (KAFKA_BOOTSTRAP_SERVERS) with the event store of WLZ_PERSISTENCE; GET /health."""
    import logging

    import uvicorn

    from services.adapters.kafka.app import WlzKafka
    from services.adapters.kafka.instellingen import KafkaInstellingen

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    kafka = KafkaInstellingen()
    dienst = WlzKafka(kafka=kafka)
    uvicorn.run(dienst.asgi(), host=host or kafka.http_host, port=port or kafka.http_port, log_level="info")


@app.command()
def replay(
    data_dir: DataDir = None,
    batch: Annotated[int, typer.Option(help="stored events per transaction")] = 20_000,
) -> None:
    """Rebuild every projection from the event store in batches, then check it equals the live ledgers."""
    import time

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from projections.kiezen import open_opslag
    from projections.runner import herbouw, vergelijk

    service = _service(data_dir)

    async def doe() -> tuple[int, float, list[str]]:
        live = await _ledgers_bij(service)
        doel = await open_opslag(service.instellingen, herbouw=True)
        totaal = service.recorder.max_notification_id() or 0
        try:
            with Progress(TextColumn("herbouw"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console) as voortgang:
                taak = voortgang.add_task("herbouw", total=totaal)
                begin = time.perf_counter()
                positie = await herbouw(
                    service,
                    doel,
                    drempels=service.instellingen.drempels,
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


@app.command("audit")
def audit_command(
    case: Annotated[str, typer.Argument(help="case id (UUID), or a BSN to derive it from")],
    as_of: Annotated[str, typer.Option("--as-of", help="YYYY-MM-DD: what was recorded up to and including this day")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
    data_dir: DataDir = None,
) -> None:
    """Reconstruct a case and its ledger as recorded up to a date, and recompute every decision."""
    from dataclasses import asdict
    from datetime import date

    from projections.audit import audit

    service = _service(data_dir)
    case_id = service.case_id(case) if elfproef(case) else _uuid(case)
    toestand = service.toestand(case_id)
    _controleer(_toegang().audit, toestand.indicatie.regio if toestand and toestand.indicatie else None)
    rapport = audit(service, case_id, date.fromisoformat(as_of))
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "case_id": str(case_id),
                    "as_of": as_of,
                    "events": len(rapport.events),
                    "besluiten_herberekend": rapport.besluiten_herberekend,
                    "verschillen": rapport.verschillen,
                    "budgetten": [asdict(r) for r in rapport.budgetten],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        toon_case(console, case_id, rapport.toestand, rapport.events)
        console.print(f"{rapport.besluiten_herberekend} besluiten herberekend onder de regelset van hun eigen datum")
        for verschil in rapport.verschillen:
            console.print(f"[red]VERSCHIL[/] {verschil}", highlight=False)
    if not rapport.in_orde:
        raise typer.Exit(1)


@app.command()
def ledger(
    year: Annotated[int, typer.Option("--year")] = 2020,
    region: Annotated[str | None, typer.Option("--region")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    data_dir: DataDir = None,
) -> None:
    """The regional PGB plafond ledger of a year (art. 8.8/8.10/8.12)."""
    from projections.ledger import nieuwe_plafondregel

    toegang = _toegang()
    _controleer(toegang.ledger, region if region is not None else toegang.regio if toegang.rol.value == "zorgkantoor" else None)
    if toegang.rol.value == "zorgkantoor":
        region = toegang.regio
    service = _service(data_dir)

    async def lees() -> list[object]:
        opslag = await _ledgers_bij(service)
        try:
            bekend = {r.regio: r for r in await opslag.plafonds(year)}
        finally:
            await opslag.sluit()
        from events.regios import ZORGKANTOORREGIOS

        return [bekend.get(r) or nieuwe_plafondregel(r, year) for r in ZORGKANTOORREGIOS if region in (None, r)]

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
                    }
                    for r in regels
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    console.print(plafond_tabel(regels, f"Regionaal pgb-plafond {year}"))


@app.command()
def contract() -> None:
    """Write the published contract into events/contract/: AsyncAPI 3 (from FastStream) and one JSON Schema
    per event type and version. Refuses when the models would break the committed contract."""
    from events.compatibiliteit import CONTRACT, controleer, exporteer
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
    console.print(f"{len(paden)} schema's en asyncapi.json geschreven in {CONTRACT}")


@app.command()
def reconcile(data_dir: DataDir = None) -> None:
    """Read the SVB feed from the beginning, rebuild its view, and reconcile it with the budget ledger."""
    from services.adapters.kafka.instellingen import KafkaInstellingen
    from services.adapters.kafka.reconciliatie import lees_feed, reconcilieer_svb, svb_view

    _controleer(_toegang().reconciliatie)
    service = _service(data_dir)
    kafka = KafkaInstellingen()

    async def doe() -> tuple[int, list[str]]:
        records = await lees_feed(kafka.aiokafka_args(), kafka.svb)
        ledger = await _ledgers_bij(service)
        try:
            return len(records), await reconcilieer_svb(svb_view(records), ledger)
        finally:
            await ledger.sluit()

    aantal, verschillen = asyncio.run(doe())
    console.print(f"{aantal} records gelezen van {kafka.svb}")
    for verschil in verschillen:
        console.print(f"[red]VERSCHIL[/] {verschil}", highlight=False)
    if verschillen:
        raise typer.Exit(1)
    console.print("[green]de SVB-feed klopt met het budgetledger[/]")


@app.command()
def erase(
    persoon: Annotated[str, typer.Argument(help="case id (UUID), or the BSN to derive it from")],
    reden: Annotated[str, typer.Option(help="why (recorded with the erasure)")] = "verzoek tot wissing (art. 17 AVG)",
    data_dir: DataDir = None,
) -> None:
    """Crypto-shredding: delete the person's key, so their personal data is unreadable everywhere; budgets
    and plafond ledgers stay correct and replayable."""
    from datetime import date

    service = _service(data_dir)
    case_id = service.case_id(persoon) if elfproef(persoon) else _uuid(persoon)
    besluit = service.wis_persoon(case_id, reden, date.today())
    console.print(f"persoonsgegevens van case {case_id} gewist ({besluit.event_id})")


@app.command()
def sleutel() -> None:
    """Print a new random AES-256 key for WLZ_CIPHER_KEY (store it in your secret store, not in the repository)."""
    from eventsourcing.cryptography import AESCipher

    typer.echo(AESCipher.create_key(32))


@app.command("schema")
def schema_export(
    folder: Annotated[Path, typer.Argument(help="where to write the JSON Schemas (schemas/<EventType>/v<N>.schema.json)")],
) -> None:
    """Export the JSON Schemas of the event contract to a folder of your choice (`wlz contract` writes the committed one)."""
    from events.compatibiliteit import exporteer

    for pad in exporteer(folder):
        console.print(str(pad))


if __name__ == "__main__":
    app()
