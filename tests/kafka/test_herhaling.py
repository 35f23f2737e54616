"""`met_herhaling` (services/adapters/kafka/herstel.py): work that succeeds at once builds no retrying
objects (they form cycles for the garbage collector); work that fails is retried as before: the same
attempts, logged with their numbers, with back-off, and bounded by `hoogstens`."""

from __future__ import annotations

import asyncio
import logging

import pytest

from services.adapters.kafka import herstel
from services.adapters.kafka.herstel import met_herhaling


def test_gelukt_bij_de_eerste_poging_zonder_tenacity(monkeypatch: pytest.MonkeyPatch) -> None:
    def niet_nodig(*_: object, **__: object) -> None:
        raise AssertionError("tenacity built for work that succeeded at once")

    monkeypatch.setattr(herstel, "AsyncRetrying", niet_nodig)

    async def werk() -> int:
        return 7

    assert asyncio.run(met_herhaling("test", werk)) == 7


def test_pogingen_genummerd_als_voorheen(caplog: pytest.LogCaptureFixture) -> None:
    pogingen = {"n": 0}

    async def werk() -> str:
        pogingen["n"] += 1
        if pogingen["n"] <= 3:
            raise ConnectionError("database away")
        return "gelukt"

    with caplog.at_level(logging.WARNING, logger=herstel.__name__):
        assert asyncio.run(met_herhaling("test", werk, max_wachttijd=0.01)) == "gelukt"
    assert pogingen["n"] == 4
    assert [r.getMessage() for r in caplog.records] == [
        f"test failed (ConnectionError, passes), attempt {n}" for n in (1, 2, 3)
    ]


def test_blijvende_fout_na_het_aantal_pogingen(caplog: pytest.LogCaptureFixture) -> None:
    pogingen = {"n": 0}

    async def werk() -> None:
        pogingen["n"] += 1
        raise ValueError("bug")

    with pytest.raises(ValueError):
        asyncio.run(met_herhaling("test", werk, pogingen=1))
    assert pogingen["n"] == 1, "one attempt allowed: not retried"
    pogingen["n"] = 0
    with caplog.at_level(logging.WARNING, logger=herstel.__name__), pytest.raises(ValueError):
        asyncio.run(met_herhaling("test", werk, pogingen=3, max_wachttijd=0.01))
    assert pogingen["n"] == 3
    assert len(caplog.records) == 2 and "does not pass" in caplog.records[0].getMessage()


def test_hoogstens_telt_de_eerste_poging_mee() -> None:
    pogingen = {"n": 0}

    async def traag_en_weg() -> None:
        pogingen["n"] += 1
        await asyncio.sleep(0.05)
        raise ConnectionError("database away")

    with pytest.raises(ConnectionError):
        asyncio.run(met_herhaling("test", traag_en_weg, hoogstens=0.01))
    assert pogingen["n"] == 1, "the bound was spent by the first attempt"


def test_annulering_wordt_nooit_herhaald() -> None:
    pogingen = {"n": 0}

    async def geannuleerd() -> None:
        pogingen["n"] += 1
        raise asyncio.CancelledError

    with pytest.raises(asyncio.CancelledError):
        asyncio.run(met_herhaling("test", geannuleerd))
    assert pogingen["n"] == 1
