"""Erasure on PostgreSQL, raced and cut off. Two erasures of the same person at once
(tests/security/test_wissen_gelijktijdig.py has the SQLite variant): the event store's unique
(originator, version) refuses the second append - through
the binary COPY of services/adapters/store/postgres.py too - as the library's IntegrityError; exactly one
erasure is recorded and the other reloads and finishes. An erasure cut off between recording and the key
is finished at the next start (tests/security/test_wissen_bij_start.py)."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest
from pydantic import SecretStr

from services.application import WlzService
from services.settings import Settings
from tests.conftest import BSN, indicatie
from tests.integration.conftest import Omgeving
from tests.integration.test_wissen import sleutelstore
from tests.security.test_wissen_bij_start import gedood_na_vastleggen
from tests.security.test_wissen_gelijktijdig import controleer_een_wissing, twee_gelijktijdige_wissingen

pytestmark = pytest.mark.integration


def test_twee_gelijktijdige_wissingen_leggen_een_wissing_vast_postgres(omgeving: Omgeving) -> None:
    settings = Settings(persistence="postgres", database_url=SecretStr(omgeving.database_url))
    derde, uitkomsten = twee_gelijktijdige_wissingen(settings)
    try:
        controleer_een_wissing(derde, uitkomsten)
    finally:
        derde.close()


def test_een_afgebroken_wissing_wordt_bij_de_volgende_start_afgemaakt_postgres(omgeving: Omgeving, monkeypatch: Any) -> None:
    """tests/security/test_wissen_bij_start.py on PostgreSQL: the mark and the key in the key store's own
    database; the next `WlzService` (as `wlz serve` and every command build it) deletes the key."""
    settings = Settings(persistence="postgres", database_url=SecretStr(omgeving.database_url))
    service = WlzService(settings)
    service.verwerk(indicatie("5VV"))
    case_id = service.case_id(BSN)
    gedood_na_vastleggen(service, monkeypatch)
    assert sleutel_en_graf(omgeving, str(case_id)) == (1, 0, 1)  # key, tombstone, mark
    opnieuw = WlzService(settings)
    try:
        assert sleutel_en_graf(omgeving, str(case_id)) == (0, 1, 0)
        assert [e.event_type for e in opnieuw.historie(case_id)].count("PersoonsgegevensGewist") == 1
    finally:
        opnieuw.close()


def sleutel_en_graf(omgeving: Omgeving, persoon: str) -> tuple[int, int, int]:
    with psycopg.connect(sleutelstore(omgeving)) as con:
        return tuple(  # type: ignore[return-value]
            con.execute(f"SELECT COUNT(*) FROM {tabel} WHERE persoon = %s", (persoon,)).fetchone()[0]  # type: ignore[index]
            for tabel in ("persoonssleutels", "gewiste_personen", "lopende_wissingen")
        )
