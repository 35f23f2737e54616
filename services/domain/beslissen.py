"""The policy: one inbound event and the case's state in, the zorgkantoor's decisions out.

Pure: the same state, event and clock give the same decisions, with the same event ids (derived from
the inbound event id), which is what lets an audit recompute a decision and compare it to the record.
The rule set is chosen by the decision's peildatum: the date from which what is decided applies.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar
from uuid import UUID, uuid5

from events import DecisionEvent, InboundEvent
from events import besluiten as b
from events import inbound as i
from events.codes import Leveringsvorm, ToeslagSoort
from services.domain.budget import jaarbudget
from services.domain.toestand import EKT, MEERZORG, CaseToestand, Indicatie, Toekenning, toepassen
from services.regeling.artikelen import Ontbreekt, Weigering
from services.regeling.artikelen.ekt import ekt_maximum
from services.regeling.artikelen.leveringsvorm import (
    toets_alleen_verblijf,
    toets_minderjarige_ggz_wonen,
    toets_overbrugging,
    zorgprofiel_op,
)
from services.regeling.artikelen.toeslagen import einde_minderjarigheid
from services.regeling.geld import Cent, als_euro
from services.regeling.model import BijlageHRij
from services.regeling.periode import dag_ervoor
from services.regeling.regelset import RegelSet, alle_regelsets, regelset_op

E = TypeVar("E", bound=DecisionEvent)


@dataclass
class _Besluiten:
    """Collects the decisions on one inbound event, with ids derived from it and state kept current."""

    case_id: UUID
    oorzaak: InboundEvent
    tijdstip: datetime
    toestand: CaseToestand
    besluiten: list[DecisionEvent]
    plafond: b.Plafondstand | None = None

    def voeg_toe(self, klasse: type[E], payload: Any) -> E:
        besluit = klasse(
            event_id=uuid5(self.oorzaak.event_id, f"{len(self.besluiten)}:{klasse.__name__}"),
            occurred_at=self.tijdstip,
            recorded_at=self.tijdstip,
            correlation_id=self.oorzaak.correlation_id or self.oorzaak.event_id,
            causation_id=self.oorzaak.event_id,
            case_id=self.case_id,
            payload=payload,
        )
        self.besluiten.append(besluit)
        self.toestand = toepassen(self.toestand, besluit)
        return besluit

    def budgetten(self, jaren: set[int], peildatum: date) -> None:
        """A BudgetVastgesteld for every year touched whose rule set exists (no invented years), naming
        the decisions on this event that changed it."""
        aanleiding = [
            b.Aanleiding(event_id=x.event_id, event_type=x.event_type, artikel=_ARTIKEL_VAN.get(x.event_type) or _toeslag_artikel(x))
            for x in self.besluiten
            if not isinstance(x, b.BudgetVastgesteld) and not x.event_type.endswith("Afgewezen")
        ]
        for jaar in sorted(jaren):
            regelset = _regelset_van_jaar(jaar)
            budget = jaarbudget(self.toestand, jaar)
            if regelset is None or budget is None or not _bedragen_van_jaar(self.toestand, jaar, regelset):
                continue
            assert budget.van.tot is not None
            self.voeg_toe(
                b.BudgetVastgesteld,
                b.BudgetVastgesteldPayload(
                    aanleiding=aanleiding,
                    peildatum=peildatum,
                    regelset=regelset.versie,
                    artikelen=sorted({r.artikel for r in budget.berekening}),
                    berekening=list(budget.berekening),
                    jaar=jaar,
                    regio=budget.regio,
                    van=budget.van.van,
                    tot=budget.van.tot,
                    dagen=budget.dagen,
                    leveringsvormen=_codes(budget.leveringsvormen),
                    basisbedrag=budget.basisbedrag,
                    deeltijd_korting=budget.deeltijd_korting,
                    ekt=budget.ekt,
                    toeslagen=budget.toeslagen,
                    meerzorg=budget.meerzorg,
                    kleinschalig_wooninitiatief=budget.kleinschalig_wooninitiatief,
                    totaal=budget.totaal,
                    mpt_deel=budget.mpt_deel,
                    pgb_deel=budget.pgb_deel,
                    gewaarborgde_hulp=budget.gewaarborgde_hulp,
                ),
            )


_ARTIKEL_VAN = {
    "LeveringsvormToegekend": "5.1",
    "LeveringsvormBeeindigd": "3.3.1 Wlz",
    "EKTToegekend": "5.1a",
    "MeerzorgGestart": "5.1e",
}


def _toeslag_artikel(besluit: DecisionEvent) -> str:
    return besluit.payload.artikel if isinstance(besluit, b.ToeslagToegekend) else ""


def _regelset_van_jaar(jaar: int) -> RegelSet | None:
    return next((r for r in alle_regelsets() if r.data.jaar == jaar), None)


def _bedragen_van_jaar(toestand: CaseToestand, jaar: int, regelset: RegelSet) -> bool:
    """Whether every MPT/PGB grant in `jaar` was decided under that year's rule set.

    # Toelichting bij Bijlage H: "Alle bedragen zijn jaarbedragen". A grant decided under the 2020 table
    # that runs into 2021 carries 2020 amounts; the 2021 budget needs Bijlage H 2021, which this service
    # does not hold (data/2021/regelset.toml), so no 2021 budget is set from it rather than a guessed one.
    """
    return all(
        t.regelset == regelset.versie for t in toestand.toekenningen if t.thuis and t.periode.binnen_jaar(jaar) is not None
    )


def _codes(vormen: frozenset[Leveringsvorm] | list[Leveringsvorm]) -> list[b.LeveringsvormCode]:
    return [b.LeveringsvormCode.van(v) for v in sorted(vormen, key=lambda v: v.iwlz_code)]


def _jaren(van: date, tot: date | None) -> set[int]:
    laatste = tot.year if tot is not None else max([van.year, *(r.data.jaar for r in alle_regelsets())])
    return set(range(van.year, laatste + 1))


def beslis(
    toestand: CaseToestand, event: InboundEvent, case_id: UUID, tijdstip: datetime, plafond: b.Plafondstand | None = None
) -> list[DecisionEvent]:
    """The decisions on `event` (none for an event already handled: redelivery changes nothing).

    `plafond` is the regional plafond ledger as seen when deciding a PGB; it is recorded in the decision,
    so replaying the decision with the recorded value gives the same outcome.
    """
    if event.event_id in toestand.verwerkt:
        return []
    besluiten = _Besluiten(case_id, event, tijdstip, toepassen(toestand, event), [], plafond)
    behandelaar: Callable[[_Besluiten, Any], None] | None = _BEHANDELAARS.get(type(event))
    if behandelaar is not None:
        behandelaar(besluiten, event)
    return besluiten.besluiten


# --- leveringsvorm ---------------------------------------------------------------------------------


def _indicatie_op(toestand: CaseToestand, dag: date) -> None:
    """# Wlz art. 3.2.1 / 3.3.1: no care without a valid indicatiebesluit on the date; and none after it ends."""
    if toestand.gewist:
        raise Weigering("17 AVG", "de persoonsgegevens van deze verzekerde zijn gewist; er wordt niet meer beslist")
    if toestand.indicatie is None:
        raise Weigering("3.2.1 Wlz", "er is geen indicatiebesluit van het CIZ voor deze verzekerde")
    if not toestand.indicatie_geldig_op(dag):
        periode = toestand.indicatie.periode
        raise Weigering(
            "3.2.1 Wlz",
            f"het indicatiebesluit geldt van {periode.van.isoformat()}"
            + (f" tot en met {periode.tot.isoformat()}" if periode.tot else "")
            + f", niet op {dag.isoformat()}",
        )


