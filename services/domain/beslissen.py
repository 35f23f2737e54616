"""The policy: one inbound event and the case's state in, the zorgkantoor's decisions out.

Pure: the same state, event and clock give the same decisions, with the same event ids (derived from
the inbound event id), which is what lets an audit recompute a decision and compare it to the record.
The rule set is chosen by the decision's peildatum: the date from which what is decided applies.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol, TypeVar
from uuid import UUID

from events import DecisionEvent, InboundEvent
from events import besluiten as b
from events import inbound as i
from events.codes import Leveringsvorm, ToeslagSoort
from services.domain import toewijzen
from services.domain.budget import jaarbudget
from services.domain.ids import uuid5
from services.domain.toestand import EKT, MEERZORG, UIT_BASISBEDRAG, CaseToestand, Indicatie, Toekenning, toepassen
from services.regeling.artikelen import Gronden, Weigering
from services.regeling.artikelen.basisbedrag import Basisbedrag
from services.regeling.artikelen.ekt import EktUitkomst
from services.regeling.artikelen.toeslagen import Toeslag
from services.regeling.geld import Cent, als_euro
from services.regeling.model import Zorgprofiel
from services.regeling.periode import dag_ervoor, vroegste
from services.regeling.regelset import WLZ, RegelSet, jaren_vanaf, regelset_op, regelset_van_jaar, versie_op

E = TypeVar("E", bound=DecisionEvent)


class Oorzaak(Protocol):
    """What a decision's ids and chain come from: the inbound event that caused it (for a review of a
    PGB, the earlier-received request on another case; an audit rebuilds it from the recorded ids)."""

    @property
    def event_id(self) -> UUID: ...

    @property
    def correlation_id(self) -> UUID | None: ...


@dataclass
class _Besluiten:
    """Collects the decisions on one inbound event, with ids derived from it and state kept current."""

    case_id: UUID
    oorzaak: Oorzaak
    tijdstip: datetime
    toestand: CaseToestand
    besluiten: list[DecisionEvent]
    plafond: Mapping[int, b.Plafondlezing] = field(default_factory=dict)  # the plafond register per year, as read
    alleen_pgb: bool = False  # a PGB request without MPT: no room at all refuses it (art. 5.10)
    sleutel: str = ""  # sets apart the ids of decisions on another case caused by the same event (a review)
    gevouwen: list[CaseToestand] = field(default_factory=list)  # the state after each decision, in order

    def voeg_toe(self, klasse: type[E], payload: Any) -> E:
        besluit = klasse(
            event_id=uuid5(self.oorzaak.event_id, f"{self.sleutel}{len(self.besluiten)}:{klasse.__name__}"),
            occurred_at=self.tijdstip,
            recorded_at=self.tijdstip,
            correlation_id=self.oorzaak.correlation_id or self.oorzaak.event_id,
            causation_id=self.oorzaak.event_id,
            case_id=self.case_id,
            payload=payload,
        )
        self.besluiten.append(besluit)
        self.toestand = toepassen(self.toestand, besluit)
        self.gevouwen.append(self.toestand)
        return besluit

    def budgetten(self, jaren: set[int], peildatum: date, toelichting: str = "") -> None:
        """A BudgetVastgesteld for every year touched whose rule set exists (no invented years), naming
        the decisions on this event that changed it."""
        aanleiding = [
            b.Aanleiding(event_id=x.event_id, event_type=x.event_type, artikel=_ARTIKEL_VAN.get(x.event_type) or _toeslag_artikel(x))
            for x in self.besluiten
            if not isinstance(x, b.BudgetVastgesteld) and not x.event_type.endswith("Afgewezen")
        ]
        for jaar in sorted(jaren):
            regelset = regelset_van_jaar(jaar)
            if regelset is None or not _bedragen_van_jaar(self.toestand, jaar, regelset):
                continue
            budget = jaarbudget(self.toestand, jaar, peildatum, regelset.versie, aanleiding)
            if budget is not None:
                if toelichting:
                    budget = budget.model_copy(update={"toelichting": toelichting})
                self.voeg_toe(b.BudgetVastgesteld, self._binnen_plafond(regelset, budget))

    def _binnen_plafond(self, regelset: RegelSet, budget: b.BudgetVastgesteldPayload) -> b.BudgetVastgesteldPayload:
        """The year's PGB within the regional plafond (art. 5.10 Rlz with Awb art. 4:25 lid 2).

        With the register read for this request (the region of the indication in force: after a move, the
        new region), that region's part of the PGB is granted up to the room left in the order of receipt
        and refused for the rest, both in this decision; without one (a decision that is not a request, or
        a review), each region's part stays within what its plafond left this case before.
        """
        lezing = self.plafond.get(budget.jaar)
        delen = budget.pgb_per_regio()
        if lezing is not None and lezing.regio in delen:
            al_toegekend = self.toestand.pgb_in(budget.jaar, lezing.regio)
            gevraagd = delen[lezing.regio]
            if gevraagd or al_toegekend:
                toets = regelset.toets_subsidieplafond(lezing, gevraagd, al_toegekend)
                if self.alleen_pgb and toets.toegekend == 0 and toets.geweigerd:
                    raise PlafondZonderRuimte(toets)
                regels = [
                    b.Berekeningsregel(
                        post="pgb_plafond", bedrag=-toets.geweigerd, artikel="5.10, 4:25 lid 2 Awb", toelichting=toets.toelichting
                    )
                ]
                return _verlaagd(budget, lezing.regio, toets.geweigerd).model_copy(
                    update={
                        "plafondtoets": toets,
                        "artikelen": sorted({*budget.artikelen, *toets.artikelen}),
                        "berekening": [*budget.berekening, *(regels if toets.geweigerd else [])],
                    }
                )
        for regio, grens in sorted(self.toestand.pgb_plafonds_van(budget.jaar).items()):
            deel = delen.get(regio, 0)
            if deel <= grens:
                continue
            regel = b.Berekeningsregel(
                post="pgb_plafond",
                bedrag=grens - deel,
                artikel="5.10, 4:25 lid 2 Awb",
                toelichting=f"ten hoogste het deel van het pgb-plafond dat eerder is toegekend ({als_euro(grens)})"
                + (f", regio {regio}" if budget.per_regio else ""),
            )
            budget = _verlaagd(budget, regio, deel - grens).model_copy(update={"berekening": [*budget.berekening, regel]})
        return budget


def _verlaagd(budget: b.BudgetVastgesteldPayload, regio: str, bedrag: Cent) -> b.BudgetVastgesteldPayload:
    """The budget with `regio`'s part of the PGB lowered by `bedrag` (its latest days first), and the
    year's PGB with it, so the parts keep summing to the whole (art. 5.10: only that region's plafond refused)."""
    if not bedrag:
        return budget
    delen = list(budget.per_regio)
    rest = bedrag
    for n in range(len(delen) - 1, -1, -1):
        if rest and delen[n].regio == regio:
            af = min(rest, delen[n].pgb_deel)
            delen[n] = delen[n].model_copy(update={"pgb_deel": delen[n].pgb_deel - af})
            rest -= af
    return budget.model_copy(update={"pgb_deel": budget.pgb_deel - bedrag, "per_regio": delen})


class PlafondZonderRuimte(Weigering):
    """A PGB request the regional plafond leaves no room for at all (art. 5.10, Awb art. 4:25 lid 2)."""

    def __init__(self, toets: b.Plafondtoets) -> None:
        super().__init__("5.10", toets.toelichting)
        self.toets = toets
        self.artikelen = list(toets.artikelen)


_ARTIKEL_VAN = {
    "LeveringsvormToegekend": "5.1",
    "PgbPlafondHerzien": "5.10",
    "LeveringsvormBeeindigd": "3.3.1 Wlz",
    "EKTToegekend": "5.1a",
    "MeerzorgGestart": "5.1e",
    "BehandelingToegekend": "5.1b",
}


def _toeslag_artikel(besluit: DecisionEvent) -> str:
    return besluit.payload.artikel if isinstance(besluit, b.ToeslagToegekend) else ""


def _bedragen_van_jaar(toestand: CaseToestand, jaar: int, regelset: RegelSet) -> bool:
    """Whether every MPT/PGB grant in `jaar` was decided under that year's rule set.

    # Toelichting bij Bijlage H: "Alle bedragen zijn jaarbedragen". A grant decided under the 2020 table
    # that runs into 2021 carries 2020 amounts; the 2021 budget needs Bijlage H 2021, which this service
    # does not hold (data/2021/regelset.toml), so no 2021 budget is set from it rather than a guessed one.
    """
    return all(t.regelset == regelset.versie for t in toestand.toekenningen if t.thuis and t.periode.binnen_jaar(jaar) is not None)


def _codes(vormen: frozenset[Leveringsvorm] | list[Leveringsvorm]) -> list[b.LeveringsvormCode]:
    return [b.LeveringsvormCode.van(v) for v in sorted(vormen, key=lambda v: v.iwlz_code)]


def beslis(
    toestand: CaseToestand,
    event: InboundEvent,
    case_id: UUID,
    tijdstip: datetime,
    plafond: Mapping[int, b.Plafondlezing] | None = None,
) -> list[DecisionEvent]:
    """The decisions on `event` (none for an event already handled: redelivery changes nothing).

    `plafond` is the regional PGB plafond register per year as read for this request (art. 5.10); it is
    recorded in the decisions it changes, so replaying with the recorded readings gives the same outcome.
    """
    return beslis_gevouwen(toestand, event, case_id, tijdstip, plafond).besluiten


@dataclass(frozen=True)
class Gevouwen:
    """The decisions on an event with the case's state as `beslis` folded it: `na_event` after the event,
    `na_besluit[k]` after decision k, all from `voor`. The aggregate takes these instead of folding each
    event again, and only when `voor` is its own state (services/domain/aggregate.py)."""

    voor: CaseToestand
    na_event: CaseToestand
    besluiten: list[DecisionEvent]
    na_besluit: list[CaseToestand]


def beslis_gevouwen(
    toestand: CaseToestand,
    event: InboundEvent,
    case_id: UUID,
    tijdstip: datetime,
    plafond: Mapping[int, b.Plafondlezing] | None = None,
) -> Gevouwen:
    """`beslis`, with the states it folded on the way."""
    if event.event_id in toestand.verwerkt:
        return Gevouwen(toestand, toestand, [], [])
    na_event = toepassen(toestand, event)
    besluiten = _Besluiten(case_id, event, tijdstip, na_event, [], dict(plafond or {}))
    behandelaar: Callable[[_Besluiten, Any], None] | None = _BEHANDELAARS.get(type(event))
    if behandelaar is not None:
        behandelaar(besluiten, event)
    return Gevouwen(toestand, na_event, besluiten.besluiten, besluiten.gevouwen)


def herzie_pgb(
    toestand: CaseToestand,
    case_id: UUID,
    oorzaak: Oorzaak,
    tijdstip: datetime,
    lezing: b.Plafondlezing,
    ontvangstdatum: date,
    verlaging: Cent,
) -> list[DecisionEvent]:
    """The review of a later-received grant whose room an earlier-received request needed: its PGB of
    the year lowered by `verlaging`, as a decision of its own naming the ground, and its new budget.

    # Regeling art. 5.10: applications rank by the date of receipt of the aanvraagformulier.
    # Awb art. 4:25 lid 3: a request decided late is decided as the plafond stood when it should have been;
    #   Awb art. 4:25 lid 2: what would take the region past the plafond is refused ("voor zover").
    Pure, like `beslis`: `oorzaak` is the earlier-received request (on another case); the ids are derived
    from it and this case, so recomputing the review gives the same decisions.
    """
    jaar = lezing.jaar
    voor = toestand.pgb_in(jaar, lezing.regio)  # the part of the PGB that region's plafond carries
    na = max(0, voor - verlaging)
    besluiten = _Besluiten(case_id, oorzaak, tijdstip, toestand, [], sleutel=f"herzien:{case_id}:")
    peildatum = date(jaar, 1, 1)
    besluiten.voeg_toe(
        b.PgbPlafondHerzien,
        b.PgbPlafondHerzienPayload(
            peildatum=peildatum,
            regelset=versie_op(peildatum),
            artikelen=["5.10", "4:25 lid 2 Awb", "4:25 lid 3 Awb"],
            berekening=[b.Berekeningsregel(post="pgb_plafond", bedrag=na - voor, artikel="5.10, 4:25 lid 2-3 Awb")],
            toelichting=(
                f"een aanvraag ontvangen op {lezing.ontvangstdatum.isoformat()}, eerder dan de aanvraag van deze verzekerde "
                f"({ontvangstdatum.isoformat()}), had recht op de ruimte onder het pgb-plafond {jaar} van regio {lezing.regio} "
                f"in volgorde van ontvangst (art. 5.10): het pgb {jaar} gaat van {als_euro(voor)} naar {als_euro(na)}"
            ),
            regio=lezing.regio,
            jaar=jaar,
            ontvangstdatum=ontvangstdatum,
            aanleiding_event_id=oorzaak.event_id,
            aanleiding_ontvangstdatum=lezing.ontvangstdatum,
            lezing=lezing,
            pgb_voor=voor,
            pgb_na=na,
            verlaagd=voor - na,
        ),
    )
    besluiten.budgetten({jaar}, peildatum)
    return besluiten.besluiten


# --- leveringsvorm ---------------------------------------------------------------------------------


def _leveringsvorm(besluiten: _Besluiten, event: i.LeveringsvormAangevraagd) -> None:
    p = event.payload
    vormen = frozenset(p.leveringsvormen)
    begin, toestand = len(besluiten.besluiten), besluiten.toestand
    try:
        _leveringsvorm_toekennen(besluiten, p, vormen)
    except Weigering as weigering:
        # a refusal found at the budget (no room under the plafond) takes back what was decided before it
        del besluiten.besluiten[begin:]
        del besluiten.gevouwen[begin:]
        besluiten.toestand = toestand
        besluiten.voeg_toe(
            b.LeveringsvormAfgewezen,
            b.LeveringsvormAfgewezenPayload(
                **_afwijzing_velden(weigering, p.ingangsdatum, event.event_type),
                leveringsvormen=_codes(p.leveringsvormen),
                plafondtoets=weigering.toets if isinstance(weigering, PlafondZonderRuimte) else None,
            ),
        )


@dataclass(frozen=True, slots=True)
class _Aanvraag:
    """A leveringsvorm request that passed the rules on who may have what: the rules and facts to compute with."""

    regelset: RegelSet
    indicatie: Indicatie
    profiel: Zorgprofiel
    vormen: frozenset[Leveringsvorm]
    tot: date | None  # the request's end, never after the indication's


@dataclass
class _Berekening:
    """What the basisbedrag articles make of a request: the amounts a year, the articles, the lines."""

    artikelen: list[str] = field(default_factory=lambda: ["3.3.1 Wlz"])
    regels: list[b.Berekeningsregel] = field(default_factory=list)
    basis: Cent = 0
    korting: Cent = 0
    kwi: Cent = 0
    ekt: EktUitkomst | None = None
    meerzorg: Cent = 0


def _leveringsvorm_toekennen(besluiten: _Besluiten, p: i.LeveringsvormAangevraagdPayload, vormen: frozenset[Leveringsvorm]) -> None:
    aanvraag = _toets_leveringsvorm(besluiten.toestand, p, vormen)
    besluiten.alleen_pgb = Leveringsvorm.PGB in vormen and Leveringsvorm.MPT not in vormen
    simulatie = Leveringsvorm.PGB in vormen and any(x.modus == "simulatie_zonder_plafond" for x in besluiten.plafond.values())
    toelichting = "SIMULATIE (WLZ_SIMULATIE_ZONDER_PLAFOND): het pgb-plafond (art. 5.10) is niet toegepast" if simulatie else ""
    berekening = _bereken(aanvraag, p)
    _beeindig_eerdere(besluiten, vormen, p.ingangsdatum)
    toegekend = besluiten.voeg_toe(b.LeveringsvormToegekend, _toegekend_payload(aanvraag, p, berekening, toelichting))
    _na_toekenning(besluiten, aanvraag, berekening, p.ingangsdatum, toegekend.event_id)


def _toets_leveringsvorm(toestand: CaseToestand, p: i.LeveringsvormAangevraagdPayload, vormen: frozenset[Leveringsvorm]) -> _Aanvraag:
    """The rules on who may have which leveringsvorm (Wlz 3.2.1, Bijlage A, 2.5, 5.2, 5.3, 5.5, 5.6, Bijlage H).

    Checks that do not depend on each other are all made, so a refusal names every ground that applies
    (an LVG client asking an MPT with deeltijdverblijf: art. 2.5 lid 1 and art. 5.2 lid 1).
    """
    regelset, indicatie = _grondslag(toestand, p.ingangsdatum)
    data = regelset.data
    profiel = regelset.zorgprofiel_op(data, indicatie.zorgprofiel, p.ingangsdatum)  # nothing else can be judged without it
    tot = vroegste(p.einddatum, indicatie.periode.tot)
    gronden = Gronden()
    with gronden.toets():
        regelset.toets_minderjarige_ggz_wonen(data, profiel, WLZ.geboortedatum(indicatie.geboortedatum), p.ingangsdatum)
    if Leveringsvorm.PGB in vormen:
        with gronden.toets():
            regelset.toets_pgb(data, profiel.code, p.pgb_op_31_december_2019, p.gewaarborgde_hulp)
    pgb_overgangsrecht = p.pgb_op_31_december_2019 and profiel.code in data.parameters.pgb_uitgesloten_tenzij_pgb_op_peildatum
    with gronden.toets():
        regelset.toets_alleen_verblijf(data, profiel, vormen, p.overbrugging, pgb_overgangsrecht)
    if p.overbrugging:
        with gronden.toets():
            regelset.toets_overbrugging(data, profiel, vormen, p.ingangsdatum, tot, p.zicht_op_opname)
    elif vormen & {Leveringsvorm.MPT, Leveringsvorm.PGB}:
        with gronden.toets():
            regelset.bijlage_h_rij(data, profiel.code, p.begeleiding_groeps)
        if p.deeltijdverblijf_etmalen is not None:
            with gronden.toets():
                regelset.toets_deeltijdverblijf(data, profiel.code, profiel.sector, p.deeltijdverblijf_etmalen, vormen, p.logeeropvang)
    gronden.weiger()
    return _Aanvraag(regelset, indicatie, profiel, vormen, tot)


def _bereken(aanvraag: _Aanvraag, p: i.LeveringsvormAangevraagdPayload) -> _Berekening:
    """The basisbedrag and what comes on top of it; overbruggingszorg and verblijf/VPT have no basisbedrag."""
    berekening = _Berekening()
    if p.overbrugging:
        berekening.artikelen += aanvraag.regelset.overbrugging_artikelen(aanvraag.regelset.data, aanvraag.profiel)
    elif aanvraag.vormen & {Leveringsvorm.MPT, Leveringsvorm.PGB}:
        if Leveringsvorm.PGB in aanvraag.vormen:
            berekening.artikelen += ["5.5", "5.6"]
        bedrag = _basisbedrag(aanvraag, p, berekening)
        _kleinschalig(aanvraag, p, berekening)
        _ekt_en_meerzorg(aanvraag, p, berekening, bedrag.bedrag)
    return berekening


def _basisbedrag(aanvraag: _Aanvraag, p: i.LeveringsvormAangevraagdPayload, berekening: _Berekening) -> Basisbedrag:
    """# Regeling art. 5.1 lid 2-4, 5.2, Bijlage H: the row, deeltijdverblijf and its reduction."""
    regelset, profiel = aanvraag.regelset, aanvraag.profiel
    rij = regelset.bijlage_h_rij(regelset.data, profiel.code, p.begeleiding_groeps)
    if p.deeltijdverblijf_etmalen is not None:  # checked in _toets_leveringsvorm
        berekening.artikelen += ["1.1", "5.2"]
    bedrag = regelset.basisbedrag(rij, p.deeltijdverblijf_etmalen)
    berekening.basis, berekening.korting = bedrag.bijlage_h, bedrag.deeltijd_korting
    berekening.artikelen += ["5.1"] + (["5.1 lid 3", "5.1 lid 4"] if bedrag.deeltijd_korting else [])
    berekening.regels.append(
        b.Berekeningsregel(
            post="basisbedrag",
            bedrag=bedrag.bijlage_h,
            artikel="5.1 lid 2, Bijlage H",
            toelichting=f"{profiel.code}, begeleiding groeps {p.begeleiding_groeps.value}",
        )
    )
    if bedrag.deeltijd_korting:
        berekening.regels.append(
            b.Berekeningsregel(
                post="deeltijd_korting",
                bedrag=-bedrag.deeltijd_korting,
                artikel="5.1 lid 3-4",
                toelichting=(
                    f"{p.deeltijdverblijf_etmalen} van 14 etmalen verblijf; "
                    f"groepsbegeleiding {als_euro(bedrag.begeleiding_groeps)} blijft heel"
                ),
            )
        )
    return bedrag


