"""The state of one WlzCase, folded from its events.

Immutable values only, so that rebuilding a case from its events is a plain left fold and two rebuilds
can be compared with `==` (the replay property of the test suite).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from uuid import UUID

from events import AnyEvent
from events import besluiten as b
from events import inbound as i
from events import toewijzing as tw
from events.bsn import GEWIST
from events.codes import BegeleidingGroeps, Leveringsvorm, ToeslagSoort
from services.domain.toewijzing import Toewijzing, toewijzingen_na
from services.regeling.geld import Cent
from services.regeling.periode import Periode, dag_ervoor, vroegste

EKT = "ekt"
MEERZORG = "meerzorg"
UIT_BASISBEDRAG = "behandeling_uit_basisbedrag"  # art. 5.1b lid 4


@dataclass(frozen=True, slots=True)
class Indicatie:
    indicatiebesluit_id: str
    bsn: str
    zorgprofiel: str
    geboortedatum: date | None  # None once erased
    regio: str
    periode: Periode


@dataclass(frozen=True, slots=True)
class Component:
    """Room above the basisbedrag with its own period: EKT, meerzorg or a toeslag."""

    soort: str  # EKT, MEERZORG or a ToeslagSoort value
    artikel: str
    periode: Periode
    bedrag_per_jaar: Cent
    alleen_mpt: bool = False  # behandeling: part of the MPT, never of the PGB (Toelichting 5.1b)
    binnen_basisbedrag: bool = False  # art. 5.1b lid 4: MPT cost taken from room in the basisbedrag, not on top


_THUIS = frozenset({Leveringsvorm.MPT, Leveringsvorm.PGB})  # art. 5.1: the forms the basisbedrag is for


@dataclass(frozen=True, slots=True)
class Toekenning:
    """A granted leveringsvorm for a period, with the yearly amounts it was granted with."""

    besluit_id: UUID
    leveringsvormen: frozenset[Leveringsvorm]
    periode: Periode
    zorgprofiel: str
    regio: str
    regelset: str
    begeleiding_groeps: BegeleidingGroeps
    deeltijdverblijf_etmalen: int | None
    overbrugging: bool
    gewaarborgde_hulp: bool
    basisbedrag_per_jaar: Cent
    deeltijd_korting_per_jaar: Cent
    kleinschalig_per_jaar: Cent
    mpt_kosten_per_jaar: Cent
    componenten: tuple[Component, ...] = ()

    @property
    def thuis(self) -> bool:
        """Whether the basisbedrag of art. 5.1 applies (MPT and/or PGB, not as overbruggingszorg)."""
        return not self.overbrugging and not self.leveringsvormen.isdisjoint(_THUIS)

    @property
    def basisbedrag(self) -> Cent:
        """The basisbedrag after the deeltijd reduction (art. 5.1 lid 3-4)."""
        return self.basisbedrag_per_jaar - self.deeltijd_korting_per_jaar

    def component_op(self, soort: str, dag: date) -> Component | None:
        return next((c for c in self.componenten if c.soort == soort and c.periode.bevat(dag)), None)

    def bedrag_op(self, soort: str, dag: date) -> Cent:
        component = self.component_op(soort, dag)
        return component.bedrag_per_jaar if component else 0

    def beschikbaar_voor_ekt(self, dag: date) -> Cent:
        """What art. 5.1, 5.1c and 5.1d make available on `dag` to cover the care, before EKT and meerzorg.

        # Regeling art. 5.13 lid 1: "Het zorgkantoor verhoogt het persoonsgebonden budget met € 4.480 voor
        #   een verzekerde die woont in een kleinschalig wooninitiatief": a raise of the PGB on top of the
        #   care (the Kwaliteitskader money of Toelichting M), so it covers no part of the need and no MPT.
        """
        toeslagen = sum(
            self.bedrag_op(s.value, dag)
            for s in (ToeslagSoort.PALLIATIEF_TERMINAAL, ToeslagSoort.TIJDELIJKE_VERPLEGING, ToeslagSoort.ONTWIKKELING_MINDERJARIGE)
        )
        return self.basisbedrag + toeslagen

    def met_component(self, nieuw: Component) -> Toekenning:
        """Adds room from a date on; the same kind of room before it ends the day before."""
        periode = Periode(nieuw.periode.van, vroegste(nieuw.periode.tot, self.periode.tot))
        componenten = []
        for c in self.componenten:
            if c.soort == nieuw.soort and c.periode.bevat(nieuw.periode.van):
                if c.periode.van < nieuw.periode.van:
                    componenten.append(replace(c, periode=c.periode.beeindigd_op(dag_ervoor(nieuw.periode.van))))
            elif c.soort == nieuw.soort and c.periode.van >= nieuw.periode.van:
                continue  # superseded entirely
            else:
                componenten.append(c)
        componenten.append(replace(nieuw, periode=periode))
        return replace(self, componenten=tuple(componenten))

    def beeindigd_op(self, einddatum: date) -> Toekenning:
        componenten = tuple(replace(c, periode=c.periode.beeindigd_op(einddatum)) for c in self.componenten if c.periode.van <= einddatum)
        return replace(self, periode=self.periode.beeindigd_op(einddatum), componenten=componenten)


@dataclass(frozen=True, slots=True)
class CaseToestand:
    indicatie: Indicatie | None = None
    toekenningen: tuple[Toekenning, ...] = ()
    verwerkt: frozenset[UUID] = field(default_factory=frozenset)
    budgetten: tuple[tuple[int, Cent, Cent], ...] = ()  # (jaar, totaal, pgb_deel), latest per year
    # (jaar, regio, pgb): the latest budget's PGB per region (art. 5.10 with 8.12: each region's plafond
    # carries the days under its indication)
    pgb_regios: tuple[tuple[int, str, Cent], ...] = ()
    # (jaar, regio, pgb): the most PGB the plafond of that region left this case that year (art. 5.10 with
    # Awb art. 4:25 lid 2), after a partial refusal or a review; none when the PGB was granted in full
    pgb_plafonds: tuple[tuple[int, str, Cent], ...] = ()
    # (ingangsdatum, regio) of the indications received, in date order: a later indication governs the
    # region from its ingangsdatum on (a move to another zorgkantoor region)
    regios: tuple[tuple[date, str], ...] = ()
    gewist: bool = False  # personal data erased (crypto-shredding): no decisions any more
    toewijzingen: tuple[Toewijzing, ...] = ()  # zorg in natura assigned to zorgaanbieders (services/domain/toewijzing.py)

    def __deepcopy__(self, memo: dict[int, object]) -> CaseToestand:
        """Immutable all the way down: a copy is the same value (the aggregate cache deep-copies)."""
        return self

    def toekenning_op(self, dag: date) -> Toekenning | None:
        return next((t for t in reversed(self.toekenningen) if t.periode.bevat(dag)), None)

    def indicatie_geldig_op(self, dag: date) -> bool:
        return self.indicatie is not None and self.indicatie.periode.bevat(dag)

    def budget(self, jaar: int) -> tuple[Cent, Cent] | None:
        return next(((t, p) for j, t, p in self.budgetten if j == jaar), None)

    def pgb_in(self, jaar: int, regio: str) -> Cent:
        """This case's PGB of `jaar` in `regio` as last decided (0 when none)."""
        return next((p for j, r, p in self.pgb_regios if j == jaar and r == regio), 0)

    def pgb_plafonds_van(self, jaar: int) -> dict[str, Cent]:
        """Per region: the most PGB its plafond left this case in `jaar` (only regions that limited it)."""
        return {r: p for j, r, p in self.pgb_plafonds if j == jaar}

    def regio_perioden(self, periode: Periode, standaard: str) -> list[tuple[str, Periode]]:
        """`periode` (closed) split by the region of the indication in force on each day, in date order;
        days before the first indication received count for `standaard` (the grant's own region)."""
        assert periode.tot is not None
        uit: list[tuple[str, Periode]] = []
        van, regio = periode.van, standaard
        for begin, nieuw in self.regios:
            if begin <= periode.van:
                regio = nieuw
            elif begin <= periode.tot and nieuw != regio:
                uit.append((regio, Periode(van, dag_ervoor(begin))))
                van, regio = begin, nieuw
        uit.append((regio, Periode(van, periode.tot)))
        return uit


