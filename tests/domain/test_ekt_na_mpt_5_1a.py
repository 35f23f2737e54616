"""Regeling art. 5.1a with art. 5.1 lid 2: a later EKT request never lowers the budget under the MPT granted.

Found by the property "a PGB never exceeds what the rules allow" (tests/properties/test_eigenschappen.py):
an EKT request stating costs below the MPT already granted replaced the automatic EKT by a smaller one, and
the MPT part came out above the total.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

from events import besluiten as b
from events import parse_inbound
from services.domain.beslissen import beslis
from services.domain.toestand import CaseToestand, toepassen
from services.identity import case_id_voor

BSN = "111222333"
CASE = case_id_voor(BSN, b"test")
TIJD = datetime(2020, 1, 1, 12, tzinfo=UTC)


def _bericht(soort: str, payload: dict[str, Any], versie: int = 2) -> Any:
    return parse_inbound(
        json.dumps(
            {
                "event_id": str(uuid4()),
                "event_type": soort,
                "schema_version": versie,
                "occurred_at": "2020-01-01T09:00:00+00:00",
                "payload": payload,
            }
        )
    )


def _budgetten(berichten: list[Any]) -> list[b.BudgetVastgesteldPayload]:
    toestand, budgetten = CaseToestand(), []
    for bericht in berichten:
        besluiten = beslis(toestand, bericht, CASE, TIJD)
        toestand = toepassen(toestand, bericht)
        for besluit in besluiten:
            toestand = toepassen(toestand, besluit)
            if isinstance(besluit, b.BudgetVastgesteld):
                budgetten.append(besluit.payload)
    return budgetten


def _mpt_met_deeltijd_6vg(mpt_kosten_per_jaar: int, **extra: Any) -> list[Any]:
    """A 6VG indication and a granted MPT beside deeltijdverblijf of 8 etmalen, from 1 January 2020."""
    return [
        _bericht(
            "IndicatieOntvangen",
            {
                "ingangsdatum": "2020-01-01",
                "bsn": BSN,
                "indicatiebesluit_id": "CIZ-1",
                "zorgprofiel": "6VG",
                "geboortedatum": "1940-02-29",
                "regio": "Utrecht",
            },
            versie=1,
        ),
        _bericht(
            "LeveringsvormAangevraagd",
            {
                "ontvangstdatum": "2020-01-01",
                "ingangsdatum": "2020-01-01",
                "bsn": BSN,
                "leveringsvormen": ["mpt", "deeltijdverblijf"],
                "begeleiding_groeps": "nee",
                "deeltijdverblijf_etmalen": 8,
                "mpt_kosten_per_jaar": mpt_kosten_per_jaar,
                **extra,
            },
        ),
    ]


def test_art_5_1a_met_art_5_1_lid_2_latere_ekt_dekt_het_toegekende_mpt() -> None:
    # 6VG without groepsbegeleiding, Bijlage H 2020: € 40.684 = 4.068.400 cent.
    # Deeltijdverblijf 8 etmalen (art. 5.1 lid 3): 4.068.400 × 8/14 = 2.324.800 off, leaving 1.743.600.
    # MPT costing 2.000.003 a year: EKT 2.000.003 − 1.743.600 = 256.403 (≤ 25% of 1.743.600 = 435.900).
    # A later EKT request stating 2.000.000 a year: the MPT still costs 2.000.003, so the EKT stays 256.403.
    berichten = [
        *_mpt_met_deeltijd_6vg(2_000_003),
        _bericht(
            "EKTAangevraagd", {"ontvangstdatum": "2020-01-01", "ingangsdatum": "2020-01-31", "bsn": BSN, "zorgkosten_per_jaar": 2_000_000}
        ),
    ]
    budgetten = _budgetten(berichten)
    assert [p.ekt for p in budgetten] == [256_403, 256_403]
    laatste = budgetten[-1]
    assert laatste.deeltijd_korting == 2_324_800
    assert laatste.totaal == 2_000_003
    assert laatste.mpt_deel + laatste.pgb_deel <= laatste.totaal


def test_art_5_1e_met_art_5_1_lid_2_latere_meerzorg_dekt_het_toegekende_mpt() -> None:
    # 6VG without groepsbegeleiding, deeltijdverblijf 8 etmalen: basisbedrag 1.743.600 (as above).
    # MPT costing 2.542.753: short 799.153; EKT at most 25% of 1.743.600 = 435.900 (art. 5.1a), then
    # meerzorg for the rest, 799.153 − 435.900 = 363.253 (art. 5.1e lid 3-4). Total 1.743.600 + 435.900 +
    # 363.253 = 2.542.753. A later meerzorg request stating 2.542.751 a year leaves the meerzorg at 363.253.
    berichten = [
        *_mpt_met_deeltijd_6vg(2_542_753, meerzorg={"voldoet_aan_art_2_2": True}),
        _bericht(
            "MeerzorgAangevraagd",
            {
                "ontvangstdatum": "2020-01-01",
                "ingangsdatum": "2020-01-31",
                "bsn": BSN,
                "zorgkosten_per_jaar": 2_542_751,
                "voldoet_aan_art_2_2": True,
            },
        ),
    ]
    budgetten = _budgetten(berichten)
    assert [(p.ekt, p.meerzorg, p.totaal) for p in budgetten] == [(435_900, 363_253, 2_542_753)] * len(budgetten)
    assert budgetten[-1].mpt_deel + budgetten[-1].pgb_deel <= budgetten[-1].totaal
