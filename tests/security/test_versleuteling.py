"""At rest: with WLZ_CIPHER_KEY every stored event is AES-GCM encrypted; nothing personal is readable in
the database file, and everything still reads, decides and rebuilds."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest
from eventsourcing.cryptography import AESCipher
from pydantic import SecretStr

from projections.runner import ProjectionRunner, herbouw, vergelijk
from projections.store import SqliteLedgerStore
from services.application import WlzService
from services.fouten import InstellingFout
from services.settings import Settings
from tests.conftest import BSN, aanvraag, indicatie


def test_events_versleuteld_in_de_store_en_toch_leesbaar(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, cipher_key=SecretStr(AESCipher.create_key(32)))
    service = WlzService(settings)
    service.verwerk(indicatie("5VV"))
    assert [b.event_type for b in service.verwerk(aanvraag(["pgb"]))] == ["LeveringsvormToegekend", "BudgetVastgesteld"]

    ruw = b"".join(r[0] for r in sqlite3.connect(tmp_path / "wlz.sqlite").execute("SELECT state FROM stored_events"))
    assert BSN.encode() not in ruw and b"IndicatieOntvangen" not in ruw and b"Utrecht" not in ruw

    tweede = WlzService(settings)
    assert tweede.toestand(service.case_id(BSN)) == service.toestand(service.case_id(BSN))

    async def ledgers() -> list[str]:
        live = SqliteLedgerStore(tmp_path / "live.sqlite")
        await live.maak()
        await ProjectionRunner(tweede, live).bij()
        doel = SqliteLedgerStore(tmp_path / "herbouw.sqlite")
        await herbouw(tweede, doel)
        assert len(await doel.budgetten()) == 1
        return await vergelijk(live, doel)

    assert asyncio.run(ledgers()) == []


def test_zonder_sleutel_niet_leesbaar(tmp_path: Path) -> None:
    """A wrong key is refused at start with one error naming the setting, before anything is read or
    written (it used to write events the store could never read back)."""
    sleutel = SecretStr(AESCipher.create_key(32))
    service = WlzService(Settings(data_dir=tmp_path, cipher_key=sleutel))
    service.verwerk(indicatie("5VV"))
    with pytest.raises(InstellingFout, match="WLZ_CIPHER_KEY"):
        WlzService(Settings(data_dir=tmp_path, cipher_key=SecretStr(AESCipher.create_key(32))))
