"""`wlz data check`: the rule-set data and its doubts."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from services.adapters.cli.common import app, console

data_app = typer.Typer(help="The rule-set data and its checks.", no_args_is_help=True)
app.add_typer(data_app, name="data")


@data_app.command("check")
def data_check(as_json: Annotated[bool, typer.Option("--json", help="the findings as JSON")] = False) -> None:
    """Check the rule-set data as the tests do, and say plainly where the source is uncertain (exit 1 on an error)."""
    from services.regeling.artikelen.plafonds import controleer_kader
    from services.regeling.controle import controleer_bijlage_h, niet_beschikbaar
    from services.regeling.laden import plafond_jaren, plafonds
    from services.regeling.regelset import alle_regelsets

    rapport: dict[str, Any] = {"regelsets": [], "plafonds": [], "fout": False}
    vorige = None
    for regelset in alle_regelsets():
        data = regelset.data
        onjuist = [r for r in data.bijlage_h.values() if r.som_componenten() != r.totaal]
        # every row adds up, every profile present, the figure checks (services/regeling/controle.py)
        bevindingen = [*controleer_bijlage_h(data, vorige), *niet_beschikbaar(data)]
        rapport["regelsets"].append(
            {
                "versie": regelset.versie,
                "bijlage_h_rijen": len(data.bijlage_h),
                "componenten_ongelijk_totaal": len(onjuist),
                "ocr_correcties": [
                    {"zorgprofiel": r.zorgprofiel, "begeleiding_groeps": r.begeleiding_groeps.value, "opmerking": r.ocr_opmerking}
                    for r in data.bijlage_h.values()
                    if r.ocr_opmerking
                ],
                "bevindingen": [{"tekst": b.tekst, "fout": b.fout} for b in bevindingen],
            }
        )
        rapport["fout"] |= bool(onjuist) or any(b.fout for b in bevindingen)
        vorige = data
    for jaar in plafond_jaren():
        controle = controleer_kader(*plafonds(jaar))
        rapport["plafonds"].append(
            {
                "jaar": jaar,
                "klopt": controle.klopt,
                "toelichting": controle.toelichting,
                "onzeker": [{"regio": p.regio, "onzeker": p.onzeker} for p in controle.onzeker],
            }
        )
        rapport["fout"] |= not controle.klopt
    if as_json:
        typer.echo(json.dumps(rapport, ensure_ascii=False, indent=2, default=str))
    else:
        for r in rapport["regelsets"]:
            ongelijk = r["componenten_ongelijk_totaal"]
            console.print(f"regelset {r['versie']}: Bijlage H {r['bijlage_h_rijen']} rijen, {ongelijk} met componenten ≠ totaal")
            for c in r["ocr_correcties"]:
                console.print(f"  OCR-correctie {c['zorgprofiel']}/{c['begeleiding_groeps']}: {c['opmerking']}")
            for b in r["bevindingen"]:
                console.print(f"  [red]FOUT[/] {b['tekst']}" if b["fout"] else f"  {b['tekst']}")
        for p in rapport["plafonds"]:
            kleur = "green" if p["klopt"] else "red"
            console.print(f"plafonds {p['jaar']}: [{kleur}]{'klopt' if p['klopt'] else 'klopt NIET'}[/] - {p['toelichting']}")
            for o in p["onzeker"]:
                console.print(f"  [yellow]ONZEKER[/] {o['regio']}: {o['onzeker']}")
    if rapport["fout"]:
        raise typer.Exit(1)
