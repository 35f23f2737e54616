"""Art. 5.10 with art. 8.12 Rlz: a client who moves to another zorgkantoor region during the year counts
in each region's PGB plafond for the days under that region's indication, pro rata per day (art. 5.1 lid 2,
Bijlage H; Toelichting bij Bijlage H: "Alle bedragen zijn jaarbedragen").

Hand-worked from Bijlage H 2020 (services/regeling/data/2020/bijlage_h.csv), row 5VV: 14.131 + 15.673 +
18.750 + 0 + 3.732 = EUR 52.286 a year = 5.228.600 cents; 2020 has 366 days. Utrecht from 1 January,
Flevoland from 1 July: 1 January - 30 June is 31 + 29 + 31 + 30 + 31 + 30 = 182 days, 1 July - 31 December
184 days. Rounded once, half up (services/regeling/geld.py):
  Utrecht   5.228.600 x 182 / 366 = 2.600.014,2  -> 2.600.014
  Flevoland 5.228.600 x 184 / 366 = 2.628.585,8  -> 2.628.586   (together 5.228.600)
"""

from __future__ import annotations

import asyncio
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from typer.testing import CliRunner

from events import DecisionEvent, InboundEvent
from events import besluiten as b
from events.envelope import nu
from projections.ledger import Plafondregel
from services.adapters.cli import app
from services.application import WlzService
from services.settings import Settings
from tests.conftest import BSN, bericht, indicatie

VIJF_VV = 5_228_600
UTRECHT_182 = 2_600_014  # 5.228.600 x 182 / 366, half up
FLEVOLAND_184 = 2_628_586  # 5.228.600 x 184 / 366, half up


def _pgb(van: str, ontvangen: str, gemeld: str) -> InboundEvent:
    payload = {
        "bsn": BSN,
        "leveringsvormen": ["pgb"],
        "ingangsdatum": van,
        "ontvangstdatum": ontvangen,
        "gewaarborgde_hulp": True,  # art. 5.6 onder a: 5VV
    }
    return bericht("LeveringsvormAangevraagd", payload, dag=gemeld)


def _verhuizing(van: str = "2020-07-01", regio: str = "Flevoland") -> InboundEvent:
    payload = {
        "bsn": BSN,
        "indicatiebesluit_id": f"CIZ-{regio}",
        "zorgprofiel": "5VV",
        "ingangsdatum": van,
        "geboortedatum": "1940-01-01",
        "regio": regio,
    }
    return bericht("IndicatieOntvangen", payload)


def _budget(besluiten: list[DecisionEvent]) -> b.BudgetVastgesteldPayload:
    return [x for x in besluiten if isinstance(x, b.BudgetVastgesteld)][-1].payload


def _regel(regels: list[Plafondregel], regio: str) -> int:
    return next(r.toegekend_pgb for r in regels if r.regio == regio)


def _ledgers(service: WlzService, tmp_path: Path) -> tuple[list[str], list[Plafondregel], list[Plafondregel], Any]:
    """The ledgers followed one event at a time, and rebuilt from the first event (as `wlz replay` does)."""
    from projections.runner import ProjectionRunner, herbouw, vergelijk
    from projections.store import SqliteLedgerStore

    async def beide() -> tuple[list[str], list[Plafondregel], list[Plafondregel], Any]:
        live = SqliteLedgerStore(tmp_path / "live.sqlite")
        herbouwd = SqliteLedgerStore(tmp_path / "herbouw.sqlite")
        try:
            await live.maak()
            await ProjectionRunner(service, live, batch=1).bij()
            await herbouw(service, herbouwd, batch=4)
            return await vergelijk(live, herbouwd), await live.plafonds(2020), await herbouwd.plafonds(2020), await live.budgetten()
        finally:
            await live.sluit()
            await herbouwd.sluit()

    return asyncio.run(beide())


