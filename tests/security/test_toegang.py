"""Every CLI read path against every role: a role sees only what it may, reporting never sees a BSN, no
command runs without a role, and no exit code tells whether a BSN is a client."""

from __future__ import annotations

import json
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
    ["--rol", "beheerder"],
]
GEEN_CLIENT = "111222333"  # passes the elfproef, not in the demo


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
    if naam in ("rapportage", "beheerder"):
        assert code == 3 and "geen toegang" in uit and C_BSN not in uit
        return
    if naam == "zorgkantoor-Utrecht":  # the answer for a client of another region is the answer for no client
        assert (code, uit) == lees(demo, rol, "case", "show", GEEN_CLIENT, "--json") == (4, "geen case die deze rol mag lezen\n")
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
    if rol[1:] == ["zorgkantoor", "--regio", "Utrecht"]:
        assert code == 4 and (code, uit) == lees(demo, rol, "audit", GEEN_CLIENT, "--as-of", "2099-12-31", "--json")
    elif not toegestaan:
        assert code == 3 and C_BSN not in uit


@pytest.mark.parametrize("rol", ROLLEN, ids=lambda r: "-".join(r[1::2]))
def test_ledger_per_rol(demo: Path, rol: list[str]) -> None:
    code, uit = lees(demo, rol, "ledger", "--year", "2020", "--json")
    if rol[1] in ("cak", "svb", "beheerder"):
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
    for rol in (["--rol", "zorgkantoor"], ["--rol", "onbekend"]):
        code, uit = lees(demo, rol, "ledger")
        assert code == 2 and len(uit.strip().splitlines()) == 1, uit


ZONDER_ROL = [
    ["case", "show", C_BSN],
    ["audit", C_BSN, "--as-of", "2020-12-31"],
    ["ledger"],
    ["reconcile"],
    ["erase", C_BSN],
    ["toegangslog", "show"],
    ["toegangslog", "verify"],
]
EEN_REGEL = "--rol (of WLZ_ROL) ontbreekt: deze opdracht vraagt een rol (zorgkantoor, cak, svb, rapportage, auditor, beheerder)"


@pytest.mark.parametrize("opdracht", ZONDER_ROL, ids=lambda o: "-".join(o[:2]))
def test_zonder_rol_geweigerd_met_een_regel(demo: Path, opdracht: list[str]) -> None:
    """There is no default role: a command on personal data without one is a usage error, on one line."""
    code, uit = lees(demo, [], *opdracht)
    assert code == 2 and uit.strip().splitlines() == [EEN_REGEL]


@pytest.mark.parametrize("rol", [["--rol", "rapportage"], ["--rol", "beheerder"], ["--rol", "zorgkantoor", "--regio", "Utrecht"]])
@pytest.mark.parametrize("opdracht", [["case", "show", "{bsn}"], ["audit", "{bsn}", "--as-of", "2020-12-31"]], ids=["case", "audit"])
def test_exitcode_verraadt_niet_of_een_bsn_client_is(demo: Path, rol: list[str], opdracht: list[str]) -> None:
    client = lees(demo, rol, *(a.format(bsn=C_BSN) for a in opdracht))
    geen = lees(demo, rol, *(a.format(bsn=GEEN_CLIENT) for a in opdracht))
    assert client == geen and client[0] in (3, 4)
