"""The outbound feeds on a real Kafka broker: CAK and SVB records for a scripted case (MPT, then PGB from
1 September, end of care 30 November), replayed from the beginning and reconciled with the ledger; the
plafond alert on the reporting topic."""

from __future__ import annotations

import asyncio
import json
import time
from datetime import date

import pytest

from projections.store import PostgresLedgerStore
from services.adapters.kafka.reconcile import lees_feed, reconcilieer_svb, svb_view
from services.regeling.geld import euro, pro_rata
from tests.integration.conftest import Omgeving, produceer, run
from tests.integration.test_kafka_postgres import bericht, bsns, indicatie, sleutel, wacht_op

pytestmark = pytest.mark.integration


def test_cak_en_svb_feeds_voor_een_wissel_van_leveringsvorm_en_einde_zorg(omgeving: Omgeving) -> None:
    omgeving.start_dienst(WLZ_PLAFOND_DREMPELS="0")
    bsn = bsns(1, 500_000_000)[0]
    ind = json.loads(indicatie(bsn))
    ind["payload"]["zorgprofiel"] = "6VG"
    k = sleutel(bsn)
    run(produceer(omgeving.infra.bootstrap, [(omgeving.topic("wlz.indicaties"), k, json.dumps(ind).encode())]))
    wacht_op(omgeving, 1)
    aanvragen = omgeving.topic("wlz.aanvragen")
    mpt = {"bsn": bsn, "zorgaanbieder": "12345678", "leveringsvorm": "mpt"}
    melding = {"indicatiebesluit_id": f"CIZ-{bsn}", "zorgprofiel": "6VG", "toewijzing_ingangsdatum": "2020-01-01"}
    run(
        produceer(
            omgeving.infra.bootstrap,
            [
                (
                    aanvragen,
                    k,
                    bericht(
                        "LeveringsvormAangevraagd",
                        {
                            "bsn": bsn,
                            "leveringsvormen": ["mpt"],
                            "ingangsdatum": "2020-01-01",
                            "begeleiding_groeps": "nee",
                            "mpt_kosten_per_jaar": euro(30_000),
                        },
                    ),
                ),
                # zorg in natura: the CAK hears per toewijzing, when the zorgaanbieder starts and ends delivery
                (aanvragen, k, bericht("ToewijzingAangevraagd", {**mpt, "ingangsdatum": "2020-01-01"})),
                (aanvragen, k, bericht("AanvangZorgGemeld", {**mpt, **melding, "begindatum": "2020-01-06"})),
                (aanvragen, k, bericht("MutatieZorgGemeld", {**mpt, **melding, "mutatiecode": "19", "mutatiedatum": "2020-08-31"})),
                (
                    aanvragen,
                    k,
                    bericht(
                        "LeveringsvormAangevraagd",
                        {
                            "bsn": bsn,
                            "leveringsvormen": ["pgb"],
                            "ingangsdatum": "2020-09-01",
                            "begeleiding_groeps": "nee",
                            "gewaarborgde_hulp": True,
                        },
                    ),
                ),
            ],
        )
    )
    wacht_op(omgeving, 6)
    einde = bericht(
        "IndicatieBeeindigd",
        {"bsn": bsn, "indicatiebesluit_id": f"CIZ-{bsn}", "einddatum": "2020-11-30", "reden": "verhuisd naar het buitenland"},
    )
    run(produceer(omgeving.infra.bootstrap, [(omgeving.topic("wlz.indicaties"), k, einde)]))
    gezondheid = wacht_op(omgeving, 7)

    cak = run(lees_feed(omgeving.infra.bootstrap, omgeving.topic("wlz.cak.zorgmutaties")))
    assert [
        (r["payload"]["melding"], r["payload"]["leveringsvormen"][0]["iwlz_code"], r["payload"]["ingangsdatum"], r["payload"]["einddatum"])
        for r in cak
    ] == [
        ("MAZ", 7, "2020-01-06", None),
        ("MEZ", 7, "2020-01-06", "2020-08-31"),
        ("MAZ", 2, "2020-09-01", None),
        ("MEZ", 2, "2020-09-01", "2020-11-30"),
    ]
    assert {r["payload"]["bsn"] for r in cak} == {bsn}
    assert [r["payload"]["zorgaanbieder"] for r in cak] == ["12345678", "12345678", None, None]

    svb = run(lees_feed(omgeving.infra.bootstrap, omgeving.topic("wlz.svb.budgetten")))
    assert [(r["payload"]["ingangsdatum"], r["payload"]["pgb_bedrag"]) for r in svb] == [
        ("2020-09-01", pro_rata(euro(40_684), date(2020, 9, 1), date(2020, 12, 31))),
        ("2020-11-30", pro_rata(euro(40_684), date(2020, 9, 1), date(2020, 11, 30))),
    ]
    assert (
        svb_view(svb).pgb == svb_view(run(lees_feed(omgeving.infra.bootstrap, omgeving.topic("wlz.svb.budgetten")))).pgb
    )  # replay: same state

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and (omgeving.gezondheid() or {}).get("projecties_tot", 0) < gezondheid["store_positie"]:
        time.sleep(0.2)

    async def reconcilieer() -> list[str]:
        ledger = await PostgresLedgerStore.verbind(omgeving.database_url)
        try:
            return await reconcilieer_svb(svb_view(svb), ledger)
        finally:
            await ledger.sluit()

    assert asyncio.run(reconcilieer()) == []

    alerts = run(lees_feed(omgeving.infra.bootstrap, omgeving.topic("wlz.rapportage.plafondalerts")))
    assert [(a["event_type"], a["payload"]["regio"], a["payload"]["jaar"], a["payload"]["drempel_procent"]) for a in alerts] == [
        ("PgbPlafondDrempelBereikt", "Utrecht", 2020, 0)
    ]
