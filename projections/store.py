"""Where the ledgers live: the read-model tables, written with the projection's position in one
transaction (so every stored event is applied exactly once), on SQLite (embedded) or PostgreSQL
(asyncpg). The tables are the reporting interface; they are documented in the README.
"""

from __future__ import annotations

import asyncio
import sqlite3
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, fields
from operator import attrgetter
from pathlib import Path
from types import UnionType
from typing import Any, get_args, get_type_hints

from projections.ledger import (
    Alert,
    Budgetregel,
    Drempelrij,
    LedgerStaat,
    Mutatie,
    Overhevelingsregel,
    Plafondregel,
    Plafondrij,
    Positierij,
    Vorige,
)
from services.persoonsgegevens import alleen_eigenaar

NAAM = "ledgers"


@dataclass(frozen=True, slots=True)
class Tabel:
    """A read-model table, defined by the dataclass of its rows: column names and types come from the
    fields (str TEXT, int BIGINT, bool BOOLEAN; `| None` nullable), so a row and its table cannot drift."""

    naam: str
    rij: type[Any]
    sleutel: tuple[str, ...]

    @property
    def kolommen(self) -> list[str]:
        return [f.name for f in fields(self.rij)]

    def typen(self) -> dict[str, str]:
        uit = {}
        for naam, hint in get_type_hints(self.rij).items():
            open_ = isinstance(hint, UnionType)
            kern = next(t for t in get_args(hint) if t is not type(None)) if open_ else hint
            sql = {str: "TEXT", int: "BIGINT", bool: "BOOLEAN"}[kern]
            uit[naam] = sql if open_ else f"{sql} NOT NULL"
        return uit

    def ddl(self) -> str:
        kolommen = ", ".join(f"{naam} {sql}" for naam, sql in self.typen().items())
        return f"{kolommen}, PRIMARY KEY ({', '.join(self.sleutel)})"


TABELLEN = {
    t.naam: t
    for t in (
        Tabel("projectie_positie", Positierij, ("naam",)),
        Tabel("budget_ledger", Budgetregel, ("case_id", "jaar")),
        Tabel("budget_mutatie", Mutatie, ("case_id", "jaar", "notificatie")),
        Tabel("plafond_ledger", Plafondrij, ("regio", "jaar")),
        Tabel("plafond_drempel", Drempelrij, ("regio", "jaar", "drempel")),
        Tabel("plafond_overheveling", Overhevelingsregel, ("event_id",)),
        Tabel("plafond_alert", Alert, ("alert_id",)),
    )
}
BUDGET_KOLOMMEN = TABELLEN["budget_ledger"].kolommen
MUTATIE_KOLOMMEN = TABELLEN["budget_mutatie"].kolommen
ALERT_KOLOMMEN = TABELLEN["plafond_alert"].kolommen
OVERHEVELING_KOLOMMEN = TABELLEN["plafond_overheveling"].kolommen
PLAFOND_GELEZEN = [f.name for f in fields(Plafondregel)]  # what the ledger keeps of a plafond row


def _rij(rij: Budgetregel | Vorige) -> Budgetregel:
    assert isinstance(rij, Budgetregel), "a changed budget row is always complete"
    return rij


_VELDEN: dict[type, attrgetter[Any]] = {}


def waarden(rij: Any) -> tuple[Any, ...]:
    """A row's values in column order: what `dataclasses.astuple` gives for rows of scalars (every row
    class here; tests/projections/test_waarden.py), without its deep copy (2 % of the service's CPU)."""
    klasse = type(rij)
    velden = _VELDEN.get(klasse)
    if velden is None:
        velden = _VELDEN[klasse] = attrgetter(*(f.name for f in fields(klasse)))
    uit = velden(rij)
    return uit if isinstance(uit, tuple) else (uit,)


class PositieConflict(Exception):
    """Another runner moved the projection's position first; this batch was not written."""


