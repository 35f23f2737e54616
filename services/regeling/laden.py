"""Reads the rule-set data files shipped in `data/` into the typed values of `model.py`.

Kept apart from the rules so that the rules stay free of I/O; the files are read once per process
(cached) and fingerprinted, so a decision can name exactly the data it was taken with.
"""

from __future__ import annotations

import csv
import hashlib
import io
import tomllib
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

from events.codes import BegeleidingGroeps
from services.regeling.geld import euro
from services.regeling.model import (
    AdlHoogsteKlasse,
    BijlageHRij,
    LandelijkKader,
    NietBeschikbaar,
    Parameters,
    Plafond,
    RegelSetData,
    Zorgprofiel,
)

DATA: Traversable = files("services.regeling") / "data"


def _csv(bestand: Traversable) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(bestand.read_text(encoding="utf-8"))))


@cache
def zorgprofielen() -> dict[str, Zorgprofiel]:
    """The catalogue of zorgprofielen and zorgzwaartepakketten, over all years (with geldig_vanaf)."""
    from datetime import date

    return {
        rij["zorgprofiel"]: Zorgprofiel(
            code=rij["zorgprofiel"],
            sector=rij["sector"],
            omschrijving=rij["omschrijving"],
            geldig_vanaf=date.fromisoformat(rij["geldig_vanaf"]),
            bron=rij["bron"],
        )
        for rij in _csv(DATA / "zorgprofielen.csv")
    }


def _niet_beschikbaar(toml: dict[str, Any]) -> dict[str, NietBeschikbaar]:
    return {
        sleutel: NietBeschikbaar(sleutel, waarde["artikel"], waarde["bron"]) for sleutel, waarde in toml.get("niet_beschikbaar", {}).items()
    }


def _bedrag(toml: dict[str, Any], sectie: str, sleutel: str) -> int:
    """An amount in cents from `[sectie] sleutel`. An amount listed under `[niet_beschikbaar]` reads as 0
    here and must never be used: the year module binds functions that refuse instead (see jaren/y2021.py
    and the test that every listed key is refused)."""
    if f"{sectie}.{sleutel}" in toml.get("niet_beschikbaar", {}):
        if sleutel in toml.get(sectie, {}):
            raise ValueError(f"{sectie}.{sleutel} staat zowel met een bedrag als onder [niet_beschikbaar]")
        return 0
    return euro(toml[sectie][sleutel])


def _parameters(toml: dict[str, Any]) -> Parameters:
    pgb = toml["pgb"]
    deeltijd = toml["deeltijdverblijf"]
    kwi = toml["kleinschalig_wooninitiatief"]
    return Parameters(
        ekt_maximum_procent=toml["ekt"]["maximum_procent"],
        behandeling_verhoging_procent=toml["behandeling"]["verhoging_normatief_kader_procent"],
        deeltijd_etmalen_per_veertien=frozenset(deeltijd["etmalen_per_veertien"]),
        deeltijd_uitgesloten_sectoren=frozenset(deeltijd["uitgesloten_sectoren"]),
        deeltijd_uitgesloten_zorgprofielen=frozenset(deeltijd["uitgesloten_zorgprofielen"]),
        deeltijd_uitgesloten_zorgzwaartepakketten=frozenset(deeltijd["uitgesloten_zorgzwaartepakketten"]),
        alleen_verblijf_sectoren=frozenset(toml["alleen_verblijf"]["sectoren"]),
        alleen_verblijf_zorgprofielen=frozenset(toml["alleen_verblijf"]["zorgprofielen"]),
        overbrugging_sectoren=frozenset(toml["overbrugging"]["sectoren"]),
        overbrugging_maximum_weken=toml["overbrugging"]["maximum_weken"],
        pgb_uitgesloten_zorgprofielen=frozenset(pgb["uitgesloten_zorgprofielen"]),
        pgb_uitgesloten_tenzij_pgb_op_peildatum=frozenset(pgb["uitgesloten_tenzij_pgb_op_peildatum"]),
        pgb_peildatum_overgangsrecht_lvg=pgb["peildatum_overgangsrecht_lvg"],
        gewaarborgde_hulp_verplicht=frozenset(pgb["gewaarborgde_hulp_verplicht"]),
        kleinschalig_verhoging=_bedrag(toml, "kleinschalig_wooninitiatief", "verhoging"),
        kleinschalig_extra_verhoging_vv=_bedrag(toml, "kleinschalig_wooninitiatief", "extra_verhoging_vv"),
        kleinschalig_vv_zorgprofielen=frozenset(kwi["vv_zorgprofielen"]),
        kleinschalig_peildatum_zorgzwaartepakket=kwi["peildatum_zorgzwaartepakket"],
        minderjarig_leeftijdsgrens=toml["minderjarigen"]["leeftijdsgrens"],
        ggz_wonen_sector=toml["minderjarigen"]["ggz_wonen_sector"],
        adl_maximum_per_dag=_bedrag(toml, "adl_woning", "maximum_per_dag"),
        adl_kortdurend_verblijf_per_etmaal=_bedrag(toml, "adl_woning", "kortdurend_verblijf_per_etmaal"),
        adl_overgangsrecht_tot=toml["adl_woning"].get("overgangsrecht_tot"),
    )


