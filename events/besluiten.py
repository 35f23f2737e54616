"""Decision events: what the zorgkantoor decided, why, and under which rule set.

Every decision carries the rule-set version (with the fingerprint of its data), the articles applied
and the computed breakdown, so that an auditor can recompute it and a consumer never has to. A refusal
is a decision too. Decisions carry no BSN: they are keyed by `case_id`; the indication carries the BSN.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal, Self
from uuid import UUID

from pydantic import Field, model_validator

from events.codes import BegeleidingGroeps, Leveringsvorm, ToeslagSoort, Zorgprofielcode, Zorgvorm
from events.envelope import Contract, Envelope
from events.regios import Regio


class LeveringsvormCode(Contract):
    """A leveringsvorm with the iWlz code beside it (2 PGB, 4 verblijf, 5 VPT, 7 MPT, 8 DTV)."""

    leveringsvorm: Leveringsvorm
    iwlz_code: int

    @classmethod
    def van(cls, vorm: Leveringsvorm) -> LeveringsvormCode:
        """One immutable instance per leveringsvorm (built and validated once: every budget names them)."""
        return _LEVERINGSVORMCODES[vorm]

    @model_validator(mode="after")
    def _code_past(self) -> Self:
        if self.iwlz_code != self.leveringsvorm.iwlz_code:
            raise ValueError(f"iwlz_code {self.iwlz_code} hoort niet bij {self.leveringsvorm.value}")
        return self


_LEVERINGSVORMCODES = {vorm: LeveringsvormCode(leveringsvorm=vorm, iwlz_code=vorm.iwlz_code) for vorm in Leveringsvorm}


class Berekeningsregel(Contract):
    """One line of a computation: what, how much (eurocent), under which article."""

    post: str
    bedrag: int
    artikel: str
    toelichting: str = ""


class Besluit(Contract):
    """What every decision payload carries."""

    peildatum: date = Field(description="the date the decision applies from; it selects the rule set")
    regelset: str = Field(description="rule-set version + data fingerprint, e.g. rlz-2020.1+ab12...")
    artikelen: list[str]
    berekening: list[Berekeningsregel] = Field(default_factory=list)
    toelichting: str = ""


class Grond(Contract):
    """One ground of a refusal: the article and why. `artikel` is null when the ground is not an article
    but missing data (no rule set for the date): said as what is missing, never as an article."""

    artikel: str | None = None
    reden: str
    ontbreekt: str | None = Field(default=None, description="what the rule set lacks, when that is the ground")


class Afwijzing(Besluit):
    aanvraag: str = Field(description="event_type of the request refused")
    reden: str = Field(description="the reasons of every ground, joined")
    artikel: str = Field(description="the first article cited; empty when no ground is an article (a missing rule set)")
    ontbreekt: str | None = Field(default=None, description="set when the rule set has no value for it")
    gronden: list[Grond] = Field(default_factory=list, description="every ground that applies, not only the first")


class Plafondstand(Contract):
    """Version 1 decisions only: the read-side ledger as a decision saw it under the former policy setting.
    New decisions record a `Plafondtoets` instead (art. 5.10 with Awb art. 4:25 is the law, not a policy)."""

    regio: Regio
    jaar: int
    toegekend_pgb: int
    plafond: int | None
    percentage: str | None
    beleid: Literal["toestaan_met_waarschuwing", "weigeren"]

    @property
    def vol(self) -> bool:
        return self.percentage is not None and float(self.percentage) >= 100


PlafondModus = Literal["wettelijk", "simulatie_zonder_plafond"]
"""`wettelijk`: art. 5.10 Rlz with Awb art. 4:25 lid 2 (the default and the only statutory mode);
`simulatie_zonder_plafond`: the explicitly named simulation setting WLZ_SIMULATIE_ZONDER_PLAFOND, under
which no PGB is limited by the plafond and every decision says so."""


class Overheveling(Contract):
    """An art. 8.12 overheveling between the ZIN and PGB parts of a region's budget, as a decision read it."""

    event_id: UUID = Field(description="the PgbPlafondOvergeheveld event that recorded it")
    bedrag: int = Field(description="eurocent; positive: from zorg in natura to PGB, negative: from PGB to zorg in natura")
    referentie: str
    besluitdatum: date