def _geboortedatum(indicatie: Indicatie) -> date:
    if indicatie.geboortedatum is None:  # only after erasure, which _indicatie_op refuses first
        raise Weigering("17 AVG", "de geboortedatum is gewist")
    return indicatie.geboortedatum


def _leveringsvorm(besluiten: _Besluiten, event: i.LeveringsvormAangevraagd) -> None:
    p = event.payload
    vormen = frozenset(p.leveringsvormen)
    try:
        _leveringsvorm_toekennen(besluiten, p, vormen)
    except Weigering as weigering:
        regelset = _versie_of_onbekend(p.ingangsdatum)
        besluiten.voeg_toe(
            b.LeveringsvormAfgewezen,
            b.LeveringsvormAfgewezenPayload(
                peildatum=p.ingangsdatum,
                regelset=regelset,
                artikelen=[weigering.artikel],
                aanvraag=event.event_type,
                reden=weigering.reden,
                artikel=weigering.artikel,
                ontbreekt=getattr(weigering, "ontbreekt", None),
                leveringsvormen=_codes(p.leveringsvormen),
                plafond=besluiten.plafond if Leveringsvorm.PGB in vormen else None,
            ),
        )


def _versie_of_onbekend(dag: date) -> str:
    try:
        return regelset_op(dag).versie
    except Ontbreekt:
        return "geen"