def _kleinschalig(aanvraag: _Aanvraag, p: i.LeveringsvormAangevraagdPayload, berekening: _Berekening) -> None:
    """# Regeling art. 5.13: the raise of the PGB for a kleinschalig wooninitiatief."""
    if Leveringsvorm.PGB not in aanvraag.vormen or not p.kleinschalig_wooninitiatief:
        return
    regelset = aanvraag.regelset
    kwi, artikel = regelset.kleinschalig_wooninitiatief(regelset.data, aanvraag.profiel.code, p.zzp_vv_4_tot_8_op_31_december_2014)
    berekening.kwi = kwi
    berekening.artikelen.append(artikel)
    berekening.regels.append(b.Berekeningsregel(post="kleinschalig_wooninitiatief", bedrag=kwi, artikel=artikel))


def _ekt_en_meerzorg(aanvraag: _Aanvraag, p: i.LeveringsvormAangevraagdPayload, berekening: _Berekening, basisbedrag: Cent) -> None:
    """# Regeling art. 5.1a, 5.1e: the need above what is available, first from EKT, then meerzorg."""
    regelset = aanvraag.regelset
    behoefte = p.zorgkosten_per_jaar if p.zorgkosten_per_jaar is not None else p.mpt_kosten_per_jaar
    # art. 5.13: the kleinschalig raise is the PGB's on top, it covers no part of the need (toestand.beschikbaar_voor_ekt)
    uitkomst = regelset.ekt_toekenning(regelset.data, basisbedrag, behoefte - basisbedrag)
    berekening.ekt = uitkomst
    if uitkomst.toegekend:
        berekening.artikelen.append("5.1a")
    if not uitkomst.tekort:
        return
    if p.meerzorg is None:
        raise Weigering(
            "5.1 lid 1",
            f"de zorg thuis kost {als_euro(behoefte)} per jaar; ook met de maximale extra kosten thuis "
            f"({als_euro(uitkomst.maximum)}, art. 5.1a) blijft {als_euro(uitkomst.tekort)} tekort: niet "
            "doelmatig thuis te leveren. Meerzorg (art. 5.1e) of art. 5.1f kan worden aangevraagd",
        )
    berekening.meerzorg = regelset.meerzorg_bedrag(uitkomst.tekort, uitkomst.uitgeput, p.meerzorg.voldoet_aan_art_2_2)
    berekening.artikelen += ["5.1e", "2.2"]


