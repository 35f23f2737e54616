"""Two erasures of the same person at once on PostgreSQL (tests/security/test_wissen_gelijktijdig.py has
the SQLite variant): the event store's unique (originator, version) refuses the second append - through
the binary COPY of services/adapters/store/postgres.py too - as the library's IntegrityError; exactly one
erasure is recorded and the other reloads and finishes."""

from __future__ import annotations

import pytest
from pydantic import SecretStr

from services.settings import Settings
from tests.integration.conftest import Omgeving
from tests.security.test_wissen_gelijktijdig import controleer_een_wissing, twee_gelijktijdige_wissingen

pytestmark = pytest.mark.integration


def test_twee_gelijktijdige_wissingen_leggen_een_wissing_vast_postgres(omgeving: Omgeving) -> None:
    settings = Settings(persistence="postgres", database_url=SecretStr(omgeving.database_url))
    derde, uitkomsten = twee_gelijktijdige_wissingen(settings)
    try:
        controleer_een_wissing(derde, uitkomsten)
    finally:
        derde.close()