def _bijlage_h(bestand: Traversable) -> dict[tuple[str, BegeleidingGroeps], BijlageHRij]:
    tabel: dict[tuple[str, BegeleidingGroeps], BijlageHRij] = {}
    for rij in _csv(bestand):
        variant = BegeleidingGroeps(rij["begeleiding_groeps"])
        tabel[(rij["zorgprofiel"], variant)] = BijlageHRij(
            zorgprofiel=rij["zorgprofiel"],
            sector=rij["sector"],
            omschrijving=rij["omschrijving"],
            begeleiding_groeps=variant,
            persoonlijke_verzorging=euro(int(rij["persoonlijke_verzorging"])),
            verpleging=euro(int(rij["verpleging"])),
            begeleiding_individueel=euro(int(rij["begeleiding_individueel"])),
            begeleiding_groeps_bedrag=euro(int(rij["begeleiding_groeps_bedrag"])),
            huishoudelijke_hulp=euro(int(rij["huishoudelijke_hulp"])),
            totaal=euro(int(rij["totaal"])),
            ocr_opmerking=rij["ocr_opmerking"],
        )
    return tabel


@cache
def regelset_data(jaar: int) -> RegelSetData:
    """The data of the rule set of `jaar`, from `data/<jaar>/`."""
    map_ = DATA / str(jaar)
    bestanden = ["regelset.toml", "bijlage_h.csv", "bijlage_i.csv", "bijlage_i_hoogste_klasse.csv"]
    vingerafdruk = hashlib.sha256()
    for naam in bestanden:
        vingerafdruk.update((map_ / naam).read_bytes())
    vingerafdruk.update((DATA / "zorgprofielen.csv").read_bytes())
    toml = tomllib.loads((map_ / "regelset.toml").read_text(encoding="utf-8"))
    kop = toml["regelset"]
    return RegelSetData(
        jaar=kop["jaar"],
        versie=kop["versie"],
        geldig_vanaf=kop["geldig_vanaf"],
        geldig_tot=kop["geldig_tot"],
        bron=kop["bron"],
        vingerafdruk=vingerafdruk.hexdigest()[:16],
        parameters=_parameters(toml),
        zorgprofielen=zorgprofielen(),
        bijlage_h=_bijlage_h(map_ / "bijlage_h.csv"),
        bijlage_i={(rij["functie"], int(rij["klasse"])): euro(int(rij["bedrag"])) for rij in _csv(map_ / "bijlage_i.csv")},
        bijlage_i_hoogste_klasse={
            rij["functie"]: AdlHoogsteKlasse(rij["functie"], int(rij["hoogste_klasse"]), euro(int(rij["extra_per_eenheid"])))
            for rij in _csv(map_ / "bijlage_i_hoogste_klasse.csv")
        },
        niet_beschikbaar=_niet_beschikbaar(toml),
    )


@cache
def plafond_jaren() -> list[int]:
    """The years with plafond data (read once: every PGB decision and ledger line asks)."""
    return sorted(int(p.name.removesuffix(".toml")) for p in (DATA / "plafonds").iterdir() if p.name.endswith(".toml"))


@cache
def plafonds(jaar: int) -> tuple[LandelijkKader, dict[str, Plafond]]:
    """The national frame and the regional PGB plafonds of `jaar` (uncertain values marked, not guessed)."""
    toml = tomllib.loads((DATA / "plafonds" / f"{jaar}.toml").read_text(encoding="utf-8"))
    kader = toml["kader"]
    miljoen = euro(1_000_000)
    landelijk = LandelijkKader(
        jaar=jaar,
        artikel=kader["artikel"],
        totaal=kader["totaal_miljoen"] * miljoen,
        zorg_in_natura=kader["zorg_in_natura_miljoen"] * miljoen,
        pgb=kader["pgb_miljoen"] * miljoen,
        afronding=miljoen // 2,
    )
    artikel = toml["regios"]["artikel"]
    regios = {
        naam: Plafond(regio=naam, jaar=jaar, artikel=artikel, bedrag=euro(bedrag))
        for naam, bedrag in toml["regios"].items()
        if naam != "artikel"
    }
    for naam, twijfel in toml.get("onzeker", {}).items():
        regios[naam] = Plafond(
            regio=naam,
            jaar=jaar,
            artikel=artikel,
            bedrag=None,
            onzeker=(
                f"OCR leest {twijfel['ocr']!r}; kandidaten {twijfel['kandidaten']} passen alle binnen het "
                f"landelijk pgb-kader (art. {landelijk.artikel}); geen waarde overgenomen"
            ),
            kandidaten=tuple(euro(k) for k in twijfel["kandidaten"]),
        )
    return landelijk, regios