def _beeindig_eerdere(besluiten: _Besluiten, vormen: frozenset[Leveringsvorm], ingangsdatum: date) -> None:
    """# Regeling art. 7.12: care "herzien door wijziging van de leveringsvorm" - the form before ends
    the day before, as a decision of its own (the CAK hears of both)."""
    for eerder in besluiten.toestand.toekenningen:
        if eerder.periode.bevat(ingangsdatum) and eerder.periode.van < ingangsdatum:
            nieuw = " + ".join(v.value for v in sorted(vormen, key=lambda v: v.iwlz_code))
            _beeindig(besluiten, eerder, dag_ervoor(ingangsdatum), f"leveringsvorm gewijzigd in {nieuw}", ingangsdatum)


def _toegekend_payload(
    aanvraag: _Aanvraag,
    p: i.LeveringsvormAangevraagdPayload,
    berekening: _Berekening,
    toelichting: str,
) -> b.LeveringsvormToegekendPayload:
    return b.LeveringsvormToegekendPayload(
        peildatum=p.ingangsdatum,
        regelset=aanvraag.regelset.versie,
        artikelen=berekening.artikelen,
        berekening=berekening.regels,
        zorgprofiel=aanvraag.profiel.code,
        regio=aanvraag.indicatie.regio,
        leveringsvormen=_codes(aanvraag.vormen),
        ingangsdatum=p.ingangsdatum,
        einddatum=aanvraag.tot,
        begeleiding_groeps=p.begeleiding_groeps,
        deeltijdverblijf_etmalen=p.deeltijdverblijf_etmalen,
        overbrugging=p.overbrugging,
        gewaarborgde_hulp=p.gewaarborgde_hulp,
        basisbedrag_per_jaar=berekening.basis,
        deeltijd_korting_per_jaar=berekening.korting,
        kleinschalig_wooninitiatief_per_jaar=berekening.kwi,
        mpt_kosten_per_jaar=p.mpt_kosten_per_jaar,
        zorgkosten_per_jaar=p.zorgkosten_per_jaar,
        toelichting=toelichting,
    )