class Plafondlezing(Contract):
    """The regional PGB plafond register as a decision read it: the input an audit feeds back unchanged.

    # Regeling art. 5.10 (as amended by onderdeel L: "de artikelen 8.2, 8.4, 8.6, 8.8, 8.10 en 8.12") with
    #   Awb art. 4:25; applications ranked by the date of receipt of the aanvraagformulier.
    """

    regio: str
    jaar: int
    artikel: str = Field(description="the article that fixes the plafond, e.g. 8.12")
    plafond_regeling: int | None = Field(description="the region's amount in that article (None when the source is uncertain)")
    overhevelingen: list[Overheveling] = Field(default_factory=list)
    plafond: int | None = Field(description="plafond_regeling plus the overhevelingen recorded so far")
    ontvangstdatum: date = Field(description="the date of receipt of this request: its place in the order of art. 5.10")
    eerder_toegewezen: int = Field(description="PGB of other cases in this region and year from requests received on or before it")
    later_toegewezen: int = Field(
        description="PGB of other cases from requests received after it (reviewed if this grant needs their room)"
    )
    modus: PlafondModus = "wettelijk"


class Plafondtoets(Contract):
    """A PGB of one year against the regional plafond: granted up to the room left, refused for the rest.

    # Awb art. 4:25 lid 2: "Een subsidie wordt geweigerd voor zover door verstrekking van de subsidie het
    #   subsidieplafond zou worden overschreden."
    """

    lezing: Plafondlezing
    gevraagd: int = Field(description="the PGB of the year the rules give this case without the plafond")
    al_toegekend: int = Field(description="this case's PGB in the region and year before this decision")
    ruimte: int | None = Field(description="plafond - eerder_toegewezen - al_toegekend; None without a plafond")
    toegekend: int
    geweigerd: int = Field(description="gevraagd - toegekend: refused under art. 5.10 Rlz and art. 4:25 lid 2 Awb")
    artikelen: list[str]
    toelichting: str


class LeveringsvormToegekendPayload(Besluit):
    zorgprofiel: Zorgprofielcode
    regio: Regio
    leveringsvormen: list[LeveringsvormCode]
    ingangsdatum: date
    einddatum: date | None
    begeleiding_groeps: BegeleidingGroeps
    deeltijdverblijf_etmalen: int | None = None
    overbrugging: bool = False
    gewaarborgde_hulp: bool = False
    basisbedrag_per_jaar: int = Field(description="Bijlage H row total (0 when no basisbedrag applies)")
    deeltijd_korting_per_jaar: int = 0
    kleinschalig_wooninitiatief_per_jaar: int = 0
    mpt_kosten_per_jaar: int = 0
    zorgkosten_per_jaar: int | None = None
    plafond: Plafondstand | None = None


class LeveringsvormAfgewezenPayload(Afwijzing):
    leveringsvormen: list[LeveringsvormCode]
    plafond: Plafondstand | None = None
    plafondtoets: Plafondtoets | None = Field(
        default=None, description="a PGB refused because the regional plafond left no room (art. 5.10)"
    )


class LeveringsvormBeeindigdPayload(Besluit):
    leveringsvormen: list[LeveringsvormCode]
    ingangsdatum: date
    einddatum: date
    reden: str


class Aanleiding(Contract):
    """A decision that changed a budget, with the article it applied."""

    event_id: UUID
    event_type: str
    artikel: str


class Regiodeel(Contract):
    """The part of a year's budget that falls under one region's indication: the days from `ingangsdatum`
    to `einddatum` (inclusive), with their share of the total and of the PGB (eurocent).

    # Regeling art. 5.10 with art. 8.12: the PGB plafond is per region and year, so a client who moves to
    #   another zorgkantoor region during the year counts in each region for the days spent under it
    #   (pro rata per day, as the budget itself: Toelichting bij Bijlage H "Alle bedragen zijn jaarbedragen").
    """

    regio: Regio
    ingangsdatum: date
    einddatum: date
    totaal: int
    pgb_deel: int


