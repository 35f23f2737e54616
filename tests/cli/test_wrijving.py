"""The `wlz` CLI without friction, each case as an operator met it: the demo's store is where the read
commands look, read commands create nothing, stdin is input, rejects go with the data, wrong options get
one line and exit 2 naming what is valid, an unknown case is "not found" (4), `data check --json`, a
client's budget ledger, `--version`. (`serve` without a broker: tests/cli/test_serve_start.py.)"""

from __future__ import annotations

import json
from importlib.metadata import version
from pathlib import Path

import pytest
from typer.testing import CliRunner

from events.regios import ZORGKANTOORREGIOS
from services.adapters.cli import app

runner = CliRunner()
CLIENT_A = "725763863"  # the demo's first client (5VV, Utrecht)


def test_case_show_vindt_de_demo_zonder_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("WLZ_DATA_DIR", raising=False)
    demo = runner.invoke(app, ["demo"])
    assert demo.exit_code == 0, demo.output
    assert "store in wlz-data" in demo.output
    show = runner.invoke(app, ["--rol", "auditor", "case", "show", CLIENT_A])
    assert show.exit_code == 0, show.output
    assert "5VV, regio Utrecht" in show.output
    opnieuw = runner.invoke(app, ["demo"])  # again: nothing new, the same tables
    assert opnieuw.exit_code == 0 and "0 besluiten" in opnieuw.output and "cliënt A" in opnieuw.output