def _na_toekenning(besluiten: _Besluiten, aanvraag: _Aanvraag, berekening: _Berekening, van: date, toegekend: UUID) -> None:
    """The EKT and meerzorg decided with the grant, and the budget of every year it touches (also the
    years of a grant it ends early)."""
    uitkomst, regelset, tot = berekening.ekt, aanvraag.regelset, aanvraag.tot
    if uitkomst is not None and uitkomst.toegekend:
        _ekt_besluit(besluiten, regelset, van, tot, uitkomst.toegekend, uitkomst.maximum, uitkomst.tekort)
    if berekening.meerzorg:
        _meerzorg_besluit(besluiten, regelset, van, tot, berekening.meerzorg)
    jaren = jaren_vanaf(van, tot)
    for t in besluiten.toestand.toekenningen:
        if t.besluit_id != toegekend and t.thuis and (t.periode.tot is None or t.periode.tot >= van):
            jaren |= jaren_vanaf(van, t.periode.tot)
    besluiten.budgetten(jaren, van)


def _indicatie_op(toestand: CaseToestand, dag: date) -> Indicatie:
    """The indication in force on `dag`, as the Wlz requires it (Wlz art. 3.2.1, AVG art. 17)."""
    indicatie = toestand.indicatie
    WLZ.toets_indicatie(toestand.gewist, None if indicatie is None else indicatie.periode, dag)
    assert indicatie is not None
    return indicatie


