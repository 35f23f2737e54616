"""`wlz case show` and `wlz audit`: one case, as it is and as it was recorded."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from events import parse_event
from events.bsn import elfproef
from services.adapters.cli.common import DataDir, app, case_uuid, console, open_service, stop
from services.adapters.cli.toegang import lees_case, settings_voor, vereis
from services.adapters.cli.views import toon_case
from services.toegang import Recht

case_app = typer.Typer(help="Read cases.", no_args_is_help=True)
app.add_typer(case_app, name="case")


@case_app.command("show")
def case_show(
    case: Annotated[str, typer.Argument(help="case id (UUID), or a BSN to derive it from")],
    as_json: Annotated[bool, typer.Option("--json", help="the recorded events as JSON")] = False,
    data_dir: DataDir = None,
) -> None:
    """A case's state and its decision history (exit 4 alike for no such case and a case the role may not see)."""
    settings = settings_voor(data_dir)
    toegang = vereis(Recht.CASE, settings, "case show", "case")  # before any lookup
    service = open_service(data_dir, lezen=True)
    case_id = service.case_id(case) if elfproef(case) else case_uuid(case)
    toestand = service.toestand(case_id)
    lees_case(settings, toegang, "case show", "case", toestand, case_id)
    assert toestand is not None
    zichtbaar = [z for e in service.historie(case_id) if (z := toegang.zichtbaar(e.model_dump(mode="json"))) is not None]
    if as_json:
        typer.echo(json.dumps(zichtbaar, ensure_ascii=False, indent=2))
        return
    toon_case(console, case_id, toestand, [parse_event(z, uit_de_store=True) for z in zichtbaar])


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

    try:
        peildag = date.fromisoformat(as_of)
    except ValueError:
        stop(2, f"--as-of: {as_of!r} is geen datum JJJJ-MM-DD (bijvoorbeeld 2020-12-31)")
    settings = settings_voor(data_dir)
    toegang = vereis(Recht.AUDIT, settings, "audit", "audit")  # before any lookup
    service = open_service(data_dir, lezen=True)
    case_id = service.case_id(case) if elfproef(case) else case_uuid(case)
    lees_case(settings, toegang, "audit", "audit", service.toestand(case_id), case_id)
    rapport = audit(service, case_id, peildag)
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
