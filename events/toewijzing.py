"""Zorgtoewijzing: after a grant of zorg in natura (verblijf, VPT, MPT) the zorgkantoor assigns the care
to a zorgaanbieder (AGB code); the zorgaanbieder reports when delivery starts, changes and ends.

Inbound: `ToewijzingAangevraagd` (front office), `AanvangZorgGemeld` (the provider's AW35),
`MutatieZorgGemeld` (the provider's AW39), `RetourOntvangen` (a retour on one of our messages: AW34,
CA318, CA320). Decisions: `ZorgToegewezen` / `ToewijzingAfgewezen`, `ZorgaanbiederGewisseld` (the old
toewijzing ended, the new one made), `ZorgleveringGestart`, `ZorgleveringGewijzigd`,
`ZorgleveringBeeindigd`. A report is tied to its toewijzing the way iWlz does it: indicatiebesluit,
zorgprofiel, zorgaanbieder and the toewijzing's ingangsdatum.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal, Self
from uuid import UUID

from pydantic import Field, field_validator, model_validator

from events.besluiten import Afwijzing, Besluit, LeveringsvormCode
from events.bsn import Bsn
from events.codes import Leveringsvorm, Zorgprofielcode
from events.envelope import Contract, Envelope
from events.regios import Regio

Agb = Annotated[str, Field(pattern=r"^[0-9]{8}$", description="AGB code of the zorgaanbieder (iWlz: Instelling, 8 digits)")]
NATURA = (Leveringsvorm.VERBLIJF, Leveringsvorm.VPT, Leveringsvorm.MPT)
"""Zorg in natura: the leveringsvormen that are assigned to a zorgaanbieder."""

MUTATIECODES = {
    "12": "client wil de zorg (nog) niet",
    "17": "overplaatsing",
    "18": "aanbieder kan de zorg nog niet leveren",
    "19": "levering beeindigd, toewijzing sluiten",
    "20": "levering beeindigd, toewijzing aanhouden",
    "21": "overdracht toewijzing",
}
"""iWlz LDT_MutatieCode (basisschema). 19 and 20 end the delivery; 19 also ends the toewijzing."""
EINDE_LEVERING = frozenset({"19", "20"})


def _natura(vorm: Leveringsvorm) -> Leveringsvorm:
    if vorm not in NATURA:
        raise ValueError("leveringsvorm: alleen zorg in natura (verblijf, vpt, mpt) wordt toegewezen")
    return vorm


class ToewijzingAangevraagdPayload(Contract):
    """The front office asks to assign granted care to a zorgaanbieder."""

    bsn: Bsn
    zorgaanbieder: Agb
    leveringsvorm: Leveringsvorm
    ingangsdatum: date
    einddatum: date | None = None
    omvang_procent: int = Field(default=100, ge=1, le=100, description="share of the care assigned to this zorgaanbieder")

    _vorm = field_validator("leveringsvorm")(_natura)

    @model_validator(mode="after")
    def _volgorde(self) -> Self:
        if self.einddatum is not None and self.einddatum < self.ingangsdatum:
            raise ValueError("einddatum ligt voor ingangsdatum")
        return self


class ToewijzingVerwijzing(Contract):
    """How a provider's report names its toewijzing (iWlz AW35/AW39)."""

    bsn: Bsn
    indicatiebesluit_id: str = Field(min_length=1, max_length=64)
    zorgprofiel: Zorgprofielcode
    zorgaanbieder: Agb
    toewijzing_ingangsdatum: date
    leveringsvorm: Leveringsvorm
    bericht: str = Field(default="", max_length=64, description="the iWlz message it came in (type and Identificatie)")


class AanvangZorgGemeldPayload(ToewijzingVerwijzing):
    begindatum: date


class MutatieZorgGemeldPayload(ToewijzingVerwijzing):
    mutatiecode: str
    mutatiedatum: date
    zorgaanbieder_bestemming: Agb | None = None

    @field_validator("mutatiecode")
    @classmethod
    def _code(cls, code: str) -> str:
        if code not in MUTATIECODES:
            raise ValueError(f"mutatiecode: een van {', '.join(MUTATIECODES)} (LDT_MutatieCode)")
        return code


class Retourcode(Contract):
    pad: str = Field(max_length=300)
    code: str = Field(max_length=4)


