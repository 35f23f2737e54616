"""Secure defaults: `wlz serve` does not start with the public development key, without a cipher key or
with data files other users can read - unless WLZ_ONTWIKKELING says this is development."""

from __future__ import annotations

from pathlib import Path

from pydantic import SecretStr

from services.settings import Settings
from services.startcontrole import onveilig

SLEUTEL = SecretStr("k" * 40)
CIPHER = SecretStr("QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVowMTIzNDU=")


def productie(map: Path, sleutel: SecretStr = SLEUTEL) -> Settings:
    map.mkdir(mode=0o700, exist_ok=True)
    return Settings(data_dir=map, case_id_key=sleutel, cipher_key=CIPHER)


def test_een_productie_instelling_start(tmp_path: Path) -> None:
    map = tmp_path / "data"
    settings = productie(map)
    (map / "wlz.sqlite").write_bytes(b"")
    (map / "wlz.sqlite").chmod(0o600)
    assert onveilig(settings) == []


def test_de_ontwikkelsleutel_wordt_geweigerd(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", cipher_key=CIPHER)
    assert [p.split(":")[0] for p in onveilig(settings)] == ["WLZ_CASE_ID_KEY"]
    kort = productie(tmp_path / "data", SecretStr("kort"))
    assert onveilig(kort) == ["WLZ_CASE_ID_KEY: korter dan 32 tekens"]


def test_zonder_cipher_sleutel_geweigerd(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", case_id_key=SLEUTEL)
    assert [p.split(":")[0] for p in onveilig(settings)] == ["WLZ_CIPHER_KEY"]


def test_bestanden_die_iedereen_kan_lezen_worden_geweigerd(tmp_path: Path) -> None:
    map = tmp_path / "data"
    settings = productie(map)
    bestand = map / "persoonssleutels.sqlite"
    bestand.write_bytes(b"")
    bestand.chmod(0o644)
    assert onveilig(settings) == [f"WLZ_DATA_DIR: {bestand} is leesbaar voor andere gebruikers (chmod o-rwx)"]
    map.chmod(0o755)
    assert len(onveilig(settings)) == 2