def _leveringsvorm_toekennen(besluiten: _Besluiten, p: i.LeveringsvormAangevraagdPayload, vormen: frozenset[Leveringsvorm]) -> None:
    toestand = besluiten.toestand
    _indicatie_op(toestand, p.ingangsdatum)
    indicatie = toestand.indicatie
    assert indicatie is not None
    regelset = regelset_op(p.ingangsdatum)
    data = regelset.data
    profiel = zorgprofiel_op(data, indicatie.zorgprofiel, p.ingangsdatum)
    toets_minderjarige_ggz_wonen(data, profiel, _geboortedatum(indicatie), p.ingangsdatum)
    if Leveringsvorm.PGB in vormen:  # the PGB articles first: they are the specific ones
        regelset.toets_pgb(data, profiel.code, p.pgb_op_31_december_2019, p.gewaarborgde_hulp)
    pgb_overgangsrecht = p.pgb_op_31_december_2019 and profiel.code in data.parameters.pgb_uitgesloten_tenzij_pgb_op_peildatum
    toets_alleen_verblijf(data, profiel, vormen, p.overbrugging, pgb_overgangsrecht)
    plafond = besluiten.plafond if Leveringsvorm.PGB in vormen else None
    toelichting = _plafond_toets(plafond)
    tot = p.einddatum
    if indicatie.periode.tot is not None:
        tot = indicatie.periode.tot if tot is None else min(tot, indicatie.periode.tot)
    artikelen = ["3.3.1 Wlz"]
    basis = korting = kwi = 0
    ekt_uitkomst = None
    meerzorg = 0
    berekening: list[b.Berekeningsregel] = []
    if p.overbrugging:
        toets_overbrugging(data, profiel, p.ingangsdatum, tot, p.zicht_op_opname)
        artikelen += ["5.3", "2.5 lid 2"]
    elif vormen & {Leveringsvorm.MPT, Leveringsvorm.PGB}:
        if Leveringsvorm.PGB in vormen:
            artikelen += ["5.5", "5.6"]
        rij: BijlageHRij = regelset.bijlage_h_rij(data, profiel.code, p.begeleiding_groeps)
        if p.deeltijdverblijf_etmalen is not None:
            regelset.toets_deeltijdverblijf(data, profiel.code, profiel.sector, p.deeltijdverblijf_etmalen, vormen, p.logeeropvang)
            artikelen += ["1.1", "5.2"]
        bedrag = regelset.basisbedrag(rij, p.deeltijdverblijf_etmalen)
        basis, korting = bedrag.bijlage_h, bedrag.deeltijd_korting
        artikelen += ["5.1"] + (["5.1 lid 3", "5.1 lid 4"] if korting else [])
        berekening.append(
            b.Berekeningsregel(
                post="basisbedrag",
                bedrag=basis,
                artikel="5.1 lid 2, Bijlage H",
                toelichting=f"{profiel.code}, begeleiding groeps {p.begeleiding_groeps.value}",
            )
        )
        if korting:
            berekening.append(
                b.Berekeningsregel(
                    post="deeltijd_korting",
                    bedrag=-korting,
                    artikel="5.1 lid 3-4",
                    toelichting=(
                        f"{p.deeltijdverblijf_etmalen} van 14 etmalen verblijf; "
                        f"groepsbegeleiding {als_euro(bedrag.begeleiding_groeps)} blijft heel"
                    ),
                )
            )
        if Leveringsvorm.PGB in vormen and p.kleinschalig_wooninitiatief:
            kwi, artikel_kwi = regelset.kleinschalig_wooninitiatief(data, profiel.code, p.zzp_vv_4_tot_8_op_31_december_2014)
            artikelen.append(artikel_kwi)
            berekening.append(b.Berekeningsregel(post="kleinschalig_wooninitiatief", bedrag=kwi, artikel=artikel_kwi))
        beschikbaar = bedrag.bedrag + kwi
        behoefte = p.zorgkosten_per_jaar if p.zorgkosten_per_jaar is not None else p.mpt_kosten_per_jaar
        ekt_uitkomst = regelset.ekt_toekenning(data, bedrag.bedrag, behoefte - beschikbaar)
        if ekt_uitkomst.toegekend:
            artikelen.append("5.1a")
        if ekt_uitkomst.tekort:
            if p.meerzorg is None:
                raise Weigering(
                    "5.1 lid 1",
                    f"de zorg thuis kost {als_euro(behoefte)} per jaar; ook met de maximale extra kosten thuis "
                    f"({als_euro(ekt_uitkomst.maximum)}, art. 5.1a) blijft {als_euro(ekt_uitkomst.tekort)} tekort: niet "
                    "doelmatig thuis te leveren. Meerzorg (art. 5.1e) of art. 5.1f kan worden aangevraagd",
                )
            meerzorg = regelset.meerzorg_bedrag(ekt_uitkomst.tekort, ekt_uitkomst.uitgeput, p.meerzorg.voldoet_aan_art_2_2)
            artikelen += ["5.1e", "2.2"]
    for eerder in toestand.toekenningen:
        # Regeling art. 7.12: care "herzien door wijziging van de leveringsvorm" - the form before ends
        # the day before, as a decision of its own (the CAK hears of both)
        if eerder.periode.bevat(p.ingangsdatum) and eerder.periode.van < p.ingangsdatum:
            nieuw = " + ".join(v.value for v in sorted(vormen, key=lambda v: v.iwlz_code))
            _beeindig(besluiten, eerder, dag_ervoor(p.ingangsdatum), f"leveringsvorm gewijzigd in {nieuw}", p.ingangsdatum)
    toegekend = besluiten.voeg_toe(
        b.LeveringsvormToegekend,
        b.LeveringsvormToegekendPayload(
            peildatum=p.ingangsdatum,
            regelset=regelset.versie,
            artikelen=artikelen,
            berekening=berekening,
            zorgprofiel=profiel.code,
            regio=indicatie.regio,
            leveringsvormen=_codes(vormen),
            ingangsdatum=p.ingangsdatum,
            einddatum=tot,
            begeleiding_groeps=p.begeleiding_groeps,
            deeltijdverblijf_etmalen=p.deeltijdverblijf_etmalen,
            overbrugging=p.overbrugging,
            gewaarborgde_hulp=p.gewaarborgde_hulp,
            basisbedrag_per_jaar=basis,
            deeltijd_korting_per_jaar=korting,
            kleinschalig_wooninitiatief_per_jaar=kwi,
            mpt_kosten_per_jaar=p.mpt_kosten_per_jaar,
            zorgkosten_per_jaar=p.zorgkosten_per_jaar,
            plafond=plafond,
            toelichting=toelichting,
        ),
    )
    if ekt_uitkomst is not None and ekt_uitkomst.toegekend:
        _ekt_besluit(besluiten, regelset, p.ingangsdatum, tot, ekt_uitkomst.toegekend, ekt_uitkomst.maximum, ekt_uitkomst.tekort)
    if meerzorg:
        _meerzorg_besluit(besluiten, regelset, p.ingangsdatum, tot, meerzorg)
    jaren = _jaren(p.ingangsdatum, tot)
    for t in toestand.toekenningen:  # a grant this one ends early changes the budget of its years too
        if t.besluit_id != toegekend.event_id and t.thuis and (t.periode.tot is None or t.periode.tot >= p.ingangsdatum):
            jaren |= _jaren(p.ingangsdatum, t.periode.tot)
    besluiten.budgetten(jaren, p.ingangsdatum)


