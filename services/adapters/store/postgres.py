"""The production event store on PostgreSQL (`PERSISTENCE_MODULE=services.adapters.store.postgres:Factory`).

Connected from one URL (`STORE_DATABASE_URL` in the store's env, from `DATABASE_URL`): the library
connects with libpq parameters, so the URL is taken apart here, TLS parameters included. The key table
`persoonssleutels` lives in the same database.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import parse_qsl, unquote, urlparse
from uuid import UUID

from eventsourcing.postgres import PostgresFactory, PostgresProcessRecorder
from eventsourcing.utils import Environment

from services.adapters.store.common import StoreFactory
from services.persoonsgegevens import PostgresKluis

URL = "STORE_DATABASE_URL"
TLS = ("sslmode", "sslrootcert", "sslcert", "sslkey")


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
    def existing_ids(self, ids: Iterable[UUID]) -> set[UUID]:
        """Which of these aggregates have events, in one query (a new client's case needs no read)."""
        gezocht = list(ids)
        if not gezocht:
            return set()
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(
                f'SELECT DISTINCT originator_id FROM "{self.datastore.schema}"."{self.events_table_name}" WHERE originator_id = ANY(%s)',
                (gezocht,),
            )
            return {UUID(str(r["originator_id"])) for r in curs.fetchall()}


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
        self.kluis = PostgresKluis(url)
