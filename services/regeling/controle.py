"""The checks `wlz data check` runs on a year's Bijlage H, so an operator who adds an official table
(say Bijlage H 2021) learns at once whether it is complete and adds up.

The same checks the 2020 table passes (`tests/regeling/test_bijlage_h.py`): every row's five components
add up to its printed total; "ja, met vervoer" costs more groepsbegeleiding than "ja, zonder vervoer";
"nee" has no groepsbegeleiding amount; and every profile is present - every row of the year before, and a
row for every profile that becomes deliverable that year and may have a PGB under that year's rules
(art. 5.5 excludes some; art. 5.6 onder a presumes a PGB for GGZ-W 1-4, so Bijlage H must fix one).
A table that a year lists under `[niet_beschikbaar]` must be empty, and one that is empty must be listed.
"""

from __future__ import annotations

from dataclasses import dataclass

from events.codes import BegeleidingGroeps
from services.regeling.model import RegelSetData


@dataclass(frozen=True, slots=True)
class Bevinding:
    fout: bool  # True: a difference (exit 1); False: a note (e.g. a table not held, said plainly)
    tekst: str


def _rij(code: str, variant: BegeleidingGroeps) -> str:
    return f"{code}/{variant.value}"


def controleer_bijlage_h(data: RegelSetData, vorige: RegelSetData | None) -> list[Bevinding]:
    """Every finding on `data.bijlage_h`, checked against the year before (`vorige`) where there is one."""
    jaar = data.jaar
    tabel = data.bijlage_h
    niet = data.niet_beschikbaar.get("bijlage_h")
    if niet is not None:
        if tabel:
            return [Bevinding(True, f"Bijlage H {jaar} heeft {len(tabel)} rijen maar staat onder [niet_beschikbaar]: haal die regel weg")]
        return [
            Bevinding(False, f"Bijlage H {jaar} niet beschikbaar ({niet.bron}); pgb/mpt in {jaar} worden afgewezen met de ontbrekende rij")
        ]
    if not tabel:
        return [Bevinding(True, f"Bijlage H {jaar} is leeg en staat niet onder [niet_beschikbaar]")]
    uit: list[Bevinding] = []
    for (code, variant), r in sorted(tabel.items(), key=lambda x: (x[0][0], x[0][1].value)):
        if r.som_componenten() != r.totaal:
            uit.append(
                Bevinding(True, f"Bijlage H {jaar} {_rij(code, variant)}: componenten {r.som_componenten()} ≠ totaal {r.totaal} (cent)")
            )
        if variant is BegeleidingGroeps.NEE and r.begeleiding_groeps_bedrag:
            uit.append(Bevinding(True, f"Bijlage H {jaar} {_rij(code, variant)}: 'nee' met een bedrag voor begeleiding groeps"))
        if variant is BegeleidingGroeps.JA_MET_VERVOER:
            zonder = tabel.get((code, BegeleidingGroeps.JA_ZONDER_VERVOER))
            if zonder is None:
                uit.append(Bevinding(True, f"Bijlage H {jaar} {code}: 'ja, met vervoer' zonder rij 'ja, zonder vervoer'"))
            elif r.begeleiding_groeps_bedrag <= zonder.begeleiding_groeps_bedrag:
                uit.append(Bevinding(True, f"Bijlage H {jaar} {code}: groepsbegeleiding met vervoer niet hoger dan zonder vervoer"))
    if vorige is not None:
        for code, variant in sorted(set(vorige.bijlage_h) - set(tabel), key=lambda x: (x[0], x[1].value)):
            uit.append(Bevinding(True, f"Bijlage H {jaar} mist rij {_rij(code, variant)} (wel in Bijlage H {vorige.jaar})"))
    p = data.parameters
    profielen = {code for code, _ in tabel}
    for profiel in sorted(data.zorgprofielen.values(), key=lambda z: z.code):
        nieuw = profiel.geldig_vanaf.year == jaar
        pgb_mogelijk = profiel.code not in p.pgb_uitgesloten_zorgprofielen and profiel.sector not in p.alleen_verblijf_sectoren
        if nieuw and pgb_mogelijk and profiel.code not in profielen:
            uit.append(
                Bevinding(
                    True, f"Bijlage H {jaar} mist zorgprofiel {profiel.code} ({profiel.omschrijving}), dat vanaf {jaar} een pgb kan hebben"
                )
            )
    if not [x for x in uit if x.fout]:
        uit.append(Bevinding(False, f"Bijlage H {jaar}: {len(tabel)} rijen, elke rij telt op, elk zorgprofiel aanwezig"))
    return uit


def niet_beschikbaar(data: RegelSetData) -> list[Bevinding]:
    """The values a year lacks, each with the article that fixes it and its source (notes, not differences)."""
    return [
        Bevinding(False, f"regelset {data.jaar} niet beschikbaar: {n.sleutel} (art. {n.artikel}; bron: {n.bron})")
        for n in data.niet_beschikbaar.values()
        if n.sleutel != "bijlage_h"
    ]
