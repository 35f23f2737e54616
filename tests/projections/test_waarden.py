"""The projection store writes a row's values as `dataclasses.astuple` would (projections/store.py,
`waarden`): every row class it writes holds scalars only, so no deep copy is needed."""

from __future__ import annotations

from dataclasses import astuple, fields
from typing import Any, get_type_hints

import pytest

from projections import ledger
from projections.store import waarden

RIJEN = [
    ledger.Budgetregel,
    ledger.Mutatie,
    ledger.Plafondrij,
    ledger.Drempelrij,
    ledger.Positierij,
    ledger.Alert,
    ledger.Overhevelingsregel,
]
SCALAIR = {str, int, bool, float, type(None)}


def voorbeeld(klasse: type) -> Any:
    soorten = get_type_hints(klasse)
    waarde = {str: "x", int: 7, bool: True, float: 1.5}
    return klasse(**{f.name: next(waarde[t] for t in waarde if t in _delen(soorten[f.name])) for f in fields(klasse)})


def _delen(soort: Any) -> set[Any]:
    return set(getattr(soort, "__args__", (soort,)))


@pytest.mark.parametrize("klasse", RIJEN, ids=lambda k: k.__name__)
def test_een_rij_bestaat_uit_scalairen_en_geeft_wat_astuple_geeft(klasse: type) -> None:
    for naam, soort in get_type_hints(klasse).items():
        assert _delen(soort) <= SCALAIR, f"{klasse.__name__}.{naam}: {soort} is not a scalar; waarden() would not copy it"
    rij = voorbeeld(klasse)
    assert waarden(rij) == astuple(rij)