def _grondslag(toestand: CaseToestand, dag: date) -> tuple[RegelSet, Indicatie]:
    """The rule set of the date and the indication in force on it, or a refusal naming each one missing."""
    gronden = Gronden()
    regelset: RegelSet | None = None
    indicatie: Indicatie | None = None
    with gronden.toets():
        indicatie = _indicatie_op(toestand, dag)
    with gronden.toets():
        regelset = regelset_op(dag)
    gronden.weiger()
    assert regelset is not None and indicatie is not None
    return regelset, indicatie


def _afwijzing_velden(weigering: Weigering, dag: date, aanvraag: str) -> dict[str, Any]:
    """What every refusal records: each ground with its article (a missing rule set as what is missing)."""
    return {
        "peildatum": dag,
        "regelset": versie_op(dag),
        "artikelen": weigering.artikelen,
        "aanvraag": aanvraag,
        "reden": weigering.reden,
        "artikel": weigering.artikel,
        "ontbreekt": weigering.ontbreekt,
        "gronden": list(weigering.gronden),
    }


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


def _thuis_toekenning(toestand: CaseToestand, dag: date, artikel: str) -> tuple[RegelSet, Toekenning]:
    """The rule set and the MPT/PGB grant a request on top of the basisbedrag needs (not overbruggingszorg)."""
    regelset, _ = _grondslag(toestand, dag)
    toekenning = toestand.toekenning_op(dag)
    if toekenning is None or not toekenning.thuis:
        raise Weigering(artikel, f"er is op {dag.isoformat()} geen modulair pakket thuis of pgb toegekend (buiten overbruggingszorg)")
    return regelset, toekenning