def _plafond_toets(plafond: b.Plafondstand | None) -> str:
    """# Regeling art. 5.10 with art. 8.12: PGBs are granted within the regional plafond. At or over 100%
    the zorgkantoor's policy decides: refuse a new PGB, or grant it with a warning (the default)."""
    if plafond is None or not plafond.vol:
        return ""
    stand = f"het pgb-plafond {plafond.jaar} van regio {plafond.regio} is voor {plafond.percentage}% benut (art. 8.12)"
    if plafond.beleid == "weigeren":
        raise Weigering("5.10", f"{stand}; beleid: geen nieuwe pgb's boven het plafond")
    return f"WAARSCHUWING: {stand}; beleid: toestaan met waarschuwing"


def _ekt_besluit(besluiten: _Besluiten, regelset: RegelSet, van: date, tot: date | None, bedrag: Cent, maximum: Cent, tekort: Cent) -> None:
    besluiten.voeg_toe(
        b.EKTToegekend,
        b.EKTToegekendPayload(
            peildatum=van,
            regelset=regelset.versie,
            artikelen=["5.1a"],
            berekening=[
                b.Berekeningsregel(post="ekt", bedrag=bedrag, artikel="5.1a"),
                b.Berekeningsregel(
                    post="ekt_maximum",
                    bedrag=maximum,
                    artikel="5.1a",
                    toelichting=f"{regelset.data.parameters.ekt_maximum_procent}% van het basisbedrag",
                ),
            ],
            toelichting="" if not tekort else f"ook met de maximale EKT blijft {als_euro(tekort)} per jaar tekort (art. 5.1e, 5.1f)",
            ingangsdatum=van,
            einddatum=tot,
            bedrag_per_jaar=bedrag,
            maximum_per_jaar=maximum,
            tekort_per_jaar=tekort,
            uitgeput=bedrag >= maximum,
        ),
    )


