"""Art. 5.10 Rlz with Awb art. 4:25 through the service: the regional PGB plafond of art. 8.12 refuses
what would pass it ("voor zover"), in the order of the date of receipt, with art. 8.12 overhevelingen.

Hand-worked from art. 8.12 (Utrecht 2020: EUR 173.032.260) and Bijlage H 2020 (5VV: EUR 52.286 a year).
"""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import pytest
from typer.testing import CliRunner

from events import DecisionEvent, InboundEvent
from events import besluiten as b
from events.envelope import nu
from projections.audit import audit
from services.adapters.cli import app
from services.application import WlzService
from services.regeling.geld import euro
from services.settings import Settings
from tests.conftest import BSN, BSN_2, bericht, indicatie

BSN_3 = "123456782"
UTRECHT_2020 = euro(173_032_260)
VIJF_VV = euro(52_286)


def _aanvraag(
    vormen: list[str], ontvangen: str, *, bsn: str = BSN, van: str = "2020-01-01", gemeld: str = "2020-03-01", **velden: Any
) -> InboundEvent:
    payload = {"bsn": bsn, "leveringsvormen": vormen, "ingangsdatum": van, "ontvangstdatum": ontvangen, **velden}
    if "pgb" in vormen:
        payload.setdefault("gewaarborgde_hulp", True)  # art. 5.6 onder a: 5VV
    return bericht("LeveringsvormAangevraagd", payload, dag=gemeld)


def _overheveling(service: WlzService, bedrag: int, regio: str = "Utrecht", jaar: int = 2020) -> b.Plafondlezing:
    return service.leg_overheveling_vast(
        b.PgbPlafondOvergeheveld(
            event_id=uuid4(),
            occurred_at=nu(),
            payload=b.PgbPlafondOvergeheveldPayload(
                regio=regio, jaar=jaar, bedrag=bedrag, referentie="NZa-2020-0417", besluitdatum=date(2020, 4, 17), bron="NZa"
            ),
        )
    )


def _budget(besluiten: list[DecisionEvent]) -> b.BudgetVastgesteldPayload:
    return [x for x in besluiten if isinstance(x, b.BudgetVastgesteld)][-1].payload


def _op(dag: str) -> datetime:
    return datetime.fromisoformat(f"{dag}T12:00:00").replace(tzinfo=UTC)


@pytest.fixture
def service(tmp_path: Path) -> WlzService:
    return WlzService(Settings(data_dir=tmp_path / "store"))


def test_art_8_12_overheveling_verlaagt_het_plafond_in_het_register(service: WlzService) -> None:
    stand = _overheveling(service, -euro(173_000_000))
    assert (stand.plafond_regeling, stand.plafond) == (UTRECHT_2020, euro(32_260))
    assert stand.overhevelingen[0].referentie == "NZa-2020-0417"


def test_awb_4_25_lid_2_gedeeltelijke_toekenning_tot_het_plafond(service: WlzService) -> None:
    """Utrecht 2020: 173.032.260 - 173.000.000 (overheveling to ZIN) = 32.260. A 5VV PGB for all of 2020
    (52.286) is granted 32.260,00 and refused 52.286 - 32.260 = 20.026,00, both in the budget decision."""
    _overheveling(service, -euro(173_000_000))
    service.verwerk(indicatie("5VV"))
    besluiten = service.verwerk(_aanvraag(["pgb"], "2020-01-06"))
    assert [x.event_type for x in besluiten] == ["LeveringsvormToegekend", "BudgetVastgesteld"]
    p = _budget(besluiten)
    assert p.plafondtoets is not None
    assert (p.pgb_deel, p.plafondtoets.gevraagd, p.plafondtoets.geweigerd) == (3_226_000, 5_228_600, 2_002_600)
    assert {"5.10", "4:25 lid 2 Awb"} <= set(p.artikelen)
    assert [r.bedrag for r in p.berekening if r.post == "pgb_plafond"] == [-2_002_600]
    assert "geweigerd € 20.026,00" in p.plafondtoets.toelichting
    assert p.plafondtoets.lezing.plafond == euro(32_260) and p.plafondtoets.lezing.ontvangstdatum == date(2020, 1, 6)


