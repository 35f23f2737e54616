"""Inbound events: what CIZ and clients (through the zorgkantoor's front office) send in.

Amounts are integer eurocents a year (`*_per_jaar`); dates are calendar dates; periods include both ends.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal, Self

from pydantic import Field, ValidationInfo, field_validator, model_validator

from events.bsn import Bsn
from events.codes import BegeleidingGroeps, Leveringsvorm, ToeslagSoort, Zorgprofielcode, Zorgvorm
from events.envelope import Contract, Envelope
from events.regios import ZORGKANTOORREGIOS, Regio

Cent = Annotated[int, Field(ge=0, le=10_000_000_00, description="eurocent")]
"""A non-negative amount in eurocents, below EUR 10 million (nothing in the Wlz comes near)."""

_ZORGPROFIEL = re.compile(r"^(?P<nummer>[1-9])(?P<rest>[A-Za-z-]+)$")
_GGZ_W = re.compile(r"^GGZ-?W\s*(?P<nummer>[1-5])$", re.IGNORECASE)


def normaliseer_zorgprofiel(code: str) -> str:
    """One spelling per profile: '4ZG-aud' -> '4ZGaud', 'GGZ-W 1' -> '1GGZW', '5vv' -> '5VV'."""
    code = code.strip()
    if m := _GGZ_W.match(code):
        return f"{m['nummer']}GGZW"
    m = _ZORGPROFIEL.match(code.replace(" ", ""))
    if not m:
        raise ValueError("zorgprofiel heeft de vorm cijfer + sector, bijvoorbeeld 5VV, 2LVG, 4ZGaud of GGZ-W 1")
    rest = m["rest"].replace("-", "")
    for sector in ("ZGaud", "ZGvis"):
        if rest.lower() == sector.lower():
            return f"{m['nummer']}{sector}"
    return f"{m['nummer']}{rest.upper()}"



class MetPeriode(Contract):
    """A payload that applies for a period of days: from ingangsdatum, to einddatum inclusive (open when absent)."""

    ingangsdatum: date
    einddatum: date | None = None

    @model_validator(mode="after")
    def _volgorde(self) -> Self:
        if self.einddatum is not None and self.einddatum < self.ingangsdatum:
            raise ValueError("einddatum ligt voor ingangsdatum")
        return self


class IndicatieOntvangenPayload(MetPeriode):
    """A CIZ indicatiebesluit."""

    bsn: Bsn
    indicatiebesluit_id: str = Field(min_length=1, max_length=64)
    zorgprofiel: Zorgprofielcode
    geboortedatum: date | None = Field(description="required from senders; null only once erased (crypto-shredding)")
    regio: Regio = Field(description="zorgkantoorregio, as spelled in art. 8.12")
    grondslag: str | None = Field(default=None, max_length=64)
    iwlz_client: str | None = Field(
        default=None,
        max_length=50_000,
        description="iWlz only: the IO31 Client block (JSON, without BSN and birth date) that the AW33 repeats; personal data, "
        "encrypted per person in the store and erased with it",
    )

    @field_validator("zorgprofiel")
    @classmethod
    def _zorgprofiel(cls, code: str) -> str:
        return normaliseer_zorgprofiel(code)

    @field_validator("regio")
    @classmethod
    def _regio(cls, regio: str) -> str:
        if regio not in ZORGKANTOORREGIOS:
            raise ValueError("onbekende zorgkantoorregio (zie art. 8.12 voor de 31 namen)")
        return regio

    @model_validator(mode="after")
    def _geboren_voor_ingang(self, info: ValidationInfo) -> Self:
        if self.geboortedatum is None:
            if not (isinstance(info.context, dict) and info.context.get("gewist")):
                raise ValueError("geboortedatum ontbreekt")
        elif self.geboortedatum > self.ingangsdatum:
            raise ValueError("geboortedatum ligt na de ingangsdatum van de indicatie")
        return self


class Ontvangen(Contract):
    """The date the zorgkantoor received the request (schema_version 2).

    # Regeling art. 5.10 applies art. 4:25 Awb to the PGB plafond and ranks applications by the date of
    #   receipt of the aanvraagformulier; Awb art. 4:25 lid 2: "Een subsidie wordt geweigerd voor zover
    #   door verstrekking van de subsidie het subsidieplafond zou worden overschreden." Processing time is
    #   not the order: a request decided late keeps its place (Awb art. 4:25 lid 3).
    A version 1 request has none; its upcaster (events/upcasting.py) takes the date of `occurred_at`.
    """

    ontvangstdatum: date = Field(description="date of receipt of the aanvraagformulier by the zorgkantoor (art. 5.10 Rlz)")

    @model_validator(mode="before")
    @classmethod
    def _ontvangstdatum_vereist(cls, data: object) -> object:
        if isinstance(data, dict) and data.get("ontvangstdatum") is None:
            raise ValueError(
                "ontvangstdatum ontbreekt: art. 5.10 Rlz (met art. 4:25 Awb) rangschikt aanvragen naar de datum van "
                "ontvangst van het aanvraagformulier"
            )
        return data


class MeerzorgVerzoek(Contract):
    voldoet_aan_art_2_2: bool = Field(description="the conditions of art. 2.2 lid 1 or 2 hold")


class LeveringsvormAangevraagdPayload(MetPeriode, Ontvangen):
    """A client's request for a delivery form, with what the rules need to decide it."""

    bsn: Bsn
    leveringsvormen: list[Leveringsvorm] = Field(min_length=1, max_length=3)
    begeleiding_groeps: BegeleidingGroeps = BegeleidingGroeps.NVT
    deeltijdverblijf_etmalen: int | None = Field(default=None, description="etmalen per veertien (7, 8 of 9)")
    mpt_kosten_per_jaar: Cent = 0
    zorgkosten_per_jaar: Cent | None = Field(
        default=None, description="the yearly cost of all care at home (MPT + PGB); decides EKT and meerzorg"
    )
    logeeropvang: bool = False
    kleinschalig_wooninitiatief: bool = False
    gewaarborgde_hulp: bool = False
    overbrugging: bool = Field(default=False, description="overbruggingszorg on a waiting list (art. 5.3)")
    zicht_op_opname: bool = False
    pgb_op_31_december_2019: bool = Field(default=False, description="art. 5.5 onder c overgangsrecht")
    zzp_vv_4_tot_8_op_31_december_2014: bool = Field(default=False, description="art. 5.13 lid 2 onder b")
    meerzorg: MeerzorgVerzoek | None = None

    @model_validator(mode="after")
    def _combinatie(self) -> Self:
        vormen = set(self.leveringsvormen)
        if len(vormen) != len(self.leveringsvormen):
            raise ValueError("leveringsvormen: een leveringsvorm staat er dubbel in")
        enkelvoudig = {Leveringsvorm.VERBLIJF, Leveringsvorm.VPT}
        if vormen & enkelvoudig and len(vormen) > 1:
            raise ValueError("leveringsvormen: verblijf en vpt worden niet gecombineerd")
        if Leveringsvorm.DEELTIJDVERBLIJF in vormen:
            if not vormen & {Leveringsvorm.MPT, Leveringsvorm.PGB}:
                raise ValueError("leveringsvormen: deeltijdverblijf gaat samen met mpt en/of pgb")
            if self.deeltijdverblijf_etmalen is None:
                raise ValueError("deeltijdverblijf_etmalen ontbreekt bij deeltijdverblijf")
        elif self.deeltijdverblijf_etmalen is not None:
            raise ValueError("deeltijdverblijf_etmalen zonder leveringsvorm deeltijdverblijf")
        if self.mpt_kosten_per_jaar and Leveringsvorm.MPT not in vormen:
            raise ValueError("mpt_kosten_per_jaar zonder leveringsvorm mpt")
        if self.zorgkosten_per_jaar is not None and self.zorgkosten_per_jaar < self.mpt_kosten_per_jaar:
            raise ValueError("zorgkosten_per_jaar is kleiner dan mpt_kosten_per_jaar (de zorgkosten omvatten het mpt)")
        return self