def _afwijzing(besluiten: _Besluiten, klasse: type[E], event: InboundEvent, dag: date, weigering: Weigering) -> None:
    besluiten.voeg_toe(klasse, b.Afwijzing(**_afwijzing_velden(weigering, dag, event.event_type)))


def _behoefte(zorgkosten_per_jaar: Cent, toekenning: Toekenning) -> Cent:
    """The yearly need an EKT or meerzorg request is judged on: never less than the MPT already granted.

    # Regeling art. 5.1 lid 2: the MPT granted is paid from the budget, so a later EKT (art. 5.1a) or
    #   meerzorg (art. 5.1e) decision, which replaces the one before, never lowers the budget under its cost.
    """
    return max(zorgkosten_per_jaar, toekenning.mpt_kosten_per_jaar)


def _ekt(besluiten: _Besluiten, event: i.EKTAangevraagd) -> None:
    p = event.payload
    try:
        regelset, toekenning = _thuis_toekenning(besluiten.toestand, p.ingangsdatum, "5.1a")
        tekort = _behoefte(p.zorgkosten_per_jaar, toekenning) - toekenning.beschikbaar_voor_ekt(p.ingangsdatum)
        if tekort <= 0:
            raise Weigering(
                "5.1a", f"de zorgkosten ({als_euro(p.zorgkosten_per_jaar)} per jaar) passen binnen wat beschikbaar is; geen verhoging nodig"
            )
        uitkomst = regelset.ekt_toekenning(regelset.data, toekenning.basisbedrag, tekort)
    except Weigering as weigering:
        _afwijzing(besluiten, b.EKTAfgewezen, event, p.ingangsdatum, weigering)
        return
    tot = vroegste(p.einddatum, toekenning.periode.tot)
    _ekt_besluit(besluiten, regelset, p.ingangsdatum, tot, uitkomst.toegekend, uitkomst.maximum, uitkomst.tekort)
    besluiten.budgetten(jaren_vanaf(p.ingangsdatum, tot), p.ingangsdatum)


def _meerzorg(besluiten: _Besluiten, event: i.MeerzorgAangevraagd) -> None:
    """# Regeling art. 5.1e: first the full EKT (art. 5.1a), then meerzorg for what is still short."""
    p = event.payload
    dag = p.ingangsdatum
    try:
        regelset, toekenning = _thuis_toekenning(besluiten.toestand, dag, "5.1e")
    except Weigering as weigering:
        _afwijzing(besluiten, b.MeerzorgAfgewezen, event, dag, weigering)
        return
    tot = vroegste(p.einddatum, toekenning.periode.tot)
    tekort = _behoefte(p.zorgkosten_per_jaar, toekenning) - toekenning.beschikbaar_voor_ekt(dag)
    uitkomst = regelset.ekt_toekenning(regelset.data, toekenning.basisbedrag, tekort)
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
        besluiten.budgetten(jaren_vanaf(dag, tot), dag)


def _toeslag(besluiten: _Besluiten, event: i.ToeslagAangevraagd) -> None:
    p = event.payload
    dag = p.ingangsdatum
    artikel = p.soort.artikel
    try:
        regelset, toekenning = _thuis_toekenning(besluiten.toestand, dag, artikel)
        toeslag, tot = _toeslag_bedrag(regelset, besluiten.toestand, toekenning, p)
    except Weigering as weigering:
        _afwijzing(besluiten, b.ToeslagAfgewezen, event, dag, weigering)
        return
    besluiten.voeg_toe(
        b.ToeslagToegekend,
        b.ToeslagToegekendPayload(
            peildatum=dag,
            regelset=regelset.versie,
            artikelen=[toeslag.artikel],
            berekening=[
                b.Berekeningsregel(post=p.soort.value, bedrag=toeslag.bedrag, artikel=toeslag.artikel, toelichting=toeslag.toelichting)
            ],
            toelichting=toeslag.toelichting,
            soort=p.soort,
            artikel=artikel,
            ingangsdatum=dag,
            einddatum=tot,
            bedrag_per_jaar=toeslag.bedrag,
            alleen_mpt=toeslag.alleen_mpt,
        ),
    )
    besluiten.budgetten(jaren_vanaf(dag, tot), dag)