def test_art_5_10_art_8_12_pgb_na_verhuizing_per_regio_naar_de_dagen_onder_de_indicatie(tmp_path: Path) -> None:
    """Failed before: the request after the move booked the whole of 2020 (5.228.600) on Flevoland and
    left Utrecht at 0. Now Utrecht keeps its 182 days, Flevoland gets 184 days, register and ledgers alike."""
    service = WlzService(Settings(data_dir=tmp_path / "store"))
    service.verwerk(indicatie("5VV", regio="Utrecht"))
    assert _budget(service.verwerk(_pgb("2020-01-01", "2020-01-06", "2020-01-10"))).pgb_deel == VIJF_VV
    service.verwerk(_verhuizing())
    budget = _budget(service.verwerk(_pgb("2020-07-01", "2020-06-20", "2020-06-25")))

    assert (budget.regio, budget.pgb_deel, budget.totaal) == ("Flevoland", UTRECHT_182 + FLEVOLAND_184, VIJF_VV)
    assert [(d.regio, d.ingangsdatum, d.einddatum, d.totaal, d.pgb_deel) for d in budget.per_regio] == [
        ("Utrecht", date(2020, 1, 1), date(2020, 6, 30), UTRECHT_182, UTRECHT_182),
        ("Flevoland", date(2020, 7, 1), date(2020, 12, 31), FLEVOLAND_184, FLEVOLAND_184),
    ]
    assert budget.plafondtoets is not None and budget.plafondtoets.lezing.regio == "Flevoland"
    assert (budget.plafondtoets.gevraagd, budget.plafondtoets.geweigerd) == (FLEVOLAND_184, 0)
    case_id = service.case_id(BSN)
    utrecht, flevoland = service.plafondregister("Utrecht", 2020), service.plafondregister("Flevoland", 2020)
    assert utrecht is not None and flevoland is not None
    assert (utrecht.stand.van(case_id), flevoland.stand.van(case_id)) == (UTRECHT_182, FLEVOLAND_184)

    verschillen, live, herbouwd, budgetten = _ledgers(service, tmp_path)
    assert verschillen == []
    assert (_regel(live, "Utrecht"), _regel(live, "Flevoland")) == (UTRECHT_182, FLEVOLAND_184)
    assert (_regel(herbouwd, "Utrecht"), _regel(herbouwd, "Flevoland")) == (UTRECHT_182, FLEVOLAND_184)
    [rij] = budgetten
    assert [(d["regio"], d["pgb_deel"]) for d in json.loads(rij.per_regio)] == [("Utrecht", UTRECHT_182), ("Flevoland", FLEVOLAND_184)]


def test_art_5_10_de_indicatie_van_de_nieuwe_regio_splitst_de_toekenning_per_dag(tmp_path: Path) -> None:
    """One PGB granted from 1 January runs on after the move. The indication of the new region re-sets the
    budget at once (not silently: a BudgetVastgesteld saying so): Utrecht's 182 days are one rounding
    (2.600.014), Flevoland takes the rest of the one yearly amount: 5.228.600 - 2.600.014 = 2.628.586.
    An indication of the same region decides nothing."""
    service = WlzService(Settings(data_dir=tmp_path / "store"))
    service.verwerk(indicatie("5VV", regio="Utrecht"))
    service.verwerk(_pgb("2020-01-01", "2020-01-06", "2020-01-10"))
    assert service.verwerk(_verhuizing("2020-03-01", regio="Utrecht")) == []
    besluiten = service.verwerk(_verhuizing())
    assert [x.event_type for x in besluiten] == ["BudgetVastgesteld"]
    budget = _budget(besluiten)
    assert [(d.regio, d.pgb_deel) for d in budget.per_regio] == [("Utrecht", UTRECHT_182), ("Flevoland", VIJF_VV - UTRECHT_182)]
    assert (budget.regio, budget.pgb_deel, budget.totaal) == ("Flevoland", VIJF_VV, VIJF_VV)
    assert budget.toelichting == "verhuisd naar regio Flevoland per 2020-07-01 (art. 5.10, 8.12)"
    assert {"5.10", "8.12"} <= set(budget.artikelen)
    case_id = service.case_id(BSN)
    utrecht, flevoland = service.plafondregister("Utrecht", 2020), service.plafondregister("Flevoland", 2020)
    assert utrecht is not None and flevoland is not None
    assert (utrecht.stand.van(case_id), flevoland.stand.van(case_id)) == (UTRECHT_182, VIJF_VV - UTRECHT_182)
    einde = bericht("IndicatieBeeindigd", {"bsn": BSN, "indicatiebesluit_id": "CIZ-Flevoland", "einddatum": "2020-12-31"})
    assert _budget(service.verwerk(einde)).pgb_per_regio() == {"Utrecht": UTRECHT_182, "Flevoland": VIJF_VV - UTRECHT_182}


