"""The BSN scan of the session's logs (tests/logscan.py), run by tests/conftest.py when the session ends."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from tests import conftest
from tests.logscan import bsns_in, scan


def test_scanner_vindt_een_bsn() -> None:
    assert bsns_in("fout bij verzekerde 111222333 in regio") == ["111222333"]
    assert bsns_in("offset 123456789 is geen bsn") == []  # fails the elfproef
    assert bsns_in("case 04b60f4d-2978-45a4-83fa-5bdac8c4924d") == []


def test_scan_leest_ook_de_logbestanden_van_de_dienst(tmp_path: Path) -> None:
    log = tmp_path / "dienst.log"
    log.write_text("INFO verwerkt\nERROR verzekerde 725763863 onbekend\n", encoding="utf-8")
    assert [bsns for _, bsns in scan(["INFO niets"], [log, tmp_path / "weg.log"])] == [["725763863"]]


def test_een_bsn_in_de_logs_laat_de_sessie_falen(monkeypatch: pytest.MonkeyPatch) -> None:
    """Even when every test passed: the session's exit status becomes 'tests failed'."""
    monkeypatch.setattr(conftest.VERZAMELAAR, "regels", ["ERROR verzekerde 111222333 onbekend"])
    monkeypatch.setattr(conftest.VERZAMELAAR, "bestanden", [])
    monkeypatch.setattr(conftest, "LOGSCAN", {})
    sessie = SimpleNamespace(exitstatus=pytest.ExitCode.OK)
    conftest.pytest_sessionfinish(sessie, 0)  # type: ignore[arg-type]
    assert sessie.exitstatus == pytest.ExitCode.TESTS_FAILED
    schoon = SimpleNamespace(exitstatus=pytest.ExitCode.OK)
    monkeypatch.setattr(conftest.VERZAMELAAR, "regels", ["INFO case 04b60f4d-2978-45a4-83fa-5bdac8c4924d"])
    conftest.pytest_sessionfinish(schoon, 0)  # type: ignore[arg-type]
    assert schoon.exitstatus == pytest.ExitCode.OK
