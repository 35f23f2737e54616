"""The embedded event store on SQLite (`PERSISTENCE_MODULE=services.adapters.store.sqlite:Factory`).

The per-person key store is its own file, `persoonssleutels.sqlite`, beside the store's (services/persoonsgegevens.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.sqlite import SQLiteCursor, SQLiteFactory, SQLiteProcessRecorder
from eventsourcing.utils import Environment

from services.adapters.store.common import StoreFactory, meer_posities
from services.adapters.store.plafondslot import Processlot
from services.persoonsgegevens import SqliteKluis, alleen_eigenaar


class ProcessRecorder(SQLiteProcessRecorder):
    def _insert_events(self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        meer_posities(kwargs, lambda tracking: self._insert_tracking(c, tracking))  # a batch of several partitions
        return super()._insert_events(c, stored_events, **kwargs)

    def max_tracking_ids(self, namen: Iterable[str]) -> dict[str, int]:
        """The recorded position of each of these sources (0 when none), in one query."""
        gezocht = list(namen)
        with self.datastore.transaction(commit=False) as curs:
            plaatsen = ",".join("?" * len(gezocht))
            curs.execute(
                f"SELECT application_name, MAX(notification_id) FROM tracking WHERE application_name IN ({plaatsen}) "
                "GROUP BY application_name",
                gezocht,
            )
            gevonden = {r[0]: int(r[1]) for r in curs.fetchall() if r[1] is not None}
        return {naam: gevonden.get(naam, 0) for naam in gezocht}

    def posities_en_events(
        self, namen: Iterable[str], ids: Iterable[UUID], na: Mapping[UUID, int] | None = None
    ) -> tuple[dict[str, int], list[StoredEvent]]:
        """As on PostgreSQL (postgres.py), where it saves round trips; here local reads."""
        return self.max_tracking_ids(namen), self.events_of(ids) + self.events_after(dict(na or {}))

    def existing_ids(self, ids: Iterable[UUID]) -> set[UUID]:
        """Which of these aggregates have events, in one query (a new client's case needs no read)."""
        gezocht = list(ids)
        if not gezocht:
            return set()
        with self.datastore.transaction(commit=False) as curs:
            plaatsen = ",".join("?" * len(gezocht))
            # the SQLite store keeps a UUID as its 32 hex digits
            curs.execute(
                f"SELECT DISTINCT originator_id FROM {self.events_table_name} WHERE originator_id IN ({plaatsen})", [c.hex for c in gezocht]
            )
            return {UUID(r[0]) for r in curs.fetchall()}

    def events_after(self, versies: dict[UUID, int]) -> list[StoredEvent]:
        """The events of these aggregates after the given versions, in one query (services/registers.py)."""
        if not versies:
            return []
        with self.datastore.transaction(commit=False) as curs:
            # a VALUES list joined on the primary key (an OR per aggregate nests one level deeper each, and
            # SQLite caps the depth of an expression at 1.000)
            rijen = ",".join(["(?, ?)"] * len(versies))
            curs.execute(
                f"WITH k(id, versie) AS (VALUES {rijen}) "
                f"SELECT e.originator_id, e.originator_version, e.topic, e.state FROM k JOIN {self.events_table_name} e "
                "ON e.originator_id = k.id AND e.originator_version > k.versie ORDER BY e.originator_id, e.originator_version",
                [x for aggregaat_id, versie in versies.items() for x in (aggregaat_id.hex, versie)],
            )
            return [StoredEvent(originator_id=UUID(r[0]), originator_version=r[1], topic=r[2], state=r[3]) for r in curs.fetchall()]

    def events_of(self, ids: Iterable[UUID]) -> list[StoredEvent]:
        """Every event of these aggregates, each aggregate's in version order, in one query (a batch's
        cases are read together, not one query each)."""
        gezocht = list(ids)
        if not gezocht:
            return []
        with self.datastore.transaction(commit=False) as curs:
            plaatsen = ",".join("?" * len(gezocht))
            curs.execute(
                f"SELECT originator_id, originator_version, topic, state FROM {self.events_table_name} "
                f"WHERE originator_id IN ({plaatsen}) ORDER BY originator_id, originator_version",
                [c.hex for c in gezocht],
            )
            return [StoredEvent(originator_id=UUID(r[0]), originator_version=r[1], topic=r[2], state=r[3]) for r in curs.fetchall()]


class Factory(StoreFactory, SQLiteFactory):
    process_recorder_class = ProcessRecorder

    def __init__(self, env: Environment) -> None:
        super().__init__(env)
        naam = self.env.get(self.SQLITE_DBNAME) or ""
        self.kluis = SqliteKluis(Path(naam).parent / "persoonssleutels.sqlite")
        self.plafondslot = Processlot()

    def process_recorder(self) -> ProcessRecorder:
        """The store's recorder; its file (events and dead letters, personal fields encrypted) 0600."""
        recorder = super().process_recorder()
        if naam := self.env.get(self.SQLITE_DBNAME):
            alleen_eigenaar(Path(naam))
        assert isinstance(recorder, ProcessRecorder)
        return recorder
