"""Where the ledgers live: the read-model tables, written with the projection's position in one
transaction (so every stored event is applied exactly once), on SQLite (embedded) or PostgreSQL
(asyncpg). The tables are the reporting interface; they are documented in the README.
"""

from __future__ import annotations

import asyncio
import sqlite3
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Sequence
from dataclasses import astuple, fields
from pathlib import Path
from typing import Any

from projections.ledger import Alert, Budgetregel, LedgerStaat, Mutatie, Overhevelingsregel, Plafondregel, Vorige

NAAM = "ledgers"

TABELLEN = {
    "projectie_positie": "naam TEXT PRIMARY KEY, positie BIGINT NOT NULL",
    "budget_ledger": (
        "case_id TEXT NOT NULL, jaar INTEGER NOT NULL, regio TEXT NOT NULL, van TEXT NOT NULL, tot TEXT NOT NULL, "
        "dagen INTEGER NOT NULL, leveringsvormen TEXT NOT NULL, basisbedrag BIGINT NOT NULL, deeltijd_korting BIGINT NOT NULL, "
        "ekt BIGINT NOT NULL, toeslagen BIGINT NOT NULL, meerzorg BIGINT NOT NULL, kleinschalig_wooninitiatief BIGINT NOT NULL, "
        "totaal BIGINT NOT NULL, mpt_deel BIGINT NOT NULL, pgb_deel BIGINT NOT NULL, regelset TEXT NOT NULL, "
        "event_id TEXT NOT NULL, notificatie BIGINT NOT NULL, PRIMARY KEY (case_id, jaar)"
    ),
    "budget_mutatie": (
        "case_id TEXT NOT NULL, jaar INTEGER NOT NULL, notificatie BIGINT NOT NULL, event_id TEXT NOT NULL, "
        "aanleiding TEXT NOT NULL, totaal BIGINT NOT NULL, pgb_deel BIGINT NOT NULL, verschil_totaal BIGINT NOT NULL, "
        "verschil_pgb BIGINT NOT NULL, PRIMARY KEY (case_id, jaar, notificatie)"
    ),
    "plafond_ledger": (
        "regio TEXT NOT NULL, jaar INTEGER NOT NULL, artikel TEXT NOT NULL, plafond BIGINT, onzeker TEXT NOT NULL, "
        "toegekend_pgb BIGINT NOT NULL, ruimte BIGINT, percentage TEXT, PRIMARY KEY (regio, jaar)"
    ),
    "plafond_drempel": (
        "regio TEXT NOT NULL, jaar INTEGER NOT NULL, drempel INTEGER NOT NULL, bereikt BOOLEAN NOT NULL, PRIMARY KEY (regio, jaar, drempel)"
    ),
    "plafond_overheveling": (
        "event_id TEXT PRIMARY KEY, regio TEXT NOT NULL, jaar INTEGER NOT NULL, bedrag BIGINT NOT NULL, referentie TEXT NOT NULL, "
        "besluitdatum TEXT NOT NULL, bron TEXT NOT NULL, notificatie BIGINT NOT NULL"
    ),
    "plafond_alert": (
        "alert_id TEXT PRIMARY KEY, regio TEXT NOT NULL, jaar INTEGER NOT NULL, drempel INTEGER NOT NULL, percentage TEXT NOT NULL, "
        "toegekend_pgb BIGINT NOT NULL, plafond BIGINT NOT NULL, artikel TEXT NOT NULL, notificatie BIGINT NOT NULL"
    ),
}
BUDGET_KOLOMMEN = [f.name for f in fields(Budgetregel)]
MUTATIE_KOLOMMEN = [f.name for f in fields(Mutatie)]
ALERT_KOLOMMEN = [f.name for f in fields(Alert)]
OVERHEVELING_KOLOMMEN = [f.name for f in fields(Overhevelingsregel)]
PLAFOND_KOLOMMEN = ["regio", "jaar", "artikel", "plafond", "onzeker", "toegekend_pgb", "ruimte", "percentage"]


def _rij(rij: Budgetregel | Vorige) -> Budgetregel:
    assert isinstance(rij, Budgetregel), "a changed budget row is always complete"
    return rij