def _meerzorg_besluit(besluiten: _Besluiten, regelset: RegelSet, van: date, tot: date | None, bedrag: Cent) -> None:
    besluiten.voeg_toe(
        b.MeerzorgGestart,
        b.MeerzorgGestartPayload(
            peildatum=van,
            regelset=regelset.versie,
            artikelen=["5.1e", "2.2"],
            berekening=[
                b.Berekeningsregel(
                    post="meerzorg", bedrag=bedrag, artikel="5.1e lid 3-4", toelichting="boven Bijlage H: het tekort na art. 5.1 t/m 5.1d"
                )
            ],
            ingangsdatum=van,
            einddatum=tot,
            bedrag_per_jaar=bedrag,
        ),
    )


# --- requests on a granted MPT/PGB -------------------------------------------------------------------


def _thuis_toekenning(toestand: CaseToestand, dag: date, artikel: str) -> Toekenning:
    _indicatie_op(toestand, dag)
    toekenning = toestand.toekenning_op(dag)
    if toekenning is None or not toekenning.thuis:
        raise Weigering(artikel, f"er is op {dag.isoformat()} geen modulair pakket thuis of pgb toegekend (buiten overbruggingszorg)")
    return toekenning


def _afwijzing(besluiten: _Besluiten, klasse: type[E], event: InboundEvent, dag: date, weigering: Weigering) -> None:
    besluiten.voeg_toe(
        klasse,
        b.Afwijzing(
            peildatum=dag,
            regelset=_versie_of_onbekend(dag),
            artikelen=[weigering.artikel],
            aanvraag=event.event_type,
            reden=weigering.reden,
            artikel=weigering.artikel,
            ontbreekt=getattr(weigering, "ontbreekt", None),
        ),
    )


