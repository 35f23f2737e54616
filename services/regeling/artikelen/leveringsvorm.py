"""Which leveringsvorm a zorgprofiel admits on a date (art. 2.5, 5.3; GGZ-W from 2021)."""

from __future__ import annotations

from datetime import date, timedelta

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


def toets_overbrugging(data: RegelSetData, profiel: Zorgprofiel, van: date, tot: date | None, zicht_op_opname: bool) -> None:
    """Overbruggingszorg for LVG/SGLVG clients on a waiting list.

    # Regeling art. 5.3 lid 1 onder b: VPT or MPT for at most thirteen weeks;
    # Regeling art. 5.3 lid 3: longer only when admission in the preferred institution is in sight.
    # Regeling art. 2.5 lid 2: only for the LVG and SGLVG profiles.
    Choice: thirteen weeks is 91 days counted from the first day; an open end is not allowed.
    """
    p = data.parameters
    if profiel.sector not in p.overbrugging_sectoren:
        raise Weigering("2.5 lid 2", f"overbruggingszorg is er alleen voor LVG en SGLVG, niet voor {profiel.code}")
    if tot is None:
        raise Weigering("5.3 lid 1 onder b", "overbruggingszorg vraagt een einddatum (ten hoogste dertien weken)")
    laatste_dag = van + timedelta(weeks=p.overbrugging_maximum_weken) - timedelta(days=1)
    if tot > laatste_dag and not zicht_op_opname:
        raise Weigering(
            "5.3 lid 1 onder b",
            f"overbruggingszorg duurt ten hoogste {p.overbrugging_maximum_weken} weken (tot en met "
            f"{laatste_dag.isoformat()}); langer alleen met zicht op opname (lid 3)",
        )
