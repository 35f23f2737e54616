"""`wlz data check`: the rule-set data and its doubts."""

from __future__ import annotations

import typer

from services.adapters.cli.common import app, console

data_app = typer.Typer(help="The rule-set data and its checks.", no_args_is_help=True)
app.add_typer(data_app, name="data")


@data_app.command("check")
def data_check() -> None:
    """Check the rule-set data as the tests do, and say plainly where the source is uncertain."""
    from services.regeling.artikelen.plafonds import controleer_kader
    from services.regeling.controle import controleer_bijlage_h, niet_beschikbaar
    from services.regeling.laden import plafond_jaren, plafonds
    from services.regeling.regelset import alle_regelsets

    fout = False
    vorige = None
    for regelset in alle_regelsets():
        data = regelset.data
        onjuist = [r for r in data.bijlage_h.values() if r.som_componenten() != r.totaal]
        console.print(f"regelset {regelset.versie}: Bijlage H {len(data.bijlage_h)} rijen, {len(onjuist)} met componenten ≠ totaal")
        for r in data.bijlage_h.values():
            if r.ocr_opmerking:
                console.print(f"  OCR-correctie {r.zorgprofiel}/{r.begeleiding_groeps.value}: {r.ocr_opmerking}")
        # every row adds up, every profile present, the figure checks (services/regeling/controle.py)
        for bevinding in [*controleer_bijlage_h(data, vorige), *niet_beschikbaar(data)]:
            console.print(f"  [red]FOUT[/] {bevinding.tekst}" if bevinding.fout else f"  {bevinding.tekst}")
            fout |= bevinding.fout
        fout |= bool(onjuist)
        vorige = data
    for jaar in plafond_jaren():
        controle = controleer_kader(*plafonds(jaar))
        kleur = "green" if controle.klopt else "red"
        console.print(f"plafonds {jaar}: [{kleur}]{'klopt' if controle.klopt else 'klopt NIET'}[/] - {controle.toelichting}")
        for p in controle.onzeker:
            console.print(f"  [yellow]ONZEKER[/] {p.regio}: {p.onzeker}")
        fout |= not controle.klopt
    if fout:
        raise typer.Exit(1)
