"""The budget of one calendar year, pro rata per day, built from a case's grants.

# Toelichting bij Bijlage H: "Alle bedragen zijn jaarbedragen"; a budget that starts or ends inside a
# year is taken per day (services.regeling.geld.pro_rata). Each part is prorated over its own period
# and rounded once; the total is the sum of the rounded parts, so the breakdown adds up to the cent.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from events.besluiten import Aanleiding, Berekeningsregel, BudgetVastgesteldPayload, LeveringsvormCode, Regiodeel
from events.codes import Leveringsvorm, ToeslagSoort
from services.domain.toestand import EKT, MEERZORG, CaseToestand, Component, Toekenning
from services.regeling.geld import Cent, pro_rata
from services.regeling.periode import Periode, vroegste


def _component_in(component: Component, binnen: Periode) -> Cent:
    begin = max(component.periode.van, binnen.van)
    eind = vroegste(component.periode.tot, binnen.tot)
    if eind is None or eind < begin:
        return 0
    return pro_rata(component.bedrag_per_jaar, begin, eind)


@dataclass(slots=True)
class _Deel:
    """What one grant makes available over some of its days (eurocent), with the lines that say so."""

    basis: Cent = 0
    korting: Cent = 0
    kwi: Cent = 0
    mpt: Cent = 0
    ekt: Cent = 0
    meerzorg: Cent = 0
    toeslagen: dict[ToeslagSoort, Cent] = field(default_factory=dict)
    pgb: Cent = 0
    regels: list[Berekeningsregel] = field(default_factory=list)

    @property
    def totaal(self) -> Cent:
        return self.basis - self.korting + self.ekt + sum(self.toeslagen.values()) + self.meerzorg + self.kwi


def _deel(t: Toekenning, deel: Periode) -> _Deel:
    """The amounts of grant `t` over the days of `deel` (closed, within one year), each prorated and rounded once."""
    assert deel.tot is not None
    periode = f"{deel.van.isoformat()} t/m {deel.tot.isoformat()}"
    uit = _Deel()
    regels = uit.regels
    b = pro_rata(t.basisbedrag_per_jaar, deel.van, deel.tot)
    # the reduction is what prorating the reduced basisbedrag leaves out, so that the budget is the
    # reduced basisbedrag prorated once (one rounding), not two rounded parts
    k = b - pro_rata(t.basisbedrag, deel.van, deel.tot)
    w = pro_rata(t.kleinschalig_per_jaar, deel.van, deel.tot)
    m = pro_rata(t.mpt_kosten_per_jaar, deel.van, deel.tot)
    uit.basis, uit.korting, uit.kwi, uit.mpt = b, k, w, m
    regels.append(Berekeningsregel(post="basisbedrag", bedrag=b, artikel="5.1 lid 2, Bijlage H", toelichting=periode))
    if k:
        regels.append(Berekeningsregel(post="deeltijd_korting", bedrag=-k, artikel="5.1 lid 3-4", toelichting=periode))
    if w:
        regels.append(Berekeningsregel(post="kleinschalig_wooninitiatief", bedrag=w, artikel="5.13", toelichting=periode))
    extra = extra_mpt = binnen = 0
    for c in t.componenten:
        bedrag = _component_in(c, deel)
        if not bedrag:
            continue
        if c.binnen_basisbedrag:  # art. 5.1b lid 4: MPT cost inside the basisbedrag, less room for the PGB
            binnen += bedrag
            regels.append(Berekeningsregel(post=c.soort, bedrag=bedrag, artikel=c.artikel, toelichting=f"{c.periode.van.isoformat()} e.v."))
            continue
        if c.alleen_mpt:
            extra_mpt += bedrag
        else:
            extra += bedrag
        regels.append(Berekeningsregel(post=c.soort, bedrag=bedrag, artikel=c.artikel, toelichting=f"{c.periode.van.isoformat()} e.v."))
        if c.soort == EKT:
            uit.ekt += bedrag
        elif c.soort == MEERZORG:
            uit.meerzorg += bedrag
        else:
            soort = ToeslagSoort(c.soort)
            uit.toeslagen[soort] = uit.toeslagen.get(soort, 0) + bedrag
    uit.mpt += extra_mpt + binnen
    if m:
        regels.append(Berekeningsregel(post="mpt_deel", bedrag=m, artikel="5.1 lid 2", toelichting=periode))
    if Leveringsvorm.PGB in t.leveringsvormen:
        # Regeling art. 5.1 lid 2: the PGB is what this grant makes available less its MPT, and
        # only over the days of a grant that includes a PGB; behandeling (alleen_mpt) is the MPT's.
        # Regeling art. 5.13: "Het zorgkantoor verhoogt het persoonsgebonden budget met ...": the raise
        # goes to the PGB whole, an MPT never consumes it.
        uit.pgb = max(0, b - k + extra - m - binnen) + w
    return uit


@dataclass(frozen=True, slots=True)
class _Stuk:
    """A grant's days under one region's indication, with their share (eurocent); a `Regiodeel` once the
    year turns out to have more than one region (most years have one: no contract model is built then)."""

    regio: str
    van: date
    tot: date
    totaal: Cent
    pgb: Cent


def _regiodelen(toestand: CaseToestand, t: Toekenning, deel: Periode, geheel: _Deel) -> list[_Stuk]:
    """The days of grant `t` in `deel` per region of the indication in force on them, with their share.

    # Regeling art. 5.10 with art. 8.12: each region's plafond carries the days under its indication.
    Each part but the last is computed over its own days like the budget (pro rata per day, rounded once,
    services/regeling/geld.py); the last part is the rest, so the parts sum to the grant's amounts exactly.
    """
    perioden = toestand.regio_perioden(deel, t.regio)
    uit: list[_Stuk] = []
    totaal, pgb = geheel.totaal, geheel.pgb
    for n, (regio, periode) in enumerate(perioden):
        assert periode.tot is not None
        if n == len(perioden) - 1:
            stuk_totaal, stuk_pgb = totaal, pgb
        else:
            stuk = _deel(t, periode)
            stuk_totaal, stuk_pgb = min(max(0, stuk.totaal), totaal), min(max(0, stuk.pgb), pgb)
        uit.append(_Stuk(regio, periode.van, periode.tot, stuk_totaal, stuk_pgb))
        totaal, pgb = totaal - stuk_totaal, pgb - stuk_pgb
    return uit


def _samengevoegd(stukken: list[_Stuk]) -> list[_Stuk]:
    """Consecutive parts of one region as one part (the first day of the first, the last of the last)."""
    uit: list[_Stuk] = []
    for d in sorted(stukken, key=lambda d: d.van):
        if uit and uit[-1].regio == d.regio:
            vorig = uit[-1]
            uit[-1] = _Stuk(d.regio, vorig.van, d.tot, vorig.totaal + d.totaal, vorig.pgb + d.pgb)
        else:
            uit.append(d)
    return uit


def jaarbudget(
    toestand: CaseToestand, jaar: int, peildatum: date, regelset: str, aanleiding: list[Aanleiding]
) -> BudgetVastgesteldPayload | None:
    """The budget of `jaar` from every MPT/PGB grant that falls in it, as decided on `peildatum` under
    `regelset`, or None when there is none.

    The one constructor of the yearly budget: the payload is built here, field by field, once. Days under
    the indications of more than one region are split per region and period (`per_regio`); `regio` is the
    region of the budget's last day.
    """
    delen: list[tuple[Toekenning, Periode]] = []
    for t in toestand.toekenningen:
        if t.thuis and (deel := t.periode.binnen_jaar(jaar)) is not None:
            delen.append((t, deel))
    if not delen:
        return None
    regels: list[Berekeningsregel] = []
    basis = korting = ekt = meerzorg = kwi = mpt = pgb = dagen = 0
    toeslagen: dict[ToeslagSoort, Cent] = {}
    regiodelen: list[_Stuk] = []
    # most cases know one region only: then nothing is split (the hot path of every budget)
    een_regio = len({r for _, r in toestand.regios} | {t.regio for t, _ in delen}) == 1
    for t, deel in delen:
        dagen += deel.dagen()
        d = _deel(t, deel)
        basis, korting, kwi, mpt, pgb = basis + d.basis, korting + d.korting, kwi + d.kwi, mpt + d.mpt, pgb + d.pgb
        ekt, meerzorg = ekt + d.ekt, meerzorg + d.meerzorg
        for soort, bedrag in d.toeslagen.items():
            toeslagen[soort] = toeslagen.get(soort, 0) + bedrag
        regels += d.regels
        if not een_regio:
            regiodelen += _regiodelen(toestand, t, deel, d)
    stukken = _samengevoegd(regiodelen)
    gesplitst = len({d.regio for d in stukken}) > 1
    laatste_regio = stukken[-1].regio if stukken else delen[-1][0].regio
    vormen = frozenset().union(*(t.leveringsvormen for t, _ in delen))
    laatste = delen[-1][0]
    eerste_dag, laatste_dag = delen[0][1].van, delen[-1][1].tot
    assert laatste_dag is not None
    extra_totaal = ekt + sum(toeslagen.values()) + meerzorg + kwi
    return BudgetVastgesteldPayload(
        peildatum=peildatum,
        regelset=regelset,
        artikelen=sorted({r.artikel for r in regels} | ({"5.10", "8.12"} if gesplitst else set())),
        berekening=regels,
        aanleiding=aanleiding,
        jaar=jaar,
        regio=laatste_regio,
        van=eerste_dag,
        tot=laatste_dag,
        dagen=dagen,
        leveringsvormen=[LeveringsvormCode.van(v) for v in sorted(vormen, key=lambda v: v.iwlz_code)],
        basisbedrag=basis,
        deeltijd_korting=korting,
        ekt=ekt,
        toeslagen=toeslagen,
        meerzorg=meerzorg,
        kleinschalig_wooninitiatief=kwi,
        totaal=basis - korting + extra_totaal,
        mpt_deel=mpt,
        pgb_deel=pgb,
        gewaarborgde_hulp=laatste.gewaarborgde_hulp,
        per_regio=[Regiodeel(regio=d.regio, ingangsdatum=d.van, einddatum=d.tot, totaal=d.totaal, pgb_deel=d.pgb) for d in stukken]
        if gesplitst
        else [],
    )


def pgb_maximum(toestand: CaseToestand, jaar: int, ekt_procent: int) -> Cent:
    """The most the rules allow as PGB in `jaar` given what was granted, computed apart from
    `jaarbudget` for the aggregate's invariant: the basisbedrag after deeltijd, the EKT granted but never
    above 25% of it (art. 5.1a), the toeslagen (not behandeling) and meerzorg granted, less the MPT, plus
    the kleinschalig raise (art. 5.13)."""
    maximum = 0
    for t in toestand.toekenningen:
        if not t.thuis or Leveringsvorm.PGB not in t.leveringsvormen:
            continue
        deel = t.periode.binnen_jaar(jaar)
        if deel is None or deel.tot is None:
            continue
        ekt_grens = t.basisbedrag * ekt_procent // 100 + 1
        extra = sum(
            _component_in(c if c.soort != EKT else replace(c, bedrag_per_jaar=min(c.bedrag_per_jaar, ekt_grens)), deel)
            for c in t.componenten
            if not c.alleen_mpt
        )
        binnen = sum(_component_in(c, deel) for c in t.componenten if c.binnen_basisbedrag)
        basis = pro_rata(t.basisbedrag, deel.van, deel.tot)
        kwi = pro_rata(t.kleinschalig_per_jaar, deel.van, deel.tot)
        # slack of one cent per separately rounded part (each part is rounded half up on its own)
        maximum += max(0, basis + extra - pro_rata(t.mpt_kosten_per_jaar, deel.van, deel.tot) - binnen) + kwi + 3 + len(t.componenten)
    return max(0, maximum)
