"""The basisbedrag and the MPT/PGB mix (art. 5.1), deeltijdverblijf (art. 1.1, 5.1 lid 3-4, 5.2)."""

from __future__ import annotations

from dataclasses import dataclass

from events.besluiten import Grond
from events.codes import BegeleidingGroeps, Leveringsvorm
from services.regeling.artikelen import Ontbreekt, Weigering
from services.regeling.geld import Cent, deel
from services.regeling.model import BijlageHRij, RegelSetData

PERIODE_ETMALEN = 14
"""# Regeling art. 1.1 (definitie deeltijdverblijf): "gedurende een periode van veertien aaneengesloten
etmalen" - a term of the definition, not an amount, so it stays beside the rule that uses it."""


def bijlage_h_rij(data: RegelSetData, zorgprofiel: str, begeleiding_groeps: BegeleidingGroeps) -> BijlageHRij:
    """The row of Bijlage H for a profile and a "begeleiding groeps" variant.

    # Regeling art. 5.1 lid 2 and Bijlage H: the basisbedrag is the amount "genoemd in bijlage H".
    A profile without a row (GGZ-B, VV herstelgericht, and GGZ-W in 2020) has no basisbedrag: refused
    with what is missing, never filled in.
    """
    rij = data.bijlage_h.get((zorgprofiel, begeleiding_groeps))
    if rij is not None:
        return rij
    varianten = sorted(v.value for (code, v) in data.bijlage_h if code == zorgprofiel)
    if not varianten:
        raise Ontbreekt(
            "5.1 lid 2",
            f"Bijlage H {data.jaar} bevat geen basisbedrag voor zorgprofiel {zorgprofiel}",
            ontbreekt=f"Bijlage H {data.jaar}: {zorgprofiel}",
        )
    raise Ontbreekt(
        "5.1 lid 2",
        f"Bijlage H {data.jaar} kent voor {zorgprofiel} geen rij 'begeleiding groeps = {begeleiding_groeps.value}'"
        f" (wel: {', '.join(varianten)})",
        ontbreekt=f"Bijlage H {data.jaar}: {zorgprofiel}/{begeleiding_groeps.value}",
    )


@dataclass(frozen=True, slots=True)
class Basisbedrag:
    """The basisbedrag a year for one grant, with the deeltijd reduction shown separately."""

    bijlage_h: Cent  # the row total of Bijlage H
    deeltijd_korting: Cent  # what art. 5.1 lid 3 takes off (0 without deeltijdverblijf)
    begeleiding_groeps: Cent  # the part art. 5.1 lid 4 keeps whole

    @property
    def bedrag(self) -> Cent:
        return self.bijlage_h - self.deeltijd_korting


def basisbedrag(rij: BijlageHRij, deeltijd_etmalen: int | None) -> Basisbedrag:
    """The yearly basisbedrag, taken pro rata for deeltijdverblijf.

    # Regeling art. 5.1 lid 3: with deeltijdverblijf the basisbedrag is taken "naar rato van het aantal
    #   etmalen per week dat de verzekerde zorg thuis organiseert": at home 14 - etmalen of every 14,
    #   so 7 of 14 (week on, week off) leaves 50% (Toelichting onderdeel D).
    # Regeling art. 5.1 lid 4: the part for begeleiding in groepsverband and vervoer is not reduced.
    Rounding: the reduced rest is rounded once to cents (services.regeling.geld).
    """
    groeps = rij.begeleiding_groeps_bedrag
    if deeltijd_etmalen is None:
        return Basisbedrag(rij.totaal, 0, groeps)
    rest = rij.totaal - groeps
    thuis = deel(rest, PERIODE_ETMALEN - deeltijd_etmalen, PERIODE_ETMALEN)
    return Basisbedrag(rij.totaal, rest - thuis, groeps)


def toets_deeltijdverblijf(
    data: RegelSetData,
    zorgprofiel: str,
    sector: str,
    etmalen: int,
    leveringsvormen: frozenset[Leveringsvorm],
    logeeropvang: bool,
) -> None:
    """Refuses deeltijdverblijf where the Regeling excludes it, naming every ground that applies.

    # Regeling art. 1.1 (definitie deeltijdverblijf): 7, 8 or 9 etmalen in every fourteen.
    # Regeling art. 5.2 lid 1: not for the sectors GGZ-B, LVG, SGLVG nor VV herstelgerichte behandeling.
    # Regeling art. 5.2 lid 2: not for ZZP 1VV, 2VV, 3VV, 1VG, 2VG, 1LG, 3LG, 1ZG-aud, 1ZG-vis.
    # Regeling art. 5.2 lid 3: an MPT with logeeropvang beside deeltijdverblijf is refused.
    Choice: art. 5.2 lid 3 names the MPT only; a PGB with logeeropvang beside deeltijdverblijf is not
    refused by it (the Toelichting gives the efficiency reason for the MPT case only).
    """
    p = data.parameters
    gronden: list[Grond] = []
    if etmalen not in p.deeltijd_etmalen_per_veertien:
        gronden.append(Grond(artikel="1.1", reden=f"deeltijdverblijf is 7, 8 of 9 etmalen per veertien etmalen; gevraagd: {etmalen}"))
    if sector in p.deeltijd_uitgesloten_sectoren or zorgprofiel in p.deeltijd_uitgesloten_zorgprofielen:
        gronden.append(Grond(artikel="5.2 lid 1", reden=f"deeltijdverblijf is uitgesloten voor {zorgprofiel} (sector {sector})"))
    if zorgprofiel in p.deeltijd_uitgesloten_zorgzwaartepakketten:
        gronden.append(Grond(artikel="5.2 lid 2", reden=f"deeltijdverblijf is uitgesloten voor zorgzwaartepakket {zorgprofiel}"))
    if logeeropvang and Leveringsvorm.MPT in leveringsvormen:
        gronden.append(
            Grond(
                artikel="5.2 lid 3",
                reden="een modulair pakket thuis met logeeropvang naast deeltijdverblijf wordt afgewezen (doelmatigheid)",
            )
        )
    if gronden:
        raise Weigering.op(gronden)


def pgb_deel(beschikbaar: Cent, mpt_kosten: Cent) -> Cent:
    """What is left for the PGB once the MPT is paid.

    # Regeling art. 5.1 lid 2: for the PGB the basisbedrag is available "verminderd met de kosten van
    #   het modulair pakket thuis"; never below zero.
    """
    return max(0, beschikbaar - mpt_kosten)