class LedgerStore(ABC):
    """The SQL both databases share; subclasses say how to run it (placeholders, transactions)."""

    def __init__(self, schema: str | None = None) -> None:
        self.schema = schema

    def t(self, tabel: str) -> str:
        return f'"{self.schema}".{tabel}' if self.schema else tabel

    @abstractmethod
    def ph(self, nummer: int) -> str: ...

    def _een_van(self, kolom: str, waarden: list[Any]) -> tuple[str, list[Any]]:
        """`kolom` is one of `waarden`: the condition and its arguments (one placeholder per value)."""
        return f"{kolom} IN ({', '.join(self.ph(i + 1) for i in range(len(waarden)))})", waarden

    @abstractmethod
    async def _uitvoeren(self, opdrachten: Sequence[tuple[str, Sequence[Sequence[Any]]]], positie: tuple[int, int] | None) -> None: ...

    @abstractmethod
    async def _lees(self, sql: str, *args: Any) -> list[tuple[Any, ...]]: ...

    @abstractmethod
    async def _kolommen_van(self, tabel: str) -> set[str]: ...

    def _upsert(self, tabel: str, kolommen: list[str], sleutel: list[str]) -> str:
        waarden = ", ".join(self.ph(i + 1) for i in range(len(kolommen)))
        rest = [k for k in kolommen if k not in sleutel]
        zet = ", ".join(f"{k} = excluded.{k}" for k in rest)
        doel = f"{self.t(tabel)} ({', '.join(kolommen)})"
        return f"INSERT INTO {doel} VALUES ({waarden}) ON CONFLICT ({', '.join(sleutel)}) DO UPDATE SET {zet}"

    def _upsert_tabel(self, naam: str) -> str:
        tabel = TABELLEN[naam]
        return self._upsert(naam, tabel.kolommen, list(tabel.sleutel))

    def _insert(self, tabel: str, kolommen: list[str]) -> str:
        waarden = ", ".join(self.ph(i + 1) for i in range(len(kolommen)))
        return f"INSERT INTO {self.t(tabel)} ({', '.join(kolommen)}) VALUES ({waarden}) ON CONFLICT DO NOTHING"

    def _ddl(self) -> list[str]:
        opdrachten = [f'CREATE SCHEMA IF NOT EXISTS "{self.schema}"'] if self.schema else []
        opdrachten += [f"CREATE TABLE IF NOT EXISTS {self.t(naam)} ({tabel.ddl()})" for naam, tabel in TABELLEN.items()]
        opdrachten.append(f"CREATE INDEX IF NOT EXISTS budget_ledger_regio ON {self.t('budget_ledger')} (regio, jaar)")
        return opdrachten

    async def maak(self) -> None:
        await self._uitvoeren([(sql, [()]) for sql in self._ddl()], None)
        # a column added to a row since the table was made: added, nullable (additive changes only)
        for naam, tabel in TABELLEN.items():
            bestaand = await self._kolommen_van(naam)
            nieuw = [(k, sql.removesuffix(" NOT NULL")) for k, sql in tabel.typen().items() if k not in bestaand]
            if nieuw:
                await self._uitvoeren([(f"ALTER TABLE {self.t(naam)} ADD COLUMN {k} {sql}", [()]) for k, sql in nieuw], None)
        positie = TABELLEN["projectie_positie"]
        await self._uitvoeren([(self._insert(positie.naam, positie.kolommen), [waarden(Positierij(NAAM, 0))])], None)

    async def positie(self) -> int:
        rijen = await self._lees(f"SELECT positie FROM {self.t('projectie_positie')} WHERE naam = {self.ph(1)}", NAAM)
        return int(rijen[0][0]) if rijen else 0

    async def laad(self, budgetten: set[tuple[str, int]]) -> LedgerStaat:
        """The budget rows a batch touches, and every plafond and threshold row of the years involved."""
        staat = LedgerStaat()
        # set-based: the batch's cases in one query per chunk, not one query per budget
        cases = sorted({case_id for case_id, _ in budgetten})
        for begin in range(0, len(cases), 500):
            deel = cases[begin : begin + 500]
            waar, args = self._een_van("case_id", deel)
            for rij in await self._lees(f"SELECT {', '.join(BUDGET_KOLOMMEN)} FROM {self.t('budget_ledger')} WHERE {waar}", *args):
                regel = Budgetregel(*rij)
                if (regel.case_id, regel.jaar) in budgetten:
                    staat.budgetten[(regel.case_id, regel.jaar)] = regel
        for rij in await self._lees(f"SELECT {', '.join(PLAFOND_GELEZEN)} FROM {self.t('plafond_ledger')}"):
            staat.plafonds[(rij[0], rij[1])] = Plafondregel(*rij)
        for rij in await self._lees(f"SELECT regio, jaar, drempel, bereikt FROM {self.t('plafond_drempel')}"):
            staat.drempels[(rij[0], rij[1], rij[2])] = bool(rij[3])
        return staat

    async def schrijf(self, staat: LedgerStaat, van: int, tot: int) -> None:
        """What changed, with the position moved from `van` to `tot`, in one transaction."""
        plafonds = [staat.plafonds[s] for s in sorted(staat.gewijzigde_plafonds)]
        opdrachten: list[tuple[str, Sequence[Sequence[Any]]]] = [
            (
                self._upsert_tabel("budget_ledger"),
                [waarden(_rij(staat.budgetten[s])) for s in sorted(staat.gewijzigde_budgetten)],
            ),
            (self._insert("budget_mutatie", MUTATIE_KOLOMMEN), [waarden(m) for m in staat.mutaties]),
            (self._upsert_tabel("plafond_ledger"), [waarden(p.rij()) for p in plafonds]),
            (
                self._upsert_tabel("plafond_drempel"),
                [waarden(Drempelrij(r, j, d, b)) for (r, j, d), b in sorted(staat.drempels.items()) if (r, j) in staat.gewijzigde_plafonds],
            ),
            (self._insert("plafond_alert", ALERT_KOLOMMEN), [waarden(a) for a in staat.alerts]),
            (self._insert("plafond_overheveling", OVERHEVELING_KOLOMMEN), [waarden(o) for o in staat.overhevelingen]),
        ]
        await self._uitvoeren([(sql, rijen) for sql, rijen in opdrachten if rijen], (van, tot))
        staat.wis_wijzigingen()

    def _positie_sql(self) -> str:
        return f"UPDATE {self.t('projectie_positie')} SET positie = {self.ph(1)} WHERE naam = {self.ph(2)} AND positie = {self.ph(3)}"

    async def budgetten(self, case_id: str | None = None) -> list[Budgetregel]:
        waar = f" WHERE case_id = {self.ph(1)}" if case_id else ""
        sql = f"SELECT {', '.join(BUDGET_KOLOMMEN)} FROM {self.t('budget_ledger')}{waar} ORDER BY case_id, jaar"
        return [Budgetregel(*r) for r in await self._lees(sql, *([case_id] if case_id else []))]

    async def aantal(self, tabel: str) -> int:
        if tabel not in TABELLEN:
            raise ValueError(f"onbekende tabel {tabel}")
        return int((await self._lees(f"SELECT COUNT(*) FROM {self.t(tabel)}"))[0][0])

    async def mutaties(self, case_id: str | None = None) -> list[Mutatie]:
        waar = f" WHERE case_id = {self.ph(1)}" if case_id else ""
        sql = f"SELECT {', '.join(MUTATIE_KOLOMMEN)} FROM {self.t('budget_mutatie')}{waar} ORDER BY case_id, jaar, notificatie"
        return [Mutatie(*r) for r in await self._lees(sql, *([case_id] if case_id else []))]

    async def plafonds(self, jaar: int | None = None) -> list[Plafondregel]:
        waar = f" WHERE jaar = {self.ph(1)}" if jaar is not None else ""
        sql = f"SELECT {', '.join(PLAFOND_GELEZEN)} FROM {self.t('plafond_ledger')}{waar} ORDER BY jaar, regio"
        return [Plafondregel(*r) for r in await self._lees(sql, *([jaar] if jaar is not None else []))]

    async def overhevelingen(self, jaar: int | None = None) -> list[Overhevelingsregel]:
        waar = f" WHERE jaar = {self.ph(1)}" if jaar is not None else ""
        sql = f"SELECT {', '.join(OVERHEVELING_KOLOMMEN)} FROM {self.t('plafond_overheveling')}{waar} ORDER BY notificatie"
        return [Overhevelingsregel(*r) for r in await self._lees(sql, *([jaar] if jaar is not None else []))]

    async def alerts(self) -> list[Alert]:
        sql = f"SELECT {', '.join(ALERT_KOLOMMEN)} FROM {self.t('plafond_alert')} ORDER BY notificatie, drempel"
        return [Alert(*r) for r in await self._lees(sql)]

    async def pagina(self, tabel: str, grootte: int = 20_000) -> AsyncIterator[tuple[Any, ...]]:
        """Every row of a ledger table in key order, read a page at a time (keyset pagination)."""
        sleutels = list(TABELLEN[tabel].sleutel)
        kolommen = TABELLEN[tabel].kolommen
        orde = ", ".join(sleutels)
        laatste: tuple[Any, ...] | None = None
        while True:
            if laatste is None:
                sql = f"SELECT {', '.join(kolommen)} FROM {self.t(tabel)} ORDER BY {orde} LIMIT {grootte}"
                rijen = await self._lees(sql)
            else:
                na = ", ".join(self.ph(i + 1) for i in range(len(sleutels)))
                sql = f"SELECT {', '.join(kolommen)} FROM {self.t(tabel)} WHERE ({orde}) > ({na}) ORDER BY {orde} LIMIT {grootte}"
                rijen = await self._lees(sql, *laatste)
            for rij in rijen:
                yield tuple(rij)
            if len(rijen) < grootte:
                return
            laatste = tuple(rijen[-1][kolommen.index(k)] for k in sleutels)

    async def alerts_na(self, notificatie: int, limiet: int = 500) -> list[Alert]:
        """Alerts from events after `notificatie`, oldest first (for the alert publisher)."""
        sql = (
            f"SELECT {', '.join(ALERT_KOLOMMEN)} FROM {self.t('plafond_alert')} WHERE notificatie > {self.ph(1)} "
            f"ORDER BY notificatie, drempel LIMIT {int(limiet)}"
        )
        return [Alert(*r) for r in await self._lees(sql, notificatie)]

    async def drempels(self) -> dict[tuple[str, int, int], bool]:
        rijen = await self._lees(f"SELECT regio, jaar, drempel, bereikt FROM {self.t('plafond_drempel')}")
        return {(r[0], r[1], r[2]): bool(r[3]) for r in rijen}

    async def sluit(self) -> None:
        return None


