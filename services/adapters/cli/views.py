"""How decisions and budgets look to a person (rich tables); kept apart from the CLI's wiring."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from events import AnyEvent
from events import besluiten as b
from events import inbound as i
from services.domain.toestand import CaseToestand
from services.regeling.geld import als_euro


def _vormen(codes: list[b.LeveringsvormCode]) -> str:
    return " + ".join(f"{c.leveringsvorm.value} ({c.iwlz_code})" for c in codes)


def samenvatting(event: AnyEvent) -> str:
    """One line per event, in Dutch, with the article(s) applied."""
    match event:
        case i.IndicatieOntvangen(payload=p):
            return f"indicatie {p.indicatiebesluit_id}: {p.zorgprofiel}, regio {p.regio}, vanaf {p.ingangsdatum}"
        case i.IndicatieBeeindigd(payload=p):
            return f"indicatie {p.indicatiebesluit_id} beëindigd per {p.einddatum} ({p.reden})"
        case i.LeveringsvormAangevraagd(payload=p):
            return f"aanvraag {' + '.join(v.value for v in p.leveringsvormen)} vanaf {p.ingangsdatum}"
        case i.EKTAangevraagd(payload=p) | i.MeerzorgAangevraagd(payload=p):
            soort = event.event_type.removesuffix("Aangevraagd")
            return f"aanvraag {soort}: zorgkosten {als_euro(p.zorgkosten_per_jaar)}/jaar vanaf {p.ingangsdatum}"
        case i.BehandelingAangevraagd(payload=p):
            return f"aanvraag behandeling {p.zorgvorm.value} {als_euro(p.kosten_per_jaar)}/jaar vanaf {p.ingangsdatum}"
        case i.AdlPgbAangevraagd(payload=p):
            return f"aanvraag pgb ADL-woning ({len(p.functies)} functies) vanaf {p.ingangsdatum}"
        case b.BehandelingToegekend(payload=p):
            return (
                f"BEHANDELING {als_euro(p.binnen_kader_per_jaar)} binnen kader + {als_euro(p.uit_basisbedrag_per_jaar)} uit het "
                f"basisbedrag /jaar vanaf {p.ingangsdatum} [art. {', '.join(p.artikelen)}]"
            )
        case b.AdlPgbToegekend(payload=p):
            return f"PGB ADL-WONING {als_euro(p.bedrag_per_jaar)}/jaar {p.ingangsdatum} t/m {p.einddatum} [art. {', '.join(p.artikelen)}]"
        case i.ToeslagAangevraagd(payload=p):
            return f"aanvraag toeslag {p.soort.value} {als_euro(p.bedrag_per_jaar)}/jaar vanaf {p.ingangsdatum}"
        case b.LeveringsvormToegekend(payload=p):
            extra = f", deeltijd {p.deeltijdverblijf_etmalen}/14" if p.deeltijdverblijf_etmalen else ""
            extra += ", overbrugging" if p.overbrugging else ""
            eind = f" t/m {p.einddatum}" if p.einddatum else ""
            return f"TOEGEKEND {_vormen(p.leveringsvormen)} vanaf {p.ingangsdatum}{eind}{extra} [art. {', '.join(p.artikelen)}]"
        case (
            b.LeveringsvormAfgewezen(payload=p)
            | b.EKTAfgewezen(payload=p)
            | b.MeerzorgAfgewezen(payload=p)
            | b.ToeslagAfgewezen(payload=p)
            | b.BehandelingAfgewezen(payload=p)
            | b.AdlPgbAfgewezen(payload=p)
        ):
            return f"AFGEWEZEN {event.event_type.removesuffix('Afgewezen')} [art. {p.artikel}]: {p.reden}"
        case b.LeveringsvormBeeindigd(payload=p):
            return f"BEËINDIGD {_vormen(p.leveringsvormen)} per {p.einddatum} ({p.reden})"
        case b.EKTToegekend(payload=p):
            return f"EKT {als_euro(p.bedrag_per_jaar)}/jaar (max {als_euro(p.maximum_per_jaar)}) vanaf {p.ingangsdatum} [art. 5.1a]" + (
                f"; tekort {als_euro(p.tekort_per_jaar)}" if p.tekort_per_jaar else ""
            )
        case b.MeerzorgGestart(payload=p):
            return f"MEERZORG {als_euro(p.bedrag_per_jaar)}/jaar vanaf {p.ingangsdatum} [art. 5.1e]"
        case b.ToeslagToegekend(payload=p):
            return f"TOESLAG {p.soort.value} {als_euro(p.bedrag_per_jaar)}/jaar vanaf {p.ingangsdatum} [art. {p.artikel}]"
        case b.BudgetVastgesteld(payload=p):
            delen = f"mpt {als_euro(p.mpt_deel)}, pgb {als_euro(p.pgb_deel)}"
            geweigerd = p.plafondtoets.geweigerd if p.plafondtoets else 0
            plafond = f"; pgb geweigerd {als_euro(geweigerd)} [art. 5.10, 4:25 lid 2 Awb]" if geweigerd else ""
            return f"BUDGET {p.jaar}: totaal {als_euro(p.totaal)} ({delen}) over {p.dagen} dagen{plafond}"
        case b.PgbPlafondHerzien(payload=p):
            return f"PGB HERZIEN {p.jaar}: {als_euro(p.pgb_voor)} -> {als_euro(p.pgb_na)} [art. {', '.join(p.artikelen)}]: {p.toelichting}"
    return event.event_type


def besluiten_tabel(titel: str, events: Iterable[AnyEvent]) -> Table:
    tabel = Table(title=titel, title_justify="left", show_lines=False, expand=False)
    tabel.add_column("soort", style="bold")
    tabel.add_column("inhoud", overflow="fold")
    for event in events:
        tabel.add_row(event.event_type, escape(samenvatting(event)))
    return tabel


def budget_tabel(budgetten: list[tuple[str, b.BudgetVastgesteldPayload]]) -> Table:
    tabel = Table(title="Budgetten per cliënt en jaar (pro rata per dag)", title_justify="left")
    for kolom in (
        "cliënt",
        "regio",
        "jaar",
        "dagen",
        "basisbedrag",
        "deeltijd",
        "EKT",
        "toeslagen",
        "meerzorg",
        "kwi",
        "totaal",
        "mpt",
        "pgb",
    ):
        if kolom in ("cliënt", "regio"):
            tabel.add_column(kolom)
        else:
            tabel.add_column(kolom, justify="right", no_wrap=True)
    for naam, p in budgetten:
        tabel.add_row(
            naam,
            p.regio,
            str(p.jaar),
            str(p.dagen),
            als_euro(p.basisbedrag),
            als_euro(-p.deeltijd_korting),
            als_euro(p.ekt),
            als_euro(sum(p.toeslagen.values())),
            als_euro(p.meerzorg),
            als_euro(p.kleinschalig_wooninitiatief),
            als_euro(p.totaal),
            als_euro(p.mpt_deel),
            als_euro(p.pgb_deel),
        )
    return tabel


def toon_case(console: Console, case_id: UUID, toestand: CaseToestand, historie: list[AnyEvent]) -> None:
    if toestand.indicatie:
        ind = toestand.indicatie
        eind = ind.periode.tot.isoformat() if ind.periode.tot else "open"
        console.print(f"[bold]case {case_id}[/]  zorgprofiel {ind.zorgprofiel}, regio {ind.regio}, indicatie {ind.periode.van} t/m {eind}")
    for t in toestand.toekenningen:
        eind = t.periode.tot.isoformat() if t.periode.tot else "open"
        vormen = " + ".join(sorted(v.value for v in t.leveringsvormen))
        console.print(f"  toekenning {vormen}: {t.periode.van} t/m {eind}, basisbedrag {als_euro(t.basisbedrag)}/jaar")
    for jaar, totaal, pgb in toestand.budgetten:
        console.print(f"  budget {jaar}: totaal {als_euro(totaal)}, pgb {als_euro(pgb)}")
    console.print(besluiten_tabel("Historie", historie))


def plafond_tabel(regels: list[Any], titel: str) -> Table:
    """The regional ledger: granted PGB against the plafond of art. 8.8/8.10/8.12."""
    tabel = Table(title=titel, title_justify="left")
    tabel.add_column("regio")
    tabel.add_column("jaar", justify="right")
    for kolom in ("plafond", "toegekend pgb", "ruimte", "gebruikt"):
        tabel.add_column(kolom, justify="right", no_wrap=True)
    tabel.add_column("art.")
    tabel.add_column("opmerking", overflow="fold")
    for r in regels:
        tabel.add_row(
            r.regio,
            str(r.jaar),
            "onzeker" if r.plafond is None else als_euro(r.plafond),
            als_euro(r.toegekend_pgb),
            "" if r.ruimte is None else als_euro(r.ruimte),
            "" if r.percentage is None else f"{r.percentage} %",
            r.artikel,
            escape(r.onzeker),
        )
    return tabel
