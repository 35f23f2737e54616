"""Keys and settings (issue 11.5): a wrong or missing WLZ_CIPHER_KEY against an encrypted store is refused
at start with one line naming the setting, and nothing is written; every bad setting is one line with
exit code 2, never a traceback; not found is 4, a database that does not answer is 5 (PROTOCOL.md)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from eventsourcing.cryptography import AESCipher
from pydantic import SecretStr
from typer.testing import CliRunner, Result

from services.adapters.cli import app
from services.application import WlzService
from services.fouten import InstellingFout
from services.settings import Settings
from tests.conftest import BSN, aanvraag, indicatie

SLEUTEL = AESCipher.create_key(32)


def events_in(data: Path) -> int:
    return int(sqlite3.connect(data / "wlz.sqlite").execute("SELECT COUNT(*) FROM stored_events").fetchone()[0])


def wlz(*args: str, **env: str | None) -> Result:
    return CliRunner().invoke(app, list(args), env={"WLZ_CIPHER_KEY": None, "DATABASE_URL": None, "WLZ_PERSISTENCE": None, **env})


def een_regel(resultaat: Result, instelling: str) -> None:
    regels = [r for r in resultaat.output.splitlines() if r.strip()]
    assert len(regels) == 1 and instelling in regels[0], resultaat.output
    assert "Traceback" not in resultaat.output
    assert resultaat.exception is None or isinstance(resultaat.exception, SystemExit)


@pytest.fixture
def versleuteld(tmp_path: Path) -> Path:
    WlzService(Settings(data_dir=tmp_path, cipher_key=SecretStr(SLEUTEL))).verwerk(indicatie("5VV"))
    return tmp_path


@pytest.mark.parametrize(
    ("sleutel", "uitleg"),
    [(None, "ontbreekt"), (AESCipher.create_key(32), "past niet"), ("geen-base64!", "geen base64"), ("c2xlY2h0", "16, 24 of 32")],
)
def test_verkeerde_of_ontbrekende_sleutel_een_regel_exit_2_en_niets_geschreven(versleuteld: Path, sleutel: str | None, uitleg: str) -> None:
    invoer = versleuteld / "in.jsonl"
    invoer.write_text(aanvraag(["pgb"]).model_dump_json() + "\n", encoding="utf-8")
    voor = events_in(versleuteld)
    resultaat = wlz("ingest", str(invoer), "--data-dir", str(versleuteld), WLZ_CIPHER_KEY=sleutel)
    assert resultaat.exit_code == 2
    een_regel(resultaat, "WLZ_CIPHER_KEY")
    assert uitleg in resultaat.output
    assert events_in(versleuteld) == voor  # nothing written (it used to write events no key could read)
    intact = wlz("--rol", "auditor", "case", "show", BSN, "--data-dir", str(versleuteld), WLZ_CIPHER_KEY=SLEUTEL)
    assert intact.exit_code == 0  # the store is intact


def test_sleutel_voor_een_onversleutelde_store_geweigerd(tmp_path: Path) -> None:
    WlzService(Settings(data_dir=tmp_path)).verwerk(indicatie("5VV"))
    voor = events_in(tmp_path)
    with pytest.raises(InstellingFout, match="niet versleuteld"):
        WlzService(Settings(data_dir=tmp_path, cipher_key=SecretStr(SLEUTEL)))
    assert events_in(tmp_path) == voor


def test_store_van_voor_de_vingerafdruk_wordt_aan_de_inhoud_herkend(versleuteld: Path) -> None:
    """A store made before the fingerprint existed: its first event tells whether the key fits."""
    con = sqlite3.connect(versleuteld / "persoonssleutels.sqlite")
    con.execute("DELETE FROM kluis_meta")
    con.commit()
    con.close()
    with pytest.raises(InstellingFout, match="WLZ_CIPHER_KEY"):
        WlzService(Settings(data_dir=versleuteld, cipher_key=SecretStr(AESCipher.create_key(32))))
    WlzService(Settings(data_dir=versleuteld, cipher_key=SecretStr(SLEUTEL)))  # the right key: accepted, fingerprint recorded
    with pytest.raises(InstellingFout, match="past niet"):
        WlzService(Settings(data_dir=versleuteld, cipher_key=SecretStr(AESCipher.create_key(32))))


def test_lege_sleutelstore_naast_een_gevulde_store_geweigerd(versleuteld: Path) -> None:
    (versleuteld / "persoonssleutels.sqlite").unlink()
    with pytest.raises(InstellingFout, match="WLZ_KEYSTORE_URL"):
        WlzService(Settings(data_dir=versleuteld, cipher_key=SecretStr(SLEUTEL)))


def test_slechte_instelling_een_regel_met_haar_naam_exit_2(tmp_path: Path) -> None:
    resultaat = wlz("--rol", "auditor", "case", "show", BSN, "--data-dir", str(tmp_path), WLZ_PERSISTENCE="mongodb")
    assert resultaat.exit_code == 2
    een_regel(resultaat, "WLZ_PERSISTENCE")
    resultaat = wlz("--rol", "auditor", "case", "show", BSN, WLZ_PERSISTENCE="postgres")
    assert resultaat.exit_code == 2
    een_regel(resultaat, "DATABASE_URL")


def test_niet_gevonden_exit_4_en_geen_verbinding_exit_5(tmp_path: Path) -> None:
    assert wlz("--rol", "auditor", "case", "show", BSN, "--data-dir", str(tmp_path)).exit_code == 4
    assert wlz("--rol", "beheerder", "erase", BSN, "--data-dir", str(tmp_path)).exit_code == 4
    resultaat = wlz("--rol", "auditor", "case", "show", BSN, WLZ_PERSISTENCE="postgres", DATABASE_URL="postgresql://wlz:wlz@127.0.0.1:1/wlz")
    assert resultaat.exit_code == 5
    een_regel(resultaat, "geen verbinding")


def test_broker_onbereikbaar_exit_5(tmp_path: Path) -> None:
    resultaat = wlz("--rol", "auditor", "reconcile", "--data-dir", str(tmp_path), KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:1")
    assert resultaat.exit_code == 5
    # the command's own answer is its last line (aiokafka may log before it)
    assert resultaat.output.strip().splitlines()[-1].startswith("geen verbinding (KafkaConnectionError)")
