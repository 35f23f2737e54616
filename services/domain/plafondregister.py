"""The PGB plafond register of one region and year: who holds which part of the plafond, in the order
of receipt of their requests, and the overhevelingen of art. 8.12 that changed the plafond.

Why a register in the event store and not the read-side ledger: the ledger lags the store (it steers, it
does not lock), while art. 5.10 Rlz with Awb art. 4:25 lid 2 makes the plafond a limit no grant may pass.
The register is an aggregate saved in the same transaction as the case decisions it records, so two
grants that would together pass the plafond cannot both be recorded (optimistic concurrency: the second
is decided again on the newer register).

Each case's part is kept as tranches, one per increase, each with the date of receipt of the request that
caused it: a request ranks by that date (art. 5.10), so a later increase of one case ranks behind an
earlier request of another. Pure state (`RegisterStand`) and pure functions; the aggregate only folds.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate
from immutables import Map

from events import besluiten as b
from events.besluiten import PlafondModus
from services.regeling.geld import Cent

REGISTER_NAMESPACE = uuid5(NAMESPACE_URL, "wlz:pgb-plafondregister")


@lru_cache(maxsize=1024)  # 31 regions (the contract allows no others), a few years: asked on every request
def register_id(regio: str, jaar: int) -> UUID:
    return uuid5(REGISTER_NAMESPACE, f"{regio}|{jaar}")


@dataclass(frozen=True, slots=True)
class Tranche:
    """A part of a case's PGB in the year, ranked by the date of receipt of the request that caused it."""

    ontvangstdatum: date
    volgnummer: int  # the order of recording: same-day requests rank in the order they were decided
    bedrag: Cent
    aanvraag_id: UUID


@dataclass(frozen=True, slots=True)
class RegisterStand:
    regio: str
    jaar: int
    artikel: str
    plafond_regeling: Cent | None
    overhevelingen: tuple[b.Overheveling, ...] = ()
    # per case its tranches, as a persistent map (a HAMT): a booking makes a new stand in O(log n) where a
    # dict had to be copied whole, O(n) in the region's holders, so a year's bookings cost O(n²)
    # (bench/register.py: 48-52 µs a reading + booking at 3.800 holders, 285-296 µs at 20.000)
    toewijzingen: Map[UUID, tuple[Tranche, ...]] = field(default_factory=Map)
    volgnummer: int = 0
    totaal: Cent = 0  # the sum of every tranche, kept with them (read on every decision)
    # the sum of the tranches per date of receipt (`date.toordinal()`: an int compares three times as fast
    # as a date, 14 against 46 µs for a year of days), kept with them: a reading sums at most a year of
    # days, not every tranche of the region (thousands nationally, read on every request)
    per_datum: dict[int, Cent] = field(default_factory=dict)
    # per date of receipt (`toordinal()`) the cases holding a tranche received on it, kept with them:
    # `te_herzien` takes the most recently received tranches first, so it reads the latest days and not
    # every holder of the region (a scan of every tranche was 16 % of `wlz serve` in the national run,
    # where regions pass their plafond: py-spy, 2026-12-07)
    op_dag: Map[int, frozenset[UUID]] = field(default_factory=Map)

    def __deepcopy__(self, memo: dict[int, object]) -> RegisterStand:
        """Immutable: a copy is the same value (the aggregate cache deep-copies)."""
        return self

    @property
    def plafond(self) -> Cent | None:
        """The plafond of art. 8.12 plus every overheveling recorded."""
        if self.plafond_regeling is None:
            return None
        return self.plafond_regeling + sum(o.bedrag for o in self.overhevelingen)

    def van(self, case_id: UUID) -> Cent:
        return sum(t.bedrag for t in self.toewijzingen.get(case_id, ()))


