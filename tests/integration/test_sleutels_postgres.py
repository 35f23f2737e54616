"""The personal keys of a batch on the production key store (services/persoonsgegevens.py `PostgresKluis`),
on a real PostgreSQL: `bereid_voor` makes the missing keys and reads the existing ones in one round trip
and never makes one for an erased person; `lees_voor` reads what there is in one round trip and makes
nothing. (The same on the embedded store: tests/security/test_sleutels_per_batch.py.)"""

from __future__ import annotations

from typing import Any

import pytest

from services.persoonsgegevens import PostgresKluis
from tests.integration.conftest import Omgeving

pytestmark = pytest.mark.integration


class Tellend:
    """A connection that counts its statements (one round trip each)."""

    def __init__(self, con: Any, teller: list[int]) -> None:
        self._con, self._teller = con, teller

    def execute(self, *args: Any, **kwargs: Any) -> Any:
        self._teller[0] += 1
        return self._con.execute(*args, **kwargs)

    def __getattr__(self, naam: str) -> Any:
        return getattr(self._con, naam)


def geteld(kluis: PostgresKluis, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the statements the key store sends (every one goes through `_voer_uit`'s connection)."""
    teller = [0]
    echt = kluis._voer_uit
    monkeypatch.setattr(kluis, "_voer_uit", lambda werk: echt(lambda con: werk(Tellend(con, teller))))
    return teller


def test_sleutels_van_een_batch_op_postgresql_in_een_round_trip(omgeving: Omgeving, monkeypatch: pytest.MonkeyPatch) -> None:
    kluis = PostgresKluis(omgeving.database_url)
    a = kluis.sleutel("a", maak=True)
    kluis.sleutel("weg", maak=True)
    assert kluis.wis("weg")
    kluis._sleutels.clear()

    teller = geteld(kluis, monkeypatch)
    kluis.bereid_voor(["a", "b", "weg", "b"])
    assert teller[0] == 1
    assert set(kluis._sleutels) == {"a", "b"} and kluis._sleutels["a"][0] == a  # kept, made; none for the erased
    b = kluis._sleutels["b"][0]

    kluis._sleutels.clear()
    teller[0] = 0
    kluis.lees_voor(["a", "b", "weg", "nieuw"])
    assert teller[0] == 1
    assert {p: w[0] for p, w in kluis._sleutels.items()} == {"a": a, "b": b}  # nothing made for "nieuw"
    monkeypatch.undo()
    assert kluis.sleutel("nieuw", maak=False) is None and kluis.sleutel("weg", maak=False) is None
    kluis.sluit()
