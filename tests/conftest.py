"""Shared fixtures: a fresh embedded service per test, and builders for inbound events."""

from __future__ import annotations

import itertools
import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any
from uuid import UUID, uuid5

import pytest

from events import InboundEvent, parse_inbound
from services.application import WlzService
from services.settings import Settings
from tests.logscan import scan


class Verzamelaar(logging.Handler):
    """Keeps every log line of the test session (INFO and up) for the BSN scan when the session ends
    (tests/logscan.py): no BSN may ever appear in a log line, an exception text or a dead-letter error."""

    def __init__(self) -> None:
        super().__init__(level=logging.INFO)
        self.regels: list[str] = []
        self.bestanden: list[Path] = []  # log files of service processes started by the tests
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self.regels.append(self.format(record))


VERZAMELAAR = Verzamelaar()
logging.getLogger().addHandler(VERZAMELAAR)
LOGSCAN: dict[str, Any] = {}


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """The BSN scan runs when the session ends, after every test whatever their order; a BSN found fails
    the session (exit code 1) even when every test passed."""
    gevonden = scan(VERZAMELAAR.regels, VERZAMELAAR.bestanden)
    LOGSCAN.update(gevonden=gevonden, regels=len(VERZAMELAAR.regels), bestanden=len(VERZAMELAAR.bestanden))
    if gevonden and session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not LOGSCAN:
        return
    terminalreporter.write_line(f"BSN scan: {LOGSCAN['regels']} log lines and {LOGSCAN['bestanden']} service log files")
    for regel, bsns in LOGSCAN["gevonden"]:
        terminalreporter.write_line(f"BSN IN LOG ({len(bsns)}): {regel}", red=True)

NAMESPACE = UUID("0d5a4a56-1f0e-4d5c-8f35-7e7f00c0ffee")
BSN = "111222333"  # passes the elfproef; not a real person's number
BSN_2 = "725763863"

_teller = itertools.count()


def bericht(event_type: str, payload: dict[str, Any], *, event_id: UUID | None = None, dag: str | None = None) -> InboundEvent:
    """An inbound event as it would arrive as JSON (so the contract's validation runs)."""
    when = dag or payload.get("ingangsdatum") or payload.get("einddatum") or "2020-01-01"
    return parse_inbound(
        json.dumps(
            {
                "event_id": str(event_id or uuid5(NAMESPACE, str(next(_teller)))),
                "event_type": event_type,
                "occurred_at": f"{when}T09:00:00+01:00",
                "payload": payload,
            }
        )
    )


def indicatie(
    zorgprofiel: str = "5VV",
    van: str = "2020-01-01",
    *,
    bsn: str = BSN,
    geboren: str = "1940-01-01",
    regio: str = "Utrecht",
    tot: str | None = None,
) -> InboundEvent:
    payload: dict[str, Any] = {
        "bsn": bsn,
        "indicatiebesluit_id": f"CIZ-{zorgprofiel}-{van}",
        "zorgprofiel": zorgprofiel,
        "ingangsdatum": van,
        "geboortedatum": geboren,
        "regio": regio,
    }
    if tot:
        payload["einddatum"] = tot
    return bericht("IndicatieOntvangen", payload)


def aanvraag(vormen: list[str], van: str = "2020-01-01", *, bsn: str = BSN, **velden: Any) -> InboundEvent:
    """A request; a PGB comes with a gewaarborgde hulp unless the test says otherwise (art. 5.6 onder a
    requires one for most profiles the tests use: 4-7VV, 4-8VG, GGZ-W 1-4)."""
    if "pgb" in vormen:
        velden.setdefault("gewaarborgde_hulp", True)
    return bericht("LeveringsvormAangevraagd", {"bsn": bsn, "leveringsvormen": vormen, "ingangsdatum": van, **velden})


@pytest.fixture
def service(tmp_path: Path) -> WlzService:
    return WlzService(Settings(data_dir=tmp_path / "store"))


@pytest.fixture
def maak() -> Callable[..., InboundEvent]:
    return bericht
