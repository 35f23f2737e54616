"""The production event store on PostgreSQL (`PERSISTENCE_MODULE=services.adapters.store.postgres:Factory`).

The key table `persoonssleutels` lives in the same database (`PERSOONSSLEUTELS_URL` in the store's env).
"""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from eventsourcing.postgres import PostgresFactory, PostgresProcessRecorder
from eventsourcing.utils import Environment

from services.adapters.store.common import StoreFactory
from services.persoonsgegevens import PostgresKluis

KLUIS_URL = "PERSOONSSLEUTELS_URL"


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
        super().__init__(env)
        url = self.env.get(KLUIS_URL)
        if not url:
            raise OSError(f"{KLUIS_URL} ontbreekt in de omgeving van de store")
        self.kluis = PostgresKluis(url)
