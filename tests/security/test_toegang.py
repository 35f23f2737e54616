"""Every read path against every role: a role sees only what it may, and reporting never sees a BSN."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from services.adapters.cli import app

runner = CliRunner()
C_BSN = "192285142"  # demo client C: 8VV in Rotterdam
ROLLEN = [
    ["--rol", "auditor"],
    ["--rol", "zorgkantoor", "--regio", "Rotterdam"],
    ["--rol", "zorgkantoor", "--regio", "Utrecht"],
    ["--rol", "cak"],
    ["--rol", "svb"],
    ["--rol", "rapportage"],
]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    assert runner.invoke(app, ["demo", "--data-dir", str(folder)]).exit_code == 0
    return folder


def lees(demo: Path, rol: list[str], *opdracht: str) -> tuple[int, str]:
    resultaat = runner.invoke(app, [*rol, *opdracht, "--data-dir", str(demo)])
    return resultaat.exit_code, resultaat.output


@pytest.mark.parametrize("rol", ROLLEN, ids=lambda r: "-".join(r[1::2]))
def test_case_show_per_rol(demo: Path, rol: list[str]) -> None:
    code, uit = lees(demo, rol, "case", "show", C_BSN, "--json")
    naam = rol[1] + (f"-{rol[3]}" if len(rol) > 2 else "")
    if naam in ("zorgkantoor-Utrecht", "rapportage"):
        assert code == 3 and "geen toegang" in uit and C_BSN not in uit
        return
    assert code == 0, uit
    soorten = {e["event_type"] for e in json.loads(uit)}
    if naam == "cak":
        assert soorten <= {"IndicatieOntvangen", "IndicatieBeeindigd", "LeveringsvormToegekend", "LeveringsvormBeeindigd"}
        assert C_BSN in uit  # the CAK needs the BSN for the eigen bijdrage
    elif naam == "svb":
        assert "BudgetVastgesteld" in soorten and "MeerzorgGestart" not in soorten
    else:
        assert "MeerzorgGestart" in soorten and C_BSN in uit


@pytest.mark.parametrize("rol", ROLLEN, ids=lambda r: "-".join(r[1::2]))
def test_audit_per_rol(demo: Path, rol: list[str]) -> None:
    code, uit = lees(demo, rol, "audit", C_BSN, "--as-of", "2099-12-31", "--json")
    toegestaan = rol[1] == "auditor" or rol[1:] == ["zorgkantoor", "--regio", "Rotterdam"]
    assert (code == 0) == toegestaan, uit
    if not toegestaan:
        assert code == 3 and C_BSN not in uit


@pytest.mark.parametrize("rol", ROLLEN, ids=lambda r: "-".join(r[1::2]))
def test_ledger_per_rol(demo: Path, rol: list[str]) -> None:
    code, uit = lees(demo, rol, "ledger", "--year", "2020", "--json")
    if rol[1] in ("cak", "svb"):
        assert code == 3
        return
    assert code == 0, uit
    regios = {r["regio"] for r in json.loads(uit)}
    if rol[1] == "zorgkantoor":
        assert regios == {rol[3]}  # staff see their own region only
        assert lees(demo, rol, "ledger", "--regio", "Zeeland", "--json")[0] == 3
    else:
        assert len(regios) == 31


@pytest.mark.parametrize("rol", ROLLEN, ids=lambda r: "-".join(r[1::2]))
def test_reconcile_alleen_svb_en_auditor(demo: Path, rol: list[str]) -> None:
    if rol[1] in ("svb", "auditor"):
        pytest.skip("allowed: reconciling needs the Kafka broker (covered by tests/integration/test_feeds.py)")
    code, uit = lees(demo, rol, "reconcile")
    assert code == 3 and "geen toegang" in uit


def test_rol_zorgkantoor_vraagt_een_regio(demo: Path) -> None:
    assert lees(demo, ["--rol", "zorgkantoor"], "ledger")[0] != 0
    assert lees(demo, ["--rol", "onbekend"], "ledger")[0] != 0


def test_rapportagetabellen_bevatten_geen_bsn(demo: Path) -> None:
    """What reporting reads (the projection tables) carries case ids, never a BSN."""
    con = sqlite3.connect(demo / "projecties.sqlite")
    inhoud = " ".join(
        str(rij)
        for tabel in ("budget_ledger", "budget_mutatie", "plafond_ledger", "plafond_alert")
        for rij in con.execute(f"SELECT * FROM {tabel}")
    )
    assert inhoud and C_BSN not in inhoud and "725763863" not in inhoud
