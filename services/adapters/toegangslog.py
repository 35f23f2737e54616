"""The NEN 7513 access log: who read or changed whose personal data, when, which data and why.

Append-only and tamper-evident: every entry carries the hash of the entry before it (a hash chain), so
changing, inserting or removing an entry anywhere but at the very end breaks `verifieer`. The database
also refuses UPDATE, DELETE and TRUNCATE on the table (a trigger, and in PostgreSQL no such grants for
PUBLIC), so changing it needs someone who can drop the trigger first - and then the chain shows it.
Removing entries from the end is only visible against a kept head hash: `wlz toegangslog verify` prints
the number of entries and the last hash for that purpose.

The person is the case id (an HMAC of the BSN, see services/identiteit.py), never the BSN. Embedded the
log is `$WLZ_DATA_DIR/toegangslog.sqlite`; in production the table `toegangslog` in the event store's
PostgreSQL database. One writer at a time extends the chain (SQLite: BEGIN IMMEDIATE; PostgreSQL: a
transaction-scoped advisory lock).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import astuple, dataclass, fields
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from services.settings import Settings

BEGIN_HASH = "0" * 64
T = TypeVar("T")
LOCK_SLEUTEL = 7513  # the advisory lock that serialises writers in PostgreSQL


class Actie(StrEnum):
    LEZEN = "lezen"
    WIJZIGEN = "wijzigen"
    AUTHENTICATIE = "authenticatie"


class Uitkomst(StrEnum):
    TOEGESTAAN = "toegestaan"
    GEWEIGERD = "geweigerd"
    NIET_GEVONDEN = "niet-gevonden"
    ONGELDIG_TOKEN = "ongeldig-token"


@dataclass(frozen=True, slots=True)
class Toegangsregel:
    """One entry. `persoon` is a case id or None (no single person: a ledger, a search, a failed login)."""

    volgnummer: int
    tijdstip: str  # ISO 8601, UTC
    wie: str  # the token's subject (HTTP) or `cli:<os user>`
    rol: str  # the role it acted in; empty when the caller could not be authenticated
    regio: str | None
    actie: str  # Actie
    persoon: str | None
    gegevens: str  # which data: case, budget, audit, zoeken, plafondledger, dlq, toegangslog, persoonsgegevens
    doel: str  # purpose or context: the command or the HTTP route
    uitkomst: str  # Uitkomst
    vorige_hash: str
    hash: str


KOLOMMEN = [f.name for f in fields(Toegangsregel)]
DDL = (
    "volgnummer BIGINT PRIMARY KEY, tijdstip TEXT NOT NULL, wie TEXT NOT NULL, rol TEXT NOT NULL, regio TEXT, "
    "actie TEXT NOT NULL, persoon TEXT, gegevens TEXT NOT NULL, doel TEXT NOT NULL, uitkomst TEXT NOT NULL, "
    "vorige_hash TEXT NOT NULL, hash TEXT NOT NULL"
)


def bereken_hash(vorige_hash: str, volgnummer: int, inhoud: tuple[Any, ...]) -> str:
    """SHA-256 over the previous hash, the sequence number and the entry's fields, as canonical JSON."""
    tekst = json.dumps([vorige_hash, volgnummer, *inhoud], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(tekst.encode()).hexdigest()


def _inhoud(regel: Toegangsregel) -> tuple[Any, ...]:
    return astuple(regel)[1:-2]  # tijdstip .. uitkomst


def controleer_keten(regels: list[Toegangsregel]) -> list[str]:
    """Every break in the chain: a missing or inserted number, a wrong link, an entry whose hash does
    not match its content. Empty when the log is intact."""
    problemen: list[str] = []
    vorige = BEGIN_HASH
    for verwacht, regel in enumerate(regels, start=1):
        if regel.volgnummer != verwacht:
            problemen.append(f"regel {regel.volgnummer}: volgnummer {verwacht} verwacht (regels ontbreken of zijn ingevoegd)")
        if regel.vorige_hash != vorige:
            problemen.append(f"regel {regel.volgnummer}: verwijst niet naar de hash van de regel ervoor")
        if bereken_hash(regel.vorige_hash, regel.volgnummer, _inhoud(regel)) != regel.hash:
            problemen.append(f"regel {regel.volgnummer}: inhoud past niet bij de hash (gewijzigd)")
        vorige = regel.hash
    return problemen


class Toegangslog(ABC):
    """Write one entry per access; read and verify them (auditors)."""

    def schrijf(
        self,
        *,
        wie: str,
        rol: str,
        regio: str | None,
        actie: Actie,
        persoon: str | None,
        gegevens: str,
        doel: str,
        uitkomst: Uitkomst,
    ) -> Toegangsregel:
        tijdstip = datetime.now(UTC).isoformat(timespec="microseconds")
        inhoud = (tijdstip, wie, rol, regio, actie.value, persoon, gegevens, doel, uitkomst.value)
        return self._voeg_toe(inhoud)

    @abstractmethod
    def _voeg_toe(self, inhoud: tuple[Any, ...]) -> Toegangsregel: ...

    @abstractmethod
    def _alle(self, waar: str, args: list[Any], limiet: int | None) -> list[Toegangsregel]: ...

    @abstractmethod
    def ph(self) -> str: ...

    def regels(
        self, *, persoon: str | None = None, wie: str | None = None, van: str | None = None, tot: str | None = None, limiet: int = 1000
    ) -> list[Toegangsregel]:
        """Entries, oldest first, filtered by person (case id), actor and period (ISO dates, `tot` inclusive)."""
        voorwaarden, args = [], []
        for kolom, waarde, teken in (("persoon", persoon, "="), ("wie", wie, "="), ("tijdstip", van, ">=")):
            if waarde is not None:
                voorwaarden.append(f"{kolom} {teken} {self.ph()}")
                args.append(waarde)
        if tot is not None:
            voorwaarden.append(f"tijdstip < {self.ph()}")
            args.append(tot + "\uffff")  # the whole day `tot`
        waar = f" WHERE {' AND '.join(voorwaarden)}" if voorwaarden else ""
        return self._alle(waar, args, limiet)

    def verifieer(self) -> tuple[int, str, list[str]]:
        """(entries, last hash, problems): the whole chain checked from the first entry."""
        alle = self._alle("", [], None)
        return len(alle), alle[-1].hash if alle else BEGIN_HASH, controleer_keten(alle)

    def sluit(self) -> None:
        return None


def _volgende(laatste: tuple[Any, ...] | None, inhoud: tuple[Any, ...]) -> Toegangsregel:
    volgnummer, vorige = (int(laatste[0]) + 1, str(laatste[1])) if laatste else (1, BEGIN_HASH)
    return Toegangsregel(volgnummer, *inhoud, vorige, bereken_hash(vorige, volgnummer, inhoud))  # type: ignore[call-arg]


class SqliteToegangslog(Toegangslog):
    """Embedded: its own file beside the event store; UPDATE and DELETE refused by triggers."""

    def __init__(self, pad: Path) -> None:
        pad.parent.mkdir(parents=True, exist_ok=True)
        nieuw = not pad.exists()
        self._con = sqlite3.connect(pad, check_same_thread=False, isolation_level=None, timeout=10)
        if nieuw:
            pad.chmod(0o600)
        self._slot = threading.Lock()
        self._con.execute(f"CREATE TABLE IF NOT EXISTS toegangslog ({DDL})")
        for wat in ("UPDATE", "DELETE"):
            self._con.execute(
                f"CREATE TRIGGER IF NOT EXISTS toegangslog_geen_{wat.lower()} BEFORE {wat} ON toegangslog "
                "BEGIN SELECT RAISE(ABORT, 'toegangslog is append-only'); END"
            )

    def ph(self) -> str:
        return "?"

    def _voeg_toe(self, inhoud: tuple[Any, ...]) -> Toegangsregel:
        with self._slot:
            cur = self._con.cursor()
            cur.execute("BEGIN IMMEDIATE")
            try:
                laatste = cur.execute("SELECT volgnummer, hash FROM toegangslog ORDER BY volgnummer DESC LIMIT 1").fetchone()
                regel = _volgende(laatste, inhoud)
                cur.execute(f"INSERT INTO toegangslog ({', '.join(KOLOMMEN)}) VALUES ({', '.join('?' * len(KOLOMMEN))})", astuple(regel))
                cur.execute("COMMIT")
            except BaseException:
                cur.execute("ROLLBACK")
                raise
            return regel

    def _alle(self, waar: str, args: list[Any], limiet: int | None) -> list[Toegangsregel]:
        grens = f" LIMIT {int(limiet)}" if limiet is not None else ""
        with self._slot:
            rijen = self._con.execute(f"SELECT {', '.join(KOLOMMEN)} FROM toegangslog{waar} ORDER BY volgnummer{grens}", args).fetchall()
        return [Toegangsregel(*r) for r in rijen]

    def sluit(self) -> None:
        self._con.close()


POSTGRES_DDL = [
    f"CREATE TABLE IF NOT EXISTS toegangslog ({DDL})",
    """CREATE OR REPLACE FUNCTION toegangslog_alleen_toevoegen() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'toegangslog is append-only'; END $$""",
    "CREATE OR REPLACE TRIGGER toegangslog_geen_wijziging BEFORE UPDATE OR DELETE ON toegangslog "
    "FOR EACH ROW EXECUTE FUNCTION toegangslog_alleen_toevoegen()",
    "CREATE OR REPLACE TRIGGER toegangslog_geen_truncate BEFORE TRUNCATE ON toegangslog "
    "FOR EACH STATEMENT EXECUTE FUNCTION toegangslog_alleen_toevoegen()",
    "REVOKE UPDATE, DELETE, TRUNCATE ON toegangslog FROM PUBLIC",
]


class PostgresToegangslog(Toegangslog):
    """Production: the table `toegangslog` in the event store's database (psycopg, one connection, made
    again once when the database went away in between, e.g. a restart)."""

    def __init__(self, database_url: str) -> None:
        import psycopg

        self._url = database_url
        self._con: psycopg.Connection[tuple[Any, ...]] | None = None
        self._slot = threading.Lock()
        self._met_verbinding(self._maak_tabel)

    def _maak_tabel(self, con: Any) -> None:
        with con.transaction():
            con.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_SLEUTEL,))  # several processes may start at once
            bestaat = con.execute("SELECT to_regclass('toegangslog') IS NOT NULL").fetchone()
            if not (bestaat and bestaat[0]):  # made once; a service role with INSERT and SELECT only can then use it
                for sql in POSTGRES_DDL:
                    con.execute(sql)

    def _met_verbinding(self, werk: Callable[[Any], T]) -> T:
        import psycopg

        with self._slot:
            for poging in (1, 2):
                try:
                    if self._con is None or self._con.closed:
                        self._con = psycopg.connect(self._url, autocommit=True)  # transactions where needed, explicitly
                    return werk(self._con)
                except psycopg.OperationalError:
                    if self._con is not None:
                        self._con.close()
                    self._con = None
                    if poging == 2:
                        raise
        raise AssertionError("unreachable")

    def ph(self) -> str:
        return "%s"

    def _voeg_toe(self, inhoud: tuple[Any, ...]) -> Toegangsregel:
        def doe(con: Any) -> Toegangsregel:
            with con.transaction():
                con.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_SLEUTEL,))
                laatste = con.execute("SELECT volgnummer, hash FROM toegangslog ORDER BY volgnummer DESC LIMIT 1").fetchone()
                regel = _volgende(laatste, inhoud)
                plaatsen = ", ".join(["%s"] * len(KOLOMMEN))
                con.execute(f"INSERT INTO toegangslog ({', '.join(KOLOMMEN)}) VALUES ({plaatsen})", astuple(regel))
            return regel

        return self._met_verbinding(doe)

    def _alle(self, waar: str, args: list[Any], limiet: int | None) -> list[Toegangsregel]:
        grens = f" LIMIT {int(limiet)}" if limiet is not None else ""
        sql = f"SELECT {', '.join(KOLOMMEN)} FROM toegangslog{waar} ORDER BY volgnummer{grens}"
        rijen = self._met_verbinding(lambda con: con.execute(sql, args).fetchall())
        return [Toegangsregel(*r) for r in rijen]

    def sluit(self) -> None:
        with self._slot:
            if self._con is not None:
                self._con.close()
                self._con = None


def open_toegangslog(settings: Settings) -> Toegangslog:
    """The access log of this configuration's store."""
    if settings.persistence == "sqlite":
        return SqliteToegangslog(settings.data_dir / "toegangslog.sqlite")
    return PostgresToegangslog(settings.database_url_value())