def lezing(stand: RegisterStand, case_id: UUID, ontvangstdatum: date, modus: PlafondModus) -> b.Plafondlezing:
    """The register as a request received on `ontvangstdatum` sees it: what other cases took with requests
    received on or before that date (ahead of it, art. 5.10), and after it."""
    grens = ontvangstdatum.toordinal()
    eerder = sum(bedrag for dag, bedrag in stand.per_datum.items() if dag <= grens)
    eigen = sum(t.bedrag for t in stand.toewijzingen.get(case_id, ()) if t.ontvangstdatum <= ontvangstdatum)
    eerder -= eigen
    later = stand.totaal - stand.van(case_id) - eerder
    return b.Plafondlezing(
        regio=stand.regio,
        jaar=stand.jaar,
        artikel=stand.artikel,
        plafond_regeling=stand.plafond_regeling,
        overhevelingen=list(stand.overhevelingen),
        plafond=stand.plafond,
        ontvangstdatum=ontvangstdatum,
        eerder_toegewezen=eerder,
        later_toegewezen=later,
        modus=modus,
    )


def met_bedrag(stand: RegisterStand, case_id: UUID, bedrag: Cent, ontvangstdatum: date, aanvraag_id: UUID) -> RegisterStand:
    """The register with this case's PGB of the year set to `bedrag`: an increase is a new tranche at
    `ontvangstdatum`; a decrease takes off the most recently received tranches first."""
    tranches = list(stand.toewijzingen.get(case_id, ()))
    huidig = sum(t.bedrag for t in tranches)
    volgnummer = stand.volgnummer
    if bedrag > huidig:
        volgnummer += 1
        tranches.append(Tranche(ontvangstdatum, volgnummer, bedrag - huidig, aanvraag_id))
    elif bedrag < huidig:
        af = huidig - bedrag
        tranches.sort(key=lambda t: (t.ontvangstdatum, t.volgnummer))
        while af:
            laatste = tranches.pop()
            if laatste.bedrag > af:
                tranches.append(replace(laatste, bedrag=laatste.bedrag - af))
                af = 0
            else:
                af -= laatste.bedrag
    else:
        return stand
    per_datum = dict(stand.per_datum)
    oude_dagen, nieuwe_dagen = set(), set()
    for t in stand.toewijzingen.get(case_id, ()):
        oude_dagen.add(dag := t.ontvangstdatum.toordinal())
        per_datum[dag] -= t.bedrag
    for t in tranches:
        nieuwe_dagen.add(dag := t.ontvangstdatum.toordinal())
        per_datum[dag] = per_datum.get(dag, 0) + t.bedrag
    # no tranches left (a decrease to nothing): the case held some, so it is in the map to delete from
    toewijzingen = stand.toewijzingen.set(case_id, tuple(tranches)) if tranches else stand.toewijzingen.delete(case_id)
    for dag in oude_dagen | nieuwe_dagen:  # only this case's days changed: a day without tranches left goes
        if not per_datum[dag]:
            del per_datum[dag]
    return replace(
        stand,
        toewijzingen=toewijzingen,
        volgnummer=volgnummer,
        totaal=stand.totaal + bedrag - huidig,
        per_datum=per_datum,
        op_dag=_op_dag(stand.op_dag, case_id, oude_dagen, nieuwe_dagen),
    )


def _op_dag(op_dag: Map[int, frozenset[UUID]], case_id: UUID, oud: set[int], nieuw: set[int]) -> Map[int, frozenset[UUID]]:
    """The day index with this case on exactly the days of its tranches now."""
    if oud == nieuw:
        return op_dag
    with op_dag.mutate() as bewerkt:
        for dag in oud - nieuw:
            rest = bewerkt[dag] - {case_id}
            if rest:
                bewerkt[dag] = rest
            else:
                del bewerkt[dag]
        for dag in nieuw - oud:
            bewerkt[dag] = bewerkt.get(dag, frozenset()) | {case_id}
        nieuwe_index = bewerkt.finish()
    return nieuwe_index