def test_art_5_10_geen_ruimte_pgb_afgewezen_mpt_niet(service: WlzService) -> None:
    _overheveling(service, -euro(173_000_000))
    service.verwerk(indicatie("5VV"))
    service.verwerk(_aanvraag(["pgb"], "2020-01-06"))
    service.verwerk(indicatie("5VV", bsn=BSN_2))
    [afgewezen] = service.verwerk(_aanvraag(["pgb"], "2020-01-07", bsn=BSN_2))
    assert isinstance(afgewezen, b.LeveringsvormAfgewezen)
    assert (afgewezen.payload.artikel, afgewezen.payload.artikelen) == ("5.10", ["5.10", "4:25 lid 2 Awb"])
    assert afgewezen.payload.plafondtoets is not None and afgewezen.payload.plafondtoets.ruimte == 0
    # an MPT is zorg in natura, not a PGB: the plafond does not touch it
    mpt = service.verwerk(_aanvraag(["mpt"], "2020-01-08", bsn=BSN_2, mpt_kosten_per_jaar=euro(40_000)))
    assert [x.event_type for x in mpt] == ["LeveringsvormToegekend", "BudgetVastgesteld"] and _budget(mpt).pgb_deel == 0


def test_art_5_10_volgorde_van_ontvangst_eerder_ontvangen_later_beslist(service: WlzService) -> None:
    """Plafond 60.000 (Utrecht 173.032.260 - 172.972.260). B, received 20 January, is decided first and
    gets its full 52.286. A, received 10 January, is decided after it: only requests received on or before
    10 January count against A (Awb art. 4:25 lid 3), so A gets 52.286 in full, and B's grant is reviewed
    in its own decision naming the ground: 52.286 - (52.286 + 52.286 - 60.000 = 44.572) = 7.714."""
    _overheveling(service, -(UTRECHT_2020 - euro(60_000)))
    service.verwerk(indicatie("5VV", bsn=BSN_2))
    service.verwerk(indicatie("5VV"))
    b_eerst = service.verwerk(_aanvraag(["pgb"], "2020-01-20", bsn=BSN_2), _op("2020-03-01"))
    assert _budget(b_eerst).pgb_deel == VIJF_VV
    a_later = service.verwerk(_aanvraag(["pgb"], "2020-01-10", gemeld="2020-03-02"), _op("2020-03-02"))
    assert _budget(a_later).pgb_deel == VIJF_VV
    assert _budget(a_later).plafondtoets.lezing.later_toegewezen == VIJF_VV  # type: ignore[union-attr]

    geschiedenis_b = service.historie(service.case_id(BSN_2))
    herzien = [x for x in geschiedenis_b if isinstance(x, b.PgbPlafondHerzien)]
    assert len(herzien) == 1
    h = herzien[0].payload
    assert (h.pgb_voor, h.verlaagd, h.pgb_na) == (VIJF_VV, euro(44_572), euro(7_714))
    assert h.aanleiding_ontvangstdatum == date(2020, 1, 10) and h.ontvangstdatum == date(2020, 1, 20)
    assert h.artikelen == ["5.10", "4:25 lid 2 Awb", "4:25 lid 3 Awb"]
    assert herzien[0].causation_id == a_later[0].causation_id  # caused by A's request
    assert isinstance(geschiedenis_b[-1], b.BudgetVastgesteld) and geschiedenis_b[-1].payload.pgb_deel == euro(7_714)

    register = service.plafondregister("Utrecht", 2020)
    assert register is not None and register.stand.totaal == euro(60_000) == register.stand.plafond
    # an audit replays both with the readings they recorded
    assert audit(service, service.case_id(BSN), date(2099, 12, 31)).in_orde
    rapport_b = audit(service, service.case_id(BSN_2), date(2099, 12, 31))
    assert rapport_b.in_orde
    assert rapport_b.besluiten_herberekend == 4  # its own grant and budget, and the review and its budget


def test_zelfde_ontvangstdatum_in_volgorde_van_beslissen(service: WlzService) -> None:
    _overheveling(service, -(UTRECHT_2020 - euro(60_000)))
    for bsn in (BSN, BSN_2):
        service.verwerk(indicatie("5VV", bsn=bsn))
    eerste = _budget(service.verwerk(_aanvraag(["pgb"], "2020-01-10")))
    tweede = _budget(service.verwerk(_aanvraag(["pgb"], "2020-01-10", bsn=BSN_2)))
    assert (eerste.pgb_deel, tweede.pgb_deel) == (VIJF_VV, euro(60_000) - VIJF_VV)
    assert not [x for x in service.historie(service.case_id(BSN)) if isinstance(x, b.PgbPlafondHerzien)]


def test_simulatie_zonder_plafond_zegt_het_in_elk_besluit(tmp_path: Path) -> None:
    service = WlzService(Settings(data_dir=tmp_path, simulatie_zonder_plafond=True))
    _overheveling(service, -euro(173_000_000))
    service.verwerk(indicatie("5VV"))
    besluiten = service.verwerk(_aanvraag(["pgb"], "2020-01-06"))
    assert besluiten[0].payload.toelichting.startswith("SIMULATIE")
    p = _budget(besluiten)
    assert p.pgb_deel == VIJF_VV and p.plafondtoets is not None and p.plafondtoets.lezing.modus == "simulatie_zonder_plafond"
    assert p.plafondtoets.toelichting.startswith("SIMULATIE")


