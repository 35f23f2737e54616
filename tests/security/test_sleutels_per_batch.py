"""The personal keys of a batch are read and made at once (services/persoonsgegevens.py `bereid_voor`),
not per event: an existing key is kept, a missing one made once, and none is read again afterwards."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.persoonsgegevens import SqliteKluis


def test_sleutels_van_een_batch_in_een_keer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pad = tmp_path / "persoonssleutels.sqlite"
    eerder = SqliteKluis(pad)
    bestaand = eerder.sleutel("a", maak=True)
    eerder.sluit()

    kluis = SqliteKluis(pad)
    kluis.bereid_voor(["a", "b", "c", "b"])

    def niet_per_persoon(persoon: str, *_: object) -> bytes | None:
        raise AssertionError(f"read per person: {persoon}")

    monkeypatch.setattr(kluis, "_status", niet_per_persoon)
    monkeypatch.setattr(kluis, "_maak", niet_per_persoon)
    assert kluis.sleutel("a", maak=True) == bestaand  # kept, not replaced
    b, c = kluis.sleutel("b", maak=True), kluis.sleutel("c", maak=True)
    assert b is not None and c is not None and len({bestaand, b, c}) == 3
    monkeypatch.undo()
    kluis.sluit()

    later = SqliteKluis(pad)  # what was made is stored
    assert (later.sleutel("b", maak=False), later.sleutel("c", maak=False)) == (b, c)
    assert later.wis("b") and later.sleutel("b", maak=False) is None
    later.sluit()


def test_geen_sleutel_voor_een_gewiste_persoon_in_een_batch(tmp_path: Path) -> None:
    """Preparing a batch's keys never makes one for an erased person (the tombstone holds)."""
    kluis = SqliteKluis(tmp_path / "persoonssleutels.sqlite")
    kluis.sleutel("a", maak=True)
    assert kluis.wis("a")
    kluis.bereid_voor(["a", "b"])
    assert kluis.sleutel("a", maak=False) is None and kluis.sleutel("b", maak=False) is not None
    kluis.sluit()
