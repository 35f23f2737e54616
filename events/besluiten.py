"""Decision events: what the zorgkantoor decided, why, and under which rule set.

Every decision carries the rule-set version (with the fingerprint of its data), the articles applied
and the computed breakdown, so that an auditor can recompute it and a consumer never has to. A refusal
is a decision too. Decisions carry no BSN: they are keyed by `case_id`; the indication carries the BSN.
"""

from __future__ import annotations

from datetime import date
from typing import Literal, Self
from uuid import UUID

from pydantic import Field, model_validator

from events.codes import BegeleidingGroeps, Leveringsvorm, ToeslagSoort
from events.envelope import Contract, Envelope


class LeveringsvormCode(Contract):
    """A leveringsvorm with the iWlz code beside it (2 PGB, 4 verblijf, 5 VPT, 7 MPT, 8 DTV)."""

    leveringsvorm: Leveringsvorm
    iwlz_code: int

    @classmethod
    def van(cls, vorm: Leveringsvorm) -> LeveringsvormCode:
        return cls(leveringsvorm=vorm, iwlz_code=vorm.iwlz_code)

    @model_validator(mode="after")
    def _code_past(self) -> Self:
        if self.iwlz_code != self.leveringsvorm.iwlz_code:
            raise ValueError(f"iwlz_code {self.iwlz_code} hoort niet bij {self.leveringsvorm.value}")
        return self


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


class Afwijzing(Besluit):
    aanvraag: str = Field(description="event_type of the request refused")
    reden: str
    artikel: str
    ontbreekt: str | None = Field(default=None, description="set when the rule set has no value for it")


class Plafondstand(Contract):
    """The regional PGB plafond ledger as the decision saw it (an input, recorded so an audit can replay it)."""

    regio: str
    jaar: int
    toegekend_pgb: int
    plafond: int | None
    percentage: str | None
    beleid: Literal["toestaan_met_waarschuwing", "weigeren"]

    @property
    def vol(self) -> bool:
        return self.percentage is not None and float(self.percentage) >= 100


class LeveringsvormToegekendPayload(Besluit):
    zorgprofiel: str
    regio: str
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


class Jaarbudget(Contract):
    """The budget of one calendar year, pro rata per day (all eurocent): the one shape of this record.

    The domain builds it (`services/domain/budget.py`), `BudgetVastgesteld` carries it, and the read
    side derives its ledger row and table from these fields rather than restating them.
    """

    jaar: int
    regio: str
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


class PersoonsgegevensGewistPayload(Contract):
    """The person's key is erased: their BSN and birth date are unreadable in every stored event.
    Consumers that keep personal data of this case should erase theirs too."""

    datum: date
    reden: str = Field(max_length=200)
    artikel: str = "17 AVG"


class PersoonsgegevensGewist(Envelope):
    event_type: Literal["PersoonsgegevensGewist"] = "PersoonsgegevensGewist"
    payload: PersoonsgegevensGewistPayload


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
    | PersoonsgegevensGewist
)


class PgbPlafondDrempelBereiktPayload(Contract):
    """A region's granted PGB for a year has reached a threshold share of its plafond (art. 8.12)."""

    regio: str
    jaar: int
    drempel_procent: int
    percentage: str = Field(description="granted / plafond x 100, two decimals, as text to stay exact")
    toegekend_pgb: int
    plafond: int
    artikel: str
    beleid: str = Field(description="what the service does at 100%: toestaan_met_waarschuwing or weigeren")


class PgbPlafondDrempelBereikt(Envelope):
    """Emitted once per crossing by the regional plafond ledger, for reporting (not a case decision)."""

    event_type: Literal["PgbPlafondDrempelBereikt"] = "PgbPlafondDrempelBereikt"
    payload: PgbPlafondDrempelBereiktPayload