def toepassen(toestand: CaseToestand, event: AnyEvent) -> CaseToestand:
    """The state after one event. Inbound events only mark themselves handled, except the indication."""
    match event:
        case i.IndicatieOntvangen(payload=p):
            indicatie = Indicatie(
                p.indicatiebesluit_id, p.bsn, p.zorgprofiel, p.geboortedatum, p.regio, Periode(p.ingangsdatum, p.einddatum)
            )
            regios = (*(r for r in toestand.regios if r[0] < p.ingangsdatum), (p.ingangsdatum, p.regio))
            return replace(toestand, indicatie=indicatie, regios=regios, verwerkt=toestand.verwerkt | {event.event_id})
        case i.IndicatieBeeindigd(payload=p):
            huidig = toestand.indicatie
            if huidig is not None and huidig.indicatiebesluit_id == p.indicatiebesluit_id:
                huidig = replace(huidig, periode=huidig.periode.beeindigd_op(p.einddatum))
            return replace(toestand, indicatie=huidig, verwerkt=toestand.verwerkt | {event.event_id})
        case (
            i.LeveringsvormAangevraagd()
            | i.EKTAangevraagd()
            | i.MeerzorgAangevraagd()
            | i.ToeslagAangevraagd()
            | i.BehandelingAangevraagd()
            | i.AdlPgbAangevraagd()
        ):
            return replace(toestand, verwerkt=toestand.verwerkt | {event.event_id})
        case b.LeveringsvormToegekend(payload=p):
            nieuw = Toekenning(
                besluit_id=event.event_id,
                leveringsvormen=frozenset(v.leveringsvorm for v in p.leveringsvormen),
                periode=Periode(p.ingangsdatum, p.einddatum),
                zorgprofiel=p.zorgprofiel,
                regio=p.regio,
                regelset=p.regelset,
                begeleiding_groeps=p.begeleiding_groeps,
                deeltijdverblijf_etmalen=p.deeltijdverblijf_etmalen,
                overbrugging=p.overbrugging,
                gewaarborgde_hulp=p.gewaarborgde_hulp,
                basisbedrag_per_jaar=p.basisbedrag_per_jaar,
                deeltijd_korting_per_jaar=p.deeltijd_korting_per_jaar,
                kleinschalig_per_jaar=p.kleinschalig_wooninitiatief_per_jaar,
                mpt_kosten_per_jaar=p.mpt_kosten_per_jaar,
            )
            eerder = tuple(
                t.beeindigd_op(dag_ervoor(p.ingangsdatum)) if t.periode.bevat(p.ingangsdatum) or t.periode.van >= p.ingangsdatum else t
                for t in toestand.toekenningen
            )
            eerder = tuple(t for t in eerder if t.periode.tot is None or t.periode.tot >= t.periode.van)
            return replace(toestand, toekenningen=(*eerder, nieuw))
        case b.LeveringsvormBeeindigd(payload=p):
            return replace(
                toestand,
                toekenningen=tuple(
                    t.beeindigd_op(p.einddatum)
                    if t.periode.van <= p.einddatum and (t.periode.tot is None or t.periode.tot > p.einddatum)
                    else t
                    for t in toestand.toekenningen
                ),
            )
        case b.EKTToegekend(payload=p):
            return _met_component(toestand, Component(EKT, "5.1a", Periode(p.ingangsdatum, p.einddatum), p.bedrag_per_jaar))
        case b.MeerzorgGestart(payload=p):
            return _met_component(toestand, Component(MEERZORG, "5.1e", Periode(p.ingangsdatum, p.einddatum), p.bedrag_per_jaar))
        case b.ToeslagToegekend(payload=p):
            return _met_component(
                toestand, Component(p.soort.value, p.artikel, Periode(p.ingangsdatum, p.einddatum), p.bedrag_per_jaar, p.alleen_mpt)
            )
        case b.BehandelingToegekend(payload=p):
            periode = Periode(p.ingangsdatum, p.einddatum)
            toestand = _met_component(toestand, Component(ToeslagSoort.BEHANDELING.value, "5.1b", periode, p.binnen_kader_per_jaar, True))
            return _met_component(toestand, Component(UIT_BASISBEDRAG, "5.1b lid 4", periode, p.uit_basisbedrag_per_jaar, True, True))
        case b.PersoonsgegevensGewist():
            gewist = None if toestand.indicatie is None else replace(toestand.indicatie, bsn=GEWIST, geboortedatum=None)
            return replace(toestand, indicatie=gewist, gewist=True)
        case b.BudgetVastgesteld(payload=p):
            anders = tuple(r for r in toestand.budgetten if r[0] != p.jaar)
            delen = p.pgb_per_regio()
            per_regio = tuple(r for r in toestand.pgb_regios if r[0] != p.jaar) + tuple((p.jaar, r, x) for r, x in delen.items())
            budgetten = tuple(sorted((*anders, (p.jaar, p.totaal, p.pgb_deel))))
            toestand = replace(toestand, budgetten=budgetten, pgb_regios=tuple(sorted(per_regio)))
            if p.plafondtoets is not None:
                regio = p.plafondtoets.lezing.regio
                return _met_pgb_plafond(toestand, p.jaar, regio, delen.get(regio, 0) if p.plafondtoets.geweigerd else None)
            return toestand
        case b.PgbPlafondHerzien(payload=p):
            return _met_pgb_plafond(toestand, p.jaar, p.regio, p.pgb_na)
        case tw.ToewijzingAangevraagd() | tw.AanvangZorgGemeld() | tw.MutatieZorgGemeld() | tw.RetourOntvangen():
            return replace(toestand, verwerkt=toestand.verwerkt | {event.event_id})
        case _:
            toewijzingen = toewijzingen_na(toestand.toewijzingen, event)
            return toestand if toewijzingen is None else replace(toestand, toewijzingen=toewijzingen)


def _met_pgb_plafond(toestand: CaseToestand, jaar: int, regio: str, pgb: Cent | None) -> CaseToestand:
    anders = tuple(r for r in toestand.pgb_plafonds if r[:2] != (jaar, regio))
    return replace(toestand, pgb_plafonds=tuple(sorted((*anders, *([(jaar, regio, pgb)] if pgb is not None else [])))))


def _met_component(toestand: CaseToestand, component: Component) -> CaseToestand:
    toekenningen = list(toestand.toekenningen)
    for n in range(len(toekenningen) - 1, -1, -1):
        if toekenningen[n].periode.bevat(component.periode.van):
            toekenningen[n] = toekenningen[n].met_component(component)
            break
    return replace(toestand, toekenningen=tuple(toekenningen))


def opbouwen(events: list[AnyEvent]) -> CaseToestand:
    """A case rebuilt from its events, oldest first."""
    toestand = CaseToestand()
    for event in events:
        toestand = toepassen(toestand, event)
    return toestand
