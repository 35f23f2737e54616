"""The ledgers: amounts for hand-worked cases, one alert per threshold crossing, rebuild equals live,
replaying twice changes nothing, and the audit as of a date."""

from __future__ import annotations

import asyncio
import contextlib
import json
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from projections.audit import audit
from projections.ledger import LedgerStaat, pas_toe
from projections.runner import ProjectionRunner, herbouw, vergelijk
from projections.store import SqliteLedgerStore
from services.application import OngeldigBericht, WlzService
from services.regeling.geld import euro
from services.settings import Settings
from tests.conftest import BSN, BSN_2, aanvraag, bericht, indicatie
from tests.properties.test_eigenschappen import historie


def op(dag: str) -> datetime:
    return datetime.fromisoformat(f"{dag}T10:00:00+00:00").astimezone(UTC)


async def ledgers(service: WlzService, pad: Path, batch: int = 2000) -> SqliteLedgerStore:
    opslag = SqliteLedgerStore(pad)
    await opslag.maak()
    await ProjectionRunner(service, opslag, batch=batch).bij()
    return opslag


def test_client_ledger_5vv_pgb_vanaf_1_juli(service: WlzService, tmp_path: Path) -> None:
    service.verwerk(indicatie("5VV"))
    service.verwerk(aanvraag(["pgb"], "2020-07-01"))
    opslag = asyncio.run(ledgers(service, tmp_path / "p.sqlite"))
    [regel] = asyncio.run(opslag.budgetten())
    # 52.286 x 184/366 = 26.285,857... -> 26.285,86
    assert (regel.jaar, regel.regio, regel.dagen, regel.pgb_deel, regel.totaal) == (2020, "Utrecht", 184, 2_628_586, 2_628_586)
    [mutatie] = asyncio.run(opslag.mutaties())
    assert mutatie.aanleiding == "LeveringsvormToegekend (art. 5.1)"
    assert mutatie.verschil_pgb == 2_628_586
    [utrecht] = asyncio.run(opslag.plafonds(2020))
    assert (utrecht.regio, utrecht.plafond, utrecht.toegekend_pgb) == ("Utrecht", euro(173_032_260), 2_628_586)
    assert utrecht.ruimte == euro(173_032_260) - 2_628_586


def test_client_ledger_ekt_en_meerzorg_met_een_regel_per_besluit(service: WlzService, tmp_path: Path) -> None:
    service.verwerk(indicatie("8VV", regio="Rotterdam"))
    service.verwerk(aanvraag(["pgb"], zorgkosten_per_jaar=euro(90_000)))
    service.verwerk(
        bericht(
            "MeerzorgAangevraagd",
            {"bsn": BSN, "ingangsdatum": "2020-05-01", "zorgkosten_per_jaar": euro(110_000), "voldoet_aan_art_2_2": True},
        )
    )
    opslag = asyncio.run(ledgers(service, tmp_path / "p.sqlite"))
    [regel] = asyncio.run(opslag.budgetten())
    # basisbedrag 78.167 whole year; EKT 11.833 x 121/366 (Jan-Apr) = 3.912,00 and 19.541,75 x 245/366 = 13.081,23 (May-Dec);
    # meerzorg 12.291,25 x 245/366 = 8.227,75
    assert regel.basisbedrag == euro(78_167)
    assert regel.ekt == 391_200 + 1_308_123
    assert regel.meerzorg == 822_775
    assert regel.totaal == regel.pgb_deel == euro(78_167) + 391_200 + 1_308_123 + 822_775
    mutaties = asyncio.run(opslag.mutaties())
    assert [m.aanleiding for m in mutaties] == [
        "LeveringsvormToegekend (art. 5.1), EKTToegekend (art. 5.1a)",
        "EKTToegekend (art. 5.1a), MeerzorgGestart (art. 5.1e)",
    ]
    assert mutaties[0].verschil_totaal + mutaties[1].verschil_totaal == regel.totaal


def budget(case: str, pgb: int, regio: str = "Midden IJssel", n: int = 0) -> dict[str, Any]:
    """A stored BudgetVastgesteld as the ledger sees it, with only what the ledger reads."""
    return {
        "event_type": "BudgetVastgesteld",
        "event_id": f"00000000-0000-4000-8000-{n:012d}",
        "case_id": case,
        "payload": {
            "jaar": 2020, "regio": regio, "van": "2020-01-01", "tot": "2020-12-31", "dagen": 366,
            "leveringsvormen": [{"leveringsvorm": "pgb", "iwlz_code": 2}], "basisbedrag": pgb, "deeltijd_korting": 0, "ekt": 0,
            "toeslagen": {}, "meerzorg": 0, "kleinschalig_wooninitiatief": 0, "totaal": pgb, "mpt_deel": 0, "pgb_deel": pgb,
            "regelset": "rlz-2020.1", "aanleiding": [],
        },
    }  # fmt: skip


def test_drempel_geeft_een_alert_per_overschrijding() -> None:
    # Midden IJssel 2020 (art. 8.12): 20.857.013; 90% = 18.771.311,70
    staat = LedgerStaat()
    stappen = [
        ("a", euro(18_000_000)),  # 86,30%: nothing
        ("b", euro(1_000_000)),  # 91,10%: crosses 90
        ("c", euro(10_000)),  # 91,15%: still above, no second alert
        ("a", euro(10_000_000)),  # 52,71%: back under 90, re-armed
        ("a", euro(18_500_000)),  # 93,54%: crosses 90 again
        ("d", euro(2_000_000)),  # 103,13%: crosses 100
        ("e", euro(1)),  # stays above 100
    ]
    for n, (case, pgb) in enumerate(stappen, start=1):
        pas_toe(staat, n, budget(case, pgb, n=n), (90, 100))
    assert [(a.drempel, a.notificatie, a.percentage) for a in staat.alerts] == [(90, 2, "91.10"), (90, 5, "93.54"), (100, 6, "103.13")]
    assert staat.plafonds[("Midden IJssel", 2020)].toegekend_pgb == euro(18_500_000 + 1_000_000 + 10_000 + 2_000_000 + 1)


