"""Toeslagen above the basisbedrag: art. 5.1c, 5.1d and 5.1f.

Each rule returns a `Toeslag`: the amount a year, whether it belongs to the MPT part only (behandeling,
which a PGB cannot buy), and the condition the decision rests on, recorded in the decision.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from events.codes import Leveringsvorm, ToeslagSoort, Zorgvorm
from services.regeling.artikelen import Weigering
from services.regeling.artikelen.pgb import leeftijd_op
from services.regeling.geld import Cent, als_euro
from services.regeling.model import BijlageHRij, RegelSetData

BEHANDELING = frozenset({Zorgvorm.BEHANDELING_GROEP, Zorgvorm.BEHANDELING_INDIVIDUEEL})


@dataclass(frozen=True, slots=True)
class Toeslag:
    artikel: str  # the article and lid applied
    bedrag: Cent  # a year
    alleen_mpt: bool  # behandeling: part of the MPT, never of the PGB (Toelichting 5.1b)
    toelichting: str  # the condition the decision rests on


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
    voorwaarde_vervuld: bool,
    gevraagd: Cent,
    tekort: Cent | None,
) -> Toeslag:
    """The toeslag of art. 5.1c or 5.1d; refuses where their conditions do not hold.

    `tekort`: the need above what the basisbedrag, the EKT and the other toeslagen already cover (art. 5.1c).
    Art. 5.1f: `toets_dure_groepsbegeleiding` (it needs the Bijlage H row).
    """
    if not leveringsvormen & {Leveringsvorm.MPT, Leveringsvorm.PGB}:
        raise Weigering(soort.artikel, "een toeslag hoort bij een modulair pakket thuis of een pgb")
    if soort is ToeslagSoort.ONTWIKKELING_MINDERJARIGE:
        return _ontwikkeling_minderjarige(data, leveringsvormen, zorgvorm, geboortedatum, van, voorwaarde_vervuld, gevraagd)
    return _palliatief_of_tijdelijke_verpleging(soort, tot, voorwaarde_vervuld, gevraagd, tekort)


def _palliatief_of_tijdelijke_verpleging(
    soort: ToeslagSoort, tot: date | None, voorwaarde_vervuld: bool, gevraagd: Cent, tekort: Cent | None
) -> Toeslag:
    """# Regeling art. 5.1c lid 1 (seed 002): "De Wlz-uitvoerder kan extra kosten toestaan in het geval dat een
    #   verzekerde is aangewezen op palliatief terminale zorg, voor zover die verhoging nodig is met het oog
    #   op de mogelijkheid van de verzekerde om palliatief terminale zorg thuis te ontvangen." (lid 2: the
    #   zorgkantoor, for the PGB, in the same words; lid 3-4: "een tijdelijke behoefte ... aan verpleging die
    #   noodzakelijk is vanwege een medisch specialistische behandeling, voor zover die verhoging nodig is").
    # "voor zover die verhoging nodig is": the toeslag is at most the need above what the basisbedrag, the
    #   EKT granted and the other toeslagen cover (`tekort`); asked above it, the rest is not granted; with
    #   no need above it, the toeslag is refused.
    # Choice: "tijdelijk" (lid 3-4) means the request must carry an einddatum.
    """
    lid = "5.1c lid 1-2" if soort is ToeslagSoort.PALLIATIEF_TERMINAAL else "5.1c lid 3-4"
    if not voorwaarde_vervuld:
        wat = (
            "niet aangewezen op palliatief terminale zorg"
            if soort is ToeslagSoort.PALLIATIEF_TERMINAAL
            else "geen tijdelijke behoefte aan verpleging die noodzakelijk is vanwege een medisch specialistische behandeling"
        )
        raise Weigering(lid, f"de verzekerde is {wat}")
    if soort is ToeslagSoort.TIJDELIJKE_VERPLEGING and tot is None:
        raise Weigering(lid, "een toeslag voor tijdelijke verpleging vraagt een einddatum")
    if tekort is None:
        raise Weigering(lid, "art. 5.1c verhoogt alleen voor zover nodig: de zorgkosten per jaar ontbreken")
    if tekort <= 0:
        raise Weigering(lid, "de zorgkosten passen binnen het basisbedrag, de extra kosten thuis en de toeslagen: geen verhoging nodig")
    bedrag = min(gevraagd, tekort)
    return Toeslag(lid, bedrag, False, f"voor zover nodig: tekort {als_euro(tekort)} per jaar boven basisbedrag, EKT en toeslagen")


def _ontwikkeling_minderjarige(
    data: RegelSetData,
    leveringsvormen: frozenset[Leveringsvorm],
    zorgvorm: Zorgvorm,
    geboortedatum: date,
    van: date,
    voorwaarde_vervuld: bool,
    gevraagd: Cent,
) -> Toeslag:
    """# Regeling art. 5.1d lid 1 (seed 002): "De Wlz-uitvoerder kan extra kosten toestaan indien de verzekerde
    #   jonger dan 18 jaar een behoefte heeft aan begeleiding in groepsverband, behandeling in groepsverband
    #   of individuele behandeling die naar het oordeel van de Wlz-uitvoerder noodzakelijk is voor de
    #   ontwikkeling van het kind." Lid 2: the zorgkantoor raises the PGB for begeleiding in groepsverband only.
    # Toelichting 5.1b: "De verzekerde kan niet via pgb behandeling inkopen": behandeling under lid 1 is part
    #   of the MPT; in an MPT + PGB mix it goes to the MPT part, never to the PGB part (`alleen_mpt`).
    # The necessity ("naar het oordeel van de Wlz-uitvoerder noodzakelijk ... voor de ontwikkeling van het
    #   kind") is a condition: without that judgement the toeslag is refused; with it, the decision records it.
    # Choice: the toeslag ends at the latest the day before the 18th birthday (`einde_minderjarigheid`).
    """
    grens = data.parameters.minderjarig_leeftijdsgrens
    if leeftijd_op(geboortedatum, van) >= grens:
        raise Weigering("5.1d", f"de verzekerde is op {van.isoformat()} niet jonger dan {grens} jaar")
    mpt = Leveringsvorm.MPT in leveringsvormen
    toegestaan = {Zorgvorm.BEGELEIDING_GROEP} | (BEHANDELING if mpt else set())
    lid = "5.1d lid 1" if mpt else "5.1d lid 2"
    if zorgvorm not in toegestaan:
        raise Weigering(
            lid,
            f"art. 5.1d staat extra ruimte toe voor {', '.join(sorted(t.value for t in toegestaan))}, niet voor {zorgvorm.value}"
            + ("" if mpt else " (behandeling kan niet met een pgb worden ingekocht, Toelichting 5.1b)"),
        )
    if not voorwaarde_vervuld:
        raise Weigering(lid, f"{zorgvorm.value} is niet als noodzakelijk voor de ontwikkeling van het kind beoordeeld")
    behandeling = zorgvorm in BEHANDELING
    return Toeslag(
        lid,
        gevraagd,
        behandeling,
        f"{zorgvorm.value} noodzakelijk voor de ontwikkeling van het kind (art. {lid})"
        + ("; behandeling: deel van het mpt, niet van het pgb" if behandeling else ""),
    )


def toets_dure_groepsbegeleiding(
    rij: BijlageHRij,
    leveringsvormen: frozenset[Leveringsvorm],
    zorgvorm: Zorgvorm,
    tekort_na_5_1_tot_5_1d: Cent,
    voldoet_aan_art_2_2: bool,
    kosten_per_jaar: Cent,
    noodzaak: bool,
) -> Toeslag:
    """The most art. 5.1f allows; refuses when its conditions do not hold.

    # Regeling art. 5.1f lid 1-2: only when the need exceeds what 5.1 to 5.1d allow and the meerzorg
    #   conditions of art. 2.2 do NOT hold; "indien de kosten van begeleiding in groepsverband hoger zijn dan
    #   het bedrag wat voor dat zorgprofiel voor die zorgvorm is opgenomen in Bijlage H" (lid 1 also:
    #   behandeling, MPT only). Toelichting 5.1f: the extra bridges "het prijsverschil" - so at most the cost
    #   minus the Bijlage H amount for that form of care.
    # Toelichting 5.1f (seed 002): "Ook kan de Wlz-uitvoerder of het zorgkantoor een aanvullend bedrag
    #   toekennen indien een oudere behoefte heeft begeleiding in groepsverband om te voorkomen dat de
    #   noodzakelijke verpleging en verzorging in het gedrang komt." A profile whose Bijlage H row has no
    #   begeleiding in groepsverband (every VV profile: "nvt") has 0 for it, so any cost is "hoger"; the
    #   zorgkantoor's judgement that it is needed so that verpleging en verzorging are not put at risk
    #   (`noodzaak`) is the condition, and the decision records it.
    """
    if voldoet_aan_art_2_2:
        raise Weigering("5.1f", "de voorwaarden van art. 2.2 gelden: de weg is meerzorg (art. 5.1e)")
    if tekort_na_5_1_tot_5_1d <= 0:
        raise Weigering("5.1f", "de zorgbehoefte overstijgt niet wat na art. 5.1 tot en met 5.1d beschikbaar is")
    if zorgvorm is Zorgvorm.BEGELEIDING_GROEP:
        toelichting = f"prijsverschil met Bijlage H ({als_euro(rij.begeleiding_groeps_bedrag)})"
        if rij.begeleiding_groeps_bedrag == 0:
            if not noodzaak:
                raise Weigering(
                    "5.1f",
                    f"het basisbedrag van {rij.zorgprofiel} bevat geen begeleiding in groepsverband; een aanvullend bedrag "
                    "vraagt het oordeel dat die nodig is opdat de noodzakelijke verpleging en verzorging niet in het gedrang "
                    "komt (Toelichting 5.1f)",
                )
            toelichting = "begeleiding in groepsverband nodig opdat verpleging en verzorging niet in het gedrang komen (Toelichting 5.1f)"
        verschil = kosten_per_jaar - rij.begeleiding_groeps_bedrag
        if verschil <= 0:
            raise Weigering("5.1f", "de kosten van begeleiding in groepsverband zijn niet hoger dan in Bijlage H")
        return Toeslag("5.1f", min(verschil, tekort_na_5_1_tot_5_1d), False, toelichting)
    if zorgvorm in BEHANDELING:
        if Leveringsvorm.MPT not in leveringsvormen:
            raise Weigering("5.1f lid 2", "behandeling valt onder art. 5.1f lid 1 (mpt), niet onder het pgb")
        return Toeslag("5.1f lid 1", min(kosten_per_jaar, tekort_na_5_1_tot_5_1d), True, "behandeling: deel van het mpt, niet van het pgb")
    raise Weigering("5.1f", f"art. 5.1f gaat over begeleiding in groepsverband of behandeling, niet {zorgvorm.value}")