class Jaarbudget(Contract):
    """The budget of one calendar year, pro rata per day (all eurocent): the one shape of this record.

    The domain builds it (`services/domain/budget.py`), `BudgetVastgesteld` carries it, and the read
    side derives its ledger row and table from these fields rather than restating them.
    """

    jaar: int
    regio: Regio = Field(
        description="the region of the budget's last day (the zorgkantoor that holds it at the end of the period); "
        "when days of the year fall under another region's indication, per_regio splits the budget"
    )
    van: date
    tot: date
    dagen: int
    leveringsvormen: list[LeveringsvormCode]
    basisbedrag: int
    deeltijd_korting: int
    ekt: int
    toeslagen: dict[ToeslagSoort, int] = Field(default_factory=dict)
    meerzorg: int
    kleinschalig_wooninitiatief: int
    totaal: int = Field(description="the maximum for MPT and PGB together this year")
    mpt_deel: int
    pgb_deel: int
    gewaarborgde_hulp: bool = False
    plafondtoets: Plafondtoets | None = Field(default=None, description="the regional PGB plafond applied to pgb_deel (art. 5.10)")
    per_regio: list[Regiodeel] = Field(
        default_factory=list,
        description="the budget split by period per region (art. 5.10, 8.12), in date order; empty when every day falls "
        "in regio. The parts sum to totaal and pgb_deel exactly",
    )

    @model_validator(mode="after")
    def _delen_tellen_op(self) -> Self:
        if self.per_regio and (
            sum(d.totaal for d in self.per_regio) != self.totaal or sum(d.pgb_deel for d in self.per_regio) != self.pgb_deel
        ):
            raise ValueError("per_regio: de delen tellen niet op tot totaal en pgb_deel (art. 5.10, 8.12)")
        return self

    def pgb_per_regio(self) -> dict[str, int]:
        """The PGB of the year per region: what each region's plafond (art. 8.12) carries of it."""
        if not self.per_regio:
            return {self.regio: self.pgb_deel}
        uit: dict[str, int] = {}
        for deel in self.per_regio:
            uit[deel.regio] = uit.get(deel.regio, 0) + deel.pgb_deel
        return uit


class PgbPlafondHerzienPayload(Besluit):
    """A PGB of one year lowered because a request received earlier needed the room it took.

    # Regeling art. 5.10: applications rank by the date of receipt of the aanvraagformulier. Awb art. 4:25
    #   lid 3: a request decided late is decided as the plafond stood when it should have been decided, so
    #   the earlier-received request keeps its room; the later-received grant that took it is lowered by
    #   what the earlier one needed (Awb art. 4:25 lid 2: "voor zover ... overschreden"), as a decision of
    #   its own, open to bezwaar.
    """

    regio: str
    jaar: int
    ontvangstdatum: date = Field(description="the date of receipt of this case's own request(s) whose grant is lowered")
    aanleiding_event_id: UUID = Field(description="the request received earlier that needed the room")
    aanleiding_ontvangstdatum: date
    lezing: Plafondlezing = Field(description="the register as read for the request received earlier")
    pgb_voor: int
    pgb_na: int
    verlaagd: int


class BudgetVastgesteldPayload(Jaarbudget, Besluit):
    """The budget of one calendar year, pro rata per day, with its build-up (all eurocent)."""

    aanleiding: list[Aanleiding] = Field(default_factory=list, description="the decisions that changed this budget")


class EKTToegekendPayload(Besluit):
    ingangsdatum: date
    einddatum: date | None
    bedrag_per_jaar: int = Field(description="the EKT a year from ingangsdatum (total, not the increase)")
    maximum_per_jaar: int
    tekort_per_jaar: int = Field(description="need left after the maximum EKT: route to meerzorg / 5.1f")
    uitgeput: bool


class MeerzorgGestartPayload(Besluit):
    ingangsdatum: date
    einddatum: date | None
    bedrag_per_jaar: int


class ToeslagToegekendPayload(Besluit):
    soort: ToeslagSoort
    artikel: str
    ingangsdatum: date
    einddatum: date | None
    bedrag_per_jaar: int
    alleen_mpt: bool = Field(
        default=False, description="behandeling (art. 5.1d lid 1, 5.1f lid 1): part of the MPT, never of the PGB (Toelichting 5.1b)"
    )