def _einde(toekenning: Toekenning, tot: date | None) -> date | None:
    if toekenning.periode.tot is None:
        return tot
    return toekenning.periode.tot if tot is None else min(tot, toekenning.periode.tot)


def _ekt(besluiten: _Besluiten, event: i.EKTAangevraagd) -> None:
    p = event.payload
    try:
        toekenning = _thuis_toekenning(besluiten.toestand, p.ingangsdatum, "5.1a")
        regelset = regelset_op(p.ingangsdatum)
        tekort = p.zorgkosten_per_jaar - toekenning.beschikbaar_voor_ekt(p.ingangsdatum)
        if tekort <= 0:
            raise Weigering(
                "5.1a", f"de zorgkosten ({als_euro(p.zorgkosten_per_jaar)} per jaar) passen binnen wat beschikbaar is; geen verhoging nodig"
            )
        uitkomst = regelset.ekt_toekenning(regelset.data, toekenning.basisbedrag, tekort)
    except Weigering as weigering:
        _afwijzing(besluiten, b.EKTAfgewezen, event, p.ingangsdatum, weigering)
        return
    tot = _einde(toekenning, p.einddatum)
    _ekt_besluit(besluiten, regelset, p.ingangsdatum, tot, uitkomst.toegekend, uitkomst.maximum, uitkomst.tekort)
    besluiten.budgetten(_jaren(p.ingangsdatum, tot), p.ingangsdatum)


def _meerzorg(besluiten: _Besluiten, event: i.MeerzorgAangevraagd) -> None:
    """# Regeling art. 5.1e: first the full EKT (art. 5.1a), then meerzorg for what is still short."""
    p = event.payload
    dag = p.ingangsdatum
    try:
        toekenning = _thuis_toekenning(besluiten.toestand, dag, "5.1e")
        regelset = regelset_op(dag)
    except Weigering as weigering:
        _afwijzing(besluiten, b.MeerzorgAfgewezen, event, dag, weigering)
        return
    tot = _einde(toekenning, p.einddatum)
    uitkomst = regelset.ekt_toekenning(regelset.data, toekenning.basisbedrag, p.zorgkosten_per_jaar - toekenning.beschikbaar_voor_ekt(dag))
    gewijzigd = uitkomst.toegekend > toekenning.bedrag_op(EKT, dag)
    if gewijzigd:
        _ekt_besluit(besluiten, regelset, dag, tot, uitkomst.toegekend, uitkomst.maximum, uitkomst.tekort)
    try:
        bedrag = regelset.meerzorg_bedrag(uitkomst.tekort, uitkomst.uitgeput, p.voldoet_aan_art_2_2)
    except Weigering as weigering:
        _afwijzing(besluiten, b.MeerzorgAfgewezen, event, dag, weigering)
    else:
        _meerzorg_besluit(besluiten, regelset, dag, tot, bedrag)
        gewijzigd = True
    if gewijzigd:
        besluiten.budgetten(_jaren(dag, tot), dag)


