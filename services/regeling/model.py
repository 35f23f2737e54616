"""The data of one year's rule set, as typed, immutable values.

A rule set is data (Bijlage H, Bijlage I, the amounts and lists named in the articles) plus the pure
functions in `artikelen/`; `jaren/` binds the two per year. Nothing here reads files: see `laden.py`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from events.codes import BegeleidingGroeps
from services.regeling.geld import Cent


@dataclass(frozen=True, slots=True)
class Zorgprofiel:
    code: str
    sector: str
    omschrijving: str
    geldig_vanaf: date
    bron: str


@dataclass(frozen=True, slots=True)
class BijlageHRij:
    """One row of Bijlage H: the five components of the basisbedrag and their total, in cents a year."""

    zorgprofiel: str
    sector: str
    omschrijving: str
    begeleiding_groeps: BegeleidingGroeps
    persoonlijke_verzorging: Cent
    verpleging: Cent
    begeleiding_individueel: Cent
    begeleiding_groeps_bedrag: Cent
    huishoudelijke_hulp: Cent
    totaal: Cent
    ocr_opmerking: str = ""

    def som_componenten(self) -> Cent:
        return (
            self.persoonlijke_verzorging
            + self.verpleging
            + self.begeleiding_individueel
            + self.begeleiding_groeps_bedrag
            + self.huishoudelijke_hulp
        )


@dataclass(frozen=True, slots=True)
class AdlHoogsteKlasse:
    """Bijlage I: the highest class of a function has no fixed amount; it is the amount of the class
    below plus an extra amount per hour or dagdeel above it (read from the row "Additioneel bedrag")."""

    functie: str
    hoogste_klasse: int
    extra_per_eenheid: Cent


@dataclass(frozen=True, slots=True)
class Parameters:
    """The amounts, percentages and lists of `regelset.toml`, each key tied to its article there."""

    ekt_maximum_procent: int
    behandeling_verhoging_procent: int
    deeltijd_etmalen_per_veertien: frozenset[int]
    deeltijd_uitgesloten_sectoren: frozenset[str]
    deeltijd_uitgesloten_zorgprofielen: frozenset[str]
    deeltijd_uitgesloten_zorgzwaartepakketten: frozenset[str]
    alleen_verblijf_sectoren: frozenset[str]
    alleen_verblijf_zorgprofielen: frozenset[str]
    overbrugging_sectoren: frozenset[str]
    overbrugging_maximum_weken: int
    pgb_uitgesloten_zorgprofielen: frozenset[str]
    pgb_uitgesloten_tenzij_pgb_op_peildatum: frozenset[str]
    pgb_peildatum_overgangsrecht_lvg: date
    gewaarborgde_hulp_verplicht: frozenset[str]
    kleinschalig_verhoging: Cent
    kleinschalig_extra_verhoging_vv: Cent
    kleinschalig_vv_zorgprofielen: frozenset[str]
    kleinschalig_peildatum_zorgzwaartepakket: date
    minderjarig_leeftijdsgrens: int
    ggz_wonen_sector: str
    adl_maximum_per_dag: Cent
    adl_kortdurend_verblijf_per_etmaal: Cent
    adl_overgangsrecht_tot: date | None = None  # art. 9.3d lid 1 onder b; None where no held source fixes it


@dataclass(frozen=True, slots=True)
class NietBeschikbaar:
    """A value the Regeling fixes for a year that no source held by this service gives (`[niet_beschikbaar]`
    in a year's `regelset.toml`): a decision that needs it is refused naming it, never filled in."""

    sleutel: str  # e.g. "bijlage_h" or "kleinschalig_wooninitiatief.verhoging"
    artikel: str
    bron: str  # the source that would fix it


@dataclass(frozen=True, slots=True)
class RegelSetData:
    """Everything one year's rules read, with the fingerprint of the files it came from."""

    jaar: int
    versie: str
    geldig_vanaf: date
    geldig_tot: date
    bron: str
    vingerafdruk: str
    parameters: Parameters
    zorgprofielen: dict[str, Zorgprofiel]
    bijlage_h: dict[tuple[str, BegeleidingGroeps], BijlageHRij]
    bijlage_i: dict[tuple[str, int], Cent]
    bijlage_i_hoogste_klasse: dict[str, AdlHoogsteKlasse]
    opmerkingen: tuple[str, ...] = field(default=())
    niet_beschikbaar: dict[str, NietBeschikbaar] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Plafond:
    """A region's PGB plafond of one year; `bedrag` is None where the source cannot be trusted."""

    regio: str
    jaar: int
    artikel: str
    bedrag: Cent | None
    onzeker: str = ""  # why the value is uncertain (empty when certain)
    kandidaten: tuple[Cent, ...] = ()


@dataclass(frozen=True, slots=True)
class LandelijkKader:
    jaar: int
    artikel: str
    totaal: Cent
    zorg_in_natura: Cent
    pgb: Cent
    afronding: Cent  # the Regeling gives the frame in whole millions: half of that is the tolerance
