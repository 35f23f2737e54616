"""The `wlz` command line as a newcomer uses it: demo, ingest with bad lines, case show, data check."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from services.adapters.cli import app

runner = CliRunner()
AUDITOR = ["--rol", "auditor"]
BSN = "111222333"


def test_demo_toont_besluiten_en_budgetten(tmp_path: Path) -> None:
    resultaat = runner.invoke(app, ["demo", "--data-dir", str(tmp_path)])
    assert resultaat.exit_code == 0, resultaat.output
    uit = resultaat.output
    for verwacht in (
        "TOEGEKEND",
        "AFGEWEZEN",
        "5.5 onder c",
        "5.2 lid 3",
        "EKT",
        "MEERZORG",
        "deeltijd 7/14",
        "BEËINDIGD",
        "Budgetten per cliënt",
    ):
        assert verwacht in uit, verwacht
    assert "2021-01-01" in uit  # GGZ-W refused, naming from when it exists
    assert BSN not in uit


def regel(event_type: str, payload: dict, n: int) -> str:  # type: ignore[type-arg]
    return json.dumps(
        {
            "event_id": f"00000000-0000-4000-8000-{n:012d}",
            "event_type": event_type,
            "occurred_at": "2020-01-01T09:00:00+01:00",
            "payload": payload,
        }
    )


def test_ingest_meldt_en_bewaart_foute_regels_en_gaat_door(tmp_path: Path) -> None:
    goed_indicatie = regel(
        "IndicatieOntvangen",
        {
            "bsn": BSN,
            "indicatiebesluit_id": "C1",
            "zorgprofiel": "5VV",
            "ingangsdatum": "2020-01-01",
            "geboortedatum": "1940-01-01",
            "regio": "Utrecht",
        },
        1,
    )
    goed_aanvraag = regel(
        "LeveringsvormAangevraagd", {"bsn": BSN, "leveringsvormen": ["pgb"], "ingangsdatum": "2020-01-01", "gewaarborgde_hulp": True}, 6
    )
    regels = [
        goed_indicatie,
        "{dit is geen json",
        regel(
            "IndicatieOntvangen",
            {
                "bsn": "123456789",
                "indicatiebesluit_id": "C2",
                "zorgprofiel": "5VV",
                "ingangsdatum": "2020-01-01",
                "geboortedatum": "1940-01-01",
                "regio": "Utrecht",
            },
            3,
        ),
        regel("OnbekendBericht", {"bsn": BSN}, 4),
        regel("LeveringsvormAangevraagd", {"bsn": BSN, "ingangsdatum": "2020-01-01"}, 5),
        "",
        goed_aanvraag,
        regel(
            "IndicatieOntvangen",
            {
                "bsn": BSN,
                "indicatiebesluit_id": "C3",
                "zorgprofiel": "9XX",
                "ingangsdatum": "2020-01-01",
                "geboortedatum": "1940-01-01",
                "regio": "Utrecht",
            },
            8,
        ),
    ]
    invoer = tmp_path / "in.jsonl"
    invoer.write_text("\n".join(regels) + "\n", encoding="utf-8")
    rejects = tmp_path / "rejects.jsonl"
    resultaat = runner.invoke(app, ["ingest", str(invoer), "--rejects", str(rejects), "--data-dir", str(tmp_path / "store")])
    assert resultaat.exit_code == 0, resultaat.output
    assert "2 verwerkt, 2 besluiten, 5 afgewezen" in resultaat.output
    bewaard = [json.loads(r) for r in rejects.read_text(encoding="utf-8").splitlines()]
    assert [(r["regel"], r["veld"]) for r in bewaard] == [
        (2, "(json)"),
        (3, "IndicatieOntvangen.payload.bsn"),
        (4, "(bericht)"),
        (5, "LeveringsvormAangevraagd.payload.leveringsvormen"),
        (8, "payload.zorgprofiel"),
    ]
    assert "elfproef" in bewaard[1]["reden"]
    assert "123456789" not in bewaard[1]["reden"]  # the value of a personal field is never in an error text
    assert "onbekend event_type" in bewaard[2]["reden"]
    assert bewaard[0]["ruw"] == "{dit is geen json"

    show = runner.invoke(app, [*AUDITOR, "case", "show", BSN, "--json", "--data-dir", str(tmp_path / "store")])
    assert show.exit_code == 0, show.output
    historie = json.loads(show.output)
    assert [e["event_type"] for e in historie] == [
        "IndicatieOntvangen",
        "LeveringsvormAangevraagd",
        "LeveringsvormToegekend",
        "BudgetVastgesteld",
    ]
    assert historie[2]["payload"]["regelset"].startswith("rlz-2020.1+")

    leesbaar = runner.invoke(app, [*AUDITOR, "case", "show", BSN, "--data-dir", str(tmp_path / "store")])
    assert leesbaar.exit_code == 0 and "budget 2020" in leesbaar.output


def test_case_show_onbekend(tmp_path: Path) -> None:
    onbekend = "00000000-0000-4000-8000-000000000000"
    resultaat = runner.invoke(app, [*AUDITOR, "case", "show", onbekend, "--data-dir", str(tmp_path)])
    assert resultaat.exit_code == 4  # not found, in the exit-code scheme of every command


def test_data_check_meldt_de_onzekere_waarde() -> None:
    resultaat = runner.invoke(app, ["data", "check"])
    assert resultaat.exit_code == 0, resultaat.output
    assert "ONZEKER Noord-Holland Noord" in resultaat.output
    assert "84 rijen, 0 met componenten" in resultaat.output


def test_schema_export(tmp_path: Path) -> None:
    resultaat = runner.invoke(app, ["schema", str(tmp_path)])
    assert resultaat.exit_code == 0
    namen = sorted(p.name for p in (tmp_path / "schemas").iterdir())
    assert "BudgetVastgesteld" in namen and "IndicatieOntvangen" in namen
    from events import event_types

    assert len(namen) == len(event_types())  # one folder per event type of the contract
    assert (tmp_path / "schemas" / "BudgetVastgesteld" / "v1.schema.json").exists()


def test_replay_audit_en_ledger_na_de_demo(tmp_path: Path) -> None:
    assert runner.invoke(app, ["demo", "--data-dir", str(tmp_path)]).exit_code == 0
    replay = runner.invoke(app, ["replay", "--data-dir", str(tmp_path), "--batch", "7"])
    assert replay.exit_code == 0, replay.output
    assert "gelijk aan de live ledgers" in replay.output

    ledger = runner.invoke(app, [*AUDITOR, "ledger", "--year", "2020", "--regio", "Rotterdam", "--json", "--data-dir", str(tmp_path)])
    assert ledger.exit_code == 0, ledger.output
    [rotterdam] = json.loads(ledger.output)
    assert rotterdam["plafond"] == 9_777_744_800 and rotterdam["toegekend_pgb"] == 10_338_798

    nhn = ["--regio", "Noord-Holland Noord"]
    onzeker = runner.invoke(app, [*AUDITOR, "ledger", "--year", "2018", *nhn, "--json", "--data-dir", str(tmp_path)])
    assert json.loads(onzeker.output)[0]["plafond"] is None

    # client C (8VV, EKT then meerzorg from 1 May): as of 30 April there is no meerzorg yet
    audit = runner.invoke(app, [*AUDITOR, "audit", "192285142", "--as-of", "2026-12-31", "--json", "--data-dir", str(tmp_path)])
    assert audit.exit_code == 0, audit.output
    rapport = json.loads(audit.output)
    assert rapport["verschillen"] == [] and rapport["besluiten_herberekend"] == 6
    assert rapport["budgetten"][0]["meerzorg"] == 822_775
