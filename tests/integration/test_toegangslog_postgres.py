"""The NEN 7513 access log in PostgreSQL: append-only by trigger, and a changed entry caught by the chain."""

from __future__ import annotations

import psycopg
import pytest

from services.adapters.toegangslog import Actie, PostgresToegangslog, Uitkomst
from tests.integration.conftest import Omgeving

pytestmark = pytest.mark.integration


def test_postgres_toegangslog_is_alleen_toevoegen_en_verifieerbaar(omgeving: Omgeving) -> None:
    log = PostgresToegangslog(omgeving.database_url)
    try:
        for n in range(5):
            log.schrijf(
                wie=f"medewerker-{n}",
                rol="zorgkantoor",
                regio="Utrecht",
                actie=Actie.LEZEN,
                persoon="0d5a4a56-1f0e-4d5c-8f35-7e7f00c0ffee",
                gegevens="case",
                doel="cli case show",
                uitkomst=Uitkomst.TOEGESTAAN,
            )
        assert log.verifieer()[0] == 5 and log.verifieer()[2] == []
        # a second writer (another process) extends the same chain
        tweede = PostgresToegangslog(omgeving.database_url)
        tweede.schrijf(
            wie="x", rol="auditor", regio=None, actie=Actie.LEZEN, persoon=None, gegevens="dlq", doel="t", uitkomst=Uitkomst.TOEGESTAAN
        )
        tweede.sluit()
        assert [r.volgnummer for r in log.regels()] == [1, 2, 3, 4, 5, 6] and log.verifieer()[2] == []

        # the database drops the log's connection (a restart): the next entry connects again
        with psycopg.connect(omgeving.database_url, autocommit=True) as con:
            andere = "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            con.execute(f"SELECT pg_terminate_backend(pid) FROM ({andere}) AS a")  # type: ignore[arg-type]
        log.schrijf(
            wie="y", rol="auditor", regio=None, actie=Actie.LEZEN, persoon=None, gegevens="dlq", doel="t", uitkomst=Uitkomst.TOEGESTAAN
        )
        assert log.verifieer()[0] == 7

        with psycopg.connect(omgeving.database_url, autocommit=True) as con:
            for sql in ("UPDATE toegangslog SET wie = 'ander' WHERE volgnummer = 2", "DELETE FROM toegangslog", "TRUNCATE toegangslog"):
                with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
                    con.execute(sql)  # type: ignore[arg-type]
            con.execute("ALTER TABLE toegangslog DISABLE TRIGGER toegangslog_geen_wijziging")
            con.execute("UPDATE toegangslog SET regio = 'Zeeland' WHERE volgnummer = 2")
            con.execute("DELETE FROM toegangslog WHERE volgnummer = 4")
        problemen = log.verifieer()[2]
        assert "regel 2: inhoud past niet bij de hash (gewijzigd)" in problemen
        assert any(p.startswith("regel 5: volgnummer 4 verwacht") for p in problemen)
        assert "regel 5: verwijst niet naar de hash van de regel ervoor" in problemen
    finally:
        log.sluit()