@pytest.mark.parametrize(
    "opdracht",
    [["case", "show", CLIENT_A], ["audit", CLIENT_A, "--as-of", "2020-12-31"], ["ledger"], ["budget", CLIENT_A], ["replay"]],
)
def test_leesopdrachten_maken_geen_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, opdracht: list[str]) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("WLZ_DATA_DIR", raising=False)
    resultaat = runner.invoke(app, ["--rol", "auditor", *opdracht])
    assert resultaat.exit_code == 4, resultaat.output
    assert resultaat.stderr.strip().startswith("geen gegevens in wlz-data")
    assert len(resultaat.stderr.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def _regel(n: int, event_type: str, payload: dict[str, object]) -> str:
    return json.dumps(
        {
            "event_id": f"00000000-0000-4000-8000-{n:012d}",
            "event_type": event_type,
            "occurred_at": "2020-01-01T09:00:00Z",
            "payload": payload,
        }
    )


INDICATIE = _regel(
    1,
    "IndicatieOntvangen",
    {
        "bsn": "111222333",
        "indicatiebesluit_id": "C-1",
        "zorgprofiel": "5VV",
        "ingangsdatum": "2020-01-01",
        "geboortedatum": "1940-01-01",
        "regio": "Utrecht",
    },
)


def test_ingest_leest_stdin(tmp_path: Path) -> None:
    resultaat = runner.invoke(app, ["ingest", "-", "--data-dir", str(tmp_path)], input=INDICATIE + "\n")
    assert resultaat.exit_code == 0, resultaat.output
    assert "1 verwerkt" in resultaat.output
    assert runner.invoke(app, ["--rol", "auditor", "case", "show", "111222333", "--data-dir", str(tmp_path)]).exit_code == 0


def test_ingest_zonder_bestand_een_regel_en_code_2(tmp_path: Path) -> None:
    resultaat = runner.invoke(app, ["ingest", str(tmp_path / "bestaat-niet.jsonl"), "--data-dir", str(tmp_path / "d")])
    assert resultaat.exit_code == 2
    assert len(resultaat.stderr.strip().splitlines()) == 1 and "bestaat niet" in resultaat.stderr


def test_rejects_bij_de_data_niet_in_de_werkmap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    werkmap = tmp_path / "werk"
    werkmap.mkdir()
    monkeypatch.chdir(werkmap)
    resultaat = runner.invoke(app, ["ingest", "-", "--data-dir", str(tmp_path / "data")], input="{kapot\n" + INDICATIE + "\n")
    assert resultaat.exit_code == 0, resultaat.output
    assert list(werkmap.iterdir()) == []
    bewaard = (tmp_path / "data" / "rejects.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(bewaard) == 1 and json.loads(bewaard[0])["regel"] == 1


def test_ledger_onbekende_regio_code_2_met_de_geldige_namen(tmp_path: Path) -> None:
    assert runner.invoke(app, ["demo", "--data-dir", str(tmp_path)]).exit_code == 0
    resultaat = runner.invoke(app, ["ledger", "--regio", "Atlantis", "--data-dir", str(tmp_path)])
    assert resultaat.exit_code == 2
    [regel] = resultaat.stderr.strip().splitlines()
    assert regel.startswith("--regio: onbekende regio 'Atlantis'")
    assert all(naam in regel for naam in ZORGKANTOORREGIOS)
    assert resultaat.stdout == ""


def test_audit_met_een_verkeerde_datum_een_regel_en_code_2(tmp_path: Path) -> None:
    resultaat = runner.invoke(app, ["audit", CLIENT_A, "--as-of", "31-12-2020", "--data-dir", str(tmp_path)])
    assert resultaat.exit_code == 2
    assert resultaat.stderr.strip() == "--as-of: '31-12-2020' is geen datum JJJJ-MM-DD (bijvoorbeeld 2020-12-31)"
    assert resultaat.exception is None or isinstance(resultaat.exception, SystemExit)


def test_audit_van_een_onbekende_case_is_niet_gevonden(tmp_path: Path) -> None:
    assert runner.invoke(app, ["demo", "--data-dir", str(tmp_path)]).exit_code == 0
    resultaat = runner.invoke(app, ["--rol", "auditor", "audit", "111222333", "--as-of", "2020-12-31", "--data-dir", str(tmp_path)])
    assert resultaat.exit_code == 4
    assert resultaat.stderr.strip().startswith("geen case ")
    # staff of one region get the same answer as for a case of another region: it does not tell who is a client
    zorgkantoor = runner.invoke(
        app, ["--rol", "zorgkantoor", "--regio", "Utrecht", "audit", "111222333", "--as-of", "2020-12-31", "--data-dir", str(tmp_path)]
    )
    ander = runner.invoke(
        app, ["--rol", "zorgkantoor", "--regio", "Zeeland", "audit", CLIENT_A, "--as-of", "2020-12-31", "--data-dir", str(tmp_path)]
    )
    assert zorgkantoor.exit_code == ander.exit_code == 4 and zorgkantoor.stderr == ander.stderr


def test_data_check_json() -> None:
    resultaat = runner.invoke(app, ["data", "check", "--json"])
    assert resultaat.exit_code == 0, resultaat.output
    rapport = json.loads(resultaat.stdout)
    assert rapport["fout"] is False
    assert rapport["regelsets"][0]["bijlage_h_rijen"] == 84
    plafond_2018 = next(p for p in rapport["plafonds"] if p["jaar"] == 2018)
    assert [o["regio"] for o in plafond_2018["onzeker"]] == ["Noord-Holland Noord"]


def test_budget_toont_het_budgetledger_van_een_client(tmp_path: Path) -> None:
    assert runner.invoke(app, ["demo", "--data-dir", str(tmp_path)]).exit_code == 0
    resultaat = runner.invoke(app, ["--rol", "auditor", "budget", CLIENT_A, "--json", "--data-dir", str(tmp_path)])
    assert resultaat.exit_code == 0, resultaat.output
    ledger = json.loads(resultaat.stdout)
    [jaar] = ledger["budgetten"]
    # demo client A: pgb € 26.143,00 a year, 2020-01-01 t/m 2020-10-31: 2.614.300 ct × 305/366 days = 2.178.583 ct
    assert (jaar["jaar"], jaar["dagen"], jaar["pgb_deel"]) == (2020, 305, 2_178_583)
    assert [m["aanleiding"] for m in ledger["mutaties"]] == ["LeveringsvormToegekend (art. 5.1)", "LeveringsvormBeeindigd (art. 3.3.1 Wlz)"]
    tabel = runner.invoke(app, ["--rol", "auditor", "budget", CLIENT_A, "--data-dir", str(tmp_path)])
    assert "Budgetledger" in tabel.output and "€ 21.785,83" in tabel.output
    assert runner.invoke(app, ["--rol", "cak", "budget", CLIENT_A, "--data-dir", str(tmp_path)]).exit_code == 3


def test_version() -> None:
    resultaat = runner.invoke(app, ["--version"])
    assert resultaat.exit_code == 0
    assert resultaat.stdout.strip() == f"wlz {version('wlz-casemanagement')}"
