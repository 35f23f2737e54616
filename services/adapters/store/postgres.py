"""The production event store on PostgreSQL (`PERSISTENCE_MODULE=services.adapters.store.postgres:Factory`).

Connected from one URL (`STORE_DATABASE_URL` in the store's env, from `DATABASE_URL`): the library
connects with libpq parameters, so the URL is taken apart here, TLS parameters included. The per-person
key store lives in a database of its own (`PERSOONSSLEUTELS_URL`, from WLZ_KEYSTORE_URL;
`PERSOONSSLEUTELS_MAAK`: create that database when missing, for the default one).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qsl, unquote, urlparse
from uuid import UUID

from eventsourcing.persistence import IntegrityError, InterfaceError, OperationalError, StoredEvent
from eventsourcing.postgres import PostgresFactory, PostgresProcessRecorder
from eventsourcing.utils import Environment, retry
from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Composed, Identifier, Literal

from services.adapters.store.common import StoreFactory, meer_posities
from services.adapters.store.plafondslot import PostgresPlafondslot, advisory_sleutel
from services.bronnen import MEER_TRACKING
from services.persoonsgegevens import PostgresKluis

URL = "STORE_DATABASE_URL"
KLUIS_URL = "PERSOONSSLEUTELS_URL"
KLUIS_MAAK = "PERSOONSSLEUTELS_MAAK"
TLS = ("sslmode", "sslrootcert", "sslcert", "sslkey")


def schrijfslot(schema: str, tabel: str) -> Composed:
    """The statement that makes the writers of the event table wait for each other until commit, so that
    notification ids are handed out in commit order and a reader never passes an id that a transaction
    still open fills later (services/notification_buffer.py relies on it too).

    The library takes `LOCK TABLE ... IN EXCLUSIVE MODE` for this, and that mode conflicts with the
    SHARE UPDATE EXCLUSIVE lock of (auto)vacuum and analyze. Seen under `bench/ingest.py` at 500 events/s
    (60 s, 2026-12-07): one batch waited 1,02 s, until PostgreSQL cancelled the autovacuum of the event
    table after `deadlock_timeout` ("canceling autovacuum task" in its log), and every record behind it
    waited with it (p99 757 ms). So the event table was never vacuumed while the service wrote; and a
    vacuum against transaction-id wraparound is not cancelled, so it would have stopped every writer for
    as long as it took. A transaction-scoped advisory lock (per database, released at commit or rollback)
    serialises the same writers - every write of the event table goes through this recorder - and leaves
    vacuum alone. The library's `lock_timeout` (the statement before it) applies to it as well.

    A rolling upgrade stays serial: the append takes ROW EXCLUSIVE on the table (as every INSERT or COPY
    does) before it draws an id, and holds it to the commit; that mode conflicts with the EXCLUSIVE table
    lock an instance of the earlier version takes, but not with vacuum's."""
    return SQL("SELECT pg_advisory_xact_lock({0})").format(Literal(schrijfslot_sleutel(schema, tabel)))


def schrijfslot_sleutel(schema: str, tabel: str) -> int:
    """The advisory-lock key of the event table's write slot (per database, like every advisory lock)."""
    return advisory_sleutel(f"wlz-schrijfslot:{schema}.{tabel}")


def verbinding(url: str) -> dict[str, str]:
    """The library's connection settings from a `postgresql://user:password@host:port/db` URL."""
    delen = urlparse(url)
    return {
        "POSTGRES_DBNAME": delen.path.lstrip("/"),
        "POSTGRES_HOST": delen.hostname or "127.0.0.1",
        "POSTGRES_PORT": str(delen.port or 5432),
        "POSTGRES_USER": unquote(delen.username or ""),
        "POSTGRES_PASSWORD": unquote(delen.password or ""),
    }


def tls(url: str) -> dict[str, str]:
    """The URL's TLS parameters (sslmode, sslrootcert, sslcert, sslkey), handed to libpq per connection."""
    return {k: v for k, v in parse_qsl(urlparse(url).query) if k in TLS}


