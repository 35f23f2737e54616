"""`wlz rejects`: the rejects file read back without ever showing personal data in clear to a role that
may not see it. The list (line, time, field, rule, whose content it is) is for the roles that oversee
rejected input (beheerder, auditor); the raw line decrypted is for the auditor alone and is access-logged
per person, as `case show` is; an erased person's line reads "gewist (art. 17 AVG)" without error; and
whatever the file holds - rich markup, ANSI escapes, lines that are not JSON - is shown escaped."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from services.adapters.cli import app
from services.adapters.rejects import zichtbaar
from services.adapters.toegangslog import SqliteToegangslog
from services.application import WlzService
from services.persoonsgegevens import GEWIST_REDEN
from services.settings import Settings
from tests.conftest import BSN, BSN_2, indicatie

GEWIST_TEKST = "gewist (art. 17 AVG)"


def rejects(data: Path, *args: str, rol: str = "beheerder") -> Result:
    return CliRunner().invoke(app, ["--rol", rol, "rejects", *args, "--data-dir", str(data)])


def met_afgewezen_regels(tmp_path: Path) -> tuple[Path, Path]:
    """A data dir whose rejects file holds: a broken line naming BSN (encrypted for that person), one
    naming BSN_2, and a line without a BSN with a free-text value."""
    data = tmp_path / "data"
    invoer = tmp_path / "in.jsonl"
    regels = [
        f'{{"kapot": "{BSN}", "geboortedatum": "1933-04-05"',
        indicatie("5VV", bsn=BSN_2).model_dump_json().replace('"5VV"', '"9XX"'),
        '{"event_type": "Onbekend", "reden": "vrije-tekst-zonder-bsn"}',
    ]
    invoer.write_text("\n".join(regels) + "\n", encoding="utf-8")
    uit = CliRunner().invoke(app, ["ingest", str(invoer), "--data-dir", str(data)])
    assert uit.exit_code == 0 and "3 afgewezen" in uit.output, uit.output
    return data, invoer


def test_het_overzicht_toont_regel_tijd_veld_en_reden_maar_nooit_persoonsgegevens(tmp_path: Path) -> None:
    data, _ = met_afgewezen_regels(tmp_path)
    uit = rejects(data, "--json")
    assert uit.exit_code == 0, uit.output
    regels = json.loads(uit.stdout)
    assert [r["regel"] for r in regels] == [1, 2, 3]
    assert [r["veld"] for r in regels] == ["(json)", "payload.zorgprofiel", "(bericht)"]
    assert all(r["tijdstip"] for r in regels)  # when it was rejected (UTC)
    assert [r["inhoud"] for r in regels] == ["versleuteld", "versleuteld", "niet versleuteld"]
    for geheim in (BSN, BSN_2, "1933-04-05", "vrije-tekst-zonder-bsn"):
        assert geheim not in uit.output
    tabel = rejects(data)
    assert tabel.exit_code == 0 and "payload.zorgprofiel" in tabel.output and BSN not in tabel.output
    assert "3 afgewezen regels" in tabel.output


def test_de_auditor_ziet_de_ruwe_regel_en_dat_staat_per_persoon_in_de_toegangslog(tmp_path: Path) -> None:
    data, invoer = met_afgewezen_regels(tmp_path)
    geweigerd = rejects(data, "--ruw")  # the beheerder oversees, but reads no personal data
    assert geweigerd.exit_code == 3 and BSN not in geweigerd.output
    uit = rejects(data, "--ruw", "--json", rol="auditor")
    assert uit.exit_code == 0, uit.output
    regels = json.loads(uit.stdout)
    bron = invoer.read_text(encoding="utf-8").splitlines()
    assert [r["ruw"] for r in regels] == bron  # decrypted: the lines as received
    service = WlzService(Settings(data_dir=data))
    log = SqliteToegangslog(data / "toegangslog.sqlite").regels()
    gelezen = [(r.rol, r.persoon, r.gegevens, r.doel) for r in log if r.doel == "cli rejects" and r.persoon]
    assert gelezen == [("auditor", str(service.case_id(b)), "rejects", "cli rejects") for b in (BSN, BSN_2)]
    assert [(r.rol, r.uitkomst) for r in log if r.doel == "cli rejects" and r.uitkomst == "geweigerd"] == [("beheerder", "geweigerd")]
    assert all(r.persoon is None for r in log if r.doel == "cli rejects" and r.rol == "beheerder")


def test_de_regels_van_een_gewiste_persoon_lezen_als_gewist(tmp_path: Path) -> None:
    data, invoer = met_afgewezen_regels(tmp_path)
    assert CliRunner().invoke(app, ["--rol", "beheerder", "erase", BSN, "--data-dir", str(data)]).exit_code == 0
    assert CliRunner().invoke(app, ["ingest", str(invoer), "--data-dir", str(data)]).exit_code == 0  # the same lines again
    uit = rejects(data, "--ruw", "--json", rol="auditor")
    assert uit.exit_code == 0, uit.output
    regels = json.loads(uit.stdout)
    assert len(regels) == 6 and BSN not in uit.output and "1933-04-05" not in uit.output
    assert regels[0]["inhoud"] == GEWIST_TEKST and regels[0]["ruw"] == GEWIST_TEKST  # the erased person's line
    assert regels[1]["ruw"] == invoer.read_text(encoding="utf-8").splitlines()[1]  # the other person's still reads
    overzicht = json.loads(rejects(data, "--json").stdout)
    assert overzicht[0]["inhoud"] == GEWIST_TEKST and overzicht[3]["inhoud"] == GEWIST_TEKST
    tabel = rejects(data, "--ruw", rol="auditor")
    assert tabel.exit_code == 0 and GEWIST_TEKST in tabel.output and BSN not in tabel.output
    assert GEWIST_REDEN not in {r["reden"] for r in regels[:3]}  # rejected before the erasure, for its own reason


def test_vijandige_inhoud_wordt_ontsnapt_getoond(tmp_path: Path) -> None:
    """A rejects file with rich markup and ANSI escapes in every field, a line that is not JSON and one
    that is no object: every line is listed, nothing is interpreted, nothing reaches the terminal raw."""
    data = tmp_path / "data"
    WlzService(Settings(data_dir=data)).close()
    vijandig = "[/red][bold]x\x1b[31mROOD\x1b]8;;http://x\x07"
    regels = [
        {"regel": 1, "tijdstip": vijandig, "veld": vijandig, "reden": vijandig, "ruw": vijandig, "personen": []},
        {"regel": "[red]", "veld": 7, "reden": None, "ruw": 5, "personen": ["[/]"]},
    ]
    tekst = "\n".join(json.dumps(r) for r in regels) + "\n{niet json\x1b[2J\n[1, 2]\n"
    (data / "rejects.jsonl").write_text(tekst, encoding="utf-8")
    for rol, extra in (("beheerder", []), ("auditor", ["--ruw"])):
        uit = rejects(data, *extra, rol=rol)
        assert uit.exit_code == 0, uit.output
        assert "\x1b" not in uit.output and "\x07" not in uit.output
        assert "[/red]" in uit.output and "\\x1b[31mROOD" in uit.output  # shown, escaped, not interpreted
        assert "4 afgewezen regels" in uit.output and "onleesbaar" in uit.output
    ruw = json.loads(rejects(data, "--ruw", "--json", rol="auditor").stdout)
    assert ruw[0]["ruw"] == "[/red][bold]x\\x1b[31mROOD\\x1b]8;;http://x\\x07"
    assert [r["inhoud"] for r in ruw[2:]] == ["onleesbaar", "onleesbaar"]


def test_zonder_rol_of_bestand_de_codes_van_het_schema(tmp_path: Path) -> None:
    data, _ = met_afgewezen_regels(tmp_path)
    geen_rol = CliRunner().invoke(app, ["rejects", "--data-dir", str(data)])
    assert geen_rol.exit_code == 2 and len(geen_rol.output.strip().splitlines()) == 1
    for rol in ("cak", "svb", "rapportage"):
        assert rejects(data, rol=rol).exit_code == 3
    zorgkantoor = CliRunner().invoke(app, ["--rol", "zorgkantoor", "--regio", "Utrecht", "rejects", "--data-dir", str(data)])
    assert zorgkantoor.exit_code == 3
    weg = rejects(data, "--rejects", str(tmp_path / "bestaat-niet.jsonl"))
    assert weg.exit_code == 4 and len(weg.output.strip().splitlines()) == 1
    leeg = rejects(tmp_path / "geen-data")
    assert leeg.exit_code == 4


@given(st.text())
def test_wat_getoond_wordt_bevat_nooit_een_stuurteken(tekst: str) -> None:
    """Invariant of `zichtbaar`: no control character (C0, C1, bidi override) survives, and text without
    them is shown unchanged."""
    uit = zichtbaar(tekst)
    assert not any(unicodedata.category(t) == "Cc" or t in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069" for t in uit)
    if not any(unicodedata.category(t) == "Cc" or unicodedata.category(t) in ("Cf", "Zl", "Zp") for t in tekst):
        assert uit == tekst
