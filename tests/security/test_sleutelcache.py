"""The key cache keeps a key for `BEWAARTIJD` only and then lets it go (services/persoonsgegevens.py,
`Kluis._bewaar`): not only is an expired key read again, it leaves memory, so a long-running process
does not hold a key for every person it has seen since its start."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services import persoonsgegevens
from services.persoonsgegevens import SqliteKluis


class Klok:
    def __init__(self) -> None:
        self.nu = 1000.0

    def __call__(self) -> float:
        return self.nu


def test_verlopen_sleutels_verlaten_het_geheugen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    klok = Klok()
    monkeypatch.setattr(persoonsgegevens.time, "monotonic", klok)
    kluis = SqliteKluis(tmp_path / "persoonssleutels.sqlite")
    a = kluis.sleutel("a", maak=True)
    klok.nu += 10
    kluis.bereid_voor(["b", "c"])
    assert list(kluis._sleutels) == ["a", "b", "c"]
    klok.nu += kluis.BEWAARTIJD - 5  # a has expired, b and c not yet
    kluis.lees_voor(["d"])  # no key for d: nothing cached, nothing dropped
    kluis.bereid_voor(["d"])
    assert list(kluis._sleutels) == ["b", "c", "d"], "a is gone from memory"
    assert kluis.sleutel("a", maak=False) == a, "and read again from the store, unchanged"
    assert list(kluis._sleutels) == ["b", "c", "d", "a"]
    klok.nu += kluis.BEWAARTIJD + 1
    kluis.sleutel("e", maak=True)
    assert list(kluis._sleutels) == ["e"]
    kluis.sluit()


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("abcdef"), st.floats(min_value=0, max_value=40)), max_size=30))
def test_de_cache_houdt_alleen_geldige_sleutels_op_volgorde(
    tmp_path_factory: pytest.TempPathFactory, stappen: list[tuple[str, float]]
) -> None:
    """After every read the cache is in order of expiry and holds the person's key; after a read that
    went to the store (a key cached anew), only keys still valid at that moment."""
    kluis = SqliteKluis(tmp_path_factory.mktemp("k") / "persoonssleutels.sqlite")
    klok = Klok()
    origineel = persoonsgegevens.time.monotonic
    persoonsgegevens.time.monotonic = klok  # type: ignore[assignment]
    try:
        for persoon, verder in stappen:
            klok.nu += verder
            sleutel = kluis.sleutel(persoon, maak=True)
            tijden = [tot for _, _, tot in kluis._sleutels.values()]
            assert tijden == sorted(tijden)
            assert kluis._sleutels[persoon][0] == sleutel
            if kluis._sleutels[persoon][2] == klok.nu + kluis.BEWAARTIJD:
                assert all(tot > klok.nu for tot in tijden)
    finally:
        persoonsgegevens.time.monotonic = origineel  # type: ignore[assignment]
        kluis.sluit()
