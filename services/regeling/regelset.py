"""A year's rule set: its data plus the article functions that apply that year, and the registry that
picks one by date.

Every rule the decision module applies is reached through a `RegelSet`, never imported from
`artikelen/` directly: so which function decides is chosen by the date, like the amounts. Adding the rules
of 2021 is adding `data/2021/` and `jaren/y2021.py`: a year module builds its `REGELSET`, reusing the
functions that did not change and naming replacements for those that did (`dataclasses.replace`).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache

from events.besluiten import Plafondlezing, Plafondtoets
from events.codes import BegeleidingGroeps, Leveringsvorm, ToeslagSoort, Zorgvorm
from services.regeling import jaren
from services.regeling.artikelen import Ontbreekt
from services.regeling.artikelen import adl as art_9_3d
from services.regeling.artikelen import basisbedrag as art_5_1
from services.regeling.artikelen import behandeling as art_5_1b
from services.regeling.artikelen import ekt as art_5_1a
from services.regeling.artikelen import indicatie as wlz_3_2_1
from services.regeling.artikelen import leveringsvorm as art_2_5
from services.regeling.artikelen import meerzorg as art_5_1e
from services.regeling.artikelen import pgb as art_5_5
from services.regeling.artikelen import subsidieplafond as art_5_10
from services.regeling.artikelen import toeslagen as art_5_1c
from services.regeling.geld import Cent
from services.regeling.model import BijlageHRij, RegelSetData, Zorgprofiel
from services.regeling.periode import Periode

Vormen = frozenset[Leveringsvorm]


@dataclass(frozen=True)
class RegelSet:
    """The data of one year and the function of every article, each typed as the decision module calls it."""

    data: RegelSetData
    # Regeling art. 2.1, Bijlage A; seed 000; art. 2.5, 5.3
    zorgprofiel_op: Callable[[RegelSetData, str, date], Zorgprofiel] = art_2_5.zorgprofiel_op
    toets_minderjarige_ggz_wonen: Callable[[RegelSetData, Zorgprofiel, date, date], None] = art_2_5.toets_minderjarige_ggz_wonen
    toets_alleen_verblijf: Callable[[RegelSetData, Zorgprofiel, Vormen, bool, bool], None] = art_2_5.toets_alleen_verblijf
    toets_overbrugging: Callable[[RegelSetData, Zorgprofiel, Vormen, date, date | None, bool], None] = art_2_5.toets_overbrugging
    overbrugging_artikelen: Callable[[RegelSetData, Zorgprofiel], list[str]] = art_2_5.overbrugging_artikelen
    # Regeling art. 5.1, 5.2, Bijlage H
    bijlage_h_rij: Callable[[RegelSetData, str, BegeleidingGroeps], BijlageHRij] = art_5_1.bijlage_h_rij
    basisbedrag: Callable[[BijlageHRij, int | None], art_5_1.Basisbedrag] = art_5_1.basisbedrag
    toets_deeltijdverblijf: Callable[[RegelSetData, str, str, int, Vormen, bool], None] = art_5_1.toets_deeltijdverblijf
    # Regeling art. 5.1a, 5.1b, 5.1e
    ekt_maximum: Callable[[RegelSetData, Cent], Cent] = art_5_1a.ekt_maximum
    ekt_toekenning: Callable[[RegelSetData, Cent, Cent], art_5_1a.EktUitkomst] = art_5_1a.ekt_toekenning
    behandeling_ruimte: Callable[[RegelSetData, Cent, Cent, Cent], art_5_1b.BehandelingRuimte] = art_5_1b.behandeling_ruimte
    meerzorg_bedrag: Callable[[Cent, bool, bool], Cent] = art_5_1e.meerzorg_bedrag
    # Regeling art. 5.1c, 5.1d, 5.1f
    toets_toeslag: Callable[
        [RegelSetData, ToeslagSoort, Vormen, Zorgvorm, date, date, date | None, bool, Cent, Cent | None], art_5_1c.Toeslag
    ] = art_5_1c.toets_toeslag
    einde_minderjarigheid: Callable[[RegelSetData, date], date] = art_5_1c.einde_minderjarigheid
    toets_dure_groepsbegeleiding: Callable[[BijlageHRij, Vormen, Zorgvorm, Cent, bool, Cent, bool], art_5_1c.Toeslag] = (
        art_5_1c.toets_dure_groepsbegeleiding
    )
    # Regeling art. 5.5, 5.6, 5.10, 5.13
    toets_pgb: Callable[[RegelSetData, str, bool, bool], None] = art_5_5.toets_pgb
    toets_subsidieplafond: Callable[[Plafondlezing, Cent, Cent], Plafondtoets] = art_5_10.toets_subsidieplafond
    kleinschalig_wooninitiatief: Callable[[RegelSetData, str, bool], tuple[Cent, str]] = art_5_5.kleinschalig_wooninitiatief
    # Regeling art. 9.3d, Bijlage I
    adl_pgb: Callable[[RegelSetData, dict[str, tuple[int, int]], int, int, Cent | None], art_9_3d.AdlPgb] = art_9_3d.adl_pgb
    adl_overgangsperiode: Callable[[RegelSetData, date, date | None], date] = art_9_3d.adl_overgangsperiode

    @property
    def versie(self) -> str:
        """Version and data fingerprint: what a decision records so that an audit can replay it."""
        return f"{self.data.versie}+{self.data.vingerafdruk}"

    def geldt_op(self, datum: date) -> bool:
        return self.data.geldig_vanaf <= datum <= self.data.geldig_tot


@dataclass(frozen=True)
class Wlz:
    """The articles of the Wlz itself (and the AVG) that every decision applies before any article of the
    Regeling: not bound to a year, so they hold also on a date without a rule set."""

    # Wlz art. 3.2.1, 3.3.1; AVG art. 17
    toets_indicatie: Callable[[bool, Periode | None, date], None] = wlz_3_2_1.toets_indicatie
    geboortedatum: Callable[[date | None], date] = wlz_3_2_1.geboortedatum


WLZ = Wlz()


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
    # not an article: the ground is that this service holds no rules for the date, and it is said so
    raise Ontbreekt(
        None,
        f"geen regels van de Regeling langdurige zorg voor {datum.isoformat()} in deze dienst (beschikbaar: {beschikbaar})",
        ontbreekt=f"regelset voor {datum.isoformat()}",
    )


def versie_op(datum: date) -> str:
    """The version a decision on `datum` records; "geen" when no rule set covers the date."""
    try:
        return regelset_op(datum).versie
    except Ontbreekt:
        return "geen"


def regelset_van_jaar(jaar: int) -> RegelSet | None:
    """The rule set of calendar year `jaar`, or None (a budget is never set for a year without rules)."""
    return _per_jaar().get(jaar)


@cache
def _per_jaar() -> dict[int, RegelSet]:
    """The rule sets by year, the oldest of a year first (asked for every year of every budget)."""
    uit: dict[int, RegelSet] = {}
    for regelset in alle_regelsets():
        uit.setdefault(regelset.data.jaar, regelset)
    return uit


def jaren_vanaf(van: date, tot: date | None) -> set[int]:
    """The calendar years a period touches; an open end runs to the last year with rules."""
    laatste = tot.year if tot is not None else max([van.year, *(r.data.jaar for r in alle_regelsets())])
    return set(range(van.year, laatste + 1))


def regelset_versie(versie: str) -> RegelSet:
    """The rule set with this recorded version, for audits; a changed data file shows as a mismatch."""
    for regelset in alle_regelsets():
        if regelset.versie == versie:
            return regelset
    raise Ontbreekt("regelset", f"regelset {versie} is niet (meer) in deze dienst", ontbreekt=f"regelset {versie}")
