"""A year's rule set: its data plus the article functions that apply that year, and the registry that
picks one by date.

Adding the rules of 2021 is adding `data/2021/` and `jaren/y2021.py`: a year module builds its
`REGELSET`, reusing the functions that did not change and naming replacements for those that did.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache

from services.regeling import jaren
from services.regeling.artikelen import Ontbreekt
from services.regeling.artikelen import basisbedrag as art_5_1
from services.regeling.artikelen import ekt as art_5_1a
from services.regeling.artikelen import meerzorg as art_5_1e
from services.regeling.artikelen import pgb as art_5_5
from services.regeling.artikelen import toeslagen as art_5_1c
from services.regeling.model import BijlageHRij, RegelSetData


@dataclass(frozen=True)
class RegelSet:
    data: RegelSetData
    basisbedrag: Callable[..., art_5_1.Basisbedrag] = art_5_1.basisbedrag
    bijlage_h_rij: Callable[..., BijlageHRij] = art_5_1.bijlage_h_rij
    toets_deeltijdverblijf: Callable[..., None] = art_5_1.toets_deeltijdverblijf
    ekt_toekenning: Callable[..., art_5_1a.EktUitkomst] = art_5_1a.ekt_toekenning
    toets_pgb: Callable[..., None] = art_5_5.toets_pgb
    kleinschalig_wooninitiatief: Callable[..., tuple[int, str]] = art_5_5.kleinschalig_wooninitiatief
    toets_toeslag: Callable[..., None] = art_5_1c.toets_toeslag
    toets_dure_groepsbegeleiding: Callable[..., int] = art_5_1c.toets_dure_groepsbegeleiding
    meerzorg_bedrag: Callable[..., int] = art_5_1e.meerzorg_bedrag

    @property
    def versie(self) -> str:
        """Version and data fingerprint: what a decision records so that an audit can replay it."""
        return f"{self.data.versie}+{self.data.vingerafdruk}"

    def geldt_op(self, datum: date) -> bool:
        return self.data.geldig_vanaf <= datum <= self.data.geldig_tot


@cache
def alle_regelsets() -> tuple[RegelSet, ...]:
    """Every rule set in `jaren/`, oldest first."""
    sets = []
    for module in pkgutil.iter_modules(jaren.__path__):
        sets.append(importlib.import_module(f"{jaren.__name__}.{module.name}").REGELSET)
    return tuple(sorted(sets, key=lambda r: r.data.geldig_vanaf))


def regelset_op(datum: date) -> RegelSet:
    """The rule set in force on `datum`; a date without one is refused, naming what is missing."""
    for regelset in alle_regelsets():
        if regelset.geldt_op(datum):
            return regelset
    beschikbaar = ", ".join(f"{r.data.geldig_vanaf}..{r.data.geldig_tot}" for r in alle_regelsets())
    raise Ontbreekt(
        "regelset",
        f"geen regels van de Regeling langdurige zorg voor {datum.isoformat()} in deze dienst (beschikbaar: {beschikbaar})",
        ontbreekt=f"regelset {datum.year}",
    )


def regelset_versie(versie: str) -> RegelSet:
    """The rule set with this recorded version, for audits; a changed data file shows as a mismatch."""
    for regelset in alle_regelsets():
        if regelset.versie == versie:
            return regelset
    raise Ontbreekt("regelset", f"regelset {versie} is niet (meer) in deze dienst", ontbreekt=f"regelset {versie}")
