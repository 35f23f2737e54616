"""Regional PGB plafonds and the national frame (art. 8.7-8.12); a PGB decision against them: subsidieplafond.py."""

from __future__ import annotations

from dataclasses import dataclass

from services.regeling.geld import Cent, als_euro
from services.regeling.model import LandelijkKader, Plafond


@dataclass(frozen=True, slots=True)
class KaderControle:
    """Do the regions of a year add up to the national PGB part (within the rounding to millions)?"""

    jaar: int
    som_zeker: Cent  # the sum of the regions whose value is certain
    pgb_kader: Cent
    afronding: Cent
    onzeker: tuple[Plafond, ...]
    klopt: bool
    toelichting: str


def controleer_kader(kader: LandelijkKader, regios: dict[str, Plafond]) -> KaderControle:
    """# Regeling art. 8.7/8.9/8.11 lid 2 (PGB part) against art. 8.8/8.10/8.12 (the regions).

    With an uncertain region, every candidate must fit; the check says so rather than picking one.
    """
    zeker = [p.bedrag for p in regios.values() if p.bedrag is not None]
    onzeker = tuple(p for p in regios.values() if p.bedrag is None)
    som = sum(zeker)
    if not onzeker:
        klopt = abs(som - kader.pgb) <= kader.afronding
        uitleg = f"som regio's {als_euro(som)} tegen pgb-kader {als_euro(kader.pgb)} (afronding ± {als_euro(kader.afronding)})"
    else:
        ruimte = [kader.pgb - som - kader.afronding, kader.pgb - som + kader.afronding]
        klopt = all(ruimte[0] <= k <= ruimte[1] for p in onzeker for k in p.kandidaten)
        uitleg = (
            f"{len(onzeker)} regio onzeker ({', '.join(p.regio for p in onzeker)}); de overige tellen op tot {als_euro(som)}; "
            f"het onzekere bedrag moet tussen {als_euro(ruimte[0])} en {als_euro(ruimte[1])} liggen"
        )
    return KaderControle(kader.jaar, som, kader.pgb, kader.afronding, onzeker, klopt, uitleg)