def te_herzien(stand: RegisterStand, case_id: UUID, ontvangstdatum: date, verhoging: Cent) -> list[tuple[UUID, Cent]]:
    """The later-received grants that must give up room after this case's grant (raised by `verhoging`) was
    decided against the room in the order of receipt: by how much each, most recently received first.

    # Awb art. 4:25 lid 3 with art. 5.10 Rlz: the earlier-received request keeps its place. Only the
    #   overrun this grant causes is taken back (an overheveling that lowers the plafond never reviews a
    #   grant already made: Awb art. 4:27 lid 2), and never from a request received on or before it.
    """
    plafond = stand.plafond
    if plafond is None or verhoging <= 0:
        return []
    over = min(stand.totaal - plafond, verhoging)
    if over <= 0:
        return []  # the region is within its plafond: nobody gives up room (and no scan of the register)
    verlagingen: dict[UUID, Cent] = {}
    for tranche, case in _later_ontvangen(stand, case_id, ontvangstdatum.toordinal()):
        if over <= 0:
            break
        af = min(over, tranche.bedrag)
        verlagingen[case] = verlagingen.get(case, 0) + af
        over -= af
    return sorted(verlagingen.items(), key=lambda x: str(x[0]))


def _later_ontvangen(stand: RegisterStand, case_id: UUID, grens: int) -> Iterator[tuple[Tranche, UUID]]:
    """The other cases' tranches received after day `grens`, most recently received first (by date, then
    in the order of recording), read from the day index a day at a time: the caller stops once it has
    enough, so only the latest days are read."""
    for dag in sorted((d for d in stand.op_dag if d > grens), reverse=True):
        op_die_dag = [
            (t, c) for c in stand.op_dag[dag] if c != case_id for t in stand.toewijzingen[c] if t.ontvangstdatum.toordinal() == dag
        ]
        yield from sorted(op_die_dag, key=lambda x: x[0].volgnummer, reverse=True)


class PlafondRegister(Aggregate):
    """The register of one region and year in the event store (id: `register_id(regio, jaar)`)."""

    def __init__(self, regio: str, jaar: int, artikel: str, plafond_regeling: Cent | None) -> None:
        self.stand = RegisterStand(regio, jaar, artikel, plafond_regeling)

    @classmethod
    def create_id(cls, regio: str, jaar: int, artikel: str, plafond_regeling: Cent | None) -> UUID:
        return register_id(regio, jaar)

    class Vastgelegd(Aggregate.Event):
        """A contract event recorded in the register (an art. 8.12 overheveling), as its JSON."""

        bericht: dict[str, Any]

        def apply(self, aggregate: Aggregate) -> None:
            assert isinstance(aggregate, PlafondRegister)
            aggregate.stand = overheveling_toegepast(aggregate.stand, self.bericht)

    class Toegewezen(Aggregate.Event):
        """A case's PGB of the year as decided (internal bookkeeping, derived from its BudgetVastgesteld)."""

        case_id: UUID
        bedrag: int
        ontvangstdatum: str  # ISO date (the store's transcoder has no date type)
        aanvraag_id: UUID

        def apply(self, aggregate: Aggregate) -> None:
            assert isinstance(aggregate, PlafondRegister)
            dag = date.fromisoformat(self.ontvangstdatum)
            aggregate.stand = met_bedrag(aggregate.stand, self.case_id, self.bedrag, dag, self.aanvraag_id)

    def leg_vast(self, overheveling: b.PgbPlafondOvergeheveld) -> None:
        self.trigger_event(self.Vastgelegd, bericht=overheveling.model_dump(mode="json"))

    def wijs_toe(self, case_id: UUID, bedrag: Cent, ontvangstdatum: date, aanvraag_id: UUID) -> None:
        if bedrag != self.stand.van(case_id):
            self.trigger_event(
                self.Toegewezen, case_id=case_id, bedrag=bedrag, ontvangstdatum=ontvangstdatum.isoformat(), aanvraag_id=aanvraag_id
            )


def overheveling_toegepast(stand: RegisterStand, bericht: dict[str, Any]) -> RegisterStand:
    event = b.PgbPlafondOvergeheveld.model_validate(bericht)
    p = event.payload
    return replace(
        stand,
        overhevelingen=(
            *stand.overhevelingen,
            b.Overheveling(event_id=event.event_id, bedrag=p.bedrag, referentie=p.referentie, besluitdatum=p.besluitdatum),
        ),
    )
