"""The outbound feeds for CAK and SVB: their own records, derived from decisions, with the personal
data those partners need (the BSN) and nothing more.

Each record carries a deterministic `event_id` (derived from the decision it comes from), so a consumer
that replays a feed or sees a record twice can dedupe; `causation_id` is that decision's event id.
"""

from __future__ import annotations

from datetime import date
from typing import Literal
from uuid import UUID

from pydantic import Field

from events.besluiten import LeveringsvormCode
from events.bsn import Bsn
from events.codes import Zorgprofielcode
from events.envelope import Contract, Envelope
from events.regios import Regio
from events.toewijzing import Agb


class CakZorgmutatiePayload(Contract):
    """Start or end of care in one leveringsvorm, as the CAK needs it for the eigen bijdrage.

    Mirrors the MAZ/MEZ content of the iWlz CA317/CA319 messages (melding aanvang / einde zorg): the
    client's BSN, the leveringsvorm with its iWlz code, the dates, and whether there is verblijf. Zorg in
    natura is reported per toewijzing: the start and end of delivery by one zorgaanbieder. A change of
    leveringsvorm is an MEZ for the old form and an MAZ for the new one (Regeling art. 7.12).
    """

    bsn: Bsn
    melding: Literal["MAZ", "MEZ"] = Field(description="MAZ = melding aanvang zorg, MEZ = melding einde zorg")
    leveringsvormen: list[LeveringsvormCode]
    ingangsdatum: date
    einddatum: date | None
    verblijf: bool = Field(description="care with verblijf (verblijf or deeltijdverblijf): the CAK's higher contribution")
    deeltijdverblijf_etmalen: int | None = Field(default=None, description="etmalen per veertien")
    zorgprofiel: Zorgprofielcode | None = None
    regio: Regio | None = None
    zorgaanbieder: Agb | None = Field(default=None, description="zorg in natura is started and ended per toewijzing and zorgaanbieder")
    toewijzing_id: UUID | None = None
    artikel: str = "7.12"


class SvbBudgetmutatiePayload(Contract):
    """A budget holder's PGB for one calendar year (pro rata per day), effective from `ingangsdatum`."""

    bsn: Bsn
    jaar: int
    ingangsdatum: date = Field(description="the date from which this change applies (the decision's peildatum)")
    van: date
    tot: date
    dagen: int
    pgb_bedrag: int = Field(description="the granted PGB of the year in eurocent (trekkingsrecht)")
    gewaarborgde_hulp: bool
    regio: Regio
    budget_event_id: str


class CakZorgmutatie(Envelope):
    event_type: Literal["CakZorgmutatie"] = "CakZorgmutatie"
    payload: CakZorgmutatiePayload


class SvbBudgetmutatie(Envelope):
    event_type: Literal["SvbBudgetmutatie"] = "SvbBudgetmutatie"
    payload: SvbBudgetmutatiePayload


FeedRecord = CakZorgmutatie | SvbBudgetmutatie
