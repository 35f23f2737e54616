"""Toeslagen above the basisbedrag: art. 5.1c, 5.1d and 5.1f."""

from __future__ import annotations

from datetime import date

from events.codes import BegeleidingGroeps, Leveringsvorm, ToeslagSoort, Zorgvorm
from services.regeling.artikelen import Weigering
from services.regeling.artikelen.pgb import leeftijd_op
from services.regeling.geld import Cent
from services.regeling.model import BijlageHRij, RegelSetData


def einde_minderjarigheid(data: RegelSetData, geboortedatum: date) -> date:
    """The last day a client is younger than the age limit of art. 5.1d."""
    grens = data.parameters.minderjarig_leeftijdsgrens
    try:
        verjaardag = geboortedatum.replace(year=geboortedatum.year + grens)
    except ValueError:  # 29 February
        verjaardag = date(geboortedatum.year + grens, 3, 1)
    return date.fromordinal(verjaardag.toordinal() - 1)


def toets_toeslag(
    data: RegelSetData,
    soort: ToeslagSoort,
    leveringsvormen: frozenset[Leveringsvorm],
    zorgvorm: Zorgvorm,
    geboortedatum: date,
    van: date,
    tot: date | None,
    indicatie_voorwaarde: bool,
) -> None:
    """Refuses a toeslag whose conditions do not hold (the amount is judged in `toeslag_bedrag`).

    # Regeling art. 5.1c lid 1-2: palliatief-terminale zorg (the client must be aangewezen on it).
    # Regeling art. 5.1c lid 3-4: a temporary need for nursing after medisch-specialistische behandeling.
    #   Choice: "tijdelijk" means the request must carry an einddatum.
    # Regeling art. 5.1d lid 1-2: under 18, for development; for the PGB (lid 2) only begeleiding in
    #   groepsverband; for the MPT (lid 1) also behandeling in groepsverband or individuele behandeling.
    #   Choice: the toeslag ends at the latest the day before the 18th birthday.
    # Regeling art. 5.1f: handled in `toets_dure_groepsbegeleiding` (it needs the Bijlage H row).
    """
    if not leveringsvormen & {Leveringsvorm.MPT, Leveringsvorm.PGB}:
        raise Weigering(soort.artikel, "een toeslag hoort bij een modulair pakket thuis of een pgb")
    if soort is ToeslagSoort.PALLIATIEF_TERMINAAL and not indicatie_voorwaarde:
        raise Weigering("5.1c lid 1-2", "de verzekerde is niet aangewezen op palliatief terminale zorg")
    if soort is ToeslagSoort.TIJDELIJKE_VERPLEGING:
        if not indicatie_voorwaarde:
            raise Weigering("5.1c lid 3-4", "geen tijdelijke behoefte aan verpleging na medisch specialistische behandeling")
        if tot is None:
            raise Weigering("5.1c lid 3-4", "een toeslag voor tijdelijke verpleging vraagt een einddatum")
    if soort is ToeslagSoort.ONTWIKKELING_MINDERJARIGE:
        grens = data.parameters.minderjarig_leeftijdsgrens
        if leeftijd_op(geboortedatum, van) >= grens:
            raise Weigering("5.1d", f"de verzekerde is op {van.isoformat()} niet jonger dan {grens} jaar")
        toegestaan = {Zorgvorm.BEGELEIDING_GROEP}
        if Leveringsvorm.MPT in leveringsvormen:
            toegestaan |= {Zorgvorm.BEHANDELING_GROEP, Zorgvorm.BEHANDELING_INDIVIDUEEL}
        if zorgvorm not in toegestaan:
            raise Weigering(
                "5.1d lid 2" if Leveringsvorm.MPT not in leveringsvormen else "5.1d lid 1",
                f"art. 5.1d staat extra ruimte toe voor {', '.join(sorted(t.value for t in toegestaan))}, niet voor {zorgvorm.value}",
            )


def toets_dure_groepsbegeleiding(
    rij: BijlageHRij,
    leveringsvormen: frozenset[Leveringsvorm],
    zorgvorm: Zorgvorm,
    tekort_na_5_1_tot_5_1d: Cent,
    voldoet_aan_art_2_2: bool,
    kosten_per_jaar: Cent,
) -> Cent:
    """The most art. 5.1f allows; refuses when its conditions do not hold.

    # Regeling art. 5.1f lid 1-2: only when the need exceeds what 5.1 to 5.1d allow and the meerzorg
    #   conditions of art. 2.2 do NOT hold; for begeleiding in groepsverband dearer than its Bijlage H
    #   amount (lid 1 also: behandeling, MPT only). Toelichting 5.1f: the extra bridges "het
    #   prijsverschil" - so at most the cost minus the Bijlage H amount for that form of care.
    """
    if voldoet_aan_art_2_2:
        raise Weigering("5.1f", "de voorwaarden van art. 2.2 gelden: de weg is meerzorg (art. 5.1e)")
    if tekort_na_5_1_tot_5_1d <= 0:
        raise Weigering("5.1f", "de zorgbehoefte overstijgt niet wat na art. 5.1 tot en met 5.1d beschikbaar is")
    if zorgvorm is Zorgvorm.BEGELEIDING_GROEP:
        if rij.begeleiding_groeps in (BegeleidingGroeps.NEE, BegeleidingGroeps.NVT):
            raise Weigering("5.1f", "het basisbedrag bevat geen begeleiding in groepsverband")
        verschil = kosten_per_jaar - rij.begeleiding_groeps_bedrag
        if verschil <= 0:
            raise Weigering("5.1f", "de kosten van begeleiding in groepsverband zijn niet hoger dan in Bijlage H")
        return min(verschil, tekort_na_5_1_tot_5_1d)
    if zorgvorm in (Zorgvorm.BEHANDELING_GROEP, Zorgvorm.BEHANDELING_INDIVIDUEEL):
        if Leveringsvorm.MPT not in leveringsvormen:
            raise Weigering("5.1f lid 2", "behandeling valt onder art. 5.1f lid 1 (mpt), niet onder het pgb")
        return min(kosten_per_jaar, tekort_na_5_1_tot_5_1d)
    raise Weigering("5.1f", f"art. 5.1f gaat over begeleiding in groepsverband of behandeling, niet {zorgvorm.value}")