class ProcessRecorder(PostgresProcessRecorder):
    """The library's process recorder, appending events with binary COPY instead of an INSERT of a
    composite array sent as text (the dominant client cost per stored event), writing the positions of
    all a batch's sources in one upsert, reading with one statement outside a transaction, and keeping
    its writers one at a time with an advisory lock instead of a table lock (`schrijfslot`). The rest -
    the positions in the same transaction as the events, the NOTIFY - is the library's."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lock_table_statements = [self.lock_table_statements[0], schrijfslot(self.datastore.schema, self.events_table_name)]

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        with self.datastore.get_connection() as conn, conn.transaction(), conn.cursor() as curs:
            self._insert_events(curs, stored_events, **kwargs)  # the tracking rows
            if not stored_events:
                return []
            # the write slot (`schrijfslot`): no other writer, so this transaction's ids are consecutive. The
            # lock statements and the NOTIFY have no parameters, so they go in one round trip instead of three.
            curs.execute(SQL("; ").join([*self.lock_table_statements, SQL("NOTIFY {0}").format(Identifier(self.channel_name))]))
            kopie = SQL("COPY {schema}.{table} (originator_id, originator_version, topic, state) FROM STDIN (FORMAT BINARY)").format(
                schema=Identifier(self.datastore.schema), table=Identifier(self.events_table_name)
            )
            with curs.copy(kopie) as copy:
                copy.set_types([self.datastore.originator_id_type, "int8", "text", "bytea"])
                for e in stored_events:
                    copy.write_row((e.originator_id, e.originator_version, e.topic, e.state))
            curs.execute(
                SQL("SELECT currval(pg_get_serial_sequence({table}, 'notification_id')) AS laatste").format(
                    table=f'"{self.datastore.schema}"."{self.events_table_name}"'
                )
            )
            rij = curs.fetchone()
            assert rij is not None
            laatste = int(rij["laatste"])
            return list(range(laatste - len(stored_events) + 1, laatste + 1))

    def _insert_events(self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], **kwargs: Any) -> None:
        if not self.datastore.single_row_tracking:  # the legacy table: the library's statement per row
            meer_posities(kwargs, lambda tracking: self._insert_tracking(curs, tracking))
            super()._insert_events(curs, stored_events, **kwargs)
            return
        posities = [t for t in (kwargs.get("tracking"), *kwargs.get(MEER_TRACKING, ())) if t is not None]
        if not posities:
            return
        # every source's position in ONE statement (a batch of twelve partitions made twelve round trips):
        # the library's upsert for a set of rows, which likewise refuses a position that does not move
        # forward - a row it did not write means a concurrent writer of that source, so the batch conflicts
        curs.execute(
            SQL(
                "INSERT INTO {schema}.{table} (application_name, notification_id) "
                "SELECT * FROM unnest(%s::text[], %s::bigint[]) "
                "ON CONFLICT (application_name) DO UPDATE SET notification_id = EXCLUDED.notification_id "
                "WHERE {schema}.{table}.notification_id < EXCLUDED.notification_id RETURNING application_name"
            ).format(schema=Identifier(self.datastore.schema), table=Identifier(self.tracking_table_name)),
            ([t.application_name for t in posities], [t.notification_id for t in posities]),
        )
        geschreven = {r["application_name"] for r in curs.fetchall()}
        if len(geschreven) != len(posities):
            niet = sorted(f"{t.application_name} {t.notification_id}" for t in posities if t.application_name not in geschreven)
            raise IntegrityError(f"Failed to record tracking for {', '.join(niet)}")

    @contextmanager
    def _lees(self) -> Iterator[Cursor[DictRow]]:
        """A cursor for ONE read statement, outside a transaction: the library's connections are in
        autocommit, so the statement is its own transaction, and the BEGIN and ROLLBACK around it (two
        round trips each read, four reads a batch) are saved."""
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            yield curs

    def max_tracking_ids(self, namen: Iterable[str]) -> dict[str, int]:
        """The recorded position of each of these sources (0 when none), in one query."""
        gezocht = list(namen)
        with self._lees() as curs:
            curs.execute(self._posities_sql(), (gezocht,))
            return _posities(gezocht, curs.fetchall())

    def posities_en_events(
        self, namen: Iterable[str], ids: Iterable[UUID], na: Mapping[UUID, int] | None = None
    ) -> tuple[dict[str, int], list[StoredEvent]]:
        """`max_tracking_ids`, `events_of(ids)` and `events_after(na)` in one round trip (psycopg's
        pipeline mode: the statements sent before any answer is awaited), as a batch begins: it was two of
        the dozen a batch makes. `na`: cases this process keeps in memory (services/casegeheugen.py), read
        only after their version."""
        gezocht, aggregaten, versies = list(namen), list(ids), dict(na or {})
        if not aggregaten and not versies:
            return self.max_tracking_ids(gezocht), []
        with self.datastore.get_connection() as conn, conn.cursor() as posities, conn.cursor() as heel, conn.cursor() as daarna:
            with conn.pipeline():
                posities.execute(self._posities_sql(), (gezocht,))
                if aggregaten:
                    heel.execute(self._events_sql(), (aggregaten,))
                if versies:
                    daarna.execute(self._na_sql(), (list(versies), list(versies.values())))
            gelezen = [_stored(r) for r in heel.fetchall()] if aggregaten else []
            if versies:
                gelezen += [_stored(r) for r in daarna.fetchall()]
            return _posities(gezocht, posities.fetchall()), gelezen

    def _posities_sql(self) -> Any:
        return SQL(
            "SELECT application_name, MAX(notification_id) AS max FROM {schema}.{table} "
            "WHERE application_name = ANY(%s) GROUP BY application_name"
        ).format(schema=Identifier(self.datastore.schema), table=Identifier(self.tracking_table_name))

    def _events_sql(self) -> str:
        return (
            f'SELECT originator_id, originator_version, topic, state FROM "{self.datastore.schema}"."{self.events_table_name}" '
            "WHERE originator_id = ANY(%s) ORDER BY originator_id, originator_version"
        )

    def existing_ids(self, ids: Iterable[UUID]) -> set[UUID]:
        """Which of these aggregates have events, in one query (a new client's case needs no read)."""
        gezocht = list(ids)
        if not gezocht:
            return set()
        with self._lees() as curs:
            # EXISTS per id: one probe of the primary key each. `DISTINCT ... = ANY` let the planner pick a
            # scan of the whole table once it grew (20 ms at 80.000 events, growing with the store).
            curs.execute(
                f"SELECT k.id AS originator_id FROM unnest(%s::uuid[]) AS k(id) WHERE EXISTS "
                f'(SELECT 1 FROM "{self.datastore.schema}"."{self.events_table_name}" e WHERE e.originator_id = k.id)',
                (gezocht,),
            )
            return {_uuid(r["originator_id"]) for r in curs.fetchall()}

    def events_after(self, versies: dict[UUID, int]) -> list[StoredEvent]:
        """The events of these aggregates after the given versions, in one query (services/registers.py)."""
        if not versies:
            return []
        with self._lees() as curs:
            curs.execute(self._na_sql(), (list(versies), list(versies.values())))
            return [_stored(r) for r in curs.fetchall()]

    def _na_sql(self) -> str:
        tabel = f'"{self.datastore.schema}"."{self.events_table_name}"'
        # LATERAL, with an ORDER BY inside that keeps it from being flattened into a join: a range scan
        # of the primary key per aggregate, whatever the table's statistics say. A plain JOIN with
        # unnest() was planned as a hash join over a scan of the WHOLE event table (14 ms a batch at
        # 80.000 events, growing with the store).
        return (
            f"SELECT e.originator_id, e.originator_version, e.topic, e.state "
            "FROM unnest(%s::uuid[], %s::bigint[]) AS k(id, versie) CROSS JOIN LATERAL "
            f"(SELECT * FROM {tabel} e WHERE e.originator_id = k.id AND e.originator_version > k.versie "
            "ORDER BY e.originator_version) AS e "
            "ORDER BY e.originator_id, e.originator_version"
        )

    def events_of(self, ids: Iterable[UUID]) -> list[StoredEvent]:
        """Every event of these aggregates, each aggregate's in version order, in one query (a batch's
        cases are read together, not one round trip each)."""
        gezocht = list(ids)
        if not gezocht:
            return []
        with self._lees() as curs:
            curs.execute(self._events_sql(), (gezocht,))
            return [_stored(r) for r in curs.fetchall()]


def _posities(gezocht: list[str], rijen: list[Any]) -> dict[str, int]:
    gevonden = {r["application_name"]: int(r["max"]) for r in rijen if r["max"] is not None}
    return {naam: gevonden.get(naam, 0) for naam in gezocht}


def _uuid(waarde: Any) -> UUID:
    """psycopg hands over a `uuid` column as a UUID already (parsing it again cost 2 % of the service)."""
    return waarde if type(waarde) is UUID else UUID(str(waarde))


def _stored(rij: Any) -> StoredEvent:
    return StoredEvent(
        originator_id=_uuid(rij["originator_id"]),
        originator_version=rij["originator_version"],
        topic=rij["topic"],
        state=bytes(rij["state"]),
    )


class Factory(StoreFactory, PostgresFactory):
    process_recorder_class = ProcessRecorder

    def __init__(self, env: Environment) -> None:
        url = env.get(URL)
        if not url:
            raise OSError(f"{URL} ontbreekt in de omgeving van de store")
        env.update(verbinding(url))
        super().__init__(env)
        assert isinstance(self.datastore.pool.kwargs, dict)
        self.datastore.pool.kwargs.update(tls(url))  # the pool opens lazily: every connection gets them
        self.kluis = PostgresKluis(env.get(KLUIS_URL) or url, maak_database=env.get(KLUIS_MAAK) == "y")
        self.plafondslot = PostgresPlafondslot(url)
