"""Code lists shared by the contract and the rules: leveringsvormen (with their iWlz codes), the
"begeleiding groeps" variants of Bijlage H, and the kinds of toeslag.

They live in the contract package because consumers (CAK, SVB, reporting) read them; the rules import
them from here so that one concept has one name everywhere.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field


class Leveringsvorm(StrEnum):
    """How the care is delivered (Wlz art. 3.3.1). The iWlz code is what CAK and SVB messages carry."""

    PGB = "pgb"
    VERBLIJF = "verblijf"
    VPT = "vpt"
    MPT = "mpt"
    DEELTIJDVERBLIJF = "deeltijdverblijf"

    @property
    def iwlz_code(self) -> int:
        return _IWLZ_LEVERINGSVORM[self]

    @property
    def thuis(self) -> bool:
        """MPT and PGB are the forms the basisbedrag of art. 5.1 is about."""
        return self in (Leveringsvorm.MPT, Leveringsvorm.PGB)


_IWLZ_LEVERINGSVORM = {
    Leveringsvorm.PGB: 2,
    Leveringsvorm.VERBLIJF: 4,
    Leveringsvorm.VPT: 5,
    Leveringsvorm.MPT: 7,
    Leveringsvorm.DEELTIJDVERBLIJF: 8,
}


class BegeleidingGroeps(StrEnum):
    """The column "Wel of geen begeleiding groeps" of Bijlage H: which row of a zorgprofiel applies."""

    NVT = "nvt"
    NEE = "nee"
    JA_ZONDER_VERVOER = "ja_zonder_vervoer"
    JA_MET_VERVOER = "ja_met_vervoer"


class ToeslagSoort(StrEnum):
    """The kinds of extra room above the basisbedrag, each with its article."""

    PALLIATIEF_TERMINAAL = "palliatief_terminaal"  # art. 5.1c lid 1-2
    TIJDELIJKE_VERPLEGING = "tijdelijke_verpleging"  # art. 5.1c lid 3-4
    ONTWIKKELING_MINDERJARIGE = "ontwikkeling_minderjarige"  # art. 5.1d
    DURE_GROEPSBEGELEIDING = "dure_groepsbegeleiding"  # art. 5.1f
    BEHANDELING = "behandeling"  # art. 5.1b: behandeling in the MPT within the normative frame (BehandelingAangevraagd)

    @property
    def artikel(self) -> str:
        return _TOESLAG_ARTIKEL[self]


_TOESLAG_ARTIKEL = {
    ToeslagSoort.PALLIATIEF_TERMINAAL: "5.1c",
    ToeslagSoort.TIJDELIJKE_VERPLEGING: "5.1c",
    ToeslagSoort.ONTWIKKELING_MINDERJARIGE: "5.1d",
    ToeslagSoort.DURE_GROEPSBEGELEIDING: "5.1f",
    ToeslagSoort.BEHANDELING: "5.1b",
}


class Zorgvorm(StrEnum):
    """Forms of care within the basisbedrag (art. 1.1) plus behandeling, as named in art. 5.1d/5.1f."""

    BEGELEIDING_GROEP = "begeleiding_groep"
    BEHANDELING_GROEP = "behandeling_groep"
    BEHANDELING_INDIVIDUEEL = "behandeling_individueel"
    VERPLEGING = "verpleging"
    OVERIG = "overig"


ZORGPROFIELEN: tuple[str, ...] = (
    "1VV", "2VV", "3VV", "4VV", "5VV", "6VV", "7VV", "8VV", "9BVV", "1LVG", "2LVG", "3LVG", "4LVG", "5LVG",
    "1SGLVG", "1VG", "2VG", "3VG", "4VG", "5VG", "6VG", "7VG", "8VG", "1LG", "2LG", "3LG", "4LG", "5LG",
    "6LG", "7LG", "1ZGvis", "2ZGvis", "3ZGvis", "4ZGvis", "5ZGvis", "1ZGaud", "2ZGaud", "3ZGaud", "4ZGaud",
    "3GGZB", "4GGZB", "5GGZB", "6GGZB", "7GGZB", "1GGZW", "2GGZW", "3GGZW", "4GGZW", "5GGZW",
)
"""Every zorgprofiel and zorgzwaartepakket code, in its one spelling (services/regeling/data/zorgprofielen.csv
holds the catalogue with sector and start date; a test keeps both lists equal)."""

Zorgprofielcode = Annotated[str, Field(max_length=12, json_schema_extra={"enum": list(ZORGPROFIELEN)})]
"""A zorgprofiel in the contract: the published schema lists the codes in their one spelling; the inbound
model also accepts the spellings `events.inbound.normaliseer_zorgprofiel` turns into one of them."""