def _tekst(waarde: object) -> str | None:
    return None if waarde is None else str(waarde)


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

    @abstractmethod
    async def _uitvoeren(self, opdrachten: Sequence[tuple[str, Sequence[Sequence[Any]]]], positie: tuple[int, int] | None) -> None: ...

    @abstractmethod
    async def _lees(self, sql: str, *args: Any) -> list[tuple[Any, ...]]: ...

    def _upsert(self, tabel: str, kolommen: list[str], sleutel: list[str]) -> str:
        waarden = ", ".join(self.ph(i + 1) for i in range(len(kolommen)))
        rest = [k for k in kolommen if k not in sleutel]
        zet = ", ".join(f"{k} = excluded.{k}" for k in rest)
        doel = f"{self.t(tabel)} ({', '.join(kolommen)})"
        return f"INSERT INTO {doel} VALUES ({waarden}) ON CONFLICT ({', '.join(sleutel)}) DO UPDATE SET {zet}"

    def _insert(self, tabel: str, kolommen: list[str]) -> str:
        waarden = ", ".join(self.ph(i + 1) for i in range(len(kolommen)))
        return f"INSERT INTO {self.t(tabel)} ({', '.join(kolommen)}) VALUES ({waarden}) ON CONFLICT DO NOTHING"

    def _ddl(self) -> list[str]:
        opdrachten = [f'CREATE SCHEMA IF NOT EXISTS "{self.schema}"'] if self.schema else []
        opdrachten += [f"CREATE TABLE IF NOT EXISTS {self.t(naam)} ({kolommen})" for naam, kolommen in TABELLEN.items()]
        opdrachten.append(f"CREATE INDEX IF NOT EXISTS budget_ledger_regio ON {self.t('budget_ledger')} (regio, jaar)")
        return opdrachten

    async def maak(self) -> None:
        await self._uitvoeren([(sql, [()]) for sql in self._ddl()], None)
        await self._uitvoeren([(self._insert("projectie_positie", ["naam", "positie"]), [(NAAM, 0)])], None)

    async def positie(self) -> int:
        rijen = await self._lees(f"SELECT positie FROM {self.t('projectie_positie')} WHERE naam = {self.ph(1)}", NAAM)
        return int(rijen[0][0]) if rijen else 0

    async def laad(self, budgetten: set[tuple[str, int]]) -> LedgerStaat:
        """The budget rows a batch touches, and every plafond and threshold row of the years involved."""
        staat = LedgerStaat()
        sql = f"SELECT {', '.join(BUDGET_KOLOMMEN)} FROM {self.t('budget_ledger')} WHERE case_id = {self.ph(1)} AND jaar = {self.ph(2)}"
        for case_id, jaar in budgetten:
            rijen = await self._lees(sql, case_id, jaar)
            for rij in rijen:
                staat.budgetten[(case_id, jaar)] = Budgetregel(*rij)
        for rij in await self._lees(f"SELECT regio, jaar, artikel, plafond, onzeker, toegekend_pgb FROM {self.t('plafond_ledger')}"):
            staat.plafonds[(rij[0], rij[1])] = Plafondregel(*rij)
        for rij in await self._lees(f"SELECT regio, jaar, drempel, bereikt FROM {self.t('plafond_drempel')}"):
            staat.drempels[(rij[0], rij[1], rij[2])] = bool(rij[3])
        return staat

    async def schrijf(self, staat: LedgerStaat, van: int, tot: int) -> None:
        """What changed, with the position moved from `van` to `tot`, in one transaction."""
        plafonds = [staat.plafonds[s] for s in sorted(staat.gewijzigde_plafonds)]
        opdrachten: list[tuple[str, Sequence[Sequence[Any]]]] = [
            (
                self._upsert("budget_ledger", BUDGET_KOLOMMEN, ["case_id", "jaar"]),
                [astuple(_rij(staat.budgetten[s])) for s in sorted(staat.gewijzigde_budgetten)],
            ),
            (self._insert("budget_mutatie", MUTATIE_KOLOMMEN), [astuple(m) for m in staat.mutaties]),
            (
                self._upsert("plafond_ledger", PLAFOND_KOLOMMEN, ["regio", "jaar"]),
                [(p.regio, p.jaar, p.artikel, p.plafond, p.onzeker, p.toegekend_pgb, p.ruimte, _tekst(p.percentage)) for p in plafonds],
            ),
            (
                self._upsert("plafond_drempel", ["regio", "jaar", "drempel", "bereikt"], ["regio", "jaar", "drempel"]),
                [(r, j, d, b) for (r, j, d), b in sorted(staat.drempels.items()) if (r, j) in staat.gewijzigde_plafonds],
            ),
            (self._insert("plafond_alert", ALERT_KOLOMMEN), [astuple(a) for a in staat.alerts]),
            (self._insert("plafond_overheveling", OVERHEVELING_KOLOMMEN), [astuple(o) for o in staat.overhevelingen]),
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
        sql = f"SELECT regio, jaar, artikel, plafond, onzeker, toegekend_pgb FROM {self.t('plafond_ledger')}{waar} ORDER BY jaar, regio"
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
        sleutels = {"budget_ledger": ["case_id", "jaar"], "budget_mutatie": ["case_id", "jaar", "notificatie"]}[tabel]
        kolommen = BUDGET_KOLOMMEN if tabel == "budget_ledger" else MUTATIE_KOLOMMEN
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

    async def sluit(self) -> None:
        await self._pool.close()
