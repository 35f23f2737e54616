"""`wlz budget`: one client's budget ledger - per calendar year the latest budget with its build-up, and
every budget decision that changed it (what caused it, under which article, by how much)."""

from __future__ import annotations

import asyncio
import json
from dataclasses import asdict
from typing import Annotated, Any

import typer
from rich.table import Table

from events.bsn import elfproef
from services.adapters.cli.common import DataDir, app, case_uuid, console, huidige_toegang, ledgers_bij, open_service
from services.adapters.cli.toegang import lees_case, settings_voor, vereis
from services.regeling.geld import als_euro
from services.toegang import Recht

_POSTEN = (
    "basisbedrag",
    "deeltijd_korting",
    "ekt",
    "toeslagen",
    "meerzorg",
    "kleinschalig_wooninitiatief",
    "totaal",
    "mpt_deel",
    "pgb_deel",
)


@app.command("budget")
def budget_command(
    case: Annotated[str, typer.Argument(help="case id (UUID), or a BSN to derive it from")],
    year: Annotated[int | None, typer.Option("--year", help="one calendar year (default: every year)")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    data_dir: DataDir = None,
) -> None:
    """A client's budget ledger (table budget_ledger) and its mutations (budget_mutatie), amounts in euro."""
    settings = settings_voor(data_dir)
    vereis(Recht.BUDGET, settings, "budget", "budget")  # before any lookup: auditor, zorgkantoor, svb
    service = open_service(data_dir, lezen=True)
    case_id = service.case_id(case) if elfproef(case) else case_uuid(case)
    lees_case(settings, huidige_toegang(), "budget", "budget", service.toestand(case_id), case_id)

    async def lees() -> tuple[list[Any], list[Any]]:
        opslag = await ledgers_bij(service)
        try:
            return await opslag.budgetten(str(case_id)), await opslag.mutaties(str(case_id))
        finally:
            await opslag.sluit()

    budgetten, mutaties = asyncio.run(lees())
    budgetten = [r for r in budgetten if year in (None, r.jaar)]
    mutaties = [m for m in mutaties if year in (None, m.jaar)]
    if as_json:
        typer.echo(
            json.dumps(
                {"case_id": str(case_id), "budgetten": [asdict(r) for r in budgetten], "mutaties": [asdict(m) for m in mutaties]}, indent=2
            )
        )
        return
    if not budgetten:
        console.print(f"case {case_id}: geen budget vastgesteld" + (f" in {year}" if year else ""))
        return
    tabel = Table(title=f"Budgetledger case {case_id} (pro rata per dag)", title_justify="left")
    for kolom in ("jaar", "periode", "dagen", "leveringsvormen", *_POSTEN, "regelset"):
        tabel.add_column(kolom, justify="right" if kolom in _POSTEN or kolom == "dagen" else "left")
    for r in budgetten:
        tabel.add_row(
            str(r.jaar), f"{r.van} t/m {r.tot}", str(r.dagen), r.leveringsvormen, *(als_euro(getattr(r, p)) for p in _POSTEN), r.regelset
        )
    console.print(tabel)
    _per_regio(budgetten)
    regels = Table(title="Mutaties", title_justify="left")
    for kolom in ("jaar", "aanleiding", "totaal", "verschil totaal", "pgb", "verschil pgb"):
        regels.add_column(kolom)
    for m in mutaties:
        regels.add_row(
            str(m.jaar), m.aanleiding, als_euro(m.totaal), als_euro(m.verschil_totaal), als_euro(m.pgb_deel), als_euro(m.verschil_pgb)
        )
    console.print(regels)


def _per_regio(budgetten: list[Any]) -> None:
    """A year under the indications of more than one region, split per region and period (art. 5.10, 8.12)."""
    delen = [(r.jaar, d) for r in budgetten for d in json.loads(r.per_regio or "[]")]
    if not delen:
        return
    tabel = Table(title="Per regio (art. 5.10, 8.12: elk plafond draagt de dagen onder zijn indicatie)", title_justify="left")
    for kolom in ("jaar", "regio", "periode", "totaal", "pgb_deel"):
        tabel.add_column(kolom, justify="right" if kolom in ("totaal", "pgb_deel") else "left")
    for jaar, d in delen:
        tabel.add_row(str(jaar), d["regio"], f"{d['ingangsdatum']} t/m {d['einddatum']}", als_euro(d["totaal"]), als_euro(d["pgb_deel"]))
    console.print(tabel)