class BehandelingToegekendPayload(Besluit):
    """Behandeling in the MPT (art. 5.1b): within the frame on top of the basisbedrag, the rest from room left."""

    zorgvorm: Zorgvorm
    ingangsdatum: date
    einddatum: date | None
    kosten_per_jaar: int
    normatief_kader_per_jaar: int
    binnen_kader_per_jaar: int = Field(description="lid 1-2: within the frame raised by at most 25%, on top of the basisbedrag (MPT part)")
    uit_basisbedrag_per_jaar: int = Field(description="lid 4: from room left in the basisbedrag (raised by the EKT), MPT part")
    niet_gedekt_per_jaar: int = Field(description="not granted: above the frame + 25% and the room left")


class AdlPgbToegekendPayload(Besluit):
    """The PGB of an ADL-woning client under transitional law (art. 9.3d, Bijlage I), a year."""

    ingangsdatum: date
    einddatum: date
    bruto_per_jaar: int = Field(description="lid 5: the sum of the Bijlage I amounts and kortdurend verblijf")
    maximum_per_jaar: int = Field(description="lid 6: the cap above EUR 300 a day")
    bedrag_per_jaar: int


class LeveringsvormToegekend(Envelope):
    event_type: Literal["LeveringsvormToegekend"] = "LeveringsvormToegekend"
    payload: LeveringsvormToegekendPayload


class LeveringsvormAfgewezen(Envelope):
    event_type: Literal["LeveringsvormAfgewezen"] = "LeveringsvormAfgewezen"
    payload: LeveringsvormAfgewezenPayload


class LeveringsvormBeeindigd(Envelope):
    event_type: Literal["LeveringsvormBeeindigd"] = "LeveringsvormBeeindigd"
    payload: LeveringsvormBeeindigdPayload


class BudgetVastgesteld(Envelope):
    event_type: Literal["BudgetVastgesteld"] = "BudgetVastgesteld"
    payload: BudgetVastgesteldPayload


class EKTToegekend(Envelope):
    event_type: Literal["EKTToegekend"] = "EKTToegekend"
    payload: EKTToegekendPayload


class EKTAfgewezen(Envelope):
    event_type: Literal["EKTAfgewezen"] = "EKTAfgewezen"
    payload: Afwijzing


class MeerzorgGestart(Envelope):
    event_type: Literal["MeerzorgGestart"] = "MeerzorgGestart"
    payload: MeerzorgGestartPayload


class MeerzorgAfgewezen(Envelope):
    event_type: Literal["MeerzorgAfgewezen"] = "MeerzorgAfgewezen"
    payload: Afwijzing


class ToeslagToegekend(Envelope):
    event_type: Literal["ToeslagToegekend"] = "ToeslagToegekend"
    payload: ToeslagToegekendPayload


class ToeslagAfgewezen(Envelope):
    event_type: Literal["ToeslagAfgewezen"] = "ToeslagAfgewezen"
    payload: Afwijzing


class PgbPlafondHerzien(Envelope):
    event_type: Literal["PgbPlafondHerzien"] = "PgbPlafondHerzien"
    payload: PgbPlafondHerzienPayload


class BehandelingToegekend(Envelope):
    event_type: Literal["BehandelingToegekend"] = "BehandelingToegekend"
    payload: BehandelingToegekendPayload


class BehandelingAfgewezen(Envelope):
    event_type: Literal["BehandelingAfgewezen"] = "BehandelingAfgewezen"
    payload: Afwijzing


class AdlPgbToegekend(Envelope):
    event_type: Literal["AdlPgbToegekend"] = "AdlPgbToegekend"
    payload: AdlPgbToegekendPayload


class AdlPgbAfgewezen(Envelope):
    event_type: Literal["AdlPgbAfgewezen"] = "AdlPgbAfgewezen"
    payload: Afwijzing


class PersoonsgegevensGewistPayload(Contract):
    """The person's key is erased: their BSN and birth date are unreadable in every stored event.
    Consumers that keep personal data of this case should erase theirs too."""

    datum: date
    reden: str = Field(max_length=200)
    artikel: str = "17 AVG"


