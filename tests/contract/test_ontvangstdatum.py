"""The date of receipt in the request contract (schema_version 2), which art. 5.10 Rlz orders PGB
applications by ("datum van ontvangst van het aanvraagformulier"), and the upcaster for version 1."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from events import inbound as i
from events import parse_event, parse_inbound

BSN = "111222333"


def _aanvraag(versie: int | None, occurred_at: str = "2020-03-04T23:30:00+01:00", **payload: Any) -> str:
    bericht: dict[str, Any] = {
        "event_id": "00000000-0000-4000-8000-000000000001",
        "event_type": "LeveringsvormAangevraagd",
        "occurred_at": occurred_at,
        "payload": {"bsn": BSN, "leveringsvormen": ["pgb"], "ingangsdatum": "2020-01-01", **payload},
    }
    if versie is not None:
        bericht["schema_version"] = versie
    return json.dumps(bericht)


def test_versie_1_krijgt_de_datum_van_occurred_at_in_de_eigen_tijdzone() -> None:
    event = parse_inbound(_aanvraag(1))
    assert isinstance(event, i.LeveringsvormAangevraagd)
    assert event.schema_version == 2
    assert event.payload.ontvangstdatum.isoformat() == "2020-03-04"  # not 03-04 22:30 UTC's date either way
    assert parse_inbound(_aanvraag(None, "2020-03-04T23:30:00-05:00")).payload.ontvangstdatum.isoformat() == "2020-03-04"  # type: ignore[union-attr]


@pytest.mark.parametrize("soort", ["EKTAangevraagd", "MeerzorgAangevraagd", "ToeslagAangevraagd"])
def test_elke_aanvraag_van_versie_1_wordt_opgewaardeerd(soort: str) -> None:
    payload = {
        "EKTAangevraagd": {"zorgkosten_per_jaar": 100},
        "MeerzorgAangevraagd": {"zorgkosten_per_jaar": 100, "voldoet_aan_art_2_2": True},
        "ToeslagAangevraagd": {"soort": "palliatief_terminaal", "bedrag_per_jaar": 100, "zorgkosten_per_jaar": 100},
    }[soort]
    bericht = {
        "event_id": "00000000-0000-4000-8000-000000000002",
        "event_type": soort,
        "occurred_at": "2020-05-06T10:00:00Z",
        "payload": {"bsn": BSN, "ingangsdatum": "2020-05-01", **payload},
    }
    event = parse_event(bericht)
    assert event.schema_version == 2
    assert event.payload.ontvangstdatum.isoformat() == "2020-05-06"  # type: ignore[union-attr]


def test_versie_2_zonder_ontvangstdatum_afgewezen_met_veld_en_regel() -> None:
    with pytest.raises(ValidationError) as fout:
        parse_inbound(_aanvraag(2))
    [fout_] = fout.value.errors()
    assert fout_["loc"][:2] == ("LeveringsvormAangevraagd", "payload")
    assert "ontvangstdatum ontbreekt" in fout_["msg"] and "art. 5.10" in fout_["msg"] and BSN not in fout_["msg"]


def test_versie_2_met_ontvangstdatum() -> None:
    event = parse_inbound(_aanvraag(2, ontvangstdatum="2020-02-28"))
    assert event.payload.ontvangstdatum.isoformat() == "2020-02-28"  # type: ignore[union-attr]


def test_ontvangstdatum_na_occurred_at_afgewezen() -> None:
    with pytest.raises(ValidationError, match="ontvangstdatum ligt na occurred_at"):
        parse_inbound(_aanvraag(2, ontvangstdatum="2020-03-05"))


def test_onbekende_hogere_versie_afgewezen() -> None:
    with pytest.raises(ValidationError, match="schema_version"):
        parse_inbound(_aanvraag(3, ontvangstdatum="2020-02-28"))


def test_ingest_wijst_een_aanvraag_v2_zonder_ontvangstdatum_af_met_veld_en_regel(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from services.adapters.cli import app

    invoer = tmp_path / "in.jsonl"
    invoer.write_text(_aanvraag(2) + "\n", encoding="utf-8")
    rejects = tmp_path / "rejects.jsonl"
    uit = CliRunner().invoke(app, ["ingest", str(invoer), "--rejects", str(rejects), "--data-dir", str(tmp_path / "store")])
    assert uit.exit_code == 0, uit.output
    assert "regel 1: LeveringsvormAangevraagd.payload" in uit.output
    assert "ontvangstdatum ontbreekt: art. 5.10 Rlz" in uit.output and BSN not in uit.output
    assert rejects.read_text(encoding="utf-8").count("\n") == 1
