"""Which leveringsvorm a zorgprofiel admits on a date (art. 2.5, 5.3; GGZ-W from 2021)."""

from __future__ import annotations

from datetime import date, timedelta

from events.besluiten import Grond
from events.codes import Leveringsvorm
from services.regeling.artikelen import Ontbreekt, Weigering
from services.regeling.artikelen.pgb import leeftijd_op
from services.regeling.model import RegelSetData, Zorgprofiel


def zorgprofiel_op(data: RegelSetData, code: str, peildatum: date) -> Zorgprofiel:
    """The zorgprofiel of an indication, if it can be delivered on `peildatum`.

    # Regeling Bijlage A (onderdeel BB) with Toelichting onderdelen I, J en BB: the five GGZ-W profiles
    #   "vanaf 1 januari 2021 verzilverd kunnen worden"; before then nothing can be granted on them.
    """
    profiel = data.zorgprofielen.get(code)
    if profiel is None:
        raise Ontbreekt("2.1", f"onbekend zorgprofiel {code!r}", ontbreekt=f"zorgprofiel {code}")
    if peildatum < profiel.geldig_vanaf:
        raise Ontbreekt(
            "2.1, Bijlage A",
            f"zorgprofiel {code} ({profiel.omschrijving}) kan pas vanaf {profiel.geldig_vanaf.isoformat()} "
            f"worden verzilverd; gevraagd per {peildatum.isoformat()}",
            ontbreekt=f"zorgprofiel {code} op {peildatum.isoformat()}",
        )
    return profiel


def toets_minderjarige_ggz_wonen(data: RegelSetData, profiel: Zorgprofiel, geboortedatum: date, peildatum: date) -> None:
    """GGZ-W is for adults only.

    # Seed 000 (zorgkantoor, GGZ in de Wlz): "Jongeren onder 18 jaar zijn vooralsnog uitgesloten".
    """
    p = data.parameters
    if profiel.sector == p.ggz_wonen_sector and leeftijd_op(geboortedatum, peildatum) < p.minderjarig_leeftijdsgrens:
        raise Weigering(
            "3.2.1 Wlz (GGZ-W)",
            f"zorgprofiel {profiel.code} is niet beschikbaar voor verzekerden jonger dan {p.minderjarig_leeftijdsgrens} jaar",
        )


def toets_alleen_verblijf(
    data: RegelSetData,
    profiel: Zorgprofiel,
    leveringsvormen: frozenset[Leveringsvorm],
    overbrugging: bool,
    pgb_overgangsrecht: bool,
) -> None:
    """Profiles that may only be delivered with verblijf in an institution.

    # Regeling art. 2.5 lid 1 as explained in Toelichting onderdeel F: GGZ-B, LVG, SGLVG and VV
    #   herstelgerichte behandeling give a right to care with verblijf only, "indien het geen
    #   overbruggingszorg betreft" (art. 2.5 lid 2, art. 5.3).
    # Regeling art. 5.5 onder c: the LVG clients who held a PGB on 31 December 2019 keep it.
    """
    p = data.parameters
    alleen_verblijf = profiel.sector in p.alleen_verblijf_sectoren or profiel.code in p.alleen_verblijf_zorgprofielen
    if not alleen_verblijf or leveringsvormen == {Leveringsvorm.VERBLIJF}:
        return
    if overbrugging and profiel.sector in p.overbrugging_sectoren and leveringsvormen <= {Leveringsvorm.VPT, Leveringsvorm.MPT}:
        return
    if pgb_overgangsrecht and leveringsvormen == {Leveringsvorm.PGB}:
        return
    raise Weigering(
        "2.5 lid 1",
        f"zorgprofiel {profiel.code} (sector {profiel.sector}) geeft alleen recht op zorg met verblijf in een "
        "instelling" + (" (overbruggingszorg: alleen vpt of mpt, art. 5.3)" if overbrugging else ""),
    )


def toets_overbrugging(
    data: RegelSetData, profiel: Zorgprofiel, leveringsvormen: frozenset[Leveringsvorm], van: date, tot: date | None, zicht_op_opname: bool
) -> None:
    """Overbruggingszorg: a VPT or MPT while waiting for admission, at most thirteen weeks.

    # Regeling art. 5.3 lid 1 (seed 002, onderdeel G): "De Wlz-uitvoerder verleent een volledig pakket
    #   thuis of een modulair pakket thuis als bedoeld in artikel 3.3.6 van de wet, ook indien de zorg
    #   waarop de verzekerde krachtens zijn indicatiebesluit is aangewezen niet op doelmatige wijze kan
    #   worden verleend indien: a. de zorg op verantwoorde wijze kan worden verleend; b. de zorg niet
    #   langer wordt verleend dan gedurende ten hoogste dertien weken."
    #   Lid 1 names no sector: any profile may have overbruggingszorg (a 5VV client waiting for a place
    #   too). What is particular to LVG and SGLVG is art. 2.5 lid 2 (onderdeel C): "In afwijking van het
    #   eerste lid heeft de verzekerde recht op zorg indien ... de Wlz-uitvoerder op grond van artikel 5.3
    #   een volledig pakket thuis of een modulair pakket thuis verleent" - they, who otherwise have
    #   verblijf only (art. 2.5 lid 1, `toets_alleen_verblijf`), may have it too.
    # Regeling art. 5.3 lid 3: longer only when admission in the preferred institution is in sight.
    Choice: thirteen weeks is 91 days counted from the first day; an open end is not allowed.
    """
    p = data.parameters
    gronden: list[Grond] = []
    if not leveringsvormen <= {Leveringsvorm.VPT, Leveringsvorm.MPT}:
        gronden.append(
            Grond(
                artikel="5.3 lid 1",
                reden="overbruggingszorg is een volledig pakket thuis of een modulair pakket thuis, geen pgb of verblijf",
            )
        )
    laatste_dag = van + timedelta(weeks=p.overbrugging_maximum_weken) - timedelta(days=1)
    if tot is None:
        gronden.append(Grond(artikel="5.3 lid 1 onder b", reden="overbruggingszorg vraagt een einddatum (ten hoogste dertien weken)"))
    elif tot > laatste_dag and not zicht_op_opname:
        gronden.append(
            Grond(
                artikel="5.3 lid 1 onder b",
                reden=f"overbruggingszorg duurt ten hoogste {p.overbrugging_maximum_weken} weken (tot en met "
                f"{laatste_dag.isoformat()}); langer alleen met zicht op opname (lid 3)",
            )
        )
    if gronden:
        raise Weigering.op(gronden)


def overbrugging_artikelen(data: RegelSetData, profiel: Zorgprofiel) -> list[str]:
    """The articles a grant of overbruggingszorg rests on: art. 5.3, and art. 2.5 lid 2 for the LVG and
    SGLVG profiles that without it have verblijf only."""
    return ["5.3", "2.5 lid 2"] if profiel.sector in data.parameters.overbrugging_sectoren else ["5.3"]