def _toeslag(besluiten: _Besluiten, event: i.ToeslagAangevraagd) -> None:
    p = event.payload
    dag = p.ingangsdatum
    artikel = p.soort.artikel
    try:
        toestand = besluiten.toestand
        toekenning = _thuis_toekenning(toestand, dag, artikel)
        regelset = regelset_op(dag)
        data = regelset.data
        assert toestand.indicatie is not None
        tot = _einde(toekenning, p.einddatum)
        if p.soort is ToeslagSoort.DURE_GROEPSBEGELEIDING:
            if p.zorgkosten_per_jaar is None:
                raise Weigering("5.1f", "art. 5.1f vraagt de zorgkosten per jaar om het tekort na art. 5.1 t/m 5.1d te bepalen")
            rij: BijlageHRij = regelset.bijlage_h_rij(data, toekenning.zorgprofiel, toekenning.begeleiding_groeps)
            beschikbaar = (
                toekenning.beschikbaar_voor_ekt(dag) + ekt_maximum(data, toekenning.basisbedrag) + toekenning.bedrag_op(MEERZORG, dag)
            )
            bedrag = regelset.toets_dure_groepsbegeleiding(
                rij, toekenning.leveringsvormen, p.zorgvorm, p.zorgkosten_per_jaar - beschikbaar, p.voldoet_aan_art_2_2, p.bedrag_per_jaar
            )
        else:
            regelset.toets_toeslag(
                data, p.soort, toekenning.leveringsvormen, p.zorgvorm, _geboortedatum(toestand.indicatie), dag, tot, p.voorwaarde_vervuld
            )
            bedrag = p.bedrag_per_jaar
            if p.soort is ToeslagSoort.ONTWIKKELING_MINDERJARIGE:
                grens = einde_minderjarigheid(data, _geboortedatum(toestand.indicatie))
                tot = grens if tot is None else min(tot, grens)
        if bedrag <= 0:
            raise Weigering(artikel, "er is geen bedrag gevraagd")
    except Weigering as weigering:
        _afwijzing(besluiten, b.ToeslagAfgewezen, event, dag, weigering)
        return
    besluiten.voeg_toe(
        b.ToeslagToegekend,
        b.ToeslagToegekendPayload(
            peildatum=dag,
            regelset=regelset.versie,
            artikelen=[artikel],
            berekening=[b.Berekeningsregel(post=p.soort.value, bedrag=bedrag, artikel=artikel)],
            soort=p.soort,
            artikel=artikel,
            ingangsdatum=dag,
            einddatum=tot,
            bedrag_per_jaar=bedrag,
        ),
    )
    besluiten.budgetten(_jaren(dag, tot), dag)


def _indicatie_beeindigd(besluiten: _Besluiten, event: i.IndicatieBeeindigd) -> None:
    """The end of an indication ends every grant after it and re-sets the budgets of the years touched."""
    p = event.payload
    jaren: set[int] = set()
    for t in list(besluiten.toestand.toekenningen):
        if t.periode.tot is not None and t.periode.tot <= p.einddatum:
            continue
        if t.periode.van > p.einddatum:
            continue
        _beeindig(besluiten, t, p.einddatum, p.reden or "indicatie beëindigd", p.einddatum)
        if t.thuis:
            jaren |= _jaren(p.einddatum, t.periode.tot)
    besluiten.budgetten(jaren, p.einddatum)


def _beeindig(besluiten: _Besluiten, toekenning: Toekenning, einddatum: date, reden: str, peildatum: date) -> None:
    besluiten.voeg_toe(
        b.LeveringsvormBeeindigd,
        b.LeveringsvormBeeindigdPayload(
            peildatum=peildatum,
            regelset=_versie_of_onbekend(peildatum),
            artikelen=["3.3.1 Wlz", "7.12"],
            leveringsvormen=_codes(toekenning.leveringsvormen),
            ingangsdatum=toekenning.periode.van,
            einddatum=einddatum,
            reden=reden,
        ),
    )


_BEHANDELAARS: dict[type, Callable[[_Besluiten, Any], None]] = {
    i.LeveringsvormAangevraagd: _leveringsvorm,
    i.EKTAangevraagd: _ekt,
    i.MeerzorgAangevraagd: _meerzorg,
    i.ToeslagAangevraagd: _toeslag,
    i.IndicatieBeeindigd: _indicatie_beeindigd,
}

__all__ = ["beslis", "dag_ervoor"]
