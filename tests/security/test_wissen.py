"""Crypto-shredding: personal fields are encrypted per person in the store; erasing the person's key
makes their BSN and birth date unreadable everywhere, while budgets and ledgers stay correct and
replayable."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from events import besluiten as b
from events import inbound as i
from events.bsn import GEWIST
from projections.runner import ProjectionRunner, herbouw, vergelijk
from projections.store import SqliteLedgerStore
from services.adapters.cli import app
from services.adapters.toegangslog import SqliteToegangslog
from services.application import WlzService
from services.domain.toestand import opbouwen
from services.feeds import feed_records
from services.settings import Settings
from tests.conftest import BSN, BSN_2, aanvraag, indicatie


def ruwe_store(pad: Path) -> bytes:
    return b"".join(r[0] for r in sqlite3.connect(pad / "wlz.sqlite").execute("SELECT state FROM stored_events"))


def test_bsn_en_geboortedatum_staan_nergens_leesbaar_in_de_store(tmp_path: Path) -> None:
    service = WlzService(Settings(data_dir=tmp_path))
    service.verwerk(indicatie("5VV", geboren="1941-03-12"))
    service.verwerk(aanvraag(["pgb"]))
    ruw = ruwe_store(tmp_path)
    assert BSN.encode() not in ruw and b"1941-03-12" not in ruw
    [gelezen, *_] = service.historie(service.case_id(BSN))
    assert isinstance(gelezen, i.IndicatieOntvangen)
    assert (gelezen.payload.bsn, gelezen.payload.geboortedatum) == (BSN, date(1941, 3, 12))  # readable with the key


def test_wissen_maakt_de_persoon_onleesbaar_en_laat_budgetten_en_ledgers_intact(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    service = WlzService(settings)
    for bsn in (BSN, BSN_2):
        service.verwerk(indicatie("5VV", bsn=bsn))
        service.verwerk(aanvraag(["pgb"], "2020-07-01", bsn=bsn))
    case_id = service.case_id(BSN)
    budget_voor = service.toestand(case_id).budgetten  # type: ignore[union-attr]

    async def live_ledger() -> SqliteLedgerStore:
        live = SqliteLedgerStore(tmp_path / "live.sqlite")
        await live.maak()
        await ProjectionRunner(service, live).bij()
        return live

    live = asyncio.run(live_ledger())
    voor = asyncio.run(live.budgetten())

    gewist = service.wis_persoon(case_id, "verzoek van de verzekerde", date(2021, 3, 1))
    assert gewist.event_type == "PersoonsgegevensGewist"

    tweede = WlzService(settings)  # a fresh process: nothing cached
    historie = tweede.historie(case_id)
    indicatie_gelezen = historie[0]
    assert isinstance(indicatie_gelezen, i.IndicatieOntvangen)
    assert indicatie_gelezen.payload.bsn == GEWIST and indicatie_gelezen.payload.geboortedatum is None
    toestand = tweede.toestand(case_id)
    assert toestand is not None and toestand.gewist and toestand.budgetten == budget_voor
    assert opbouwen(historie) == toestand  # still replayable
    assert sqlite3.connect(tmp_path / "persoonssleutels.sqlite").execute("SELECT COUNT(*) FROM persoonssleutels").fetchone()[0] == 1

    # the other person is untouched
    andere = tweede.historie(tweede.case_id(BSN_2))[0]
    assert isinstance(andere, i.IndicatieOntvangen) and andere.payload.bsn == BSN_2

    # ledgers: unchanged, and a rebuild after erasure equals them
    async def na() -> tuple[list[object], list[str]]:
        await ProjectionRunner(tweede, live).bij()
        doel = SqliteLedgerStore(tmp_path / "herbouw.sqlite")
        await herbouw(tweede, doel)
        return list(await live.budgetten()), await vergelijk(live, doel)

    budgetten, verschillen = asyncio.run(na())
    assert budgetten == voor and verschillen == []

    # no decisions and no feed records for an erased person
    [besluit] = tweede.verwerk(aanvraag(["mpt"], "2020-10-01"))
    assert isinstance(besluit, b.LeveringsvormAfgewezen) and besluit.payload.artikel == "17 AVG"
    assert all(feed_records(x.model_dump(mode="json"), toestand.indicatie.bsn) == [] for x in historie)  # type: ignore[union-attr]


def test_wlz_erase_op_de_opdrachtregel(tmp_path: Path) -> None:
    service = WlzService(Settings(data_dir=tmp_path))
    service.verwerk(indicatie("5VV"))
    geen_rol = CliRunner().invoke(app, ["erase", BSN, "--data-dir", str(tmp_path)])
    assert geen_rol.exit_code == 2 and len(geen_rol.output.strip().splitlines()) == 1  # no default role
    for rol in ("auditor", "zorgkantoor", "rapportage"):  # only the privileged role erases
        geweigerd = CliRunner().invoke(app, ["--rol", rol, "--regio", "Utrecht", "erase", BSN, "--data-dir", str(tmp_path)])
        assert geweigerd.exit_code == 3, geweigerd.output
    resultaat = CliRunner().invoke(app, ["--rol", "beheerder", "erase", BSN, "--data-dir", str(tmp_path)])
    assert resultaat.exit_code == 0, resultaat.output
    assert "gewist" in resultaat.output and BSN not in resultaat.output
    regels = SqliteToegangslog(tmp_path / "toegangslog.sqlite").regels()
    assert [(r.rol, r.uitkomst) for r in regels] == [(r, "geweigerd") for r in ("auditor", "zorgkantoor", "rapportage")] + [
        ("beheerder", "toegestaan")
    ]
    assert (regels[-1].actie, regels[-1].gegevens, regels[-1].persoon) == ("wijzigen", "persoonsgegevens", str(service.case_id(BSN)))