class EKTAangevraagdPayload(MetPeriode, Ontvangen):
    """A request to raise the basisbedrag because the care at home costs more (art. 5.1a)."""

    bsn: Bsn
    zorgkosten_per_jaar: Cent


class MeerzorgAangevraagdPayload(MetPeriode, Ontvangen):
    """A request for meerzorg (art. 5.1e, 2.2)."""

    bsn: Bsn
    zorgkosten_per_jaar: Cent
    voldoet_aan_art_2_2: bool


_ZORGKOSTEN_NODIG = frozenset({ToeslagSoort.PALLIATIEF_TERMINAAL, ToeslagSoort.TIJDELIJKE_VERPLEGING, ToeslagSoort.DURE_GROEPSBEGELEIDING})


class ToeslagAangevraagdPayload(MetPeriode, Ontvangen):
    """A request for a toeslag of art. 5.1c, 5.1d or 5.1f."""

    bsn: Bsn
    soort: ToeslagSoort
    zorgvorm: Zorgvorm = Zorgvorm.OVERIG
    bedrag_per_jaar: Cent = Field(description="the extra asked a year (art. 5.1f: the cost of that care a year)")
    voorwaarde_vervuld: bool = Field(
        default=False,
        description=(
            "5.1c: aangewezen op palliatief terminale zorg / tijdelijke verpleging na msz; 5.1d: noodzakelijk voor de ontwikkeling "
            "van het kind; 5.1f zonder groepsbegeleiding in Bijlage H: nodig opdat verpleging en verzorging niet in het gedrang komen"
        ),
    )
    zorgkosten_per_jaar: Cent | None = Field(
        default=None,
        validate_default=True,
        description="5.1c and 5.1f (required for them): the yearly cost of all care at home, for what is needed above what is available",
    )
    voldoet_aan_art_2_2: bool = False

    @field_validator("zorgkosten_per_jaar")
    @classmethod
    def _zorgkosten_voor_5_1c_en_5_1f(cls, waarde: int | None, info: ValidationInfo) -> int | None:
        """Art. 5.1c raises the basisbedrag only "voor zover die verhoging nodig is", art. 5.1f only for a need
        above what art. 5.1 to 5.1d make available: neither can be judged without the cost of the care.
        Requests already stored (read back from the store) are not judged again here."""
        soort = info.data.get("soort")
        if soort is ToeslagSoort.BEHANDELING:
            raise ValueError("soort behandeling (art. 5.1b) wordt aangevraagd met BehandelingAangevraagd")
        if waarde is None and soort in _ZORGKOSTEN_NODIG and not (isinstance(info.context, dict) and info.context.get("gewist")):
            raise ValueError(f"zorgkosten_per_jaar ontbreekt: art. {soort.artikel} ({soort.value}) vraagt de zorgkosten per jaar")
        return waarde


