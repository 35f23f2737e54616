"""PGB in an ADL-woning under transitional law (art. 9.3d, Bijlage I)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from services.regeling.artikelen import Ontbreekt, Weigering
from services.regeling.geld import Cent, dagen_in_jaar
from services.regeling.model import RegelSetData
from services.regeling.periode import vroegste


def adl_functiebedrag(data: RegelSetData, functie: str, klasse: int, extra_eenheden: int = 0) -> Cent:
    """The yearly amount of Bijlage I for one function and class.

    # Regeling art. 9.3d lid 4 (new) and Bijlage I. The highest class of a function has no amount of its
    #   own: it is the class below plus the "additioneel bedrag per uur of dagdeel" times the hours or
    #   dagdelen above it (our reading of the row "Additioneel bedrag ... in de hoogste klasse").
    """
    hoogste = data.bijlage_i_hoogste_klasse.get(functie)
    if hoogste is None:
        raise Ontbreekt("9.3d", f"Bijlage I kent de functie {functie!r} niet", ontbreekt=f"Bijlage I: {functie}")
    if klasse == hoogste.hoogste_klasse:
        if extra_eenheden < 1:
            raise Weigering("9.3d", f"klasse {klasse} van {functie} vraagt het aantal uren of dagdelen erboven")
        onder = data.bijlage_i.get((functie, klasse - 1))
        if onder is None:
            raise Ontbreekt("9.3d", f"Bijlage I: geen bedrag voor {functie} klasse {klasse - 1}", f"Bijlage I: {functie}/{klasse - 1}")
        return onder + extra_eenheden * hoogste.extra_per_eenheid
    bedrag = data.bijlage_i.get((functie, klasse))
    if bedrag is None:
        raise Ontbreekt("9.3d", f"Bijlage I: geen bedrag voor {functie} klasse {klasse}", f"Bijlage I: {functie}/{klasse}")
    return bedrag


@dataclass(frozen=True, slots=True)
class AdlPgb:
    bruto: Cent  # the sum of the function amounts and kortdurend verblijf
    maximum: Cent  # the cap of art. 9.3d lid 6 for the year
    toegekend: Cent


def adl_pgb(
    data: RegelSetData,
    functies: dict[str, tuple[int, int]],
    kortdurend_verblijf_etmalen: int,
    jaar: int,
    kosten_verblijf_min_woonlasten_per_dag: Cent | None = None,
) -> AdlPgb:
    """The yearly PGB of an ADL-woning client.

    # Regeling art. 9.3d lid 5: a PGB for several forms of care is at most the sum of the Bijlage I amounts.
    # Bijlage I: kortdurend verblijf EUR 113 per etmaal.
    # Regeling art. 9.3d lid 6: a gross PGB above EUR 300 a day is capped at the cost of verblijf less the
    #   woonlasten, with a minimum of EUR 300 a day.
    `functies` maps a function to (klasse, extra uren/dagdelen for the highest class).
    """
    p = data.parameters
    bruto = sum(adl_functiebedrag(data, f, k, extra) for f, (k, extra) in functies.items())
    bruto += kortdurend_verblijf_etmalen * p.adl_kortdurend_verblijf_per_etmaal
    dagen = dagen_in_jaar(jaar)
    per_dag_maximum = max(p.adl_maximum_per_dag, kosten_verblijf_min_woonlasten_per_dag or 0)
    maximum = per_dag_maximum * dagen
    if bruto <= p.adl_maximum_per_dag * dagen:
        return AdlPgb(bruto, maximum, bruto)
    return AdlPgb(bruto, maximum, min(bruto, maximum))


def adl_overgangsperiode(data: RegelSetData, van: date, tot: date | None) -> date:
    """The last day of an ADL-woning PGB under transitional law.

    # Regeling art. 9.3d lid 1 onder b as amended by seed 002, onderdeel AA: "In het eerste lid, onderdeel b,
    #   wordt '31 december 2019' vervangen door '30 juni 2020'"; Toelichting AA: "De zorg buitenshuis ... wordt
    #   voor hen tot 1 juli 2020 vanuit de Wlz betaald." A request from a later day is refused; one running
    #   past it ends on it.
    """
    einde = data.parameters.adl_overgangsrecht_tot
    if einde is None:
        raise Ontbreekt(
            "9.3d lid 1 onder b", f"het einde van het overgangsrecht ADL-woning in {data.jaar}", f"art. 9.3d lid 1 onder b {data.jaar}"
        )
    if van > einde:
        raise Weigering(
            "9.3d lid 1 onder b",
            f"het overgangsrecht voor de ADL-woning loopt tot en met {einde.isoformat()}; gevraagd per {van.isoformat()}",
        )
    return vroegste(tot, einde)