def _toeslag_bedrag(
    regelset: RegelSet, toestand: CaseToestand, toekenning: Toekenning, p: i.ToeslagAangevraagdPayload
) -> tuple[Toeslag, date | None]:
    """The toeslag a year and its end, under art. 5.1c, 5.1d or 5.1f; refuses where they do."""
    data, dag = regelset.data, p.ingangsdatum
    assert toestand.indicatie is not None
    tot = vroegste(p.einddatum, toekenning.periode.tot)
    if p.soort is ToeslagSoort.DURE_GROEPSBEGELEIDING:
        if p.zorgkosten_per_jaar is None:  # a request stored before the contract required it
            raise Weigering("5.1f", "art. 5.1f vraagt de zorgkosten per jaar om het tekort na art. 5.1 t/m 5.1d te bepalen")
        rij = regelset.bijlage_h_rij(data, toekenning.zorgprofiel, toekenning.begeleiding_groeps)
        beschikbaar = (
            toekenning.beschikbaar_voor_ekt(dag) + regelset.ekt_maximum(data, toekenning.basisbedrag) + toekenning.bedrag_op(MEERZORG, dag)
        )
        toeslag = regelset.toets_dure_groepsbegeleiding(
            rij,
            toekenning.leveringsvormen,
            p.zorgvorm,
            p.zorgkosten_per_jaar - beschikbaar,
            p.voldoet_aan_art_2_2,
            p.bedrag_per_jaar,
            p.voorwaarde_vervuld,
        )
    else:
        geboren = WLZ.geboortedatum(toestand.indicatie.geboortedatum)
        # art. 5.1c "voor zover die verhoging nodig is": the need above the basisbedrag, the EKT granted and
        # the other toeslagen (this kind's own earlier toeslag is what a new one replaces)
        gedekt = toekenning.beschikbaar_voor_ekt(dag) - toekenning.bedrag_op(p.soort.value, dag) + toekenning.bedrag_op(EKT, dag)
        tekort = None if p.zorgkosten_per_jaar is None else p.zorgkosten_per_jaar - gedekt
        toeslag = regelset.toets_toeslag(
            data, p.soort, toekenning.leveringsvormen, p.zorgvorm, geboren, dag, tot, p.voorwaarde_vervuld, p.bedrag_per_jaar, tekort
        )
        if p.soort is ToeslagSoort.ONTWIKKELING_MINDERJARIGE:
            tot = vroegste(tot, regelset.einde_minderjarigheid(data, geboren))
    if toeslag.bedrag <= 0:
        raise Weigering(p.soort.artikel, "er is geen bedrag gevraagd")
    return toeslag, tot


def _behandeling(besluiten: _Besluiten, event: i.BehandelingAangevraagd) -> None:
    """# Regeling art. 5.1b: behandeling in the MPT, judged against the normative frame (lid 1), raised by at
    most 25% (lid 2), the rest from room left in the basisbedrag raised by the EKT (lid 4)."""
    p = event.payload
    dag = p.ingangsdatum
    try:
        regelset, toekenning = _thuis_toekenning(besluiten.toestand, dag, "5.1b")
        if Leveringsvorm.MPT not in toekenning.leveringsvormen:
            raise Weigering(
                "5.1b lid 1",
                "behandeling hoort bij een modulair pakket thuis; met een pgb kan geen behandeling worden ingekocht (Toelichting 5.1b)",
            )
        ruimte = toekenning.beschikbaar_voor_ekt(dag) + toekenning.bedrag_op(EKT, dag) - p.zorgkosten_per_jaar
        uitkomst = regelset.behandeling_ruimte(regelset.data, p.normatief_kader_per_jaar, p.kosten_per_jaar, ruimte)
        if uitkomst.binnen_kader + uitkomst.uit_basisbedrag <= 0:
            raise Weigering("5.1b lid 1", "er is geen behandeling binnen het normatief kader of de ruimte in het basisbedrag gevraagd")
    except Weigering as weigering:
        _afwijzing(besluiten, b.BehandelingAfgewezen, event, dag, weigering)
        return
    tot = vroegste(p.einddatum, toekenning.periode.tot)
    procent = regelset.data.parameters.behandeling_verhoging_procent
    besluiten.voeg_toe(
        b.BehandelingToegekend,
        b.BehandelingToegekendPayload(
            peildatum=dag,
            regelset=regelset.versie,
            artikelen=["5.1b lid 1", "5.1b lid 2"] + (["5.1b lid 4"] if uitkomst.uit_basisbedrag else []),
            berekening=[
                b.Berekeningsregel(
                    post="behandeling", bedrag=uitkomst.binnen_kader, artikel="5.1b lid 1-2", toelichting=f"kader + {procent}%"
                ),
                b.Berekeningsregel(post=UIT_BASISBEDRAG, bedrag=uitkomst.uit_basisbedrag, artikel="5.1b lid 4"),
            ],
            toelichting=""
            if not uitkomst.niet_gedekt
            else f"niet toegekend: {als_euro(uitkomst.niet_gedekt)} per jaar boven kader en ruimte",
            zorgvorm=p.zorgvorm,
            ingangsdatum=dag,
            einddatum=tot,
            kosten_per_jaar=p.kosten_per_jaar,
            normatief_kader_per_jaar=p.normatief_kader_per_jaar,
            binnen_kader_per_jaar=uitkomst.binnen_kader,
            uit_basisbedrag_per_jaar=uitkomst.uit_basisbedrag,
            niet_gedekt_per_jaar=uitkomst.niet_gedekt,
        ),
    )
    besluiten.budgetten(jaren_vanaf(dag, tot), dag)