def test_simulatie_staat_standaard_uit() -> None:
    assert Settings().simulatie_zonder_plafond is False
    assert Settings().plafond_modus == "wettelijk"


def test_overheveling_twee_keer_telt_een_keer(service: WlzService) -> None:
    event = b.PgbPlafondOvergeheveld(
        event_id=UUID(int=7),
        occurred_at=nu(),
        payload=b.PgbPlafondOvergeheveldPayload(
            regio="Utrecht", jaar=2020, bedrag=euro(1_000), referentie="ZIN-1", besluitdatum=date(2020, 5, 1), bron="Zorginstituut"
        ),
    )
    service.leg_overheveling_vast(event)
    assert service.leg_overheveling_vast(event).plafond == UTRECHT_2020 + euro(1_000)


def test_overheveling_in_het_plafondledger_via_de_cli(tmp_path: Path) -> None:
    runner = CliRunner()
    opdracht = ["--rol", "zorgkantoor", "--regio", "Utrecht", "plafond", "overheveling", "--regio", "Utrecht", "--jaar", "2020"]
    opdracht += ["--bedrag", "-1500000", "--referentie", "NZa-2020-0417", "--besluitdatum", "2020-04-17", "--bron", "NZa"]
    uit = runner.invoke(app, [*opdracht, "--data-dir", str(tmp_path)])
    assert uit.exit_code == 0, uit.output
    assert "€ 171.532.260,00" in uit.output
    geweigerd = runner.invoke(app, ["--rol", "auditor", "plafond", "overheveling", *opdracht[6:], "--data-dir", str(tmp_path)])
    assert geweigerd.exit_code == 3  # the auditor reads, it does not record
    assert runner.invoke(app, ["plafond", "overheveling", *opdracht[6:], "--data-dir", str(tmp_path)]).exit_code == 2  # no role
    lezen = ["--rol", "auditor", "ledger", "--year", "2020", "--regio", "Utrecht", "--json"]
    ledger = runner.invoke(app, [*lezen, "--data-dir", str(tmp_path)])
    assert ledger.exit_code == 0, ledger.output
    [utrecht] = json.loads(ledger.output)
    assert utrecht["plafond"] == UTRECHT_2020 - euro(1_500_000)
    assert [(o["bedrag"], o["referentie"], o["bron"]) for o in utrecht["overhevelingen"]] == [(-euro(1_500_000), "NZa-2020-0417", "NZa")]


def test_overheveling_voor_jaar_zonder_plafond_exit_2(tmp_path: Path) -> None:
    opdracht = ["--rol", "zorgkantoor", "--regio", "Utrecht", "plafond", "overheveling", "--regio", "Utrecht", "--jaar", "2021"]
    opdracht += ["--bedrag", "5", "--referentie", "x", "--besluitdatum", "2021-01-05", "--bron", "NZa", "--data-dir", str(tmp_path)]
    uit = CliRunner().invoke(app, opdracht)
    assert uit.exit_code == 2 and "payload.jaar" in uit.output


def test_ledger_herbouw_met_overheveling_en_herziening(service: WlzService, tmp_path: Path) -> None:
    """The plafond ledger followed one event at a time equals a rebuild from the first event, with the
    overheveling and the review in it, and shows the region exactly at its plafond."""
    from projections.runner import ProjectionRunner, herbouw, vergelijk
    from projections.store import SqliteLedgerStore

    _overheveling(service, -(UTRECHT_2020 - euro(60_000)))
    for bsn in (BSN, BSN_2):
        service.verwerk(indicatie("5VV", bsn=bsn))
    service.verwerk(_aanvraag(["pgb"], "2020-01-20", bsn=BSN_2))
    service.verwerk(_aanvraag(["pgb"], "2020-01-10"))

    async def beide() -> tuple[list[str], Any, Any]:
        live = SqliteLedgerStore(tmp_path / "live.sqlite")
        await live.maak()
        await ProjectionRunner(service, live, batch=1).bij()
        herbouwd = SqliteLedgerStore(tmp_path / "herbouw.sqlite")
        await herbouw(service, herbouwd, batch=3)
        return await vergelijk(live, herbouwd), await live.plafonds(2020), await live.overhevelingen(2020)

    verschillen, regels, overhevelingen = asyncio.run(beide())
    assert verschillen == []
    [utrecht] = [r for r in regels if r.regio == "Utrecht"]
    assert (utrecht.plafond, utrecht.toegekend_pgb, utrecht.ruimte) == (euro(60_000), euro(60_000), 0)
    assert [o.referentie for o in overhevelingen] == ["NZa-2020-0417"]
