"""`wlz iwlz import` and `wlz iwlz export` on the embedded store."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from services.adapters.cli import app
from services.adapters.iwlz.schemas import valideer
from services.application import WlzService
from services.settings import Settings
from tests.iwlz.berichten import aw35, aw39
from tests.iwlz.voorbeelden import AANBIEDER, BSN, BSN_FOUT, io31

runner = CliRunner()


def _regels(pad: Path, *berichten: dict[str, object]) -> Path:
    pad.write_text("\n".join(json.dumps(b) for b in berichten), encoding="utf-8")
    return pad


def test_import_io31_aanvraag_toewijzing_aw35_aw39_en_export(tmp_path: Path) -> None:
    data = ["--data-dir", str(tmp_path / "store")]
    (tmp_path / "io31.xml").write_bytes(io31())
    uit = runner.invoke(app, ["iwlz", "import", str(tmp_path / "io31.xml"), *data])
    assert uit.exit_code == 0, uit.output
    assert "IO31 IO31-0001: 1 verwerkt" in uit.output
    assert valideer("IO32", (tmp_path / "io31.IO32.xml").read_bytes()) == []

    verzoeken = _regels(
        tmp_path / "verzoeken.jsonl",
        {
            "event_id": "00000000-0000-4000-8000-000000000001",
            "event_type": "LeveringsvormAangevraagd",
            "occurred_at": "2020-02-27T09:00:00+01:00",
            "payload": {"bsn": BSN, "leveringsvormen": ["verblijf"], "ingangsdatum": "2020-03-01"},
        },
        {
            "event_id": "00000000-0000-4000-8000-000000000002",
            "event_type": "ToewijzingAangevraagd",
            "occurred_at": "2020-02-28T09:00:00+01:00",
            "payload": {"bsn": BSN, "zorgaanbieder": AANBIEDER, "leveringsvorm": "verblijf", "ingangsdatum": "2020-03-01"},
        },
    )
    assert runner.invoke(app, ["ingest", str(verzoeken), "--rejects", str(tmp_path / "r.jsonl"), *data]).exit_code == 0
    for naam, xml in (("aw35.xml", aw35()), ("aw39.xml", aw39())):
        (tmp_path / naam).write_bytes(xml)
        uit = runner.invoke(app, ["iwlz", "import", str(tmp_path / naam), *data])
        assert uit.exit_code == 0, uit.output
    assert valideer("AW36", (tmp_path / "aw35.AW36.xml").read_bytes()) == []
    assert valideer("AW310", (tmp_path / "aw39.AW310.xml").read_bytes()) == []

    uit = runner.invoke(app, ["--rol", "auditor", "iwlz", "export", "--since", "2020-01-01", "--dir", str(tmp_path / "uit"), *data])
    assert uit.exit_code == 0, uit.output
    bestanden = sorted(p.name.split("-")[0] for p in (tmp_path / "uit").iterdir())
    assert bestanden == ["AW33", "CA317", "CA319"]
    for bestand in (tmp_path / "uit").iterdir():
        assert valideer(bestand.name.split("-")[0], bestand.read_bytes()) == []


def test_geweigerd_bericht_exit_1_met_pad_en_regel_en_niets_opgeslagen(tmp_path: Path) -> None:
    data = ["--data-dir", str(tmp_path / "store")]
    (tmp_path / "fout.xml").write_bytes(io31(bsn=BSN_FOUT))
    uit = runner.invoke(app, ["iwlz", "import", str(tmp_path / "fout.xml"), *data])
    assert uit.exit_code == 1
    assert "IO31-0001 /Bericht/Clienten/Client[1]/Bsn: CS002" in uit.output
    assert BSN_FOUT not in uit.output
    service = WlzService(Settings(data_dir=tmp_path / "store"))
    assert not service.recorder.max_notification_id()  # nothing stored
    service.close()
    (tmp_path / "kapot.xml").write_bytes(b"<Bericht>")
    uit = runner.invoke(app, ["iwlz", "import", str(tmp_path / "kapot.xml"), *data])
    assert uit.exit_code == 1 and "goedgevormde" in uit.output


def test_export_vraagt_een_datum_en_een_rol(tmp_path: Path) -> None:
    assert runner.invoke(app, ["iwlz", "export", "--since", "gisteren", "--data-dir", str(tmp_path)]).exit_code == 2
    uit = runner.invoke(app, ["--rol", "rapportage", "iwlz", "export", "--since", "2020-01-01", "--data-dir", str(tmp_path)])
    assert uit.exit_code == 3
