"""The iWlz publisher's memory of persons (services/adapters/iwlz/outbound.py, `Personen`): one entry per
case for as long as it runs, so each is kept as plain tuples the garbage collector stops tracking; a
re-indication adds its IO31 client block to the earlier ones."""

from __future__ import annotations

import gc
from datetime import date

from services.adapters.iwlz.outbound import Personen


def _indicatie(besluit: str, client: str | None) -> dict[str, object]:
    return {
        "event_type": "IndicatieOntvangen",
        "case_id": "c-1",
        "payload": {"bsn": "123456782", "geboortedatum": "1940-01-12", "indicatiebesluit_id": besluit, "iwlz_client": client},
    }


def test_een_persoon_wordt_niet_gevolgd_door_de_garbage_collector() -> None:
    personen = Personen()
    personen.zie(_indicatie("b-1", '{"Naam": "Jansen"}'))
    personen.zie(_indicatie("b-2", '{"Naam": "Jansen-de Vries"}'))
    persoon = personen.van("c-1")
    assert persoon is not None
    assert persoon.bsn == "123456782" and persoon.geboortedatum == date(1940, 1, 12)
    assert persoon.iwlz_client == {"b-1": '{"Naam": "Jansen"}', "b-2": '{"Naam": "Jansen-de Vries"}'}
    for _ in range(3):  # a collection untracks a tuple once what it holds is untracked: the inner ones first
        gc.collect()
    assert not any(gc.is_tracked(bewaard) for bewaard in personen._per_case.values()), "kept for every case: nothing to scan"


def test_een_herindicatie_zonder_clientblok_houdt_het_eerdere() -> None:
    personen = Personen()
    personen.zie(_indicatie("b-1", '{"Naam": "Jansen"}'))
    personen.zie(_indicatie("b-2", None))
    persoon = personen.van("c-1")
    assert persoon is not None and persoon.iwlz_client == {"b-1": '{"Naam": "Jansen"}'}
