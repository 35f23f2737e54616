"""From recorded decisions to the CAK and SVB feed records (pure: the publisher supplies the BSN).

CAK (Regeling art. 7.12, 7.14): every grant of a leveringsvorm is a start of care (MAZ), every end of a
grant - by a change of leveringsvorm or the end of the indication - an end of care (MEZ), sent when the
decision is taken. SVB: every year budget of a budget holder (a year with a PGB), with the date from
which it changes.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid5

from events.bsn import GEWIST
from events.feeds import CakZorgmutatie, CakZorgmutatiePayload, FeedRecord, SvbBudgetmutatie, SvbBudgetmutatiePayload

VERBLIJF_CODES = {4, 8}  # iWlz: verblijf, deeltijdverblijf


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
    if bsn is None or bsn == GEWIST or soort not in ("LeveringsvormToegekend", "LeveringsvormBeeindigd", "BudgetVastgesteld"):
        return []
    p = bericht["payload"]
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
    return [
        CakZorgmutatie(
            **_envelope(bericht, "cak"),
            payload=CakZorgmutatiePayload(
                bsn=bsn,
                melding="MAZ" if begin else "MEZ",
                leveringsvormen=p["leveringsvormen"],
                ingangsdatum=p["ingangsdatum"],
                einddatum=p["einddatum"],
                verblijf=any(v["iwlz_code"] in VERBLIJF_CODES for v in p["leveringsvormen"]),
                deeltijdverblijf_etmalen=p.get("deeltijdverblijf_etmalen"),
                zorgprofiel=p.get("zorgprofiel"),
                regio=p.get("regio"),
            ),
        )
    ]