class RetourOntvangenPayload(Contract):
    """A retour on a message of ours, recorded on the case of the client it names."""

    bsn: Bsn
    bericht: Literal["AW34", "CA318", "CA320"]
    heen: Literal["AW33", "CA317", "CA319"]
    identificatie_retour: str = Field(max_length=12)
    retourcodes: list[Retourcode] = Field(max_length=500)


class Toewijzing(Contract):
    """An assignment of granted care to a zorgaanbieder: product (zorgprofiel with leveringsvorm), period, omvang."""

    toewijzing_id: UUID
    zorgaanbieder: Agb
    leveringsvorm: LeveringsvormCode
    zorgprofiel: Zorgprofielcode
    indicatiebesluit_id: str
    regio: Regio
    ingangsdatum: date
    einddatum: date | None
    omvang_procent: int
    toekenning_id: UUID = Field(description="the LeveringsvormToegekend it rests on")


class ZorgToegewezenPayload(Besluit, Toewijzing):
    pass


class ToewijzingAfgewezenPayload(Afwijzing):
    zorgaanbieder: str
    leveringsvorm: Leveringsvorm


class ZorgaanbiederGewisseldPayload(Besluit):
    """A change of provider: the old toewijzing ends the day before the new one starts (`oud` carries that
    einddatum); the new one is made."""

    oud: Toewijzing
    nieuw: Toewijzing


class ZorgleveringPayload(Besluit):
    toewijzing_id: UUID
    zorgaanbieder: Agb
    leveringsvorm: LeveringsvormCode
    zorgprofiel: Zorgprofielcode
    indicatiebesluit_id: str
    regio: Regio
    toewijzing_ingangsdatum: date


class ZorgleveringGestartPayload(ZorgleveringPayload):
    begindatum: date


class ZorgleveringGewijzigdPayload(ZorgleveringPayload):
    mutatiecode: str
    reden: str
    mutatiedatum: date
    zorgaanbieder_bestemming: str | None = None


class ZorgleveringBeeindigdPayload(ZorgleveringGewijzigdPayload):
    begindatum: date | None = Field(description="the start of delivery this ends (None: delivery never started)")
    toewijzing_beeindigd: bool = Field(description="mutatiecode 19: the toewijzing ends with the delivery")


class ToewijzingAangevraagd(Envelope):
    event_type: Literal["ToewijzingAangevraagd"] = "ToewijzingAangevraagd"
    payload: ToewijzingAangevraagdPayload


class AanvangZorgGemeld(Envelope):
    event_type: Literal["AanvangZorgGemeld"] = "AanvangZorgGemeld"
    payload: AanvangZorgGemeldPayload


class MutatieZorgGemeld(Envelope):
    event_type: Literal["MutatieZorgGemeld"] = "MutatieZorgGemeld"
    payload: MutatieZorgGemeldPayload


class RetourOntvangen(Envelope):
    event_type: Literal["RetourOntvangen"] = "RetourOntvangen"
    payload: RetourOntvangenPayload


class ZorgToegewezen(Envelope):
    event_type: Literal["ZorgToegewezen"] = "ZorgToegewezen"
    payload: ZorgToegewezenPayload


class ToewijzingAfgewezen(Envelope):
    event_type: Literal["ToewijzingAfgewezen"] = "ToewijzingAfgewezen"
    payload: ToewijzingAfgewezenPayload


class ZorgaanbiederGewisseld(Envelope):
    event_type: Literal["ZorgaanbiederGewisseld"] = "ZorgaanbiederGewisseld"
    payload: ZorgaanbiederGewisseldPayload


class ZorgleveringGestart(Envelope):
    event_type: Literal["ZorgleveringGestart"] = "ZorgleveringGestart"
    payload: ZorgleveringGestartPayload


class ZorgleveringGewijzigd(Envelope):
    event_type: Literal["ZorgleveringGewijzigd"] = "ZorgleveringGewijzigd"
    payload: ZorgleveringGewijzigdPayload


class ZorgleveringBeeindigd(Envelope):
    event_type: Literal["ZorgleveringBeeindigd"] = "ZorgleveringBeeindigd"
    payload: ZorgleveringBeeindigdPayload


ToewijzingInbound = ToewijzingAangevraagd | AanvangZorgGemeld | MutatieZorgGemeld | RetourOntvangen
ToewijzingBesluit = (
    ZorgToegewezen | ToewijzingAfgewezen | ZorgaanbiederGewisseld | ZorgleveringGestart | ZorgleveringGewijzigd | ZorgleveringBeeindigd
)