def _utrecht_met_flevoland_verlaagd(tmp_path: Path, n: int, bedrag: int) -> WlzService:
    """Flevoland's 2020 plafond lowered by an art. 8.12 overheveling of `bedrag` cents, and a client in
    Utrecht with a 5VV indication and a PGB from 1 January (received 6 January)."""
    service = WlzService(Settings(data_dir=tmp_path / "store"))
    service.leg_overheveling_vast(
        b.PgbPlafondOvergeheveld(
            event_id=UUID(int=n),
            occurred_at=nu(),
            payload=b.PgbPlafondOvergeheveldPayload(
                regio="Flevoland", jaar=2020, bedrag=bedrag, referentie=f"NZa-2020-0{n}", besluitdatum=date(2020, 3, 1), bron="NZa"
            ),
        )
    )
    service.verwerk(indicatie("5VV", regio="Utrecht"))
    service.verwerk(_pgb("2020-01-01", "2020-01-06", "2020-01-10"))
    return service


def test_art_5_10_awb_4_25_na_verhuizing_getoetst_aan_het_plafond_van_de_nieuwe_regio(tmp_path: Path) -> None:
    """The days a move brings to Flevoland, and a PGB request after the move, are judged against
    Flevoland's plafond, for Flevoland's part only. Flevoland 2020 (art. 8.12): 36.879.736, lowered by an
    overheveling of 36.869.736 to EUR 10.000 = 1.000.000 cents. The move: of Flevoland's 184 days of the
    running grant (5.228.600 - 2.600.014 = 2.628.586) 1.000.000 is granted, 1.628.586 refused (Awb 4:25
    lid 2). The request after it: 2.628.586 asked, 1.000.000 granted (held already), 1.628.586 refused.
    Utrecht's 2.600.014 is untouched. The year's PGB: 2.600.014 + 1.000.000 = 3.600.014."""
    service = _utrecht_met_flevoland_verlaagd(tmp_path, 812, -3_686_973_600)
    verhuisd = _budget(service.verwerk(_verhuizing())).plafondtoets
    assert verhuisd is not None and (verhuisd.lezing.regio, verhuisd.lezing.ontvangstdatum) == ("Flevoland", date(2020, 7, 1))
    assert (verhuisd.gevraagd, verhuisd.toegekend, verhuisd.geweigerd) == (FLEVOLAND_184, 1_000_000, FLEVOLAND_184 - 1_000_000)
    budget = _budget(service.verwerk(_pgb("2020-07-01", "2020-06-20", "2020-06-25")))
    toets = budget.plafondtoets
    assert toets is not None and toets.lezing.regio == "Flevoland" and toets.lezing.plafond == 1_000_000
    assert (toets.gevraagd, toets.toegekend, toets.geweigerd) == (FLEVOLAND_184, 1_000_000, FLEVOLAND_184 - 1_000_000)
    assert [(d.regio, d.pgb_deel) for d in budget.per_regio] == [("Utrecht", UTRECHT_182), ("Flevoland", 1_000_000)]
    assert budget.pgb_deel == 3_600_014
    case_id = service.case_id(BSN)
    utrecht, flevoland = service.plafondregister("Utrecht", 2020), service.plafondregister("Flevoland", 2020)
    assert utrecht is not None and flevoland is not None
    assert (utrecht.stand.van(case_id), flevoland.stand.van(case_id)) == (UTRECHT_182, 1_000_000)


