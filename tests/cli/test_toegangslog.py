"""The NEN 7513 access log from the command line, end to end: commands write it, an auditor reads and
verifies it, a changed entry makes `wlz toegangslog verify` exit 1. And `wlz serve` refuses insecure
settings without the development setting."""

from __future__ import annotations

import getpass
import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from services.adapters.cli import app
from services.identity import case_id_voor
from services.settings import Settings

runner = CliRunner()
C_BSN = "192285142"  # demo client C: 8VV in Rotterdam


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    assert runner.invoke(app, ["demo", "--data-dir", str(tmp_path)]).exit_code == 0
    return tmp_path


def wlz(demo: Path, *args: str) -> tuple[int, str]:
    resultaat = runner.invoke(app, [*args, "--data-dir", str(demo)])
    return resultaat.exit_code, resultaat.output


def test_toegangslog_eind_tot_eind_en_manipulatie_geeft_exit_1(demo: Path) -> None:
    c = str(case_id_voor(C_BSN, Settings().case_id_key.get_secret_value().encode()))
    assert wlz(demo, "--rol", "zorgkantoor", "--regio", "Rotterdam", "case", "show", C_BSN)[0] == 0
    assert wlz(demo, "--rol", "rapportage", "case", "show", C_BSN)[0] == 3
    assert wlz(demo, "--rol", "zorgkantoor", "--regio", "Utrecht", "audit", C_BSN, "--as-of", "2020-12-31")[0] == 4
    assert wlz(demo, "--rol", "svb", "toegangslog", "show")[0] == 3  # the log is for auditors

    code, uit = wlz(demo, "--rol", "auditor", "toegangslog", "show", "--persoon", C_BSN, "--json")
    assert code == 0, uit
    regels = json.loads(uit)
    assert [(r["rol"], r["regio"], r["doel"], r["gegevens"], r["uitkomst"]) for r in regels] == [
        ("zorgkantoor", "Rotterdam", "cli case show", "case", "toegestaan"),
        ("zorgkantoor", "Utrecht", "cli audit", "audit", "niet-gevonden"),
        ("auditor", None, "cli toegangslog show", "toegangslog", "toegestaan"),  # reading the log is logged too
    ]
    assert {r["wie"] for r in regels} == {f"cli:{getpass.getuser()}"} and {r["persoon"] for r in regels} == {c}
    alles = wlz(demo, "--rol", "auditor", "toegangslog", "show", "--json")[1]
    assert C_BSN not in alles and '"rol": "rapportage"' in alles  # the refusal (before any lookup) is there, without a person

    code, uit = wlz(demo, "--rol", "auditor", "toegangslog", "verify")
    assert code == 0 and "de keten is heel" in uit

    con = sqlite3.connect(demo / "toegangslog.sqlite")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        con.execute("DELETE FROM toegangslog WHERE volgnummer = 1")
    con.execute("DROP TRIGGER toegangslog_geen_update")
    con.execute("UPDATE toegangslog SET uitkomst = 'toegestaan' WHERE rol = 'rapportage'")
    con.commit()
    con.close()
    code, uit = wlz(demo, "--rol", "auditor", "toegangslog", "verify")
    assert code == 1 and "GEBROKEN regel 2: inhoud past niet bij de hash (gewijzigd)" in uit


def test_serve_weigert_onveilige_settings(tmp_path: Path) -> None:
    leeg = {"WLZ_CASE_ID_KEY": None, "WLZ_CIPHER_KEY": None, "WLZ_ONTWIKKELING": None, "WLZ_DATA_DIR": str(tmp_path)}
    resultaat = runner.invoke(app, ["serve"], env=leeg)
    assert resultaat.exit_code == 2
    regels = resultaat.output.strip().splitlines()
    assert [r.split(":")[0] for r in regels] == ["onveilig WLZ_CASE_ID_KEY", "onveilig WLZ_CIPHER_KEY"]