def _adl_pgb(besluiten: _Besluiten, event: i.AdlPgbAangevraagd) -> None:
    """# Regeling art. 9.3d and Bijlage I: the PGB of an ADL-woning client under transitional law."""
    p = event.payload
    dag = p.ingangsdatum
    try:
        regelset, _ = _grondslag(besluiten.toestand, dag)
        tot = regelset.adl_overgangsperiode(regelset.data, dag, p.einddatum)
        functies: dict[str, tuple[int, int]] = {f.functie: (f.klasse, f.extra_eenheden) for f in p.functies}
        uitkomst = regelset.adl_pgb(
            regelset.data, functies, p.kortdurend_verblijf_etmalen, dag.year, p.kosten_verblijf_min_woonlasten_per_dag
        )
    except Weigering as weigering:
        _afwijzing(besluiten, b.AdlPgbAfgewezen, event, dag, weigering)
        return
    besluiten.voeg_toe(
        b.AdlPgbToegekend,
        b.AdlPgbToegekendPayload(
            peildatum=dag,
            regelset=regelset.versie,
            artikelen=["9.3d lid 1 onder b", "9.3d lid 5", "Bijlage I"] + (["9.3d lid 6"] if uitkomst.toegekend < uitkomst.bruto else []),
            berekening=[
                b.Berekeningsregel(post="bruto", bedrag=uitkomst.bruto, artikel="9.3d lid 5, Bijlage I"),
                b.Berekeningsregel(post="maximum", bedrag=uitkomst.maximum, artikel="9.3d lid 6"),
            ],
            ingangsdatum=dag,
            einddatum=tot,
            bruto_per_jaar=uitkomst.bruto,
            maximum_per_jaar=uitkomst.maximum,
            bedrag_per_jaar=uitkomst.toegekend,
        ),
    )


def _indicatie_ontvangen(besluiten: _Besluiten, event: i.IndicatieOntvangen) -> None:
    """A new indication with another region (a move to another zorgkantoor region) re-sets the budget of
    every year whose days it moves to the new region, split per region and period (`per_regio`).

    # Regeling art. 5.10 with art. 8.12: the PGB plafond is per region and year; the days under the new
    #   region's indication count for the new region from the indication's ingangsdatum. Not a request:
    #   nothing is refused here (a grant already made moves, it is not granted again); a request to the new
    #   region is judged against its plafond for its part (`_Besluiten._binnen_plafond`).
    """
    p = event.payload
    jaren: set[int] = set()
    for t in besluiten.toestand.toekenningen:
        if t.thuis and (t.periode.tot is None or t.periode.tot >= p.ingangsdatum):
            jaren |= jaren_vanaf(max(p.ingangsdatum, t.periode.van), t.periode.tot)
    gewijzigd = set()
    for jaar in jaren:
        regelset = regelset_van_jaar(jaar)
        if regelset is None or not _bedragen_van_jaar(besluiten.toestand, jaar, regelset):
            continue
        budget = jaarbudget(besluiten.toestand, jaar, p.ingangsdatum, regelset.versie, [])
        vastgesteld = {r: x for j, r, x in besluiten.toestand.pgb_regios if j == jaar}
        if budget is not None and vastgesteld and besluiten._binnen_plafond(regelset, budget).pgb_per_regio() != vastgesteld:
            gewijzigd.add(jaar)
    besluiten.budgetten(gewijzigd, p.ingangsdatum, f"verhuisd naar regio {p.regio} per {p.ingangsdatum.isoformat()} (art. 5.10, 8.12)")


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
            jaren |= jaren_vanaf(p.einddatum, t.periode.tot)
    besluiten.budgetten(jaren, p.einddatum)


def _beeindig(besluiten: _Besluiten, toekenning: Toekenning, einddatum: date, reden: str, peildatum: date) -> None:
    besluiten.voeg_toe(
        b.LeveringsvormBeeindigd,
        b.LeveringsvormBeeindigdPayload(
            peildatum=peildatum,
            regelset=versie_op(peildatum),
            artikelen=["3.3.1 Wlz", "7.12"],
            leveringsvormen=_codes(toekenning.leveringsvormen),
            ingangsdatum=toekenning.periode.van,
            einddatum=einddatum,
            reden=reden,
        ),
    )


_BEHANDELAARS: dict[type, Callable[[_Besluiten, Any], None]] = {
    **toewijzen.BEHANDELAARS,  # zorgtoewijzing (services/domain/toewijzen.py)
    i.LeveringsvormAangevraagd: _leveringsvorm,
    i.EKTAangevraagd: _ekt,
    i.MeerzorgAangevraagd: _meerzorg,
    i.ToeslagAangevraagd: _toeslag,
    i.IndicatieOntvangen: _indicatie_ontvangen,
    i.IndicatieBeeindigd: _indicatie_beeindigd,
    i.BehandelingAangevraagd: _behandeling,
    i.AdlPgbAangevraagd: _adl_pgb,
}

__all__ = ["Gevouwen", "beslis", "beslis_gevouwen", "dag_ervoor", "herzie_pgb"]
