"""The code tables between iWlz codes and this service's words, held as data with their source.

- `data/zzp_codes.csv`: the numeric ZZP codes of the basisschema (LDT_ZzpCode, e.g. 754 = 5VV) and the
  zorgprofiel of `services/regeling/data/zorgprofielen.csv` each stands for; empty where none does.
- `data/zorgkantoren.csv`: the zorgkantoor codes (LDT_ZorgkantoorCode, 55xx) and the zorgkantoorregio of
  art. 8.12 each stands for. IO31 carries no regio, only the receiving zorgkantoor; a code whose name no
  held source ties to one of the 31 regions (5519 Delft Westland Oostland) stays empty and is refused.
Leveringsvormen carry their iWlz code in `events.codes`; the other code lists (reden intrekking,
mutatiecodes, retourcodes) are read from the basisschema itself (`schemas.codelijst`).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from events.codes import Leveringsvorm

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    basisschema: str
    waarde: str  # the zorgprofiel or regio; empty when no held source fixes one
    grond: str


def _lees(naam: str, sleutel: str, waarde: str) -> dict[str, Code]:
    with (DATA / naam).open(encoding="utf-8", newline="") as bestand:
        return {r[sleutel]: Code(r[sleutel], r["basisschema"], r[waarde], r["grond"]) for r in csv.DictReader(bestand)}


@cache
def zzp_codes() -> dict[str, Code]:
    return _lees("zzp_codes.csv", "zzp_code", "zorgprofiel")


@cache
def zorgkantoren() -> dict[str, Code]:
    return _lees("zorgkantoren.csv", "zorgkantoorcode", "regio")


class OnbekendeCode(ValueError):
    """An iWlz code for which no held source gives a value: refused, never guessed."""


def zorgprofiel_van(zzp_code: str) -> str:
    code = zzp_codes().get(zzp_code)
    if code is None:
        raise OnbekendeCode(f"ZzpCode {zzp_code} staat niet in LDT_ZzpCode van de basisschema")
    if not code.waarde:
        raise OnbekendeCode(f"ZzpCode {zzp_code} ({code.basisschema}): {code.grond}")
    return code.waarde


def zzp_code_van(zorgprofiel: str) -> str:
    for code in zzp_codes().values():
        if code.waarde == zorgprofiel:
            return code.code
    raise OnbekendeCode(f"zorgprofiel {zorgprofiel} heeft geen ZzpCode in data/zzp_codes.csv")


def regio_van(zorgkantoorcode: str) -> str:
    code = zorgkantoren().get(zorgkantoorcode)
    if code is None:
        raise OnbekendeCode(f"zorgkantoorcode {zorgkantoorcode} staat niet in LDT_ZorgkantoorCode van de basisschema")
    if not code.waarde:
        raise OnbekendeCode(f"zorgkantoorcode {zorgkantoorcode} ({code.basisschema}): {code.grond}")
    return code.waarde


def zorgkantoorcode_van(regio: str) -> str:
    """The first code of a regio (5502 before 5533 for Friesland)."""
    for code in zorgkantoren().values():
        if code.waarde == regio:
            return code.code
    raise OnbekendeCode(f"regio {regio} heeft geen zorgkantoorcode in data/zorgkantoren.csv")


def leveringsvorm_van(iwlz_code: str) -> Leveringsvorm:
    for vorm in Leveringsvorm:
        if str(vorm.iwlz_code) == iwlz_code:
            return vorm
    raise OnbekendeCode(f"Leveringsvorm {iwlz_code} heeft geen leveringsvorm in events.codes (9 verkeerde bed wordt niet toegewezen)")