def test_art_5_10_ingest_van_twee_indicaties_boekt_niet_het_hele_jaar_op_de_nieuwe_regio(tmp_path: Path) -> None:
    """Through `wlz ingest`, `wlz ledger`, `wlz budget`, `wlz replay` and `wlz audit`: the plafond ledger of
    each region holds exactly its days (failed before: Utrecht 0, Flevoland 5.228.600), already after the
    two indications (one grant: Flevoland the rest, 2.628.586) and after the request in Flevoland."""
    regels = [
        indicatie("5VV", regio="Utrecht"),
        _pgb("2020-01-01", "2020-01-06", "2020-01-10"),
        _verhuizing(),
    ]
    invoer = tmp_path / "in.jsonl"
    invoer.write_text("".join(e.model_dump_json() + "\n" for e in regels), encoding="utf-8")
    runner, data = CliRunner(), ["--data-dir", str(tmp_path / "store")]
    assert runner.invoke(app, ["ingest", str(invoer), *data]).exit_code == 0
    ledger = runner.invoke(app, ["--rol", "auditor", "ledger", "--year", "2020", "--json", *data])
    assert ledger.exit_code == 0, ledger.output
    per_regio = {r["regio"]: r["toegekend_pgb"] for r in json.loads(ledger.output) if r["toegekend_pgb"]}
    assert per_regio == {"Utrecht": UTRECHT_182, "Flevoland": FLEVOLAND_184}
    budget = runner.invoke(app, ["--rol", "auditor", "budget", BSN, "--year", "2020", *data])
    assert budget.exit_code == 0, budget.output
    assert "Per regio" in budget.output and "2020-07-01 t/m 2020-12-31" in budget.output
    replay = runner.invoke(app, ["replay", "--batch", "2", *data])
    assert replay.exit_code == 0 and "gelijk aan de live ledgers" in replay.output, replay.output

    invoer.write_text(_pgb("2020-07-01", "2020-06-20", "2020-06-25").model_dump_json() + "\n", encoding="utf-8")
    assert runner.invoke(app, ["ingest", str(invoer), *data]).exit_code == 0
    ledger = runner.invoke(app, ["--rol", "auditor", "ledger", "--year", "2020", "--json", *data])
    per_regio = {r["regio"]: r["toegekend_pgb"] for r in json.loads(ledger.output) if r["toegekend_pgb"]}
    assert per_regio == {"Utrecht": UTRECHT_182, "Flevoland": FLEVOLAND_184}  # the second grant: 184 days, rounded once
    replay = runner.invoke(app, ["replay", "--batch", "3", *data])
    assert replay.exit_code == 0 and "gelijk aan de live ledgers" in replay.output, replay.output
    audit = runner.invoke(app, ["--rol", "auditor", "audit", BSN, "--as-of", "2099-12-31", "--json", *data])
    assert audit.exit_code == 0 and json.loads(audit.output)["verschillen"] == [], audit.output


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(verhuisdag=st.integers(1, 365), opnieuw_aangevraagd=st.booleans())
def test_art_5_10_eigenschap_delen_sommeren_tot_het_jaar_en_elk_ledger_tot_zijn_delen(
    tmp_path_factory: Any, verhuisdag: int, opnieuw_aangevraagd: bool
) -> None:
    """For any day of the move in 2020, with or without a new request in the new region: the parts per
    region sum exactly to the year's total and PGB, each part is its days' worth (Utrecht's days rounded
    once: 5.228.600 x days / 366), each region's plafond ledger equals the sum of its parts, and the
    rebuild equals the live ledger."""
    tmp_path = tmp_path_factory.mktemp("verhuizing")
    dag = date(2020, 1, 1) + timedelta(days=verhuisdag)
    service = WlzService(Settings(data_dir=tmp_path / "store"))
    service.verwerk(indicatie("5VV", regio="Utrecht"))
    service.verwerk(_pgb("2020-01-01", "2020-01-06", "2020-01-10"))
    service.verwerk(_verhuizing(dag.isoformat()))
    if opnieuw_aangevraagd:
        budget = _budget(service.verwerk(_pgb(dag.isoformat(), "2020-01-20", "2020-01-25")))
    else:
        einde = bericht("IndicatieBeeindigd", {"bsn": BSN, "indicatiebesluit_id": "CIZ-Flevoland", "einddatum": "2020-12-31"})
        budget = _budget(service.verwerk(einde))
    utrecht_dagen = verhuisdag
    utrecht = (VIJF_VV * utrecht_dagen * 2 + 366) // (2 * 366)  # half up
    assert [(d.regio, d.ingangsdatum, d.einddatum) for d in budget.per_regio] == [
        ("Utrecht", date(2020, 1, 1), dag - timedelta(days=1)),
        ("Flevoland", dag, date(2020, 12, 31)),
    ]
    assert sum(d.totaal for d in budget.per_regio) == budget.totaal
    assert sum(d.pgb_deel for d in budget.per_regio) == budget.pgb_deel
    assert budget.per_regio[0].pgb_deel == utrecht
    if not opnieuw_aangevraagd:
        assert budget.pgb_deel == VIJF_VV  # one grant, one yearly amount: Flevoland takes the rest
    _, live, herbouwd, _ = _ledgers(service, tmp_path)
    for regels in (live, herbouwd):
        assert {r.regio: r.toegekend_pgb for r in regels if r.toegekend_pgb} == budget.pgb_per_regio()