class PersoonsgegevensGewist(Envelope):
    event_type: Literal["PersoonsgegevensGewist"] = "PersoonsgegevensGewist"
    payload: PersoonsgegevensGewistPayload


from events.toewijzing import ToewijzingBesluit  # noqa: E402 - the toewijzing decisions build on the classes above

DecisionEvent = (
    LeveringsvormToegekend
    | LeveringsvormAfgewezen
    | LeveringsvormBeeindigd
    | BudgetVastgesteld
    | EKTToegekend
    | EKTAfgewezen
    | MeerzorgGestart
    | MeerzorgAfgewezen
    | ToeslagToegekend
    | ToeslagAfgewezen
    | BehandelingToegekend
    | BehandelingAfgewezen
    | AdlPgbToegekend
    | AdlPgbAfgewezen
    | PersoonsgegevensGewist
    | PgbPlafondHerzien
    | ToewijzingBesluit
)


class PgbPlafondDrempelBereiktPayload(Contract):
    """A region's granted PGB for a year has reached a threshold share of its plafond (art. 8.12)."""

    regio: Regio
    jaar: int
    drempel_procent: int
    percentage: str = Field(description="granted / plafond x 100, two decimals, as text to stay exact")
    toegekend_pgb: int
    plafond: int
    artikel: str
    beleid: str = Field(description="wettelijk (art. 5.10 with Awb 4:25: refused beyond the plafond) or simulatie_zonder_plafond")


class PgbPlafondOvergeheveldPayload(Contract):
    """An operator records an art. 8.12 overheveling: a region's PGB plafond of a year raised (from the
    zorg-in-natura part) or lowered (to it), with the decision it rests on.

    # Regeling art. 8.11 lid 2: the parts for zorg in natura and PGB are fixed "rekening houdend met
    #   overhevelingen door de Wlz-uitvoerders tussen de deelkaders"; art. 8.12 gives the regional PGB amounts.
    # Awb art. 4:27 lid 2: a lowering published later "heeft ... geen gevolgen voor voordien ingediende
    #   aanvragen": a lowering never reviews a grant already made; it only limits requests decided after it.
    """

    regio: str
    jaar: int
    bedrag: int = Field(description="eurocent; positive: from zorg in natura to PGB, negative: from PGB to zorg in natura")
    referentie: str = Field(min_length=1, max_length=200, description="the decision it rests on, e.g. the NZa/ZIN reference")
    besluitdatum: date
    bron: str = Field(min_length=1, max_length=200, description="who decided it, e.g. NZa or Zorginstituut Nederland")
    toelichting: str = Field(default="", max_length=500)

    @model_validator(mode="after")
    def _geldig(self) -> Self:
        from events.regios import ZORGKANTOORREGIOS

        if self.regio not in ZORGKANTOORREGIOS:
            raise ValueError("regio: onbekende zorgkantoorregio (zie art. 8.12 voor de 31 namen)")
        if self.bedrag == 0:
            raise ValueError("bedrag: een overheveling van 0 verandert niets")
        return self


class PgbPlafondOvergeheveld(Envelope):
    """Recorded in the plafond register of the region and year; shown in the plafond ledger."""

    event_type: Literal["PgbPlafondOvergeheveld"] = "PgbPlafondOvergeheveld"
    payload: PgbPlafondOvergeheveldPayload


class PgbPlafondDrempelBereikt(Envelope):
    """Emitted once per crossing by the regional plafond ledger, for reporting (not a case decision)."""

    event_type: Literal["PgbPlafondDrempelBereikt"] = "PgbPlafondDrempelBereikt"
    payload: PgbPlafondDrempelBereiktPayload


def pgb_per_regio(budget: dict[str, Any]) -> dict[str, int]:
    """The PGB of a stored `BudgetVastgesteld` payload (JSON) per region: its `per_regio` parts summed per
    region, or the whole `pgb_deel` in `regio` for a budget without parts (every event before the split)."""
    delen: list[dict[str, Any]] = budget.get("per_regio") or []
    if not delen:
        return {str(budget["regio"]): int(budget["pgb_deel"])}
    uit: dict[str, int] = {}
    for deel in delen:
        uit[str(deel["regio"])] = uit.get(str(deel["regio"]), 0) + int(deel["pgb_deel"])
    return uit