class BehandelingAangevraagdPayload(MetPeriode, Ontvangen):
    """Behandeling in a modulair pakket thuis, judged against the normative frame (art. 5.1b)."""

    bsn: Bsn
    zorgvorm: Zorgvorm = Field(description="behandeling_groep or behandeling_individueel")
    kosten_per_jaar: Cent = Field(description="the yearly cost of the behandeling asked")
    normatief_kader_per_jaar: Cent = Field(
        description="lid 1: the normative frame for the zorgprofiel (the zorgkantoor's behandelmodule, from the VPT tariffs; not in the "
        "Regeling)"
    )
    zorgkosten_per_jaar: Cent = Field(description="lid 4: the yearly cost of the other care at home (MPT + PGB), for the room left")

    @field_validator("zorgvorm")
    @classmethod
    def _behandeling(cls, zorgvorm: Zorgvorm) -> Zorgvorm:
        if zorgvorm not in (Zorgvorm.BEHANDELING_GROEP, Zorgvorm.BEHANDELING_INDIVIDUEEL):
            raise ValueError("art. 5.1b gaat over behandeling: behandeling_groep of behandeling_individueel")
        return zorgvorm


AdlFunctienaam = Literal[
    "persoonlijke_verzorging", "verpleging", "begeleiding_individueel", "begeleiding_groep_zonder_vervoer", "begeleiding_groep_met_vervoer"
]