def test_art_5_10_het_contract_weigert_delen_die_niet_optellen() -> None:
    """The parts per region are the year's budget split, never more or less: a payload whose parts do not
    sum to totaal and pgb_deel is refused naming the field; a payload without parts (every budget recorded
    before the split) reads as before."""
    delen = [
        {"regio": "Utrecht", "ingangsdatum": "2020-01-01", "einddatum": "2020-06-30", "totaal": UTRECHT_182, "pgb_deel": UTRECHT_182},
        {"regio": "Flevoland", "ingangsdatum": "2020-07-01", "einddatum": "2020-12-31", "totaal": FLEVOLAND_184, "pgb_deel": FLEVOLAND_184},
    ]
    budget: dict[str, Any] = {
        "peildatum": "2020-07-01",
        "regelset": "rlz-2020.1",
        "artikelen": ["5.1"],
        "jaar": 2020,
        "regio": "Flevoland",
        "van": "2020-01-01",
        "tot": "2020-12-31",
        "dagen": 366,
        "leveringsvormen": [{"leveringsvorm": "pgb", "iwlz_code": 2}],
        "basisbedrag": VIJF_VV,
        "deeltijd_korting": 0,
        "ekt": 0,
        "meerzorg": 0,
        "kleinschalig_wooninitiatief": 0,
        "totaal": VIJF_VV,
        "mpt_deel": 0,
        "pgb_deel": VIJF_VV,
    }
    assert b.BudgetVastgesteldPayload.model_validate(budget).pgb_per_regio() == {"Flevoland": VIJF_VV}
    gesplitst = b.BudgetVastgesteldPayload.model_validate({**budget, "per_regio": delen})
    assert gesplitst.pgb_per_regio() == {"Utrecht": UTRECHT_182, "Flevoland": FLEVOLAND_184}
    with pytest.raises(ValidationError, match="per_regio"):
        b.BudgetVastgesteldPayload.model_validate({**budget, "per_regio": delen[:1]})


def test_art_5_10_awb_4_25_lid_3_herziening_na_verhuizing_raakt_alleen_het_deel_van_die_regio(tmp_path: Path) -> None:
    """Flevoland 2020 lowered to EUR 30.000 = 3.000.000 cents (36.879.736 - 36.849.736). A moved from Utrecht
    on 1 July; its Flevoland request (received 20 June) is decided first and gets its 184 days in full,
    2.628.586. B (Flevoland), received 10 June, decided after it, asks 184 days too (2.628.586): only
    requests received on or before 10 June count against B (Awb 4:25 lid 3), so B gets it in full and A's
    Flevoland part is reviewed: over = 2 x 2.628.586 - 3.000.000 = 2.257.172, A keeps 371.414 there.
    A's Utrecht part (2.600.014) is another plafond's: untouched. A's year: 2.600.014 + 371.414 = 2.971.428."""
    from projections.audit import audit
    from tests.conftest import BSN_2

    service = _utrecht_met_flevoland_verlaagd(tmp_path, 813, -3_684_973_600)
    service.verwerk(_verhuizing())
    assert _budget(service.verwerk(_pgb("2020-07-01", "2020-06-20", "2020-06-25"))).pgb_per_regio()["Flevoland"] == FLEVOLAND_184
    service.verwerk(indicatie("5VV", bsn=BSN_2, regio="Flevoland"))
    aanvraag_b = {
        "bsn": BSN_2,
        "leveringsvormen": ["pgb"],
        "ingangsdatum": "2020-07-01",
        "ontvangstdatum": "2020-06-10",
        "gewaarborgde_hulp": True,
    }
    assert _budget(service.verwerk(bericht("LeveringsvormAangevraagd", aanvraag_b, dag="2020-06-26"))).pgb_deel == FLEVOLAND_184

    historie = service.historie(service.case_id(BSN))
    [herzien] = [x.payload for x in historie if isinstance(x, b.PgbPlafondHerzien)]
    assert (herzien.regio, herzien.pgb_voor, herzien.verlaagd, herzien.pgb_na) == ("Flevoland", FLEVOLAND_184, 2_257_172, 371_414)
    laatste = historie[-1]
    assert isinstance(laatste, b.BudgetVastgesteld)
    assert [(d.regio, d.pgb_deel) for d in laatste.payload.per_regio] == [("Utrecht", UTRECHT_182), ("Flevoland", 371_414)]
    assert laatste.payload.pgb_deel == 2_971_428
    flevoland, utrecht = service.plafondregister("Flevoland", 2020), service.plafondregister("Utrecht", 2020)
    assert flevoland is not None and utrecht is not None
    assert flevoland.stand.totaal == 3_000_000 == flevoland.stand.plafond
    assert (utrecht.stand.van(service.case_id(BSN)), flevoland.stand.van(service.case_id(BSN))) == (UTRECHT_182, 371_414)
    # an audit recomputes the move, the split, the grant in Flevoland and the review with the readings recorded
    assert audit(service, service.case_id(BSN), date(2099, 12, 31)).verschillen == []
    assert audit(service, service.case_id(BSN_2), date(2099, 12, 31)).verschillen == []
    verschillen, live, _, _ = _ledgers(service, tmp_path)
    assert verschillen == []
    assert (_regel(live, "Utrecht"), _regel(live, "Flevoland")) == (UTRECHT_182, 3_000_000)
