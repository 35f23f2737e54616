"""From recorded decisions to the CAK and SVB feed records (pure: the publisher supplies the BSN).

CAK (Regeling art. 7.12, 7.14), per toewijzing: zorg in natura (verblijf, VPT, MPT) starts when the
zorgaanbieder starts delivering (`ZorgleveringGestart`: MAZ) and ends when it stops (`ZorgleveringBeeindigd`:
MEZ), each record naming the zorgaanbieder and the toewijzing. Care without a zorgaanbieder of the
zorgkantoor (PGB, and deeltijdverblijf beside it) starts and ends with its grant: every grant a MAZ,
every end of a grant - by a change of leveringsvorm or the end of the indication - a MEZ.
SVB: every year budget of a budget holder (a year with a PGB), with the date from which it changes.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from events.bsn import GEWIST
from events.feeds import CakZorgmutatie, CakZorgmutatiePayload, FeedRecord, SvbBudgetmutatie, SvbBudgetmutatiePayload
from services.domain.ids import uuid5

VERBLIJF_CODES = {4, 8}  # iWlz: verblijf, deeltijdverblijf
NATURA_CODES = {4, 5, 7}  # iWlz: verblijf, VPT, MPT: started and ended per toewijzing
LEVERING = ("ZorgleveringGestart", "ZorgleveringBeeindigd")


def _envelope(bericht: dict[str, Any], soort: str) -> dict[str, Any]:
    return {
        "event_id": uuid5(UUID(str(bericht["event_id"])), soort),
        "occurred_at": bericht["occurred_at"],
        "recorded_at": bericht.get("recorded_at"),
        "correlation_id": bericht.get("correlation_id"),
        "causation_id": bericht["event_id"],
        "case_id": bericht["case_id"],
    }


def feed_records(bericht: dict[str, Any], bsn: str | None) -> list[FeedRecord]:
    """The feed records one stored decision gives (none for other events, or without a known BSN)."""
    soort = bericht.get("event_type")
    if bsn is None or bsn == GEWIST or soort not in ("LeveringsvormToegekend", "LeveringsvormBeeindigd", "BudgetVastgesteld", *LEVERING):
        return []
    p = bericht["payload"]
    if soort in LEVERING:
        return [_levering(bericht, bsn)]
    if soort == "BudgetVastgesteld":
        if not any(v["leveringsvorm"] == "pgb" for v in p["leveringsvormen"]):
            return []
        return [
            SvbBudgetmutatie(
                **_envelope(bericht, "svb"),
                payload=SvbBudgetmutatiePayload(
                    bsn=bsn,
                    jaar=p["jaar"],
                    ingangsdatum=p["peildatum"],
                    van=p["van"],
                    tot=p["tot"],
                    dagen=p["dagen"],
                    pgb_bedrag=p["pgb_deel"],
                    gewaarborgde_hulp=p.get("gewaarborgde_hulp", False),
                    regio=p["regio"],
                    budget_event_id=str(bericht["event_id"]),
                ),
            )
        ]
    begin = soort == "LeveringsvormToegekend"
    zonder_aanbieder = [v for v in p["leveringsvormen"] if v["iwlz_code"] not in NATURA_CODES]
    if not zonder_aanbieder:
        return []  # started and ended per toewijzing
    return [
        CakZorgmutatie(
            **_envelope(bericht, "cak"),
            payload=CakZorgmutatiePayload(
                bsn=bsn,
                melding="MAZ" if begin else "MEZ",
                leveringsvormen=zonder_aanbieder,
                ingangsdatum=p["ingangsdatum"],
                einddatum=p["einddatum"],
                verblijf=any(v["iwlz_code"] in VERBLIJF_CODES for v in zonder_aanbieder),
                deeltijdverblijf_etmalen=p.get("deeltijdverblijf_etmalen"),
                zorgprofiel=p.get("zorgprofiel"),
                regio=p.get("regio"),
            ),
        )
    ]


def _levering(bericht: dict[str, Any], bsn: str) -> FeedRecord:
    """Start (MAZ) or end (MEZ) of delivery by one zorgaanbieder under one toewijzing."""
    p = bericht["payload"]
    begin = bericht["event_type"] == "ZorgleveringGestart"
    return CakZorgmutatie(
        **_envelope(bericht, "cak"),
        payload=CakZorgmutatiePayload(
            bsn=bsn,
            melding="MAZ" if begin else "MEZ",
            leveringsvormen=[p["leveringsvorm"]],
            ingangsdatum=p["begindatum"] if begin or p.get("begindatum") else p["toewijzing_ingangsdatum"],
            einddatum=None if begin else p["mutatiedatum"],
            verblijf=p["leveringsvorm"]["iwlz_code"] in VERBLIJF_CODES,
            zorgprofiel=p["zorgprofiel"],
            regio=p["regio"],
            zorgaanbieder=p["zorgaanbieder"],
            toewijzing_id=p["toewijzing_id"],
        ),
    )