class AdlFunctie(Contract):
    """One function of an indication in functions and classes, as Bijlage I lists them."""

    functie: AdlFunctienaam
    klasse: int = Field(ge=0, le=10)
    extra_eenheden: int = Field(default=0, ge=0, le=100, description="hours or dagdelen above the highest class (Bijlage I)")


class AdlPgbAangevraagdPayload(MetPeriode, Ontvangen):
    """A PGB for a client in an ADL-woning under transitional law, per function and class (art. 9.3d, Bijlage I)."""

    bsn: Bsn
    functies: list[AdlFunctie] = Field(min_length=1, max_length=5)
    kortdurend_verblijf_etmalen: int = Field(default=0, ge=0, le=366, description="Bijlage I: kortdurend verblijf per etmaal")
    kosten_verblijf_min_woonlasten_per_dag: Cent | None = Field(
        default=None, description="art. 9.3d lid 6: the cost of verblijf less woonlasten, the cap above EUR 300 a day"
    )

    @model_validator(mode="after")
    def _een_klasse_per_functie(self) -> Self:
        if len({f.functie for f in self.functies}) != len(self.functies):
            raise ValueError("functies: een functie staat er dubbel in (art. 9.3d lid 5: de som per functie)")
        return self


class IndicatieBeeindigdPayload(Contract):
    bsn: Bsn
    indicatiebesluit_id: str = Field(min_length=1, max_length=64)
    einddatum: date
    reden: str = Field(default="", max_length=200)


class IndicatieOntvangen(Envelope):
    event_type: Literal["IndicatieOntvangen"] = "IndicatieOntvangen"
    payload: IndicatieOntvangenPayload


class AanvraagEnvelope(Envelope):
    """The envelope of a request, version 2: the payload carries its `ontvangstdatum` (art. 5.10)."""

    schema_version: int = Field(default=2, ge=2, le=2)

    @model_validator(mode="after")
    def _ontvangen_voor_verzonden(self) -> Self:
        ontvangen = getattr(self, "payload", None)
        if isinstance(ontvangen, Ontvangen) and ontvangen.ontvangstdatum > self.occurred_at.date():
            raise ValueError("payload.ontvangstdatum ligt na occurred_at: een aanvraag is ontvangen voordat ze wordt gemeld")
        return self


class LeveringsvormAangevraagd(AanvraagEnvelope):
    event_type: Literal["LeveringsvormAangevraagd"] = "LeveringsvormAangevraagd"
    payload: LeveringsvormAangevraagdPayload


class EKTAangevraagd(AanvraagEnvelope):
    event_type: Literal["EKTAangevraagd"] = "EKTAangevraagd"
    payload: EKTAangevraagdPayload


class MeerzorgAangevraagd(AanvraagEnvelope):
    event_type: Literal["MeerzorgAangevraagd"] = "MeerzorgAangevraagd"
    payload: MeerzorgAangevraagdPayload


class ToeslagAangevraagd(AanvraagEnvelope):
    event_type: Literal["ToeslagAangevraagd"] = "ToeslagAangevraagd"
    payload: ToeslagAangevraagdPayload


class IndicatieBeeindigd(Envelope):
    event_type: Literal["IndicatieBeeindigd"] = "IndicatieBeeindigd"
    payload: IndicatieBeeindigdPayload


class BehandelingAangevraagd(AanvraagEnvelope):
    event_type: Literal["BehandelingAangevraagd"] = "BehandelingAangevraagd"
    payload: BehandelingAangevraagdPayload


class AdlPgbAangevraagd(AanvraagEnvelope):
    event_type: Literal["AdlPgbAangevraagd"] = "AdlPgbAangevraagd"
    payload: AdlPgbAangevraagdPayload


Aanvraag = (
    LeveringsvormAangevraagd | EKTAangevraagd | MeerzorgAangevraagd | ToeslagAangevraagd | BehandelingAangevraagd | AdlPgbAangevraagd
)
from events.toewijzing import ToewijzingInbound  # noqa: E402 - toewijzing builds on the decision contract

InboundEvent = IndicatieOntvangen | IndicatieBeeindigd | Aanvraag | ToewijzingInbound