class SqliteLedgerStore(LedgerStore):
    """The embedded default: one SQLite file for the read side, apart from the event store's."""

    def __init__(self, pad: Path) -> None:
        super().__init__(None)
        pad.parent.mkdir(parents=True, exist_ok=True)
        self._con = sqlite3.connect(pad, check_same_thread=False, isolation_level=None)
        self._con.execute("PRAGMA journal_mode=WAL")
        alleen_eigenaar(pad)
        self._slot = asyncio.Lock()

    def ph(self, nummer: int) -> str:
        return "?"

    async def _uitvoeren(self, opdrachten: Sequence[tuple[str, Sequence[Sequence[Any]]]], positie: tuple[int, int] | None) -> None:
        def doe() -> None:
            cur = self._con.cursor()
            cur.execute("BEGIN IMMEDIATE")
            try:
                for sql, rijen in opdrachten:
                    if rijen == [()]:
                        cur.execute(sql)
                    else:
                        cur.executemany(sql, rijen)
                if positie is not None:
                    cur.execute(self._positie_sql(), (positie[1], NAAM, positie[0]))
                    if cur.rowcount != 1:
                        raise PositieConflict(f"positie is niet meer {positie[0]}")
                cur.execute("COMMIT")
            except BaseException:
                cur.execute("ROLLBACK")
                raise

        async with self._slot:
            await asyncio.to_thread(doe)

    async def _lees(self, sql: str, *args: Any) -> list[tuple[Any, ...]]:
        async with self._slot:
            return await asyncio.to_thread(lambda: list(self._con.execute(sql, args).fetchall()))

    async def _kolommen_van(self, tabel: str) -> set[str]:
        return {str(r[1]) for r in await self._lees(f"PRAGMA table_info({tabel})")}

    async def sluit(self) -> None:
        self._con.close()