def test_verhuizing_van_regio_boekt_het_pgb_over() -> None:
    staat = LedgerStaat()
    pas_toe(staat, 1, budget("a", euro(1_000), "Utrecht"), (90,))
    pas_toe(staat, 2, budget("a", euro(1_200), "Zeeland"), (90,))
    assert staat.plafonds[("Utrecht", 2020)].toegekend_pgb == 0
    assert staat.plafonds[("Zeeland", 2020)].toegekend_pgb == euro(1_200)


def test_onzeker_plafond_2018_geeft_geen_percentage() -> None:
    staat = LedgerStaat()
    b = budget("a", euro(1_000), "Noord-Holland Noord")
    b["payload"]["jaar"] = 2018
    pas_toe(staat, 1, b, (90,))
    regel = staat.plafonds[("Noord-Holland Noord", 2018)]
    assert regel.plafond is None and regel.percentage is None and "67.5631.552" in regel.onzeker
    assert not staat.alerts


def test_twee_keer_bijwerken_en_twee_keer_herbouwen_verandert_niets(service: WlzService, tmp_path: Path) -> None:
    from services.adapters.ingest import ingest
    from services.demo import SCENARIO

    with SCENARIO.open(encoding="utf-8") as invoer:
        ingest(service, invoer, None)

    async def doe() -> None:
        live = await ledgers(service, tmp_path / "live.sqlite", batch=7)
        eerst = await live.budgetten(), await live.mutaties(), await live.plafonds()
        assert await ProjectionRunner(service, live).bij() == 0
        assert (await live.budgetten(), await live.mutaties(), await live.plafonds()) == eerst
        for naam in ("h1.sqlite", "h2.sqlite"):
            doel = SqliteLedgerStore(tmp_path / naam)
            await herbouw(service, doel, batch=5)
            assert await vergelijk(live, doel) == []

    asyncio.run(doe())


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(historie(), min_size=1, max_size=3), st.integers(min_value=1, max_value=9))
def test_herbouw_is_gelijk_aan_live_over_willekeurige_historie(tmp_path: Path, histories: list[Any], batch: int) -> None:
    folder = tmp_path / uuid.uuid4().hex  # a fresh store per example
    service = WlzService(Settings(data_dir=folder))
    for bsn, events in zip((BSN, BSN_2, "192285142"), histories, strict=False):
        for event in events:
            data = json.loads(event.model_dump_json())
            data["payload"]["bsn"] = bsn
            data["event_id"] = f"{data['event_id'][:-4]}{(bsn[-4:])}"
            with contextlib.suppress(OngeldigBericht):
                service.verwerk(type(event).model_validate(data))

    async def doe() -> list[str]:
        live = await ledgers(service, folder / "live.sqlite", batch=batch)
        doel = SqliteLedgerStore(folder / "herbouw.sqlite")
        await herbouw(service, doel, batch=batch * 3)
        return await vergelijk(live, doel)

    assert asyncio.run(doe()) == []


def test_audit_as_of_geeft_de_eerdere_toestand_en_geen_verschillen(service: WlzService) -> None:
    service.verwerk(indicatie("8VV"), op("2020-01-02"))
    service.verwerk(aanvraag(["pgb"]), op("2020-01-10"))
    service.verwerk(
        bericht("EKTAangevraagd", {"bsn": BSN, "ingangsdatum": "2020-06-01", "zorgkosten_per_jaar": euro(85_000)}), op("2020-05-20")
    )
    case_id = service.case_id(BSN)

    eerder = audit(service, case_id, date(2020, 3, 1))
    assert eerder.in_orde and eerder.besluiten_herberekend == 2
    [toekenning] = eerder.toestand.toekenningen
    assert toekenning.componenten == ()
    assert [b.totaal for b in eerder.budgetten] == [euro(78_167)]

    later = audit(service, case_id, date(2020, 12, 31))
    assert later.in_orde and later.besluiten_herberekend == 4
    assert later.toestand.toekenningen[0].componenten != ()
    assert later.budgetten[0].ekt > 0

    assert audit(service, case_id, date(2019, 12, 31)).events == []


def test_audit_toont_een_verschil_als_de_regels_anders_uitkomen(service: WlzService, monkeypatch: pytest.MonkeyPatch) -> None:
    service.verwerk(indicatie("5VV"), op("2020-01-02"))
    service.verwerk(aanvraag(["pgb"]), op("2020-01-10"))
    import services.domain.beslissen as beslissen
    from services.regeling.regelset import regelset_op as echt

    def gewijzigd(dag: date) -> Any:
        from dataclasses import replace

        regelset = echt(dag)
        return replace(regelset, data=replace(regelset.data, vingerafdruk="0000000000000000"))

    monkeypatch.setattr(beslissen, "regelset_op", gewijzigd)
    rapport = audit(service, service.case_id(BSN), date(2020, 12, 31))
    assert not rapport.in_orde
    assert any("regelset" in v for v in rapport.verschillen)
