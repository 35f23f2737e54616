"""The read-model tables are defined by their rows, and the budget row by the one budget shape."""

from __future__ import annotations

import sqlite3
from dataclasses import fields
from pathlib import Path

from events.besluiten import Jaarbudget
from projections.ledger import Budgetregel
from projections.store import TABELLEN, SqliteLedgerStore


def test_het_budgetledger_heeft_de_velden_van_het_jaarbudget() -> None:
    """Every field of the yearly budget is a column of the budget ledger, in its order (a nested record,
    such as the plafond check, is not a column); before it the case, after it where it was recorded."""
    kolommen = [f.name for f in fields(Budgetregel)]
    eigen = [n for n, v in Jaarbudget.model_fields.items() if n != "plafondtoets"]
    assert kolommen == ["case_id", *eigen, "regelset", "event_id", "notificatie"]
    assert TABELLEN["budget_ledger"].kolommen == kolommen


def test_tabeldefinitie_uit_de_velden() -> None:
    typen = TABELLEN["plafond_ledger"].typen()
    assert typen["regio"] == "TEXT NOT NULL" and typen["toegekend_pgb"] == "BIGINT NOT NULL"
    assert typen["plafond"] == "BIGINT" and typen["percentage"] == "TEXT"  # NULL when the plafond is uncertain
    assert TABELLEN["plafond_drempel"].typen()["bereikt"] == "BOOLEAN NOT NULL"
    assert TABELLEN["budget_ledger"].ddl().endswith("PRIMARY KEY (case_id, jaar)")


async def test_een_nieuwe_kolom_komt_erbij_in_een_bestaande_tabel(tmp_path: Path) -> None:
    """A table made before a field was added gets the column (nullable) when the store starts."""
    pad = tmp_path / "projecties.sqlite"
    with sqlite3.connect(pad) as con:
        oud = ", ".join(k for k in TABELLEN["budget_ledger"].kolommen if k != "gewaarborgde_hulp")
        con.execute(f"CREATE TABLE budget_ledger ({oud}, PRIMARY KEY (case_id, jaar))")
    opslag = SqliteLedgerStore(pad)
    try:
        await opslag.maak()
        assert await opslag._kolommen_van("budget_ledger") == set(TABELLEN["budget_ledger"].kolommen)
    finally:
        await opslag.sluit()


async def test_laden_van_een_batch_is_een_query_per_500_cases(tmp_path: Path) -> None:
    """The rows a batch touches are read set-based (in chunks of 500 cases), and only the keys asked for."""
    from projections.ledger import LedgerStaat

    opslag = SqliteLedgerStore(tmp_path / "projecties.sqlite")
    try:
        await opslag.maak()
        staat = LedgerStaat()
        for n in range(600):
            for jaar in (2020, 2021):
                sleutel = (f"case-{n:04d}", jaar)
                staat.budgetten[sleutel] = Budgetregel(
                    sleutel[0],
                    jaar,
                    "Utrecht",
                    f"{jaar}-01-01",
                    f"{jaar}-12-31",
                    366,
                    "pgb",
                    1,
                    0,
                    0,
                    0,
                    0,
                    0,
                    1,
                    0,
                    1,
                    False,
                    "",
                    "r",
                    f"e{n}",
                    n + 1,
                )
                staat.gewijzigde_budgetten.add(sleutel)
        await opslag.schrijf(staat, 0, 1200)
        vragen: list[str] = []
        lees = opslag._lees

        async def tel(sql: str, *args: object) -> list[tuple[object, ...]]:
            vragen.append(sql)
            return await lees(sql, *args)

        opslag._lees = tel  # type: ignore[method-assign]
        gevraagd = {(f"case-{n:04d}", 2020) for n in range(600)}
        geladen = await opslag.laad(gevraagd)
        assert set(geladen.budgetten) == gevraagd
        assert sum("budget_ledger" in sql for sql in vragen) == 2
    finally:
        await opslag.sluit()