class PostgresLedgerStore(LedgerStore):
    """Production: the read side on PostgreSQL through asyncpg (one pool, short transactions)."""

    def __init__(self, pool: Any, schema: str = "public") -> None:
        super().__init__(schema)
        self._pool = pool

    @classmethod
    async def verbind(cls, database_url: str, schema: str = "public") -> PostgresLedgerStore:
        import asyncpg

        return cls(await asyncpg.create_pool(database_url, min_size=1, max_size=4), schema)

    def ph(self, nummer: int) -> str:
        return f"${nummer}"

    def _een_van(self, kolom: str, waarden: list[Any]) -> tuple[str, list[Any]]:
        return f"{kolom} = ANY($1)", [waarden]

    async def _uitvoeren(self, opdrachten: Sequence[tuple[str, Sequence[Sequence[Any]]]], positie: tuple[int, int] | None) -> None:
        async with self._pool.acquire() as con, con.transaction():
            for sql, rijen in opdrachten:
                if rijen == [()]:
                    await con.execute(sql)
                else:
                    await con.executemany(sql, rijen)
            if positie is not None:
                status = await con.execute(self._positie_sql(), positie[1], NAAM, positie[0])
                if status != "UPDATE 1":
                    raise PositieConflict(f"positie is niet meer {positie[0]}")

    async def _lees(self, sql: str, *args: Any) -> list[tuple[Any, ...]]:
        async with self._pool.acquire() as con:
            return [tuple(r) for r in await con.fetch(sql, *args)]

    async def _kolommen_van(self, tabel: str) -> set[str]:
        sql = "SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2"
        return {str(r[0]) for r in await self._lees(sql, self.schema, tabel)}

    async def sluit(self) -> None:
        await self._pool.close()
