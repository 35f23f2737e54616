"""The vendored XSDs are the official files, unchanged (compared with ../shared/iwlz when it is there)."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.adapters.iwlz.schemas import BERICHTSOORTEN, XSD_MAP

GEDEELD = Path(__file__).resolve().parents[2] / ".." / "shared" / "iwlz" / "xsd-2.2"
GEDEELD_DEV = Path("/work/shared/iwlz/xsd-2.2")


def _gedeeld() -> Path | None:
    return next((p for p in (GEDEELD, GEDEELD_DEV) if (p / "Basisschema.xsd").exists()), None)


def test_elk_berichtschema_is_er_met_licentie() -> None:
    for soort in BERICHTSOORTEN.values():
        assert soort.xsd.exists(), soort.naam
    assert (XSD_MAP / "Basisschema.xsd").exists() and (XSD_MAP / "LICENSE-EUPL").exists()


def test_gelijk_aan_de_officiele_bestanden() -> None:
    bron = _gedeeld()
    if bron is None:
        pytest.skip("no shared/iwlz beside the repository")
    for bestand in sorted(XSD_MAP.glob("*.xsd")):
        assert bestand.read_bytes() == (bron / bestand.name).read_bytes(), bestand.name
